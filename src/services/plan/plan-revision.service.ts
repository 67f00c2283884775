import { defineLoader } from "../../context/loaders";
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { checkRevisionReason, type PlanChange, type PlanKind, type PlanRevisionRow } from "../../domain/plan/revision";
import { notFound, ruleViolation } from "../../errors";
import { now } from "../../time";
import { audit } from "../audit/audit.service";

/**
 * Locks the caller's own plan (so that publication and concurrent changes wait for this change) and returns the
 * reason the change must carry: null while the plan is not published, the trimmed reason once it is. Call it before
 * changing the plan; call recordPlanRevision after, in the same transaction, when it returned a reason.
 */
export async function frozenPlanReason(
  kind: PlanKind,
  planId: string,
  reason: string | null | undefined,
): Promise<string | null> {
  const check = checkRevisionReason(await lockPlanAndReadPublished(kind, planId), reason);
  if (check.ok) return check.reason;
  throw ruleViolation(check.rule, check.message, { field: "revisionReason", planId });
}

/**
 * 计划修订: appends the next numbered revision of a published plan with its reason and changes, and its audit entry
 * (全程留痕). The plan row is locked by frozenPlanReason, so concurrent revisions of one plan take 1, 2, … in turn.
 */
export async function recordPlanRevision(
  kind: PlanKind,
  planId: string,
  reason: string,
  changes: PlanChange[],
): Promise<number> {
  await lockPlanAndReadPublished(kind, planId);
  const [row]: Array<{ id: string; number: number }> = await ctx().manager.query(
    `INSERT INTO plan_revision (tenant_id, plan_kind, plan_id, number, reason, changes, created_by, created_at)
     SELECT $1, $2, $3, coalesce(max(r.number), 0) + 1, $4, $5::jsonb, $6, $7
       FROM plan_revision r WHERE r.plan_kind = $2 AND r.plan_id = $3
     RETURNING id, number`,
    [currentTenantId(), kind, planId, reason, JSON.stringify(changes), currentUserId(), now()],
  );
  await audit.record({
    action: kind === "DEPARTMENT" ? "plan.revise" : "joint_plan.revise",
    entityType: kind === "DEPARTMENT" ? "annual_plan" : "joint_plan",
    entityId: planId,
    after: { revisionId: row.id, number: row.number, reason, changes },
    summary: { revision: row.number, changes: changes.map((c) => c.kind) },
  });
  return row.number;
}

/** The revisions of a plan visible to the reader (everyone, once the plan is published), oldest first. */
export function planRevisions(kind: PlanKind, planId: string): Promise<PlanRevisionRow[]> {
  return (kind === "DEPARTMENT" ? departmentRevisions : jointRevisions)().load(planId);
}

const revisionLoader = (kind: PlanKind) =>
  defineLoader<string, PlanRevisionRow[]>(`planRevisions:${kind}`, async (manager, planIds) => {
    const rows: PlanRevisionRow[] = await manager.query(
      `SELECT id, tenant_id AS "tenantId", plan_kind AS "planKind", plan_id AS "planId", number, reason, changes,
              created_at AS "createdAt"
         FROM plan_revision WHERE plan_kind = $1 AND plan_id = ANY ($2::uuid[]) ORDER BY plan_id, number`,
      [kind, [...planIds]],
    );
    return planIds.map((id) => rows.filter((r) => r.planId === id));
  });
const departmentRevisions = revisionLoader("DEPARTMENT");
const jointRevisions = revisionLoader("JOINT");

async function lockPlanAndReadPublished(kind: PlanKind, planId: string): Promise<boolean> {
  const rows: Array<{ published: boolean }> = await ctx().manager.query(
    kind === "DEPARTMENT"
      ? `SELECT status = 'PUBLISHED' AS published FROM annual_plan WHERE id = $1 AND tenant_id = $2 FOR NO KEY UPDATE`
      : `SELECT EXISTS (SELECT 1 FROM joint_plan_publication pp WHERE pp.plan_id = p.id) AS published
           FROM joint_plan p WHERE p.id = $1 AND p.tenant_id = $2 FOR NO KEY UPDATE OF p`,
    [planId, currentTenantId()],
  );
  if (!rows.length) throw notFound(kind === "DEPARTMENT" ? "抽查计划" : "联合抽查计划");
  return rows[0].published;
}
