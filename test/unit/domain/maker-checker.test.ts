import { assertNotMaker, MAKER_CHECKER_SQLSTATE } from "../../../src/domain/maker-checker";
import { DomainError } from "../../../src/errors";
import { formatError } from "../../../src/schema/format-error";

const log = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() } as never;

describe("maker-checker (审核与编制分离)", () => {
  test("the author or the submitter cannot approve; anyone else can", () => {
    const row = { createdBy: "a", submittedBy: "b" };
    for (const approver of ["a", "b"]) {
      try {
        assertNotMaker("annual_plan", row, approver);
        throw new Error("not refused");
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).code).toBe("RULE_VIOLATION");
        expect((e as DomainError).details).toMatchObject({ rule: "MAKER_CHECKER", entity: "annual_plan" });
      }
    }
    expect(() => assertNotMaker("joint_task", { createdBy: "a", submittedBy: null }, "c")).not.toThrow();
  });

  test("the database's refusal becomes the same typed error, never a masked internal error", () => {
    const pgError = Object.assign(new Error("maker-checker"), { code: MAKER_CHECKER_SQLSTATE, table: "joint_task" });
    const out = formatError({ message: "x" }, pgError, "req-1", log);
    expect(out.extensions).toEqual({ code: "RULE_VIOLATION", rule: "MAKER_CHECKER" });
    expect(out.message).toBe("不能审核本人编制或提交的联合抽查任务，请由其他审核人员审核（编制与审核须分离）");
  });
});
