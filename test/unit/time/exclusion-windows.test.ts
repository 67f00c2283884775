import { exclusionWindows } from "../../../src/services/draw/population.service";

const x = {
  inspectedBySelfWithinMonths: 6,
  inspectedByAnyWithinMonths: null,
  yearlyCapAcrossDepartments: 2,
  excludeNonActive: true,
  cleanResultWithinMonths: 12,
};

describe("draw exclusions count in China time", () => {
  test("23:59 UTC on 31 December is already the new year in Beijing: the yearly cap restarts", () => {
    const w = exclusionWindows(new Date("2026-12-31T23:59:00Z"), x);
    expect(w.yearStart).toBe("2026-12-31T16:00:00.000Z"); // 2027-01-01 00:00 +08:00
    // Eight hours earlier it is still 2026 in Beijing.
    expect(exclusionWindows(new Date("2026-12-31T15:59:00Z"), x).yearStart).toBe("2025-12-31T16:00:00.000Z");
  });

  test("N months are calendar months from the Beijing day, at 15:59 and 16:01 UTC", () => {
    const before = exclusionWindows(new Date("2026-08-31T15:59:00Z"), x); // 2026-08-31 23:59 Beijing
    const after = exclusionWindows(new Date("2026-08-31T16:01:00Z"), x); // 2026-09-01 00:01 Beijing
    expect(before.inspectedBySelfSince).toBe("2026-02-27T16:00:00.000Z"); // 2026-02-28 (31 Aug − 6 months, clamped)
    expect(after.inspectedBySelfSince).toBe("2026-02-28T16:00:00.000Z"); // 2026-03-01
    expect(after.cleanResultSince).toBe("2025-08-31T16:00:00.000Z"); // 2025-09-01
    expect(after.inspectedByAnySince).toBeNull();
  });
});
