import { ctx } from "../../context/request-context";
import { LiveTopic } from "../../domain/live/topics";
import type { AssignmentEntity } from "../../entities/draw/draw.entity";
import { liveEvents } from "../live/live-events.service";

export type AssignmentChange = "ASSIGNED" | "SUBSTITUTED_IN" | "RECUSED" | "CANCELLED" | "VISIT_DATE_AGREED";

/** inspector id → user id, for the inspectors linked to a user account. */
async function usersOf(inspectorIds: string[]): Promise<Map<string, string>> {
  const users: Array<{ id: string; user_id: string }> = inspectorIds.length
    ? await ctx().manager.query(`SELECT id, user_id FROM inspector WHERE id = ANY ($1) AND user_id IS NOT NULL`, [
        inspectorIds,
      ])
    : [];
  return new Map(users.map((u) => [u.id, u.user_id]));
}

/**
 * Pushes assignment changes to the inspectors concerned (those linked to a user account), plus one progress
 * tick for the department's dashboard. Runs inside the caller's transaction: nothing is sent if it rolls back.
 */
export async function notifyAssignmentChanges(
  changes: Array<{ assignment: AssignmentEntity; inspectorIds: string[]; change: AssignmentChange }>,
  progress: { taskId: string; event: string; count: number },
): Promise<void> {
  const userOf = await usersOf([...new Set(changes.flatMap((c) => c.inspectorIds))]);
  const events = changes.flatMap(({ assignment: a, inspectorIds: ids, change }) =>
    ids
      .filter((id) => userOf.has(id))
      .map((id) => ({
        topic: LiveTopic.ASSIGNMENT,
        userId: userOf.get(id)!,
        payload: {
          change,
          assignmentId: a.id,
          taskId: a.taskId,
          subjectId: a.subjectId,
          role: a.leaderId === id ? "LEADER" : "MEMBER",
          windowFrom: a.windowFrom,
          windowTo: a.windowTo,
        },
      })),
  );
  await liveEvents.publishMany([...events, { topic: LiveTopic.TASK_PROGRESS, payload: progress }]);
}

/**
 * 双预约: the visit date is agreed (the team accepted the firm's date, or the firm took the team's). Every team
 * member with an account gets it on 我的任务, in the assignment's department stream — also when the firm acted
 * through its code, with no signed-in user (the tenant is named, not taken from a principal).
 */
export async function notifyVisitDateAgreed(a: AssignmentEntity, agreedDate: string, agreedBy: "FIRM" | "TEAM") {
  const userOf = await usersOf(a.memberIds);
  await liveEvents.publishMany(
    a.memberIds
      .filter((id) => userOf.has(id))
      .map((id) => ({
        topic: LiveTopic.ASSIGNMENT,
        tenantId: a.tenantId,
        userId: userOf.get(id)!,
        payload: {
          change: "VISIT_DATE_AGREED" satisfies AssignmentChange,
          assignmentId: a.id,
          taskId: a.taskId,
          subjectId: a.subjectId,
          role: a.leaderId === id ? "LEADER" : "MEMBER",
          agreedDate,
          agreedBy,
        },
      })),
  );
}
