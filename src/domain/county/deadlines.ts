import type { IsoDate } from "../../calendar";

/** The last day of `month` in `year` (备案 "2 月底前" is 28 or 29 February). */
export function endOfMonth(year: number, month: number): IsoDate {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(last).padStart(2, "0")}`;
}

/** 计划备案 of a department's plan against the region's due date. */
export type FilingState = "FILED" | "FILED_LATE" | "PENDING" | "OVERDUE";

/** A plan counts as filed late (or overdue while unfiled) by the region's filing due date, in China dates. */
export function filingState(filedOn: IsoDate | null, due: IsoDate, today: IsoDate): FilingState {
  if (filedOn) return filedOn > due ? "FILED_LATE" : "FILED";
  return today > due ? "OVERDUE" : "PENDING";
}
