import { addWorkingDays, isWorkingDay, nationalCalendar } from "../../../src/calendar";
import { appliesTo, overridesFor, regionPrefix, type StoredOverride } from "../../../src/domain/calendar-overrides";

const o = (date: string, kind: StoredOverride["kind"], regionCode: string | null, name = "调整"): StoredOverride => ({
  date,
  kind,
  name,
  regionCode,
});

describe("region overrides", () => {
  test("region prefixes follow the 行政区划代码 levels", () => {
    expect(regionPrefix("150000")).toBe("15");
    expect(regionPrefix("150800")).toBe("1508");
    expect(regionPrefix("150821")).toBe("150821");
  });

  test("national, province, city and county overrides apply inside their region only", () => {
    const wuyuan = "150821";
    expect(appliesTo(o("2026-03-04", "DAY_OFF", null), wuyuan)).toBe(true);
    expect(appliesTo(o("2026-03-04", "DAY_OFF", "150000"), wuyuan)).toBe(true);
    expect(appliesTo(o("2026-03-04", "DAY_OFF", "150800"), wuyuan)).toBe(true);
    expect(appliesTo(o("2026-03-04", "DAY_OFF", "150821"), wuyuan)).toBe(true);
    expect(appliesTo(o("2026-03-04", "DAY_OFF", "150802"), wuyuan)).toBe(false);
    expect(appliesTo(o("2026-03-04", "DAY_OFF", "110000"), wuyuan)).toBe(false);
    expect(appliesTo(o("2026-03-04", "DAY_OFF", "150821"), null)).toBe(false);
  });

  test("the more specific override wins for the same date", () => {
    const all = [o("2026-03-04", "DAY_OFF", null, "全国"), o("2026-03-04", "WORKDAY", "150821", "本县照常上班")];
    expect(overridesFor(all, "150821")).toEqual({
      daysOff: [],
      workdays: [{ date: "2026-03-04", name: "本县照常上班" }],
    });
    expect(overridesFor(all, "150802")).toEqual({ daysOff: [{ date: "2026-03-04", name: "全国" }], workdays: [] });
  });

  test("a local day off moves a deadline computed across it", () => {
    // Wed 2026-03-04 + 2 working days = Fri 03-06; with 03-05 off locally it becomes Mon 03-09.
    const plain = nationalCalendar();
    const local = nationalCalendar(overridesFor([o("2026-03-05", "DAY_OFF", "150821")], "150821"));
    expect(addWorkingDays("2026-03-04", 2, plain).date).toBe("2026-03-06");
    expect(addWorkingDays("2026-03-04", 2, local).date).toBe("2026-03-09");
    expect(isWorkingDay("2026-03-05", local)).toBe(false);
  });
});
