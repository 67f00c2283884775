import { startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * Bad input is typed BAD_USER_INPUT naming the argument, over HTTP and graphql-ws, for values given as variables and
 * as literals; never a masked internal error, and nothing is written (not even by an earlier root field of the same
 * mutation). test/unit/argument-guard.test.ts walks the whole schema; this file shows the served path.
 */
let s: TestServer;
let transports: Transport[];
let planner: string;

const SOME_ID = "00000000-0000-4000-8000-000000000001";
const NUL = `计划${String.fromCharCode(0)}`;
const TASK = `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`;
const task = (over: Record<string, unknown>) => ({
  i: {
    planId: SOME_ID,
    name: "任务",
    kind: "DIRECTED",
    itemIds: [SOME_ID],
    filters: { tags: ["x"] },
    windowFrom: "2026-03-01",
    windowTo: "2026-09-30",
    samplingRule: { default: { mode: "ALL" } },
    stratifyBy: "NONE",
    ...over,
  },
});
const PLAN = `mutation($t: String!) { createPlan(year: 2026, title: $t) { id } }`;
const ATTACHMENT = (takenAt: string) =>
  `mutation { addInspectionAttachment(input: { assignmentId: "${SOME_ID}", fileName: "a.jpg", contentBase64: "AA==", ${takenAt} }) { id } }`;

beforeAll(async () => {
  s = await startTestServer();
  transports = transportsOf(s);
  planner = await s.login("wy-drc", "planner");
});
afterAll(async () => {
  for (const t of transports ?? []) await t.close();
  await s?.close();
});

const CASES: Array<[string, string, Record<string, unknown>, string, string]> = [
  ["an impossible date (2026-02-30)", TASK, task({ windowFrom: "2026-02-30" }), "windowFrom", "date"],
  ["month 13", TASK, task({ windowTo: "2026-13-01" }), "windowTo", "date"],
  ["an inverted range", TASK, task({ windowFrom: "2026-09-30", windowTo: "2026-03-01" }), "windowTo", "range"],
  ["a non-UUID id in a list", TASK, task({ itemIds: [SOME_ID, "DRC-001"] }), "itemIds[1]", "uuid"],
  ["a non-UUID id", `mutation($id: ID!) { approvePlan(id: $id) { id } }`, { id: "1 OR 1=1" }, "id", "uuid"],
  ["a NUL byte", PLAN, { t: NUL }, "title", "nul"],
  ["a lone surrogate", PLAN, { t: "计划\ud800" }, "title", "surrogate"],
  ["a literal impossible date", `{ addWorkingDays(date: "2025-02-29", days: 1) { date } }`, {}, "date", "date"],
  [
    "an inverted query range",
    `{ jointOverlaps(from: "2026-12-01", to: "2026-01-01") { subjectId } }`,
    {},
    "to",
    "range",
  ],
  [
    "an overlong reason (the one cap on stated reasons)",
    `mutation($id: ID!, $r: String!) { voidDraw(id: $id, reason: $r) { id } }`,
    { id: SOME_ID, r: "理".repeat(1001) },
    "reason",
    "length",
  ],
  ["a malformed id in a filter", `{ publishedResults(departmentId: "wy-drc") { total } }`, {}, "departmentId", "uuid"],
  [
    "a literal impossible date-time",
    `{ auditEvents(filter: { from: "2026-02-30T09:00:00+08:00" }) { total } }`,
    {},
    "from",
    "datetime",
  ],
  [
    "a variable impossible date-time",
    `query($f: AuditEventFilter) { auditEvents(filter: $f) { total } }`,
    { f: { to: "2026-13-01T09:00:00Z" } },
    "to",
    "datetime",
  ],
  ["a literal number as a date-time", ATTACHMENT(`takenAt: 20260301`), {}, "takenAt", "datetime"],
  [
    "a date-time without its offset, as a variable",
    `mutation($t: DateTimeISO) { ${ATTACHMENT("takenAt: $t").slice("mutation { ".length)}`,
    { t: "2026-03-01 09:30" },
    "takenAt",
    "datetime",
  ],
];

describe.each(["http", "ws"] as const)("bad input over %s", (name) => {
  const run = (q: string, v: Record<string, unknown>) =>
    (transports.find((t) => t.name === name) as Transport).run(q, v, planner);
  const planCount = async () => (await s.gql(`{ plans(limit: 1) { total } }`, {}, planner)).data!.plans.total as number;

  test.each(CASES)("%s is BAD_USER_INPUT naming the argument", async (_label, query, variables, field, reason) => {
    const r = await run(query, variables);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field, reason });
    expect(r.errors![0].message).not.toMatch(/服务器内部错误/);
  });

  test("a date-time gets the same typed error as a literal in the query text and as a variable", async () => {
    const bad = "2026-02-30T09:00:00+08:00";
    const literal = await run(`{ auditEvents(filter: { from: "${bad}" }) { total } }`, {});
    const variable = await run(`query($f: DateTimeISO) { auditEvents(filter: { from: $f }) { total } }`, { f: bad });
    for (const r of [literal, variable]) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", field: "from", reason: "datetime" });
      expect(r.errors![0].message).toMatch(/^from：“2026-02-30T09:00:00\+08:00”不是有效的时间/);
    }
    expect(literal.errors![0].message).toBe(variable.errors![0].message);
  });

  test("a real date-time passes, as a literal and as a variable", async () => {
    const supervisor = await s.login("wy-drc", "supervisor");
    const t = (transports.find((x) => x.name === name) as Transport).run;
    const at = "2026-03-01T09:30:00+08:00";
    const literal = await t(`{ auditEvents(filter: { from: "${at}" }) { total } }`, {}, supervisor);
    const variable = await t(
      `query($f: DateTimeISO) { auditEvents(filter: { from: $f }) { total } }`,
      { f: at },
      supervisor,
    );
    expect(literal.errors).toBeUndefined();
    expect(variable.errors).toBeUndefined();
    expect(literal.data!.auditEvents.total).toBe(variable.data!.auditEvents.total);
  });

  test("a variable of the wrong type is BAD_USER_INPUT in Chinese naming the variable, never an internal error", async () => {
    const wrong = await run(`query($n: Int!) { plans(limit: $n) { total } }`, { n: "十" });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "n" });
    expect(wrong.errors![0].message).toBe('请求变量 n 的值不符合其类型：整数（Int）不能取非整数值 "十"');
    const missing = await run(`query($n: Int!) { plans(limit: $n) { total } }`, {});
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "n" });
    expect(missing.errors![0].message).toBe("缺少必填的请求变量 n（类型 Int!）");
    const nested = await run(`query($f: AuditEventFilter) { auditEvents(filter: $f) { total } }`, { f: { from: 5 } });
    expect(nested.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "from", reason: "datetime" });
  });

  test("nothing is written, not even by an earlier root field of the same mutation", async () => {
    const before = await planCount();
    const r = await run(
      `mutation($t: String!) { a: createPlan(year: 2026, title: "好计划") { id } b: createPlan(year: 2026, title: $t) { id } }`,
      { t: "坏\udc00计划" },
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "title" });
    for (const [, query, variables] of CASES) await run(query, variables);
    expect(await planCount()).toBe(before);
  });
});
