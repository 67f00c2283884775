import { In } from "typeorm";
import { defineLoader } from "../../context/loaders";
import { ctx, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { JointPlanEntity } from "../../entities/joint/joint-plan.entity";
import { JointPlanPublicationEntity } from "../../entities/joint/joint-plan-publication.entity";
import { JointTaskEntity } from "../../entities/joint/joint-task.entity";
import { conflict, notFound, ruleViolation } from "../../errors";
import { now } from "../../time";
import { audit } from "../audit/audit.service";
import { requireCoordinatorTenant } from "./joint.guards";

export type JointPlanStatus = "DRAFT" | "PUBLISHED";

/**
 * 公布部门联合抽查计划: DRAFT → PUBLISHED by the coordinator. From then on RLS (joint_plan_publication) lets anyone,
 * anonymous callers included, read the plan, its tasks, the confirmed participations, and each joint draw record
 * once its embargo has passed; before it, only the coordinator and non-declined participants see anything.
 */
export const jointPublicationService = {
  async publish(planId: string): Promise<JointPlanEntity> {
    const coordinatorId = await requireCoordinatorTenant();
    const { manager } = ctx();
    const plan = isUuid(planId)
      ? await manager.findOne(JointPlanEntity, {
          where: { id: planId, tenantId: coordinatorId },
          lock: { mode: "for_no_key_update" },
        })
      : null;
    if (!plan) throw notFound("联合抽查计划");
    if (await manager.findOne(JointPlanPublicationEntity, { where: { planId: plan.id } }))
      throw conflict("该联合抽查计划已公布");
    if (!(await manager.count(JointTaskEntity, { where: { planId: plan.id } })))
      throw ruleViolation("JOINT_PLAN_EMPTY", "计划中还没有联合抽查任务，请先新建任务再公布");
    const publication = manager.create(JointPlanPublicationEntity, {
      planId: plan.id,
      tenantId: coordinatorId,
      publishedAt: now(),
      publishedBy: currentUserId(),
    });
    await manager.insert(JointPlanPublicationEntity, publication);
    await audit.record({
      action: "joint_plan.publish",
      entityType: "joint_plan",
      entityId: plan.id,
      after: { status: "PUBLISHED", publishedAt: publication.publishedAt },
    });
    return plan;
  },
};

/** Per request: the publication of a plan (null while DRAFT). */
export const jointPlanPublicationLoader = defineLoader<string, JointPlanPublicationEntity | null>(
  "jointPlanPublication",
  async (manager, planIds) => {
    const rows = await manager.find(JointPlanPublicationEntity, { where: { planId: In([...planIds]) } });
    return planIds.map((id) => rows.find((r) => r.planId === id) ?? null);
  },
);
