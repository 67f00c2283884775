/** A calendar date as `YYYY-MM-DD`; such strings sort chronologically, so plain comparison is enough. */
export type IsoDate = string;

/** An inclusive date range, e.g. a task's 检查时限 or a visit's window. */
export interface DateWindow {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function isValidWindow(window: DateWindow): boolean {
  return isIsoDate(window.from) && isIsoDate(window.to) && window.from <= window.to;
}

export function windowContains(window: DateWindow, date: IsoDate): boolean {
  return window.from <= date && date <= window.to;
}

/** 2023-10-16 → 2023年10月16日, the form used on printed documents. */
export function formatChineseDate(date: IsoDate): string {
  const [year, month, day] = date.split("-");
  return `${year}年${Number(month)}月${Number(day)}日`;
}
