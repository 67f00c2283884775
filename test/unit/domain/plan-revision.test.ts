import { checkRevisionReason, REVISION_REASON_MAX } from "../../../src/domain/plan/revision";

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

  test(`at most ${REVISION_REASON_MAX} characters after trimming, whether published or not`, () => {
    const max = "理".repeat(REVISION_REASON_MAX);
    expect(checkRevisionReason(true, ` ${max} `)).toEqual({ ok: true, reason: max });
    for (const published of [true, false]) {
      const r = checkRevisionReason(published, `${max}由`);
      expect(r).toMatchObject({ ok: false, rule: "REVISION_REASON_TOO_LONG" });
      expect(!r.ok && r.message).toContain(`${REVISION_REASON_MAX + 1}`);
    }
  });
});
