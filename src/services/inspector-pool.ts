import type { EntityManager } from "typeorm";
import { countsAsEnforcement } from "../domain/inspection/team-members";
import { ACTIVE, type InspectorDrawConfigInput } from "../draw";
import type { InspectionTaskEntity, TaskTeamRule } from "../entities/task";
import { monthsBeforeDay } from "../time";

/** One inspector of a department's pool, with the workload it already carries. */
export interface PoolRow {
  id: string;
  categories: string[];
  post: string;
  is_external_expert: boolean;
  status: string;
  sub_libraries: string[];
  leader_eligible: boolean;
  load: number;
}
export interface PairRow {
  inspector_id: string;
  subject_id: string;
}

/**
 * One department's inspector draw configuration for a task: its 执法检查人员名录 (enforcement posts only),
 * declared conflicts (回避) valid today, the rotation window's (inspector, subject) pairs and current workloads.
 */
export async function inspectorDrawConfig(
  manager: EntityManager,
  tenantId: string,
  task: InspectionTaskEntity,
  today: string,
): Promise<InspectorDrawConfigInput> {
  const pool: PoolRow[] = await manager.query(
    `SELECT i.id, i.enforcement_categories AS categories, i.post, i.is_external_expert, i.status, i.sub_libraries,
            i.leader_eligible,
              (SELECT count(*)::int FROM assignment a
                WHERE a.tenant_id = i.tenant_id AND i.id = ANY (a.member_ids)
                  AND a.status IN ('ASSIGNED', 'ACCEPTED', 'IN_PROGRESS')) AS load
         FROM inspector i
        WHERE i.tenant_id = $1 AND i.post = 'ENFORCEMENT' AND i.status <> 'LEFT'
        ORDER BY i.id`,
    [tenantId],
  );
  const conflicts: PairRow[] = await manager.query(
    `SELECT DISTINCT inspector_id, subject_id FROM inspector_conflict
      WHERE tenant_id = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)
      ORDER BY 1, 2`,
    [tenantId, today],
  );
  const rotation: PairRow[] = task.teamRule.rotationMonths
    ? await manager.query(
        `SELECT DISTINCT m AS inspector_id, a.subject_id FROM assignment a, unnest(a.member_ids) m
          WHERE a.tenant_id = $1 AND a.status <> 'CANCELLED'
            AND a.created_at >= $2::timestamptz
          ORDER BY 1, 2`,
        [tenantId, monthsBeforeDay(today, task.teamRule.rotationMonths).toISOString()],
      )
    : [];
  return toInspectorDrawConfig(tenantId, task.teamRule, pool, conflicts, rotation);
}

/**
 * A department's pool rows (as read by inspectorDrawConfig or the joint pool function) → the draw's config. The one
 * per-person rule of who counts as an enforcement inspector (countsAsEnforcement, the rule 指派 teams obey too) is
 * applied in two visible parts: the pool holds only those on an enforcement post, not external experts, holding an
 * enforcement category; and `memberCategoriesAnyOf` (in the record) requires each member to hold one of the task's
 * required categories — a team whose union covers them is not enough when a member holds none of them.
 */
export function toInspectorDrawConfig(
  departmentId: string,
  rule: Pick<
    TaskTeamRule,
    "minSize" | "maxSize" | "requiredCategories" | "subLibrary" | "requireLeader" | "maxAssignments"
  >,
  pool: PoolRow[],
  conflicts: PairRow[],
  rotation: PairRow[],
): InspectorDrawConfigInput {
  return {
    departmentId,
    teamRule: {
      minSize: rule.minSize,
      maxSize: rule.maxSize,
      requiredCategories: rule.requiredCategories,
      memberCategoriesAnyOf: rule.requiredCategories,
      subLibrary: rule.subLibrary,
      requireLeader: rule.requireLeader,
      maxAssignments: rule.maxAssignments,
    },
    pool: pool.filter(isEnforcementInspector).map((p) => ({
      key: p.id,
      categories: p.categories,
      status: p.status === "ON_DUTY" ? ACTIVE : p.status,
      subLibraries: p.sub_libraries,
      leaderEligible: p.leader_eligible,
      priorLoad: p.load,
    })),
    conflicts: conflicts.map((c) => ({ inspectorKey: c.inspector_id, subjectKey: c.subject_id })),
    rotationExclusions: rotation.map((c) => ({ inspectorKey: c.inspector_id, subjectKey: c.subject_id })),
  };
}

/** In a random team's pool: counts as an enforcement inspector whatever the task requires (checked per member). */
function isEnforcementInspector(p: PoolRow): boolean {
  return countsAsEnforcement(
    { id: p.id, name: "", post: p.post, isExternalExpert: p.is_external_expert, enforcementCategories: p.categories },
    [],
  );
}
