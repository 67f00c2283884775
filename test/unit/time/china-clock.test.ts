import {
  chinaDate,
  chinaStartOfDay,
  chinaStartOfYear,
  chinaToday,
  chinaYear,
  clockFrom,
  formatChinaDateOf,
  formatChinaDateTime,
  formatChinaTimestamp,
  monthsBefore,
  monthsBeforeDay,
  now,
  resetClock,
  setClock,
  toChinaIso,
} from "../../../src/time";

afterEach(() => resetClock());

describe("the one clock in China time", () => {
  test("the business date changes at 16:00 UTC (00:00 Beijing), whatever the host time zone", () => {
    expect(chinaDate(new Date("2026-12-01T15:59:59.999Z"))).toBe("2026-12-01");
    expect(chinaDate(new Date("2026-12-01T16:00:00.000Z"))).toBe("2026-12-02");
    expect(chinaDate(new Date("2026-12-01T16:01:00Z"))).toBe("2026-12-02");
  });

  test("New Year comes 8 hours earlier in Beijing than in UTC", () => {
    const lateUtc = new Date("2026-12-31T23:59:00Z");
    expect(chinaYear(lateUtc)).toBe(2027);
    expect(chinaDate(lateUtc)).toBe("2027-01-01");
    expect(chinaYear(new Date("2026-12-31T15:59:59Z"))).toBe(2026);
    expect(chinaStartOfYear(2027).toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(chinaStartOfDay("2026-12-02").toISOString()).toBe("2026-12-01T16:00:00.000Z");
  });

  test("tests set the clock; it then runs on at real speed", () => {
    setClock(clockFrom("2026-12-31T23:59:00Z"));
    expect(chinaToday()).toBe("2027-01-01");
    expect(chinaYear()).toBe(2027);
    expect(Math.abs(now().getTime() - Date.parse("2026-12-31T23:59:00Z"))).toBeLessThan(1000);
    resetClock();
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(5);
  });

  test("N months before a day starts at 00:00 Beijing of the same calendar day N months earlier", () => {
    expect(monthsBeforeDay("2026-03-31", 1).toISOString()).toBe("2026-02-27T16:00:00.000Z"); // 2026-02-28 00:00 +08
    expect(monthsBeforeDay("2026-12-02", 12).toISOString()).toBe("2025-12-01T16:00:00.000Z");
    // 2026-12-01T17:00Z is already 2 December in Beijing.
    expect(monthsBefore(new Date("2026-12-01T17:00:00Z"), 6).toISOString()).toBe("2026-06-01T16:00:00.000Z");
  });

  test("times for people are Beijing time; JSON-style strings carry the +08:00 offset", () => {
    const at = new Date("2026-12-01T21:20:00Z");
    expect(formatChinaDateTime(at)).toBe("2026年12月2日 05:20");
    expect(formatChinaDateOf(at)).toBe("2026年12月2日");
    expect(formatChinaTimestamp("2026-12-01T21:20:00Z")).toBe("2026-12-02 05:20");
    expect(toChinaIso(at)).toBe("2026-12-02T05:20:00.000+08:00");
    expect(Date.parse(toChinaIso(at))).toBe(at.getTime());
  });
});
