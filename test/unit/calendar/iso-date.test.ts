import {
  addDays,
  addMonths,
  dayOfWeek,
  fromDayNumber,
  InvalidDateError,
  isIsoDate,
  isWeekend,
  toDayNumber,
} from "../../../src/calendar/iso-date";

describe("iso-date", () => {
  test("accepts real dates, including leap days", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2000-02-29")).toBe(true); // divisible by 400
    expect(isIsoDate("2027-12-31")).toBe(true);
  });

  test.each([
    "2023-02-29",
    "2100-02-29", // divisible by 100, not 400
    "2024-13-01",
    "2024-00-10",
    "2024-04-31",
    "2024-1-05",
    "20240105",
    "2024-01-05T00:00:00Z",
    " 2024-01-05",
    "0000-01-01",
    "",
  ])("rejects %p", (value) => {
    expect(isIsoDate(value)).toBe(false);
    expect(() => toDayNumber(value)).toThrow(InvalidDateError);
  });

  test("rejects non-strings", () => {
    expect(isIsoDate(20240105)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
    expect(() => toDayNumber(new Date() as unknown as string)).toThrow(InvalidDateError);
  });

  test("error message is Chinese and names the bad input", () => {
    expect(() => toDayNumber("2024-02-30")).toThrow("日期无效：“2024-02-30”");
  });

  test("day numbers round-trip and match the Unix epoch", () => {
    expect(toDayNumber("1970-01-01")).toBe(0);
    expect(toDayNumber("2024-02-29")).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    for (let n = toDayNumber("1999-12-25"); n < toDayNumber("2030-01-10"); n += 13) {
      expect(toDayNumber(fromDayNumber(n))).toBe(n);
    }
  });

  test("adds days across month, leap-day and year boundaries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-02-29", 1)).toBe("2024-03-01");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(addDays("2024-01-01", 366)).toBe("2025-01-01");
  });

  test("day of week", () => {
    expect(dayOfWeek("2024-02-09")).toBe(5); // Friday (除夕 2024, a working day)
    expect(dayOfWeek("2024-02-04")).toBe(0);
    expect(isWeekend("2024-02-18")).toBe(true);
    expect(isWeekend("2024-02-19")).toBe(false);
  });

  test("addMonths: one definition of N months, clamped to the month's last day", () => {
    expect(addMonths("2024-03-31", -1)).toBe("2024-02-29");
    expect(addMonths("2023-03-31", -1)).toBe("2023-02-28");
    expect(addMonths("2024-01-15", -12)).toBe("2023-01-15");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2024-12-31", 2)).toBe("2025-02-28");
    expect(addMonths("2025-06-30", -6)).toBe("2024-12-30");
    expect(addMonths("2024-05-20", 0)).toBe("2024-05-20");
    expect(() => addMonths("2024-02-30", 1)).toThrow(InvalidDateError);
    expect(() => addMonths("2024-01-01", 1.5)).toThrow(InvalidDateError);
  });

  test("addMonths agrees with day-by-day stepping over 30 years (no 30.44-day months)", () => {
    for (let n = toDayNumber("2000-01-01"); n < toDayNumber("2030-01-01"); n += 7) {
      const d = fromDayNumber(n);
      const back = addMonths(d, -6);
      const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
      const total = y * 12 + m - 1 - 6;
      expect(back.slice(0, 7)).toBe(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`);
      expect(Number(back.slice(8, 10))).toBeLessThanOrEqual(Number(d.slice(8, 10)));
    }
  });
});
