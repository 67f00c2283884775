/** Integrity checks on the shipped national data (cn-holidays.json). */
import raw from "../../../src/calendar/cn-holidays.json";
import { type HolidayData, HolidayDataError, parseHolidayData } from "../../../src/calendar/holiday-data";
import { isWeekend } from "../../../src/calendar/iso-date";

const data = parseHolidayData(raw);

describe("cn-holidays.json", () => {
  test("covers 2023–2027, every year cites its source", () => {
    expect(Object.keys(data.years)).toEqual(["2023", "2024", "2025", "2026", "2027"]);
    for (const year of Object.values(data.years)) expect(year.source).toMatch(/国务院办公厅|全国年节及纪念日放假办法/);
    expect(data.years["2024"].source).toContain("国办发明电〔2023〕7号");
  });

  test("only 2027 is provisional, with statutory days only and no guessed 调休", () => {
    const provisional = Object.entries(data.years).filter(([, y]) => y.provisional);
    expect(provisional.map(([k]) => k)).toEqual(["2027"]);
    const y2027 = data.years["2027"];
    expect(y2027.note).toContain("PLATFORM_ADMIN");
    expect(y2027.workdays).toEqual([]);
    // 2024 revision: 元旦1 + 春节4 + 清明1 + 劳动节2 + 端午1 + 中秋1 + 国庆3 = 13
    expect(y2027.holidays).toHaveLength(13);
    expect(y2027.holidays.filter((d) => d.name === "春节").map((d) => d.date)).toEqual([
      "2027-02-05",
      "2027-02-06",
      "2027-02-07",
      "2027-02-08",
    ]);
  });

  test("make-up working days are all weekend days, dates sorted and unique", () => {
    for (const year of Object.values(data.years)) {
      for (const { date } of year.workdays) expect(isWeekend(date)).toBe(true);
      const dates = year.holidays.map((d) => d.date);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
    }
  });

  // 调休 is zero-sum: weekday days off minus make-up days must equal the statutory holiday count
  // (11 under the 2013 rules, 13 from 2025 after the 2024 revision).
  test.each([
    ["2023", 11],
    ["2024", 11],
    ["2025", 13],
    ["2026", 13],
  ])("%s: weekday days off − 调休 days = %i statutory days", (year, statutory) => {
    const y = data.years[year];
    const weekdayOff = y.holidays.filter((d) => !isWeekend(d.date)).length;
    expect(weekdayOff - y.workdays.length).toBe(statutory);
  });
});

describe("parseHolidayData", () => {
  const year = (over: object) => ({
    years: { "2024": { source: "s", provisional: false, holidays: [], workdays: [], ...over } },
    source: "s",
  });

  test("rejects bad dates, weekday 调休, conflicts and missing sources", () => {
    const bad: unknown[] = [
      null,
      { years: {} },
      { source: "s", years: { "24": year({}).years["2024"] } },
      year({ source: "" }),
      year({ provisional: "no" }),
      year({ holidays: [{ date: "2024-02-30", name: "春节" }] }),
      year({ holidays: [{ date: "2024-02-10" }] }),
      year({ holidays: [{ date: "2030-02-10", name: "春节" }] }),
      year({ workdays: [{ date: "2024-02-05", name: "春节调休" }] }), // a Monday
      year({ holidays: [{ date: "2024-02-04", name: "x" }], workdays: [{ date: "2024-02-04", name: "y" }] }),
    ];
    for (const b of bad) expect(() => parseHolidayData(b)).toThrow(HolidayDataError);
  });

  test("accepts a minimal valid document", () => {
    const ok: HolidayData = parseHolidayData(year({ workdays: [{ date: "2024-02-04", name: "春节调休" }] }));
    expect(ok.years["2024"].workdays).toHaveLength(1);
  });
});
