import {
  CODE_ALPHABET,
  codeFromBytes,
  codeStatus,
  counterDate,
  departmentAccepts,
  departmentProposesOther,
  FIRM_CODE_LENGTH,
  firmAcceptsCounter,
  firmProposes,
  formatCode,
  normalizeCode,
  VERIFY_CODE_LENGTH,
} from "../../../src/domain/firm";
import type { JointVisit } from "../../../src/joint";

describe("visit codes", () => {
  test("every byte maps to the alphabet without bias; codes have the declared length", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const counts = new Map<string, number>();
    for (let i = 0; i < 256; i += 16) {
      for (const ch of codeFromBytes(bytes.subarray(i, i + 16), FIRM_CODE_LENGTH))
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join("")).toBe([...CODE_ALPHABET].sort().join(""));
    expect(new Set(counts.values())).toEqual(new Set([8]));
    expect(() => codeFromBytes(new Uint8Array(3), VERIFY_CODE_LENGTH)).toThrow();
  });

  test("typed codes are normalized: case, dashes, spaces and look-alikes; wrong lengths and letters are refused", () => {
    expect(normalizeCode(" abcd-efgh-jk0o ", 12)).toBe("ABCDEFGHJK00");
    expect(normalizeCode("ilIL-0000-0000", 12)).toBe("111100000000");
    expect(normalizeCode("ABCD-EFGH-JKM", 12)).toBeNull();
    expect(normalizeCode("ABCD-EFGH-JKMU", 12)).toBeNull();
    expect(normalizeCode("ABCD'--'EFGH", 12)).toBeNull();
    expect(formatCode("ABCDEFGHJKMN")).toBe("ABCD-EFGH-JKMN");
  });

  test("status: cancelled assignments void the code before any date; the last valid day is the expiry day", () => {
    expect(codeStatus(null, "2026-05-01")).toBe("UNKNOWN");
    expect(codeStatus({ assignmentStatus: "CANCELLED", expiresOn: "2026-01-01" }, "2026-05-01")).toBe("VOIDED");
    expect(codeStatus({ assignmentStatus: "ASSIGNED", expiresOn: "2026-05-01" }, "2026-05-01")).toBe("VALID");
    expect(codeStatus({ assignmentStatus: "RECORDED", expiresOn: "2026-05-01" }, "2026-05-02")).toBe("EXPIRED");
  });
});

describe("双预约 on the joint visit state machine", () => {
  const DEPT = "dept-1";
  const window = { from: "2026-04-10", to: "2026-06-30" };
  const propose = (current: JointVisit | null, date: string) =>
    firmProposes(current, { visitId: "a1", subjectId: "s1", departmentId: DEPT, window, date });
  const value = <T>(r: { ok: boolean; value?: T }) => {
    expect(r.ok).toBe(true);
    return r.value as T;
  };

  test("the firm proposes, the department accepts: agreed on the firm's date", () => {
    const v = value<JointVisit>(propose(null, "2026-05-10"));
    expect(v).toMatchObject({ status: "PROPOSED", proposedDate: "2026-05-10", agreedDate: null });
    expect(value<JointVisit>(departmentAccepts(v, DEPT))).toMatchObject({ status: "AGREED", agreedDate: "2026-05-10" });
  });

  test("the department proposes another; the firm takes it (never a date the department did not name)", () => {
    const v = value<JointVisit>(departmentProposesOther(value(propose(null, "2026-05-10")), DEPT, "2026-05-12"));
    expect(v.status).toBe("CONTESTED");
    expect(counterDate(v, DEPT)).toBe("2026-05-12");
    expect(value<JointVisit>(firmAcceptsCounter(v, DEPT))).toMatchObject({
      status: "AGREED",
      agreedDate: "2026-05-12",
    });
    expect(firmAcceptsCounter(value(propose(null, "2026-05-10")), DEPT)).toEqual({
      ok: false,
      error: { code: "NO_COUNTER_PROPOSAL" },
    });
  });

  test("the firm may propose anew while open, not once agreed; dates outside the window are refused", () => {
    const contested = value<JointVisit>(
      departmentProposesOther(value(propose(null, "2026-05-10")), DEPT, "2026-05-12"),
    );
    expect(value<JointVisit>(propose(contested, "2026-05-20"))).toMatchObject({
      status: "PROPOSED",
      proposedDate: "2026-05-20",
    });
    const agreed = value<JointVisit>(departmentAccepts(value(propose(null, "2026-05-10")), DEPT));
    expect(propose(agreed, "2026-05-20")).toEqual({ ok: false, error: { code: "ALREADY_AGREED" } });
    expect(propose(null, "2026-07-01")).toMatchObject({ ok: false, error: { code: "DATE_OUTSIDE_WINDOW" } });
    expect(departmentProposesOther(value(propose(null, "2026-05-10")), "other-dept", "2026-05-11")).toMatchObject({
      ok: false,
      error: { code: "NOT_PARTICIPANT" },
    });
  });
});
