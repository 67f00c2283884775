import { isIsoDate } from "../../calendar/iso-date";

/**
 * 检查日期: an inspection took place on a real day between the draw (or the direct assignment) and today — never
 * before the target was selected, never in the future. Pure; the caller passes both dates in China time (src/time).
 */
export function inspectionDateProblem(date: string, bounds: { assignedOn: string; today: string }): string | null {
  if (!isIsoDate(date)) return "检查日期格式应为 YYYY-MM-DD";
  if (date < bounds.assignedOn) return `检查日期不能早于抽取（分派）日期 ${bounds.assignedOn}`;
  if (date > bounds.today) return `检查日期不能晚于今天（${bounds.today}）`;
  return null;
}
