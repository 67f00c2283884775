import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { enforcementTeamProblems } from "../../domain/inspection/team-members";
import { assertMove } from "../../domain/lifecycle";
import { taskLifecycle } from "../../domain/plan/task.lifecycle";
import { AssignmentEntity } from "../../entities/draw/draw.entity";
import { badInput, notFound, ruleViolation } from "../../errors";
import { chinaToday, monthsBeforeDay } from "../../time";
import { audit } from "../audit/audit.service";
import { notifyAssignmentChanges } from "../inspection/assignment.events";
import { ownTaskForUpdate } from "./task.service";

export interface DirectAssignmentInput {
  taskId: string;
  subjectId: string;
  inspectorIds: string[];
  leaderId: string;
  reason: string;
}

/**
 * 指派 and 投诉举报核查: a team named by the department instead of drawn. Allowed for COMPLAINT tasks, and for
 * random tasks only where the team rule permits direct assignment. The same 回避 rules hold (declared conflicts,
 * rotation window, availability, team size, leader); the assignment is kept apart from random ones (kind).
 */
export async function assignDirectly(input: DirectAssignmentInput): Promise<AssignmentEntity> {
  const { manager } = ctx();
  const reason = input.reason.trim();
  if (!reason) throw badInput("reason", "请说明指派理由（投诉举报核查请注明来源）");
  const task = await ownTaskForUpdate(input.taskId);
  assertMove(taskLifecycle, task.status, "assignDirectly");
  const kind = task.kind === "COMPLAINT" ? "COMPLAINT" : "DIRECT";
  if (kind === "DIRECT" && !task.teamRule.allowDirectAssignment)
    throw ruleViolation("DIRECT_ASSIGNMENT_NOT_ALLOWED", "该任务的组队规则不允许指派，检查人员须随机选派");
  if (!isUuid(input.subjectId)) throw notFound("检查对象");
  const [entry] = await manager.query(`SELECT 1 FROM directory_entry WHERE tenant_id = $1 AND subject_id = $2`, [
    task.tenantId,
    input.subjectId,
  ]);
  if (!entry) throw notFound("检查对象", "该检查对象不在本部门检查对象名录库中");
  const ids = [...new Set(input.inspectorIds)];
  if (ids.length < task.teamRule.minSize) throw badInput("inspectorIds", `检查组不得少于 ${task.teamRule.minSize} 人`);
  if (ids.length > task.teamRule.maxSize) throw badInput("inspectorIds", `检查组不得多于 ${task.teamRule.maxSize} 人`);
  if (!ids.includes(input.leaderId)) throw badInput("leaderId", "组长须为检查组成员");
  if (!ids.every(isUuid)) throw notFound("执法检查人员");
  const rows: Array<{
    id: string;
    name: string;
    status: string;
    post: string;
    leader_eligible: boolean;
    is_external_expert: boolean;
    enforcement_categories: string[];
    conflict: boolean;
    recent: boolean;
  }> = await manager.query(
    `SELECT i.id, i.name, i.status, i.post, i.leader_eligible, i.is_external_expert, i.enforcement_categories,
              EXISTS (SELECT 1 FROM inspector_conflict c WHERE c.inspector_id = i.id AND c.subject_id = $3
                        AND c.valid_from <= $5::date AND (c.valid_to IS NULL OR c.valid_to >= $5::date)) AS conflict,
              EXISTS (SELECT 1 FROM assignment a WHERE a.tenant_id = i.tenant_id AND a.subject_id = $3 AND i.id = ANY (a.member_ids)
                        AND a.status <> 'CANCELLED' AND a.created_at >= $4::timestamptz) AS recent
         FROM inspector i WHERE i.tenant_id = $1 AND i.id = ANY ($2)`,
    [
      task.tenantId,
      ids,
      input.subjectId,
      monthsBeforeDay(chinaToday(), task.teamRule.rotationMonths).toISOString(),
      chinaToday(),
    ],
  );
  if (rows.length !== ids.length) throw notFound("执法检查人员");
  for (const r of rows) {
    if (r.status !== "ON_DUTY" || r.post !== "ENFORCEMENT")
      throw ruleViolation("INSPECTOR_UNAVAILABLE", `${r.name}当前不在执法岗位或不在岗，不能指派`, {
        inspectorId: r.id,
      });
    if (r.conflict)
      throw ruleViolation("CONFLICT_OF_INTEREST", `${r.name}已声明与该检查对象存在利害关系，应当回避`, {
        inspectorId: r.id,
      });
    if (r.recent)
      throw ruleViolation("ROTATION", `${r.name}在 ${task.teamRule.rotationMonths} 个月内检查过该对象，不得再次检查`, {
        inspectorId: r.id,
      });
  }
  // 执法类别 per person (an inspector without one cannot be on, let alone lead, an enforcement team).
  const team = rows.map((r) => ({
    id: r.id,
    name: r.name,
    post: r.post,
    isExternalExpert: r.is_external_expert,
    enforcementCategories: r.enforcement_categories,
  }));
  for (const p of enforcementTeamProblems(team, task.teamRule.requiredCategories ?? [], task.teamRule.minSize)) {
    if (p.rule === "NOT_ENFORCEMENT")
      throw ruleViolation("ENFORCEMENT_CATEGORY", `${p.person.name}不具备本任务要求的执法类别，不能作为执法检查人员`, {
        inspectorId: p.person.id,
      });
    if (p.rule === "CATEGORIES_MISSING")
      throw ruleViolation("ENFORCEMENT_CATEGORY", `检查组缺少执法类别：${p.missing.join("、")}`, {
        missing: p.missing,
      });
  }
  if (task.teamRule.requireLeader && !rows.find((r) => r.id === input.leaderId)?.leader_eligible)
    throw badInput("leaderId", "所选组长不具备组长资格");
  const assignment = await manager.save(
    manager.create(AssignmentEntity, {
      tenantId: currentTenantId(),
      taskId: task.id,
      kind,
      drawId: null,
      directReason: reason,
      assignedBy: currentUserId(),
      subjectId: input.subjectId,
      stratum: kind === "COMPLAINT" ? "投诉举报" : "指派",
      leaderId: input.leaderId,
      memberIds: [input.leaderId, ...ids.filter((id) => id !== input.leaderId)],
      windowFrom: task.windowFrom,
      windowTo: task.windowTo,
      status: "ASSIGNED",
      inspectedOn: null,
    }),
  );
  await audit.record({
    action: `assignment.${kind.toLowerCase()}`,
    entityType: "assignment",
    entityId: assignment.id,
    after: { reason, members: assignment.memberIds },
  });
  await notifyAssignmentChanges([{ assignment, inspectorIds: assignment.memberIds, change: "ASSIGNED" }], {
    taskId: task.id,
    event: kind,
    count: 1,
  });
  return assignment;
}
