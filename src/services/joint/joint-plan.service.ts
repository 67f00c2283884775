import { randomUUID } from "node:crypto";
import { tenantLoader } from "../../context/loaders";
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { assertMove } from "../../domain/lifecycle";
import { assertNotMaker } from "../../domain/maker-checker";
import type { PlanDrawFacts } from "../../domain/plan/draw-rules";
import { type SamplingRule } from "../../draw";
import { JointParticipationEntity, type JointTeamRule } from "../../entities/joint/joint-participation.entity";
import { JointPlanEntity } from "../../entities/joint/joint-plan.entity";
import { JointPlanPublicationEntity } from "../../entities/joint/joint-plan-publication.entity";
import { type JointTargetScope, JointTaskEntity, type JointTaskStatus } from "../../entities/joint/joint-task.entity";
import type { StratifyBy } from "../../entities/plan/task.entity";
import { badInput, conflict, forbidden, notFound, ruleViolation } from "../../errors";
import { jointParticipationLifecycle } from "../../joint/joint-participation.lifecycle";
import { jointTaskLifecycle } from "../../joint/joint-task.lifecycle";
import { now } from "../../time";
import { audit } from "../audit/audit.service";
import { seedStore } from "../draw/seed-store.service";
import { frozenPlanReason, recordPlanRevision } from "../plan/plan-revision.service";
import { tenantSettings } from "../system/tenant-settings.service";
import { publishJointProgress } from "./joint.events";
import {
  ownParticipationForUpdate,
  participationsOf,
  requireCoordinatorTenant,
  visibleJointTask,
} from "./joint.guards";
import { resolveContributedItems } from "./joint-items.service";

export interface NewJointTask {
  planId: string;
  name: string;
  initiatingDepartmentId: string;
  /** Every department taking part, the initiating one included, with the items suggested to each. */
  departments: Array<{ departmentId: string; itemIds: string[] }>;
  windowFrom: string;
  windowTo: string;
  targetScope: JointTargetScope;
  samplingRule: SamplingRule;
  stratifyBy: StratifyBy;
  materials: string[];
  /** Required once the plan is published: the change becomes a public revision (计划修订). */
  revisionReason?: string | null;
}

/** Materials printed on the notice when the coordinator names none (seed 004 附件). */
export const DEFAULT_MATERIALS = [
  "营业执照（或法人登记证书）复印件",
  "相关许可证件",
  "与抽查事项有关的台账、记录等资料",
];

/** Joint plans due by the end of March of their year unless the coordinator sets another date. */
export const jointPlanDueDate = (year: number) => `${year}-03-31`;

/** 部门联合抽查计划与任务: the coordinator plans and invites, participants confirm or decline, the initiator approves. */
export const jointPlanService = {
  async createPlan(year: number, title: string, dueDate?: string | null): Promise<JointPlanEntity> {
    const tenantId = await requireCoordinatorTenant();
    if (year < 2000 || year > 2100) throw badInput("year", "年度须在 2000–2100 之间");
    const { manager } = ctx();
    const saved = await manager.save(
      manager.create(JointPlanEntity, {
        tenantId,
        year,
        title: title.trim(),
        dueDate: dueDate ?? jointPlanDueDate(year),
        createdBy: currentUserId(),
      }),
    );
    await audit.record({ action: "joint_plan.create", entityType: "joint_plan", entityId: saved.id, after: saved });
    return saved;
  },

  async createTask(
    input: NewJointTask,
  ): Promise<{ task: JointTaskEntity; participations: JointParticipationEntity[] }> {
    const coordinatorId = await requireCoordinatorTenant();
    const { manager } = ctx();
    const plan = isUuid(input.planId)
      ? await manager.findOne(JointPlanEntity, { where: { id: input.planId, tenantId: coordinatorId } })
      : null;
    if (!plan) throw notFound("联合抽查计划");
    const revisionReason = await frozenPlanReason("JOINT", plan.id, input.revisionReason);
    if (input.windowTo < input.windowFrom) throw badInput("windowTo", "检查结束日期不能早于开始日期");
    const departmentIds = input.departments.map((d) => d.departmentId);
    if (new Set(departmentIds).size !== departmentIds.length) throw badInput("departments", "同一部门不能重复列出");
    if (!departmentIds.includes(input.initiatingDepartmentId))
      throw badInput("departments", "参与部门中必须包含发起部门");
    if (departmentIds.length < 2) throw badInput("departments", "部门联合抽查至少需要两个部门（含发起部门）");
    for (const [i, d] of input.departments.entries()) {
      const t = isUuid(d.departmentId) ? await tenantLoader().load(d.departmentId) : null;
      if (!t || t.kind === "PLATFORM") throw badInput(`departments[${i}].departmentId`, "未找到该部门");
      await resolveContributedItems(d.departmentId, d.itemIds, `departments[${i}].itemIds`);
    }
    const task = await manager.save(
      manager.create(JointTaskEntity, {
        tenantId: coordinatorId,
        planId: plan.id,
        name: input.name.trim(),
        origin: "DRAW",
        initiatingTenantId: input.initiatingDepartmentId,
        windowFrom: input.windowFrom,
        windowTo: input.windowTo,
        targetScope: input.targetScope,
        samplingRule: input.samplingRule,
        stratifyBy: input.stratifyBy,
        materials: input.materials.length ? input.materials : DEFAULT_MATERIALS,
        status: "INVITING" as JointTaskStatus,
        commitment: null,
        approvedAt: null,
        approvedBy: null,
        consolidatedTaskIds: [],
        createdBy: currentUserId(),
      }),
    );
    await invite(
      task,
      input.departments.map((d) => ({ departmentId: d.departmentId, proposedItemIds: [...new Set(d.itemIds)] })),
    );
    const participations = await participationsOf(task.id);
    await audit.record({
      action: "joint_task.create",
      entityType: "joint_task",
      entityId: task.id,
      after: { ...task, departments: departmentIds },
    });
    if (revisionReason)
      await recordPlanRevision("JOINT", plan.id, revisionReason, [
        {
          kind: "JOINT_TASK_ADDED",
          taskId: task.id,
          name: task.name,
          before: null,
          after: {
            departments: departmentIds,
            initiatingDepartmentId: task.initiatingTenantId,
            windowFrom: task.windowFrom,
            windowTo: task.windowTo,
            samplingRule: task.samplingRule,
            stratifyBy: task.stratifyBy,
          },
        },
      ]);
    await publishJointProgress(task, participations, { event: "INVITED" });
    return { task, participations };
  },

  /** 确认参与: the participant chooses its items (its published items or its joint list entries). */
  async confirm(
    taskId: string,
    itemIds: string[] | null | undefined,
    rule: Partial<Pick<JointTeamRule, "minSize" | "maxSize" | "subLibrary" | "requiredCategories" | "experts">> = {},
  ): Promise<JointParticipationEntity> {
    const p = await ownParticipationForUpdate(taskId);
    const task = await visibleJointTask(taskId);
    assertMove(jointTaskLifecycle, task.status, "confirmParticipation");
    const confirmed = assertMove(jointParticipationLifecycle, p.status, "confirm");
    const items = await resolveContributedItems(p.tenantId, itemIds ?? p.proposedItemIds, "itemIds");
    if (!items.itemIds.length) throw badInput("itemIds", "请至少选择一个本部门的抽查事项");
    const settings = await tenantSettings();
    const teamRule: JointTeamRule = {
      minSize: rule.minSize ?? 1,
      maxSize: rule.maxSize ?? Math.max(rule.minSize ?? 1, p.isInitiator ? 2 : 1),
      requiredCategories: rule.requiredCategories ?? items.requiredCategories,
      subLibrary: rule.subLibrary ?? null,
      requireLeader: p.isInitiator,
      maxAssignments: null,
      rotationMonths: settings.rotationMonths,
      experts: rule.experts ? { count: rule.experts.count, subLibrary: rule.experts.subLibrary.trim() } : null,
    };
    if (teamRule.minSize < 1) throw badInput("teamRule.minSize", "每个参与部门至少选派 1 人");
    if (teamRule.maxSize < teamRule.minSize) throw badInput("teamRule.maxSize", "人数上限不能小于下限");
    Object.assign(p, {
      status: confirmed,
      itemIds: items.itemIds,
      jointEntryIds: items.jointEntryIds,
      teamRule,
      confirmedAt: now(),
      respondedBy: currentUserId(),
    });
    await ctx().manager.save(p);
    await audit.record({
      action: "joint_participation.confirm",
      entityType: "joint_participation",
      entityId: p.id,
      after: p,
    });
    await publishJointProgress(task, await participationsOf(task.id), { event: "CONFIRMED", departmentId: p.tenantId });
    return p;
  },

  /** 拒绝参与 (with a reason). From then on the department sees nothing of the task (RLS). */
  async decline(taskId: string, reason: string): Promise<JointParticipationEntity> {
    if (!reason.trim()) throw badInput("reason", "拒绝参与须说明理由");
    const p = await ownParticipationForUpdate(taskId);
    const task = await visibleJointTask(taskId);
    if (p.isInitiator) throw conflict("发起部门不能拒绝参与本部门发起的联合抽查任务");
    assertMove(jointTaskLifecycle, task.status, "declineParticipation");
    const status = assertMove(jointParticipationLifecycle, p.status, "decline");
    const participations = await participationsOf(task.id);
    const declined = { ...p, status, declineReason: reason.trim(), declinedAt: now() };
    // Published before the row changes: after it, this department can no longer see the task.
    await publishJointProgress(task, participations, { event: "DECLINED", departmentId: p.tenantId });
    // No RETURNING: the declined row is no longer visible to its own department.
    await ctx().manager.query(
      `UPDATE joint_participation SET status = $4, decline_reason = $2, declined_at = now(), responded_by = $3,
         item_ids = '{}', confirmed_at = NULL WHERE id = $1`,
      [p.id, declined.declineReason, currentUserId(), status],
    );
    await audit.record({
      action: "joint_participation.decline",
      entityType: "joint_participation",
      entityId: p.id,
      after: { status, reason: declined.declineReason },
    });
    return Object.assign(p, declined);
  },

  /**
   * Approval by the initiating department's SUPERVISOR once every invited department has answered: commits to the
   * draw with a secret server seed whose SHA-256 is published on the task.
   */
  async approve(taskId: string): Promise<JointTaskEntity> {
    const task = await initiatorTaskForUpdate(taskId);
    const approved = assertMove(jointTaskLifecycle, task.status, "approve");
    assertNotMaker("joint_task", task, currentUserId());
    assertReadyToDraw(await participationsOf(task.id));
    await seedStore.commit("JOINT", task, currentTenantId());
    Object.assign(task, {
      status: approved,
      approvedAt: now(),
      approvedBy: currentUserId(),
    });
    await ctx().manager.save(task);
    await audit.record({
      action: "joint_task.approve",
      entityType: "joint_task",
      entityId: task.id,
      after: { commitment: task.commitment },
    });
    await publishJointProgress(task, await participationsOf(task.id), { event: "APPROVED" });
    return task;
  },

  async getPlan(id: string): Promise<JointPlanEntity> {
    const plan = isUuid(id) ? await ctx().manager.findOne(JointPlanEntity, { where: { id } }) : null;
    if (!plan) throw notFound("联合抽查计划");
    return plan;
  },

  async listPlans(year: number | undefined, limit: number, offset: number) {
    return ctx().manager.findAndCount(JointPlanEntity, {
      where: year === undefined ? {} : { year },
      order: { year: "DESC", createdAt: "DESC" },
      take: limit,
      skip: offset,
    });
  },

  getTask: (id: string) => visibleJointTask(id),

  async listTasks(filter: { planId?: string; status?: JointTaskStatus }, limit: number, offset: number) {
    if (filter.planId !== undefined && !isUuid(filter.planId)) return [[], 0] as const;
    const where: Record<string, unknown> = {};
    if (filter.planId !== undefined) where.planId = filter.planId;
    if (filter.status !== undefined) where.status = filter.status;
    return ctx().manager.findAndCount(JointTaskEntity, {
      where,
      order: { createdAt: "ASC", id: "ASC" },
      take: limit,
      skip: offset,
    });
  },

  /** The caller's own participations (invitations to answer included), newest first. */
  async myParticipations(limit: number, offset: number) {
    return ctx().manager.findAndCount(JointParticipationEntity, {
      where: { tenantId: currentTenantId() },
      order: { createdAt: "DESC", id: "ASC" },
      take: limit,
      skip: offset,
    });
  },

  /**
   * Per department, joint tasks initiated and joined in the coordinator's plans of `year` (每年至少开展一次部门联合
   * 抽查): the coordinator sees who has not done one yet.
   */
  async yearCounts(year: number) {
    const coordinatorId = await requireCoordinatorTenant();
    // published: joint tasks in which the department's part of a visit was published (not only invited, not only
    // "recorded why not"): what "at least one joint inspection a year" counts.
    const rows: Array<{ id: string; initiated: number; joined: number; published: number }> = await ctx().manager.query(
      `SELECT t.id,
              (SELECT count(*)::int FROM joint_task jt JOIN joint_plan jp ON jp.id = jt.plan_id
                WHERE jt.initiating_tenant_id = t.id AND jt.origin = 'DRAW' AND jp.year = $1 AND jp.tenant_id = $2) AS initiated,
              (SELECT count(*)::int FROM joint_participation p JOIN joint_plan jp ON jp.id = p.plan_id
                WHERE p.tenant_id = t.id AND p.status = 'CONFIRMED' AND NOT p.is_initiator AND jp.year = $1
                  AND jp.tenant_id = $2) AS joined,
              (SELECT count(DISTINCT v.task_id)::int FROM joint_visit v JOIN joint_task jt ON jt.id = v.task_id
                 JOIN joint_plan jp ON jp.id = jt.plan_id
                WHERE jp.year = $1 AND jp.tenant_id = $2 AND v.status <> 'CANCELLED'
                  AND coalesce(v.state -> 'publishedBy', '[]') ? t.id::text
                  AND NOT coalesce(v.state -> 'notPublished', '{}') ? t.id::text) AS published
         FROM tenant t
        WHERE t.kind <> 'PLATFORM' AND t.region_code = (SELECT c.region_code FROM tenant c WHERE c.id = $2)
        ORDER BY t.code`,
      [year, coordinatorId],
    );
    return rows;
  },
};

/** A fresh secret server seed for the task (approval, or after a void); its SHA-256 goes on the task. */
/** The initiating department's task, locked (its UPDATE policy); others get NOT_FOUND or FORBIDDEN. */
export async function initiatorTaskForUpdate(id: string): Promise<JointTaskEntity> {
  const task = await visibleJointTask(id);
  if (task.initiatingTenantId !== currentTenantId()) throw forbidden("只有发起部门可以批准和抽取该联合抽查任务");
  return visibleJointTask(id, true);
}

/**
 * Drawable once no invitation is unanswered, the initiating department has confirmed and at least two departments
 * take part (a department that declined is out of the task).
 */
export function assertReadyToDraw(ps: JointParticipationEntity[]): void {
  const pending = ps.filter((p) => p.status === "INVITED");
  const confirmed = ps.filter((p) => p.status === "CONFIRMED");
  if (pending.length)
    throw ruleViolation(
      "JOINT_NOT_CONFIRMED",
      `尚有 ${pending.length} 个参与部门未确认参与，全部确认后才能批准和抽取`,
      {
        pending: pending.map((p) => p.tenantId),
      },
    );
  if (confirmed.length < 2 || !confirmed.some((p) => p.isInitiator))
    throw ruleViolation("JOINT_TOO_FEW_DEPARTMENTS", "确认参与的部门（含发起部门）不足两个，不能开展联合抽查");
}

/** The plan facts the shared draw rule (assertPlanDrawable) checks for a joint task: publication and the window. */
export async function jointDrawFacts(task: JointTaskEntity): Promise<PlanDrawFacts> {
  const published = await ctx().manager.exists(JointPlanPublicationEntity, { where: { planId: task.planId } });
  return { planPublished: published, window: { from: task.windowFrom, to: task.windowTo } };
}

/** Participation rows without RETURNING: a row is visible to the coordinator only once it exists. */
async function invite(task: JointTaskEntity, departments: Array<{ departmentId: string; proposedItemIds: string[] }>) {
  await ctx().manager.query(
    `INSERT INTO joint_participation (id, task_id, plan_id, tenant_id, coordinator_tenant_id, is_initiator, proposed_item_ids)
     SELECT unnest($1::uuid[]), $2, $3, unnest($4::uuid[]), $5, unnest($6::boolean[]), '{}'`,
    [
      departments.map(() => randomUUID()),
      task.id,
      task.planId,
      departments.map((d) => d.departmentId),
      task.tenantId,
      departments.map((d) => d.departmentId === task.initiatingTenantId),
    ],
  );
  for (const d of departments)
    if (d.proposedItemIds.length)
      await ctx().manager.query(
        `UPDATE joint_participation SET proposed_item_ids = $3 WHERE task_id = $1 AND tenant_id = $2`,
        [task.id, d.departmentId, d.proposedItemIds],
      );
}
