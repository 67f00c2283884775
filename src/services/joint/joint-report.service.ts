import { randomUUID } from "node:crypto";
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { JointPlanEntity } from "../../entities/joint/joint-plan.entity";
import { JointTaskEntity } from "../../entities/joint/joint-task.entity";
import { JointTargetEntity, JointVisitEntity } from "../../entities/joint/joint-visit.entity";
import { TenantEntity } from "../../entities/system/tenant.entity";
import { badInput, conflict, notFound } from "../../errors";
import {
  type DrawnTask,
  detectOverlaps,
  type OverlapCandidate,
  type PlanVisits,
  regionSavings,
  savingsReport,
  type VisitOutcome,
} from "../../joint";
import { audit } from "../audit/audit.service";
import { frozenPlanReason, recordPlanRevision } from "../plan/plan-revision.service";
import { publishJointProgress } from "./joint.events";
import { participationsOf, requireCoordinatorTenant } from "./joint.guards";
import { insertTargetsAndVisits } from "./joint-draw.service";

const outcome = (v: JointVisitEntity): VisitOutcome => ({
  visitId: v.id,
  targetId: v.subjectId,
  departmentIds: v.participantIds,
  done: v.status === "COMPLETE",
  itemsChecked: v.itemsChecked,
});

/** What joint inspection saved, and the overlaps it could still remove (消除重复检查). */
export const jointReportService = {
  async planReport(planId: string) {
    const visits: JointVisitEntity[] = await ctx().manager.query(
      `SELECT v.id, v.subject_id AS "subjectId", v.participant_ids AS "participantIds", v.status,
              v.items_checked AS "itemsChecked"
         FROM joint_visit v JOIN joint_task t ON t.id = v.task_id WHERE t.plan_id = $1 AND v.status <> 'CANCELLED'`,
      [planId],
    );
    return savingsReport(visits.map(outcome));
  },

  /**
   * Per joint plan of the year and for the whole region (a department or target in two plans counts once). The
   * region is the caller's: plans of coordinators in the caller's region code. Read policies alone are not the scope
   * — every published joint plan is public, so without this a department would count other regions' plans.
   */
  async regionReport(year: number) {
    const plans: JointPlanEntity[] = await ctx()
      .manager.createQueryBuilder(JointPlanEntity, "p")
      .innerJoin(TenantEntity, "o", "o.id = p.tenant_id")
      .where("p.year = :year", { year })
      .andWhere("o.region_code = (SELECT c.region_code FROM tenant c WHERE c.id = :me)", { me: currentTenantId() })
      .orderBy("p.createdAt", "ASC")
      .getMany();
    const rows: Array<JointVisitEntity & { planId: string }> = plans.length
      ? await ctx().manager.query(
          `SELECT t.plan_id AS "planId", v.id, v.subject_id AS "subjectId", v.participant_ids AS "participantIds",
                  v.status, v.items_checked AS "itemsChecked"
             FROM joint_visit v JOIN joint_task t ON t.id = v.task_id WHERE t.plan_id = ANY ($1) AND v.status <> 'CANCELLED'`,
          [plans.map((p) => p.id)],
        )
      : [];
    const byPlan: PlanVisits[] = plans.map((p) => ({
      planId: p.id,
      visits: rows.filter((r) => r.planId === p.id).map(outcome),
    }));
    return { plans, savings: regionSavings(byPlan) };
  },

  /**
   * Departments' own drawn tasks that drew the same subject in overlapping windows (aggregated across tenants by
   * joint_overlap_pairs, coordinator only), less those already consolidated.
   */
  async overlaps(from: string, to: string): Promise<OverlapCandidate[]> {
    const coordinatorId = await requireCoordinatorTenant();
    if (to < from) throw badInput("to", "结束日期不能早于开始日期");
    const pairs = await overlapPairs(from, to);
    const tasks = new Map<string, DrawnTask & { subjectIds: string[] }>();
    for (const p of pairs) {
      const t = tasks.get(p.task_id) ?? {
        taskId: p.task_id,
        departmentId: p.tenant_id,
        window: { from: p.window_from, to: p.window_to },
        subjectIds: [],
      };
      t.subjectIds.push(p.subject_id);
      tasks.set(p.task_id, t);
    }
    const result = detectOverlaps([...tasks.values()]);
    if (!result.ok) throw badInput("from", "部门抽查任务的期限数据有误");
    const done: Array<{ subject_id: string; ids: string[] }> = await ctx().manager.query(
      `SELECT tg.subject_id, t.consolidated_task_ids AS ids FROM joint_task t JOIN joint_target tg ON tg.task_id = t.id
        WHERE t.origin = 'CONSOLIDATION' AND t.tenant_id = $1`,
      [coordinatorId],
    );
    return result.value.filter(
      (c) => !done.some((d) => d.subject_id === c.subjectId && c.tasks.every((t) => d.ids.includes(t.taskId))),
    );
  },

  /**
   * 一键合并: turns one overlap candidate into a joint visit in a joint plan. The departments keep their own draws
   * and records; they share the visit (and its merged checklist of their tasks' items).
   */
  async consolidate(
    planId: string,
    subjectId: string,
    taskIds: string[],
    reason?: string | null,
  ): Promise<JointVisitEntity> {
    const coordinatorId = await requireCoordinatorTenant();
    const { manager } = ctx();
    const plan = isUuid(planId)
      ? await manager.findOne(JointPlanEntity, { where: { id: planId, tenantId: coordinatorId } })
      : null;
    if (!plan) throw notFound("联合抽查计划");
    const revisionReason = await frozenPlanReason("JOINT", plan.id, reason);
    if (!isUuid(subjectId) || !taskIds.every(isUuid)) throw notFound("重复检查线索");
    const candidate = (await jointReportService.overlaps("2000-01-01", "2100-12-31")).find(
      (c) =>
        c.subjectId === subjectId &&
        taskIds.length === c.tasks.length &&
        c.tasks.every((t) => taskIds.includes(t.taskId)),
    );
    if (!candidate) throw conflict("该重复检查线索不存在或已合并，请刷新后重试");
    const pairs = (await overlapPairs(candidate.proposedWindow.from, candidate.proposedWindow.to)).filter(
      (p) => p.subject_id === subjectId && taskIds.includes(p.task_id),
    );
    const departments = candidate.departmentIds;
    const [subject] = await manager.query(`SELECT name FROM subject WHERE id = $1`, [subjectId]);
    const task = await manager.save(
      manager.create(JointTaskEntity, {
        tenantId: coordinatorId,
        planId: plan.id,
        name: `合并检查：${subject?.name ?? subjectId}`,
        origin: "CONSOLIDATION",
        initiatingTenantId: departments[0],
        windowFrom: candidate.proposedWindow.from,
        windowTo: candidate.proposedWindow.to,
        targetScope: {},
        samplingRule: null,
        stratifyBy: "NONE",
        materials: [],
        status: "DRAWN",
        commitment: null,
        approvedAt: null,
        approvedBy: null,
        consolidatedTaskIds: candidate.tasks.map((t) => t.taskId),
        createdBy: currentUserId(),
      }),
    );
    // The departments' own items, confirmed by their own task approvals: no second confirmation.
    await manager.query(
      `INSERT INTO joint_participation (id, task_id, plan_id, tenant_id, coordinator_tenant_id, is_initiator, status,
         item_ids, confirmed_at, team_rule)
       SELECT x.id, $2, $3, d, $4, d = $5, 'CONFIRMED', ARRAY(
                SELECT DISTINCT unnest(p.item_ids) FROM jsonb_to_recordset($6::jsonb) AS p(tenant_id uuid, item_ids uuid[])
                 WHERE p.tenant_id = d), now(), NULL
         FROM unnest($1::uuid[], $7::uuid[]) AS x(id, d)`,
      [
        departments.map(() => randomUUID()),
        task.id,
        plan.id,
        coordinatorId,
        departments[0],
        JSON.stringify(pairs.map((p) => ({ tenant_id: p.tenant_id, item_ids: p.item_ids }))),
        departments,
      ],
    );
    const participations = await participationsOf(task.id);
    const target = manager.create(JointTargetEntity, {
      tenantId: coordinatorId,
      taskId: task.id,
      drawId: null,
      subjectId,
      stratum: "合并",
      status: "ACTIVE",
      team: null,
      memberIds: [],
      memberUserKeys: [],
    });
    await insertTargetsAndVisits(task, [target], participations);
    const [visit] = (await manager.query(`SELECT id FROM joint_visit WHERE task_id = $1`, [task.id])) as Array<{
      id: string;
    }>;
    await audit.record({
      action: "joint_visit.consolidate",
      entityType: "joint_task",
      entityId: task.id,
      after: { subjectId, tasks: task.consolidatedTaskIds, departments },
    });
    if (revisionReason)
      await recordPlanRevision("JOINT", plan.id, revisionReason, [
        {
          kind: "CONSOLIDATION_ADDED",
          taskId: task.id,
          name: task.name,
          before: null,
          after: { departments, consolidatedTaskIds: task.consolidatedTaskIds, window: candidate.proposedWindow },
        },
      ]);
    await publishJointProgress(task, participations, { event: "CONSOLIDATED", subjectId });
    return manager.findOneByOrFail(JointVisitEntity, { id: visit.id });
  },
};

async function overlapPairs(from: string, to: string) {
  return (await ctx().manager.query(
    `SELECT task_id, tenant_id, to_char(window_from, 'YYYY-MM-DD') AS window_from,
            to_char(window_to, 'YYYY-MM-DD') AS window_to, subject_id, item_ids
       FROM joint_overlap_pairs($1::date, $2::date)`,
    [from, to],
  )) as Array<{
    task_id: string;
    tenant_id: string;
    window_from: string;
    window_to: string;
    subject_id: string;
    item_ids: string[];
  }>;
}
