import { type IsoDate, isIsoDate } from "../calendar/iso-date";

// Date validity is the shared calendar's; this file adds only what joint inspection needs on top.
export { type IsoDate, isIsoDate };

/** An inclusive date range, e.g. a task's 检查时限 or a visit's window. `YYYY-MM-DD` strings sort by date. */
export interface DateWindow {
  readonly from: IsoDate;
  readonly to: IsoDate;
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
  return `${Number(year)}年${Number(month)}月${Number(day)}日`;
}
