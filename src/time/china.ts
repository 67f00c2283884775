import { addMonths, type IsoDate, isIsoDate } from "../calendar/iso-date";
import { now } from "./clock";

/**
 * Time in China (Asia/Shanghai). China has used UTC+8 without daylight saving since 1991, so a fixed offset is
 * exact for every date the platform handles, and no time-zone database is needed.
 */
const OFFSET_MS = 8 * 3_600_000;

/** The calendar date in China of an instant (default: now) — the business date (业务日期). */
export function chinaDate(at: Date = now()): IsoDate {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Today in China, from the one clock. */
export function chinaToday(): IsoDate {
  return chinaDate(now());
}

/** The year in China of an instant (default: now): 2026-12-31T16:30Z is already 2027. */
export function chinaYear(at: Date = now()): number {
  return Number(chinaDate(at).slice(0, 4));
}

/** The instant at which `date` begins in China (00:00 Beijing time). */
export function chinaStartOfDay(date: IsoDate): Date {
  if (!isIsoDate(date)) throw new Error(`chinaStartOfDay: not a date: ${date}`);
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}

/** The instant at which year `year` begins in China. */
export function chinaStartOfYear(year: number): Date {
  return chinaStartOfDay(`${String(year).padStart(4, "0")}-01-01`);
}

/** An instant as ISO 8601 with Beijing's explicit offset: 2026-12-02T05:20:00.000+08:00. */
export function toChinaIso(at: Date): string {
  return `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

const parts = (at: Date) => {
  const s = new Date(at.getTime() + OFFSET_MS).toISOString();
  return { y: Number(s.slice(0, 4)), m: Number(s.slice(5, 7)), d: Number(s.slice(8, 10)), hm: s.slice(11, 16) };
};

/** For people (pages, printed forms, exports): 2026年12月2日 05:20 (Beijing time). */
export function formatChinaDateTime(at: Date | string): string {
  const p = parts(typeof at === "string" ? new Date(at) : at);
  return `${p.y}年${p.m}月${p.d}日 ${p.hm}`;
}

/** For people: 2026年12月2日 (the date in China of an instant). */
export function formatChinaDateOf(at: Date | string): string {
  const p = parts(typeof at === "string" ? new Date(at) : at);
  return `${p.y}年${p.m}月${p.d}日`;
}

/** For tables and exports: 2026-12-02 05:20 (Beijing time). */
export function formatChinaTimestamp(at: Date | string): string {
  const s = toChinaIso(typeof at === "string" ? new Date(at) : at);
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

/** The instant `months` calendar months before the start (Beijing) of `day` — "within the last N months" of a day. */
export function monthsBeforeDay(day: IsoDate, months: number): Date {
  return chinaStartOfDay(addMonths(day, -months));
}

/** The instant `months` calendar months before the China day of `at` began (see monthsBeforeDay). */
export function monthsBefore(at: Date, months: number): Date {
  return monthsBeforeDay(chinaDate(at), months);
}
