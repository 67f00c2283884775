/**
 * Working-day arithmetic for deadlines (工作日计算): weekends off, public holidays off,
 * make-up working days (调休上班) on.
 *
 * Coverage: a calendar knows the holidays only for the years in `years`; a day outside them is judged
 * by weekends only. Provisional years hold statutory days but no 补休/调休 yet. Any computation that
 * looks at such a day reports `approximate: true`, so callers can flag the deadline as an estimate
 * ("截止日期为估算") rather than silently trust it.
 */
import { type CalendarDay, type HolidayData, HolidayDataError } from "./holiday-data";
import { assertIsoDate, fromDayNumber, type IsoDate, isWeekend, toDayNumber, yearOf } from "./iso-date";

export interface WorkingCalendar {
  /** Days off that would otherwise be working days, plus weekend days inside holiday blocks. */
  readonly daysOff: ReadonlySet<IsoDate>;
  /** Days worked that would otherwise be off (调休上班日), or a local override. */
  readonly workdays: ReadonlySet<IsoDate>;
  /** Years whose holiday arrangement is loaded (including provisional ones). */
  readonly years: ReadonlySet<number>;
  /** Covered years that hold only statutory days pending the official notice. */
  readonly provisionalYears: ReadonlySet<number>;
  /** Display name per special day, e.g. "春节" or "春节调休". */
  readonly labels: ReadonlyMap<IsoDate, string>;
}

/** Local edits on top of the national data (tenant or PLATFORM_ADMIN); they win over the national data. */
export interface CalendarOverrides {
  readonly daysOff?: readonly OverrideDay[];
  readonly workdays?: readonly OverrideDay[];
}

export interface OverrideDay {
  readonly date: IsoDate;
  readonly name?: string;
}

export type DueStatus = "OK" | "DUE_SOON" | "OVERDUE";

export interface WorkingDayResult {
  readonly date: IsoDate;
  /** True when a day outside the covered years, or in a provisional year, was involved. */
  readonly approximate: boolean;
}

export interface WorkingDayCount {
  readonly days: number;
  readonly approximate: boolean;
}

export function calendarFromData(data: HolidayData, overrides: CalendarOverrides = {}): WorkingCalendar {
  const daysOff = new Set<IsoDate>();
  const workdays = new Set<IsoDate>();
  const labels = new Map<IsoDate, string>();
  const years = new Set<number>();
  const provisionalYears = new Set<number>();
  const put = (set: Set<IsoDate>, day: CalendarDay) => {
    if (daysOff.has(day.date) || workdays.has(day.date)) {
      throw new HolidayDataError(`日期 ${day.date} 在节假日数据中重复出现`);
    }
    set.add(day.date);
    labels.set(day.date, day.name);
  };
  for (const [key, year] of Object.entries(data.years)) {
    years.add(Number(key));
    if (year.provisional) provisionalYears.add(Number(key));
    for (const day of year.holidays) put(daysOff, day);
    for (const day of year.workdays) put(workdays, day);
  }

  const offOverride = new Set((overrides.daysOff ?? []).map((d) => d.date));
  for (const day of overrides.workdays ?? []) {
    if (offOverride.has(day.date)) throw new HolidayDataError(`日期 ${day.date} 不能同时设为放假和上班`);
  }
  for (const day of overrides.daysOff ?? []) {
    assertIsoDate(day.date);
    workdays.delete(day.date);
    daysOff.add(day.date);
    labels.set(day.date, day.name ?? "放假");
  }
  for (const day of overrides.workdays ?? []) {
    assertIsoDate(day.date);
    daysOff.delete(day.date);
    workdays.add(day.date);
    labels.set(day.date, day.name ?? "上班");
  }
  return { daysOff, workdays, years, provisionalYears, labels };
}

/** Whether the holiday arrangement for the date's year is loaded (provisional or not). */
export function isCovered(date: IsoDate, cal: WorkingCalendar): boolean {
  return cal.years.has(yearOf(date));
}

/** Whether the date is judged from an official, non-provisional arrangement. */
export function isExact(date: IsoDate, cal: WorkingCalendar): boolean {
  const year = yearOf(date);
  return cal.years.has(year) && !cal.provisionalYears.has(year);
}

export function isWorkingDay(date: IsoDate, cal: WorkingCalendar): boolean {
  assertIsoDate(date);
  if (cal.workdays.has(date)) return true;
  if (cal.daysOff.has(date)) return false;
  return !isWeekend(date);
}

/**
 * The date on which the n-th working day after `date` falls; `date` itself is not counted
 * (so a 5-working-day deadline from a Friday notice counts from the next working day).
 * n = 0 returns `date` if it is a working day, otherwise the next working day.
 */
export function addWorkingDays(date: IsoDate, n: number, cal: WorkingCalendar): WorkingDayResult {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  let day = toDayNumber(date);
  let approximate = false;
  const visit = (d: number): boolean => {
    const iso = fromDayNumber(d);
    if (!isExact(iso, cal)) approximate = true;
    return isWorkingDay(iso, cal);
  };
  if (n === 0) {
    while (!visit(day)) day++;
    return { date: fromDayNumber(day), approximate };
  }
  let remaining = n;
  while (remaining > 0) {
    day++;
    if (visit(day)) remaining--;
  }
  return { date: fromDayNumber(day), approximate };
}

/**
 * Working days in the half-open range (from, to]: after `from`, up to and including `to`.
 * Inverse of addWorkingDays: workingDaysBetween(d, addWorkingDays(d, n).date) = n for n ≥ 1.
 * Negative when `to` is before `from`.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate, cal: WorkingCalendar): WorkingDayCount {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let days = 0;
  let approximate = false;
  for (let d = lo + 1; d <= hi; d++) {
    const iso = fromDayNumber(d);
    if (!isExact(iso, cal)) approximate = true;
    if (isWorkingDay(iso, cal)) days++;
  }
  return { days: sign * days, approximate };
}

/**
 * OVERDUE once `today` is after `dueDate`; DUE_SOON while at most `dueSoonWorkingDays` working days
 * remain in (today, dueDate] (so due today is always DUE_SOON); otherwise OK.
 * Outside the covered years the weekends-only assumption applies.
 */
export function dueStatus(
  dueDate: IsoDate,
  today: IsoDate,
  dueSoonWorkingDays: number,
  cal: WorkingCalendar,
): DueStatus {
  if (!Number.isSafeInteger(dueSoonWorkingDays) || dueSoonWorkingDays < 0) {
    throw new RangeError(`dueSoonWorkingDays must be a non-negative integer, got ${dueSoonWorkingDays}`);
  }
  const due = toDayNumber(dueDate);
  if (toDayNumber(today) > due) return "OVERDUE";
  // Equivalent to workingDaysBetween(today, dueDate) <= k, but bounded for far-away due dates.
  const firstBeyond = addWorkingDays(today, dueSoonWorkingDays + 1, cal).date;
  return due < toDayNumber(firstBeyond) ? "DUE_SOON" : "OK";
}
