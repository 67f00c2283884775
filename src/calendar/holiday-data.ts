/**
 * Shape and validation of holiday data (the shipped cn-holidays.json, or a PLATFORM_ADMIN upload).
 * Data is checked on load so a typo cannot silently shift every deadline.
 */
import { type IsoDate, isIsoDate, isWeekend, yearOf } from "./iso-date";

/** One dated entry, e.g. { date: "2024-02-10", name: "春节" }. */
export interface CalendarDay {
  readonly date: IsoDate;
  readonly name: string;
}

/** The arrangement for one year, normally from the State Council notice (部分节假日安排的通知). */
export interface HolidayYear {
  readonly source: string;
  /** True while the official notice is not yet known: statutory days only, no 调休. */
  readonly provisional: boolean;
  readonly note?: string;
  /** Every day off (放假), including weekend days inside a holiday block. */
  readonly holidays: readonly CalendarDay[];
  /** Weekend days that are working days (调休上班). */
  readonly workdays: readonly CalendarDay[];
}

export interface HolidayData {
  readonly source: string;
  readonly years: Readonly<Record<string, HolidayYear>>;
}

/** Invalid holiday data; the message is for the admin who edited it, hence Chinese. */
export class HolidayDataError extends Error {
  readonly code = "INVALID_HOLIDAY_DATA";
  constructor(message: string) {
    super(message);
    this.name = "HolidayDataError";
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function fail(message: string): never {
  throw new HolidayDataError(message);
}

function parseDays(raw: unknown, year: number, label: string): CalendarDay[] {
  if (!Array.isArray(raw)) fail(`${year}年 ${label} 必须是数组`);
  return raw.map((entry, i) => {
    if (!isObject(entry)) fail(`${year}年 ${label} 第${i + 1}项格式错误`);
    const { date, name } = entry;
    if (!isIsoDate(date)) fail(`${year}年 ${label} 第${i + 1}项日期无效：${String(date)}`);
    // A notice may reach one day into the neighbouring year (e.g. 元旦 2022-12-31 in the 2023 notice).
    if (Math.abs(yearOf(date) - year) > 1) fail(`${year}年 ${label} 中的日期 ${date} 不属于该年度`);
    if (typeof name !== "string" || name.trim() === "") fail(`${year}年 ${label} 中 ${date} 缺少名称`);
    return { date, name };
  });
}

function parseYear(raw: unknown, year: number): HolidayYear {
  if (!isObject(raw)) fail(`${year}年 数据格式错误`);
  if (typeof raw.source !== "string" || raw.source.trim() === "") fail(`${year}年 缺少来源（source）`);
  if (typeof raw.provisional !== "boolean") fail(`${year}年 缺少 provisional 标记`);
  if (raw.note !== undefined && typeof raw.note !== "string") fail(`${year}年 note 必须是文本`);
  const holidays = parseDays(raw.holidays, year, "放假日");
  const workdays = parseDays(raw.workdays, year, "调休上班日");
  const seen = new Set<IsoDate>();
  for (const { date } of [...holidays, ...workdays]) {
    if (seen.has(date)) fail(`${year}年 日期 ${date} 重复或同时被标为放假和上班`);
    seen.add(date);
  }
  for (const { date } of workdays) {
    if (!isWeekend(date)) fail(`${year}年 调休上班日 ${date} 不是周六或周日`);
  }
  return { source: raw.source, provisional: raw.provisional, note: raw.note, holidays, workdays };
}

/** Validates untrusted holiday data; throws HolidayDataError with a Chinese message. */
export function parseHolidayData(raw: unknown): HolidayData {
  if (!isObject(raw) || !isObject(raw.years)) fail("节假日数据格式错误：缺少 years");
  if (typeof raw.source !== "string") fail("节假日数据缺少来源（source）");
  const years: Record<string, HolidayYear> = {};
  for (const [key, value] of Object.entries(raw.years)) {
    if (!/^\d{4}$/.test(key)) fail(`年份无效：${key}`);
    years[key] = parseYear(value, Number(key));
  }
  return { source: raw.source, years };
}
