import { tenantLoader } from "../../context/loaders";
import { ctx, currentTenantId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { JointParticipationEntity } from "../../entities/joint/joint-participation.entity";
import { JointTaskEntity } from "../../entities/joint/joint-task.entity";
import { forbidden, notFound } from "../../errors";

/** The caller's tenant must be the coordinator (联席会议办公室). */
export async function requireCoordinatorTenant(): Promise<string> {
  const tenantId = currentTenantId();
  const t = await tenantLoader().load(tenantId);
  if (!t?.isCoordinator) throw forbidden("只有牵头协调部门（联席会议办公室）可以执行此操作");
  return tenantId;
}

/** A joint task visible to the caller under RLS (coordinator or non-declined participant); NOT_FOUND otherwise. */
export async function visibleJointTask(id: string, lock = false): Promise<JointTaskEntity> {
  const task = isUuid(id)
    ? await ctx().manager.findOne(JointTaskEntity, {
        where: { id },
        ...(lock ? { lock: { mode: "for_no_key_update" as const } } : {}),
      })
    : null;
  if (!task) throw notFound("联合抽查任务");
  return task;
}

/** A task's participations visible to the caller, in document order: the initiator first, then by department code. */
export async function participationsOf(taskId: string): Promise<JointParticipationEntity[]> {
  const rows = await ctx().manager.find(JointParticipationEntity, { where: { taskId } });
  const tenants = await tenantLoader().loadMany(rows.map((p) => p.tenantId));
  const code = new Map(rows.map((p, i) => [p.id, (tenants[i] as { code?: string } | null)?.code ?? ""]));
  return rows.sort(
    (a, b) => Number(b.isInitiator) - Number(a.isInitiator) || code.get(a.id)!.localeCompare(code.get(b.id)!, "en"),
  );
}

/** The caller's own participation in a task, locked; NOT_FOUND when it has none it can see. */
export async function ownParticipationForUpdate(taskId: string): Promise<JointParticipationEntity> {
  const p = isUuid(taskId)
    ? await ctx().manager.findOne(JointParticipationEntity, {
        where: { taskId, tenantId: currentTenantId() },
        lock: { mode: "for_no_key_update" },
      })
    : null;
  if (!p) throw notFound("联合抽查任务");
  return p;
}

/** Departments that take part: CONFIRMED participations (the initiator among them). */
export const confirmedOf = (ps: JointParticipationEntity[]) => ps.filter((p) => p.status === "CONFIRMED");

/**
 * Each participating department's part of every target (its JOINT assignment, in its own tenant) follows the targets'
 * teams: created after a draw, cancelled with a void, its members changed by a 递补 (joint_parts_sync, migration 0130).
 */
export async function syncJointParts(taskId: string): Promise<void> {
  await ctx().manager.query(`SELECT joint_parts_sync($1)`, [taskId]);
}
