/**
 * The department's progress (部门抽查进度), computed from the plans query alone: only fields that exist in
 * schema.graphql are used, so the page works before result reporting (结果录入、公示) has its own queries.
 */

export interface PlanRow {
  id: string;
  title: string;
  year: number;
  status: string;
  overdue: boolean;
  dueDate: string;
  tasks: Array<{
    id: string;
    name: string;
    status: string;
    windowTo: string;
    draws: Array<{ status: string; assignments: Array<{ status: string; windowTo: string }> }>;
  }>;
}

export const PLANS_QUERY = `query($tenantId: ID!) {
  plans(tenantId: $tenantId, limit: 50) {
    items { id title year status overdue dueDate
      tasks { id name status windowTo draws { status assignments { status windowTo } } } }
  }
}`;

/** Result totals by status (检查结果), when the server has the inspectionResults query. */
export interface ResultTotals {
  submitted: number;
  approved: number;
  published: number;
}

export const RESULTS_QUERY = `{
  submitted: inspectionResults(status: SUBMITTED, limit: 1) { total }
  approved: inspectionResults(status: APPROVED, limit: 1) { total }
  published: inspectionResults(status: PUBLISHED, limit: 1) { total }
}`;

export type CounterKey = "drawn" | "assigned" | "accepted" | "recorded" | "submitted" | "published" | "overdue";

export interface Counter {
  key: CounterKey;
  label: string;
  value: number;
  /** What the value is out of (shown as "value / of"), when it has one. */
  of?: number;
}

export interface Alert {
  level: "overdue" | "soon";
  text: string;
}

const SOON_DAYS = 7;
const REACHED_ACCEPTED = new Set(["ACCEPTED", "IN_PROGRESS", "RECORDED"]);
const PLAN_SUBMITTED = new Set(["SUBMITTED", "APPROVED", "PUBLISHED", "CLOSED"]);
const PLAN_PUBLISHED = new Set(["PUBLISHED", "CLOSED"]);

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Counters are cumulative stages: an assignment that was recorded also counts as accepted and assigned.
 * Submitted and published count results when `results` is known, else the plans (报批、公布).
 */
export function progressOf(
  plans: PlanRow[],
  today: string,
  results?: ResultTotals | null,
): { counters: Counter[]; alerts: Alert[] } {
  const tasks = plans.flatMap((p) => p.tasks.filter((t) => t.status !== "DRAFT"));
  const active = tasks.flatMap((t) =>
    t.draws
      .filter((d) => d.status === "VALID")
      .flatMap((d) => d.assignments.filter((a) => a.status !== "CANCELLED").map((a) => ({ task: t, a }))),
  );
  const open = active.filter(({ a }) => a.status !== "RECORDED");
  const late = open.filter(({ a }) => a.windowTo < today);
  const latePlans = plans.filter((p) => p.overdue);
  const counters: Counter[] = [
    {
      key: "drawn",
      label: "已抽取任务",
      value: tasks.filter((t) => t.draws.some((d) => d.status === "VALID")).length,
      of: tasks.length,
    },
    { key: "assigned", label: "已分配检查", value: active.length },
    { key: "accepted", label: "已接受", value: active.filter(({ a }) => REACHED_ACCEPTED.has(a.status)).length },
    { key: "recorded", label: "已录入结果", value: active.filter(({ a }) => a.status === "RECORDED").length },
    ...(results
      ? ([
          { key: "submitted", label: "结果已提交", value: results.submitted + results.approved + results.published },
          { key: "published", label: "结果已公示", value: results.published },
        ] as Counter[])
      : ([
          {
            key: "submitted",
            label: "计划已报批",
            value: plans.filter((p) => PLAN_SUBMITTED.has(p.status)).length,
            of: plans.length,
          },
          {
            key: "published",
            label: "计划已公布",
            value: plans.filter((p) => PLAN_PUBLISHED.has(p.status)).length,
            of: plans.length,
          },
        ] as Counter[])),
    { key: "overdue", label: "逾期", value: late.length + latePlans.length },
  ];

  const alerts: Alert[] = [];
  for (const p of latePlans)
    alerts.push({ level: "overdue", text: `计划“${p.title}”逾期未公布（应于 ${p.dueDate} 前）` });
  for (const p of plans) {
    const left = daysBetween(today, p.dueDate);
    if (!p.overdue && !PLAN_PUBLISHED.has(p.status) && left >= 0 && left <= SOON_DAYS)
      alerts.push({ level: "soon", text: `计划“${p.title}”须于 ${p.dueDate} 前公布（剩 ${left} 天）` });
  }
  const byTask = new Map<string, { name: string; late: number; soon: number; windowTo: string }>();
  for (const { task, a } of open) {
    const left = daysBetween(today, a.windowTo);
    const entry = byTask.get(task.id) ?? { name: task.name, late: 0, soon: 0, windowTo: a.windowTo };
    if (left < 0) entry.late++;
    else if (left <= SOON_DAYS) entry.soon++;
    byTask.set(task.id, entry);
  }
  for (const t of byTask.values()) {
    if (t.late)
      alerts.push({
        level: "overdue",
        text: `任务“${t.name}”有 ${t.late} 户已过检查期限（${t.windowTo}）仍未录入结果`,
      });
    if (t.soon) alerts.push({ level: "soon", text: `任务“${t.name}”有 ${t.soon} 户将于 ${t.windowTo} 前到期` });
  }
  return { counters, alerts };
}
