import type { IsoDate } from "../../calendar";
import { endOfMonth } from "./deadlines";

/**
 * 抽查频次 "每年不少于 N 次": round k of N is due by the end of month ceil(12·k / N) of the plan year, so the rounds
 * spread evenly (2 rounds: 30 June and 31 December; 4: the quarter ends). The seeds give the count only; the even
 * spread is the reading a coordinator checks progress by.
 */
export function roundDueDates(year: number, required: number): IsoDate[] {
  return Array.from({ length: required }, (_, i) => endOfMonth(year, Math.ceil((12 * (i + 1)) / required)));
}

export interface RoundsStatus {
  required: number;
  /** Rounds drawn so far this year (the plan's own random tasks drawn, each one round). */
  drawn: number;
  dueDates: IsoDate[];
  /** Rounds whose due date has passed without enough rounds drawn by then. */
  overdue: number;
  /** The next due date not yet met, or null when every round is drawn. */
  nextDueDate: IsoDate | null;
  /** Fewer rounds drawn than required for the year (a standing shortfall; final after 31 December). */
  short: boolean;
}

/** Checks a plan's required rounds against the China dates its rounds were drawn on. */
export function roundsStatus(year: number, required: number, drawnOn: IsoDate[], today: IsoDate): RoundsStatus {
  const dueDates = roundDueDates(year, required);
  const sorted = [...drawnOn].sort();
  const drawnBy = (d: IsoDate) => sorted.filter((x) => x <= d).length;
  const overdue = dueDates.filter((due, k) => today > due && drawnBy(due) < k + 1).length;
  return {
    required,
    drawn: sorted.length,
    dueDates,
    overdue,
    nextDueDate: dueDates.find((due, k) => drawnBy(due) < k + 1 && today <= due) ?? null,
    short: sorted.length < required,
  };
}
