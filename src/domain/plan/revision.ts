/**
 * 计划修订 rules, the same for department and joint plans. Once published a plan is frozen (seed 001: 不得随意增加或
 * 减少检查次数): a change needs a reason, and it becomes a public numbered revision. Pure: callers pass the facts.
 * How long a reason may be is the argument guard's one cap on stated reasons (REASON_MAX, src/schema/argument-guard.ts).
 */

export type PlanKind = "DEPARTMENT" | "JOINT";

/** What a revision changed, one entry per change; before/after hold only public facts of the plan. */
export interface PlanChange {
  kind: PlanChangeKind;
  /** The task (or consolidation task) the change is about. */
  taskId: string;
  /** Its name as published. */
  name: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The changes the API can make to a published plan today: it adds tasks; no task is edited or removed. */
export type PlanChangeKind = "TASK_ADDED" | "JOINT_TASK_ADDED" | "CONSOLIDATION_ADDED";

export type RevisionReasonCheck =
  | { ok: true; reason: string | null }
  | { ok: false; rule: "PLAN_PUBLISHED_FROZEN"; message: string };

/**
 * The reason a change to a plan carries: null for an unpublished plan (no revision is made, a given reason is
 * ignored), the trimmed reason for a published one, which must not be blank.
 */
export function checkRevisionReason(published: boolean, reason: string | null | undefined): RevisionReasonCheck {
  if (!published) return { ok: true, reason: null };
  const trimmed = reason?.trim() ?? "";
  if (!trimmed)
    return {
      ok: false,
      rule: "PLAN_PUBLISHED_FROZEN",
      message: "计划已公布，修改须填写修订理由（revisionReason），修订将公开",
    };
  return { ok: true, reason: trimmed };
}

/** One revision of a published plan as stored (plan_revision, src/db/migrations/0190-plan-revision.ts). */
export interface PlanRevisionRow {
  id: string;
  tenantId: string;
  planKind: PlanKind;
  planId: string;
  number: number;
  reason: string;
  changes: PlanChange[];
  createdAt: Date;
}
