import type { EntityManager } from "typeorm";
import { countsAsEnforcement } from "../../domain/inspection/team-members";
import { expertsDrawId } from "../../domain/plan/experts-draw";
import { ACTIVE, type InspectorDrawConfigInput } from "../../draw";
import type { InspectionTaskEntity, TaskTeamRule } from "../../entities/plan/task.entity";
import { monthsBeforeDay } from "../../time";

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
  const { conflicts, rotation } = await pairsOf(manager, tenantId, task, today);
  return toInspectorDrawConfig(tenantId, task.teamRule, pool, conflicts, rotation);
}

/** The 回避 declarations valid today and the rotation window's (inspector, subject) pairs of a department. */
async function pairsOf(
  manager: EntityManager,
  tenantId: string,
  task: InspectionTaskEntity,
  today: string,
): Promise<{ conflicts: PairRow[]; rotation: PairRow[] }> {
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
  return { conflicts, rotation };
}

/**
 * 随行专家/辅助人员 (issue 14): the draw's second inspector config when the task asks for experts — external experts
 * and non-enforcement staff of the task's expert sub-library, `count` per target, no leader, no categories. Their
 * teams are kept apart from the enforcement team (assignment.expert_ids), so they never count toward minSize.
 */
export async function expertDrawConfig(
  manager: EntityManager,
  tenantId: string,
  task: InspectionTaskEntity,
  today: string,
): Promise<InspectorDrawConfigInput | null> {
  const experts = task.teamRule.experts;
  if (!experts) return null;
  const pool: PoolRow[] = await manager.query(
    `SELECT i.id, i.enforcement_categories AS categories, i.post, i.is_external_expert, i.status, i.sub_libraries,
            i.leader_eligible,
            (SELECT count(*)::int FROM assignment a
              WHERE a.tenant_id = i.tenant_id AND i.id = ANY (a.expert_ids)
                AND a.status IN ('ASSIGNED', 'ACCEPTED', 'IN_PROGRESS')) AS load
       FROM inspector i
      WHERE i.tenant_id = $1 AND i.status <> 'LEFT' AND (i.is_external_expert OR i.post <> 'ENFORCEMENT')
        AND $2 = ANY (i.sub_libraries)
      ORDER BY i.id`,
    [tenantId, experts.subLibrary],
  );
  const { conflicts, rotation } = await pairsOf(manager, tenantId, task, today);
  return toExpertDrawConfig(tenantId, experts, pool, conflicts, rotation);
}

/**
 * The experts' config of one department (a department task's, or a department's part of a joint task): `count` per
 * target from the expert sub-library, no leader, no categories; only external experts and non-enforcement staff of
 * that sub-library (whatever the caller read), under the department's experts id (src/domain/plan/experts-draw).
 */
export function toExpertDrawConfig(
  tenantId: string,
  experts: { count: number; subLibrary: string },
  pool: PoolRow[],
  conflicts: PairRow[],
  rotation: PairRow[],
): InspectorDrawConfigInput {
  return {
    departmentId: expertsDrawId(tenantId),
    teamRule: {
      minSize: experts.count,
      maxSize: experts.count,
      requiredCategories: [],
      memberCategoriesAnyOf: [],
      subLibrary: experts.subLibrary,
      requireLeader: false,
      maxAssignments: null,
    },
    pool: pool
      .filter((p) => (p.is_external_expert || p.post !== "ENFORCEMENT") && p.sub_libraries.includes(experts.subLibrary))
      .map(poolEntry),
    conflicts: conflicts.map((c) => ({ inspectorKey: c.inspector_id, subjectKey: c.subject_id })),
    rotationExclusions: rotation.map((c) => ({ inspectorKey: c.inspector_id, subjectKey: c.subject_id })),
  };
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
    pool: pool.filter(isEnforcementInspector).map(poolEntry),
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

/** One pool row as the draw config holds it (status ACTIVE for 在岗). */
function poolEntry(p: PoolRow) {
  return {
    key: p.id,
    categories: p.categories,
    status: p.status === "ON_DUTY" ? ACTIVE : p.status,
    subLibraries: p.sub_libraries,
    leaderEligible: p.leader_eligible,
    priorLoad: p.load,
  };
}
