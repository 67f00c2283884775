import { HolidayDataError } from "../../../src/calendar/holiday-data";
import { addDays, InvalidDateError, type IsoDate } from "../../../src/calendar/iso-date";
import { nationalCalendar, nationalHolidayData } from "../../../src/calendar/national";
import {
  addWorkingDays,
  calendarFromData,
  dueStatus,
  isWorkingDay,
  workingDaysBetween,
} from "../../../src/calendar/working-calendar";

const cal = nationalCalendar();
const weekendsOnly = calendarFromData({ source: "none", years: {} });

/** Dates from `from` to `to` inclusive. */
function span(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const expectOff = (dates: IsoDate[]) => {
  for (const d of dates) expect([d, isWorkingDay(d, cal)]).toEqual([d, false]);
};
const expectWorked = (dates: IsoDate[]) => {
  for (const d of dates) expect([d, isWorkingDay(d, cal)]).toEqual([d, true]);
};

describe("isWorkingDay on real holiday periods", () => {
  test("Spring Festival 2024: Feb 10–17 off; Feb 4, Feb 9 (除夕, Fri) and Feb 18 worked", () => {
    expectOff(span("2024-02-10", "2024-02-17"));
    expectWorked(["2024-02-04", "2024-02-09", "2024-02-18", "2024-02-19"]);
  });

  test("National Day 2024: Oct 1–7 off; Sep 29 (Sun) and Oct 12 (Sat) worked", () => {
    expectOff([...span("2024-10-01", "2024-10-07"), "2024-09-28", "2024-10-13"]);
    expectWorked(["2024-09-29", "2024-09-30", "2024-10-08", "2024-10-12"]);
  });

  test("Mid-Autumn + National Day 2023: Sep 29–Oct 6 off; Oct 7–8 worked", () => {
    expectOff(span("2023-09-29", "2023-10-06"));
    expectWorked(["2023-09-28", "2023-10-07", "2023-10-08"]);
  });

  test("Spring Festival 2025: Jan 28–Feb 4 off; Jan 26 (Sun) and Feb 8 (Sat) worked", () => {
    expectOff(span("2025-01-28", "2025-02-04"));
    expectWorked(["2025-01-26", "2025-01-27", "2025-02-05", "2025-02-08"]);
  });

  test("National Day + Mid-Autumn 2025: Oct 1–8 off; Sep 28 and Oct 11 worked", () => {
    expectOff(span("2025-10-01", "2025-10-08"));
    expectWorked(["2025-09-28", "2025-10-09", "2025-10-11"]);
  });

  test("Spring Festival 2026: nine days Feb 15–23 off; Feb 14 and Feb 28 worked", () => {
    expectOff(span("2026-02-15", "2026-02-23"));
    expectWorked(["2026-02-14", "2026-02-24", "2026-02-28"]);
  });

  test("plain weekends and weekdays outside holidays", () => {
    expectOff(["2024-03-09", "2024-03-10"]);
    expectWorked(["2024-03-08", "2024-03-11"]);
  });
});

describe("addWorkingDays", () => {
  test("5 working days after 2024-02-08 is 2024-02-21 (Feb 9 and the Sunday Feb 18 count)", () => {
    expect(addWorkingDays("2024-02-08", 5, cal)).toEqual({ date: "2024-02-21", approximate: false });
    expect(addWorkingDays("2024-02-09", 1, cal).date).toBe("2024-02-18");
  });

  test("20-working-day publication deadline across National Day 2024", () => {
    expect(addWorkingDays("2024-09-20", 20, cal)).toEqual({ date: "2024-10-23", approximate: false });
    // Ignoring the holiday (5 weekdays off, 2 调休 days) would end 3 working days too early.
    expect(addWorkingDays("2024-09-20", 20, weekendsOnly)).toEqual({ date: "2024-10-18", approximate: true });
  });

  test("20 working days across National Day 2023 and 2025", () => {
    expect(addWorkingDays("2023-09-22", 20, cal).date).toBe("2023-10-26");
    expect(addWorkingDays("2025-09-19", 20, cal).date).toBe("2025-10-23");
  });

  test("one working day before a holiday lands on the first day back or the 调休 day", () => {
    expect(addWorkingDays("2023-09-28", 1, cal).date).toBe("2023-10-07");
    expect(addWorkingDays("2025-01-27", 1, cal).date).toBe("2025-02-05");
    expect(addWorkingDays("2025-01-24", 1, cal).date).toBe("2025-01-26");
  });

  test("n = 0 returns the date itself when it is a working day, else the next working day", () => {
    expect(addWorkingDays("2024-02-09", 0, cal).date).toBe("2024-02-09");
    expect(addWorkingDays("2024-02-04", 0, cal).date).toBe("2024-02-04"); // Sunday 调休
    expect(addWorkingDays("2024-02-10", 0, cal).date).toBe("2024-02-18");
  });

  test("year boundaries", () => {
    expect(addWorkingDays("2023-12-29", 1, cal).date).toBe("2024-01-02");
    expect(addWorkingDays("2024-12-31", 1, cal).date).toBe("2025-01-02");
    expect(addWorkingDays("2025-12-31", 1, cal).date).toBe("2026-01-04"); // Sunday 调休 after 元旦
  });

  test("leap years", () => {
    expect(addWorkingDays("2024-02-28", 1, cal).date).toBe("2024-02-29");
    expect(addWorkingDays("2024-02-29", 1, cal).date).toBe("2024-03-01");
    expect(addWorkingDays("2023-02-28", 1, cal).date).toBe("2023-03-01");
  });

  test("leaving the covered years falls back to weekends only and says so", () => {
    expect(addWorkingDays("2026-12-29", 2, cal)).toEqual({ date: "2026-12-31", approximate: false });
    expect(addWorkingDays("2027-12-30", 2, cal)).toEqual({ date: "2028-01-03", approximate: true });
    expect(addWorkingDays("2028-02-28", 1, cal)).toEqual({ date: "2028-02-29", approximate: true });
    // 2022-12-30 (Fri) is outside coverage; 2023-01-01/02 are off per the 2023 notice.
    expect(addWorkingDays("2022-12-29", 2, cal)).toEqual({ date: "2023-01-03", approximate: true });
  });

  test("the provisional year 2027 is flagged approximate", () => {
    expect(cal.provisionalYears).toEqual(new Set([2027]));
    expect(addWorkingDays("2027-02-04", 1, cal)).toEqual({ date: "2027-02-09", approximate: true });
  });

  test("rejects invalid input", () => {
    expect(() => addWorkingDays("2024-02-30", 1, cal)).toThrow(InvalidDateError);
    expect(() => addWorkingDays("2024/02/08", 1, cal)).toThrow(InvalidDateError);
    expect(() => addWorkingDays("2024-02-08", -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays("2024-02-08", 1.5, cal)).toThrow(RangeError);
  });

  test("is the inverse of workingDaysBetween and always lands on a working day", () => {
    for (let d = "2023-01-01"; d <= "2026-12-01"; d = addDays(d, 17)) {
      for (const n of [1, 2, 5, 10, 20]) {
        const { date } = addWorkingDays(d, n, cal);
        expect(isWorkingDay(date, cal)).toBe(true);
        expect(workingDaysBetween(d, date, cal).days).toBe(n);
      }
    }
  });
});

describe("workingDaysBetween", () => {
  test("counts working days in (from, to]", () => {
    expect(workingDaysBetween("2024-02-08", "2024-02-21", cal)).toEqual({ days: 5, approximate: false });
    expect(workingDaysBetween("2025-01-24", "2025-02-10", cal).days).toBe(7);
    expect(workingDaysBetween("2024-02-26", "2024-03-04", cal).days).toBe(5); // across Feb 29
    expect(workingDaysBetween("2024-02-08", "2024-02-08", cal).days).toBe(0);
  });

  test("is negative when to < from", () => {
    expect(workingDaysBetween("2024-02-21", "2024-02-08", cal).days).toBe(-5);
  });

  // e.g. 2024: 366 − 104 weekend days − 19 weekday holidays + 8 调休 = 251
  test.each([
    [2023, 249],
    [2024, 251],
    [2025, 248],
    [2026, 248],
  ])("%i has %i working days", (year, days) => {
    expect(workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`, cal)).toEqual({ days, approximate: false });
  });

  test("flags ranges reaching past the covered years", () => {
    expect(workingDaysBetween("2026-12-25", "2028-01-05", cal).approximate).toBe(true);
  });
});

describe("dueStatus", () => {
  test("OVERDUE after the due date, DUE_SOON on it", () => {
    expect(dueStatus("2024-10-08", "2024-10-09", 3, cal)).toBe("OVERDUE");
    expect(dueStatus("2024-10-08", "2024-10-08", 0, cal)).toBe("DUE_SOON");
  });

  test("counts working days, so a holiday makes a deadline close", () => {
    // Only Oct 8 is a working day in (Sep 30, Oct 8].
    expect(dueStatus("2024-10-08", "2024-09-30", 1, cal)).toBe("DUE_SOON");
    expect(dueStatus("2024-10-08", "2024-09-30", 1, weekendsOnly)).toBe("OK");
    expect(dueStatus("2024-02-19", "2024-02-08", 2, cal)).toBe("OK"); // Feb 9, 18, 19 = 3
    expect(dueStatus("2024-02-19", "2024-02-08", 3, cal)).toBe("DUE_SOON");
  });

  test("due on a non-working day is DUE_SOON when no working day is left before it", () => {
    expect(dueStatus("2024-02-11", "2024-02-09", 0, cal)).toBe("DUE_SOON");
  });

  test("agrees with workingDaysBetween", () => {
    for (let today = "2024-09-01"; today <= "2024-11-01"; today = addDays(today, 3)) {
      for (const offset of [0, 1, 4, 9, 15]) {
        const due = addDays(today, offset);
        const left = workingDaysBetween(today, due, cal).days;
        for (const k of [0, 2, 5]) {
          expect(dueStatus(due, today, k, cal)).toBe(left <= k ? "DUE_SOON" : "OK");
        }
      }
    }
  });

  test("rejects invalid input", () => {
    expect(() => dueStatus("2024-13-01", "2024-01-01", 3, cal)).toThrow(InvalidDateError);
    expect(() => dueStatus("2024-12-01", "2024-01-01", -1, cal)).toThrow(RangeError);
  });
});

describe("overrides", () => {
  test("a local day off (e.g. the unit rests on 除夕 2024) shifts deadlines", () => {
    const local = nationalCalendar({ daysOff: [{ date: "2024-02-09", name: "除夕" }] });
    expect(isWorkingDay("2024-02-09", local)).toBe(false);
    expect(local.labels.get("2024-02-09")).toBe("除夕");
    expect(addWorkingDays("2024-02-08", 5, local).date).toBe("2024-02-22");
    // The shared national calendar is untouched.
    expect(addWorkingDays("2024-02-08", 5, cal).date).toBe("2024-02-21");
  });

  test("overrides win over national data in both directions", () => {
    const local = calendarFromData(nationalHolidayData(), {
      workdays: [{ date: "2024-10-07" }],
      daysOff: [{ date: "2024-02-18", name: "停工" }],
    });
    expect(isWorkingDay("2024-10-07", local)).toBe(true);
    expect(isWorkingDay("2024-02-18", local)).toBe(false);
    expect(
      isWorkingDay("2024-03-09", calendarFromData(nationalHolidayData(), { workdays: [{ date: "2024-03-09" }] })),
    ).toBe(true);
  });

  test("rejects conflicting or invalid overrides", () => {
    const data = nationalHolidayData();
    expect(() =>
      calendarFromData(data, { daysOff: [{ date: "2024-03-01" }], workdays: [{ date: "2024-03-01" }] }),
    ).toThrow(HolidayDataError);
    expect(() => calendarFromData(data, { daysOff: [{ date: "2024-02-30" }] })).toThrow(InvalidDateError);
  });
});
