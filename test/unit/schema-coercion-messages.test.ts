import { buildSchema, graphql } from "graphql";
import { variableProblem } from "../../src/schema/format-error";

// Real graphql-js coercion errors, so a graphql upgrade that rewords them shows up here.
const schema = buildSchema(`
  enum Status { DRAFT PUBLISHED }
  input Range { from: Int! note: String }
  type Query { f(i: Int, fl: Float, s: String, b: Boolean, id: ID, e: Status, r: Range, l: [Int!]): Int }
`);

const CASES: [string, string, unknown, string][] = [
  ["Int", "i", "十", '整数（Int）不能取非整数值 "十"'],
  ["Int", "i", 2 ** 40, "整数（Int）超出 32 位范围：1099511627776"],
  ["Float", "fl", "a", '数值（Float）不能取非数值 "a"'],
  ["String", "s", 5, "文本（String）不能取非文本值 5"],
  ["Boolean", "b", "yes", '是/否（Boolean）不能取 "yes"'],
  ["ID", "id", {}, "编号（ID）不能取 {}"],
  ["Status", "e", "CLOSED", "“CLOSED”不是 Status 的可选值"],
  ["Range", "r", {}, "缺少必填字段 from（类型 Int!）"],
  ["Range", "r", { from: 1, color: 2 }, "Range 没有字段 color"],
  ["Range", "r", 5, "应为 Range 类型的对象"],
  ["[Int!]", "l", [1, null], "类型 Int! 的值不能为空"],
];

describe("variable coercion errors read in Chinese", () => {
  test.each(CASES)("$x: %s, argument %s", async (type, arg, value, detail) => {
    const r = await graphql({ schema, source: `query($x: ${type}) { f(${arg}: $x) }`, variableValues: { x: value } });
    const problem = variableProblem(r.errors![0].message);
    expect(problem?.message).toMatch(/^请求变量 x(\[1\])? 的值不符合其类型：/);
    expect(problem?.message.endsWith(detail)).toBe(true);
    expect(problem?.message).not.toMatch(/cannot|Expected|Did you mean|does not exist/);
  });

  test("a detail outside the table (a custom scalar's own Chinese text) passes through", () => {
    const p = variableProblem('Variable "$f" got invalid value "x"; 不是有效的时间');
    expect(p).toEqual({ field: "f", message: "请求变量 f 的值不符合其类型：不是有效的时间" });
  });
});
