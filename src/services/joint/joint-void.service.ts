import { In } from "typeorm";
import { Role } from "../../auth/roles";
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { assertMove } from "../../domain/lifecycle";
import { drawLifecycle } from "../../domain/plan/draw.lifecycle";
import { DRAW_ALGORITHM_V2, type DrawRecordV2, voidDrawV2 } from "../../draw";
import { JointDrawEntity, JointTargetEntity } from "../../entities/joint/joint-visit.entity";
import { badInput, forbidden, notFound } from "../../errors";
import { jointTargetLifecycle } from "../../joint/joint-target.lifecycle";
import { jointTaskLifecycle } from "../../joint/joint-task.lifecycle";
import { now } from "../../time";
import { audit } from "../audit/audit.service";
import { personLabel } from "../draw/draw.service";
import { publishJointProgress } from "./joint.events";
import { participationsOf, syncJointParts } from "./joint.guards";
import { commitJointSeed, initiatorTaskForUpdate } from "./joint-plan.service";
import { fullJointRecord } from "./joint-record.service";

/**
 * 作废联合抽取: the initiating department's SUPERVISOR voids the draw with a reason. The draw stays in the history
 * (participants see it; the public too once published and past the embargo); its targets and visits are CANCELLED;
 * a fresh seed is committed so the task can be drawn again (the new commitment is on the task).
 */
export const jointVoidService = {
  async void(drawId: string, reason: string): Promise<JointDrawEntity> {
    if (!reason.trim()) throw badInput("reason", "作废抽取必须说明理由");
    const { manager } = ctx();
    const seen = isUuid(drawId) ? await manager.findOne(JointDrawEntity, { where: { id: drawId } }) : null;
    if (!seen) throw notFound("联合抽取记录");
    if (seen.tenantId !== currentTenantId()) throw forbidden("只有发起部门的监督人员可以作废联合抽取");
    const task = await initiatorTaskForUpdate(seen.taskId);
    const d = await manager.findOneOrFail(JointDrawEntity, {
      where: { id: seen.id },
      lock: { mode: "for_no_key_update" },
    });
    const voided = assertMove(drawLifecycle, d.status, "void");
    const voidedAt = now();
    // v2: the void is the last entry of the record's chain (public with the record).
    const voidEntry =
      d.record.algorithm === DRAW_ALGORITHM_V2
        ? voidDrawV2((await fullJointRecord(d)) as DrawRecordV2, {
            reason: reason.trim(),
            voidedBy: await personLabel(currentUserId(), Role.SUPERVISOR),
            voidedAt: voidedAt.toISOString(),
          }).voided
        : null;
    Object.assign(d, { status: voided, voidReason: reason.trim(), voidedBy: currentUserId(), voidedAt, voidEntry });
    await manager.save(d);
    const targets = await manager.find(JointTargetEntity, { where: { drawId: d.id, status: "ACTIVE" } });
    if (targets.length) {
      const ids = targets.map((t) => t.id);
      const [cancelled] = targets.map((t) => assertMove(jointTargetLifecycle, t.status, "cancel"));
      await manager.update(JointTargetEntity, { id: In(ids) }, { status: cancelled });
      await manager.query(
        `UPDATE joint_visit SET status = 'CANCELLED', updated_at = now() WHERE target_id = ANY ($1)`,
        [ids],
      );
      // Each department's parts are cancelled with the targets, as a department void cancels its assignments.
      await syncJointParts(task.id);
    }
    await commitJointSeed(task);
    task.status = assertMove(jointTaskLifecycle, task.status, "voidDraw");
    await manager.save(task);
    await audit.record({
      action: "joint_draw.void",
      entityType: "joint_draw",
      entityId: d.id,
      after: { taskId: task.id, reason: d.voidReason, cancelledTargets: targets.length, commitment: task.commitment },
    });
    await publishJointProgress(
      task,
      await participationsOf(task.id),
      { event: "VOIDED", drawId: d.id, targets: targets.length },
      targets.flatMap((t) =>
        t.memberUserKeys.map((key) => {
          const [tenantId, userId] = key.split(":");
          return {
            tenantId,
            userId,
            payload: { change: "CANCELLED", jointTaskId: task.id, jointTargetId: t.id, subjectId: t.subjectId },
          };
        }),
      ),
    );
    return d;
  },
};
