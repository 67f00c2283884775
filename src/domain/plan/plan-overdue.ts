/** Overdue: not yet published by its due date (the tenant's setting, end of January by default). Pure: the caller passes the business date. */
export function isPlanOverdue(
  plan: { publishedAt: Date | null; status: string; dueDate: string },
  today: string,
): boolean {
  return !plan.publishedAt && plan.status !== "CLOSED" && today > plan.dueDate;
}
