import { LiveTopic } from "../../domain/live/topics";
import type { JointParticipationEntity } from "../../entities/joint/joint-participation.entity";
import type { JointTaskEntity } from "../../entities/joint/joint-task.entity";
import type { JointTargetEntity } from "../../entities/joint/joint-visit.entity";
import { liveEvents, type PublishInput } from "../live/live-events.service";

/**
 * JOINT_PROGRESS to the coordinator and every participant that has not declined (the tenants that can see the
 * task under RLS), plus any user-targeted ASSIGNMENT events. Call late in the mutation.
 */
export async function publishJointProgress(
  task: JointTaskEntity,
  participations: JointParticipationEntity[],
  payload: Record<string, unknown>,
  assignments: Array<{ tenantId: string; userId: string; payload: Record<string, unknown> }> = [],
): Promise<void> {
  const tenants = new Set([
    task.tenantId,
    ...participations.filter((p) => p.status !== "DECLINED").map((p) => p.tenantId),
  ]);
  const events: PublishInput[] = [...tenants].sort().map((tenantId) => ({
    topic: LiveTopic.JOINT_PROGRESS,
    tenantId,
    payload: { jointTaskId: task.id, planId: task.planId, ...payload },
  }));
  for (const a of assignments)
    events.push({ topic: LiveTopic.ASSIGNMENT, tenantId: a.tenantId, userId: a.userId, payload: a.payload });
  await liveEvents.publishMany(events);
}

/**
 * The ASSIGNMENT event of one team member of a joint target (`key` is a memberUserKeys entry, `<tenant>:<user>`;
 * none for a person without a user account), as the draw, its void and a 递补 tell it.
 */
export function targetEvents(
  key: string | null,
  change: string,
  jointTaskId: string,
  target: Pick<JointTargetEntity, "id" | "subjectId">,
): Array<{ tenantId: string; userId: string; payload: Record<string, unknown> }> {
  if (!key) return [];
  const [tenantId, userId] = key.split(":");
  return [
    { tenantId, userId, payload: { change, jointTaskId, jointTargetId: target.id, subjectId: target.subjectId } },
  ];
}

/** The ASSIGNMENT events of every member of the targets (drawn: ASSIGNED; voided: CANCELLED). */
export function teamEvents(
  targets: Array<Pick<JointTargetEntity, "id" | "subjectId" | "memberUserKeys">>,
  change: string,
  jointTaskId: string,
): Array<{ tenantId: string; userId: string; payload: Record<string, unknown> }> {
  return targets.flatMap((t) => t.memberUserKeys.flatMap((key) => targetEvents(key, change, jointTaskId, t)));
}
