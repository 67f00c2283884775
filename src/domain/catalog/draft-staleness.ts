import { type IsoDate, nationalCalendar, workingDaysBetween } from "../../calendar";

/** Default: a draft change unpublished for more than 10 working days is flagged. */
export const DEFAULT_DRAFT_STALE_WORKING_DAYS = 10;

/**
 * True when the draft's last change (a date in China) has stayed unpublished for more than `limit` working days
 * by `today` (national working-day calendar: weekends, holidays and make-up days).
 */
export function isDraftChangeStale(changedOn: IsoDate | null, today: IsoDate, limit: number): boolean {
  if (!changedOn) return false;
  return workingDaysBetween(changedOn, today, nationalCalendar()).days > limit;
}

/** The tenant's setting `draftStaleWorkingDays`, or the default when absent or invalid. */
export function draftStaleLimit(settings: Record<string, unknown>): number {
  const v = settings.draftStaleWorkingDays;
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : DEFAULT_DRAFT_STALE_WORKING_DAYS;
}
