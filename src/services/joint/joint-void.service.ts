import { In } from "typeorm";
import { ctx, currentTenantId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { assertMove } from "../../domain/lifecycle";
import { JointDrawEntity, JointTargetEntity } from "../../entities/joint/joint-visit.entity";
import { forbidden, notFound } from "../../errors";
import { jointTargetLifecycle } from "../../joint/joint-target.lifecycle";
import { jointTaskLifecycle } from "../../joint/joint-task.lifecycle";
import { seedStore } from "../draw/seed-store.service";
import { voidDraw, voidReason } from "../draw/void.service";
import { publishJointProgress, teamEvents } from "./joint.events";
import { participationsOf, syncJointParts } from "./joint.guards";
import { initiatorTaskForUpdate } from "./joint-plan.service";
import { fullJointRecord } from "./joint-record.service";

/**
 * 作废联合抽取: the initiating department's SUPERVISOR voids the draw with a reason. The draw stays in the history
 * (participants see it; the public too once published and past the embargo); its targets and visits are CANCELLED;
 * a fresh seed is committed so the task can be drawn again (the new commitment is on the task).
 */
export const jointVoidService = {
  async void(drawId: string, reason: string): Promise<JointDrawEntity> {
    voidReason(reason);
    const { manager } = ctx();
    const seen = isUuid(drawId) ? await manager.findOne(JointDrawEntity, { where: { id: drawId } }) : null;
    if (!seen) throw notFound("联合抽取记录");
    if (seen.tenantId !== currentTenantId()) throw forbidden("只有发起部门的监督人员可以作废联合抽取");
    const task = await initiatorTaskForUpdate(seen.taskId);
    const d = await manager.findOneOrFail(JointDrawEntity, {
      where: { id: seen.id },
      lock: { mode: "for_no_key_update" },
    });
    return voidDraw({
      kind: "JOINT",
      draw: d,
      reason,
      task,
      taskLifecycle: jointTaskLifecycle,
      record: fullJointRecord,
      cancel: async () => {
        const targets = await manager.find(JointTargetEntity, { where: { drawId: d.id, status: "ACTIVE" } });
        if (!targets.length) return targets;
        const ids = targets.map((t) => t.id);
        const [cancelled] = targets.map((t) => assertMove(jointTargetLifecycle, t.status, "cancel"));
        await manager.update(JointTargetEntity, { id: In(ids) }, { status: cancelled });
        await manager.query(
          `UPDATE joint_visit SET status = 'CANCELLED', updated_at = now() WHERE target_id = ANY ($1)`,
          [ids],
        );
        // Each department's parts are cancelled with the targets, as a department void cancels its assignments.
        await syncJointParts(task.id);
        return targets;
      },
      commitSeed: (t) => seedStore.commit("JOINT", t, currentTenantId()),
      auditExtra: (targets) => ({ cancelledTargets: targets.length }),
      notify: async (targets) =>
        publishJointProgress(
          task,
          await participationsOf(task.id),
          { event: "VOIDED", drawId: d.id, targets: targets.length },
          teamEvents(targets, "CANCELLED", task.id),
        ),
    });
  },
};
