import { checkRevisionReason } from "../../../src/domain/plan/revision";

describe("checkRevisionReason (计划修订)", () => {
  test("an unpublished plan needs no reason and makes no revision, even when one is given", () => {
    expect(checkRevisionReason(false, undefined)).toEqual({ ok: true, reason: null });
    expect(checkRevisionReason(false, null)).toEqual({ ok: true, reason: null });
    expect(checkRevisionReason(false, "草稿阶段的说明")).toEqual({ ok: true, reason: null });
  });

  test("a published plan needs a non-blank reason, kept trimmed", () => {
    for (const blank of [undefined, null, "", "  \t\n ", "\u3000"])
      expect(checkRevisionReason(true, blank)).toMatchObject({ ok: false, rule: "PLAN_PUBLISHED_FROZEN" });
    expect(checkRevisionReason(true, "  上级部署新增专项  ")).toEqual({ ok: true, reason: "上级部署新增专项" });
  });
});
