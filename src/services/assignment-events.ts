import { ctx } from "../context/request-context";
import { LiveTopic } from "../domain/live/topics";
import type { AssignmentEntity } from "../entities/draw";
import { liveEvents } from "./live-events.service";

export type AssignmentChange = "ASSIGNED" | "SUBSTITUTED_IN" | "RECUSED" | "CANCELLED";

/**
 * Pushes assignment changes to the inspectors concerned (those linked to a user account), plus one progress
 * tick for the department's dashboard. Runs inside the caller's transaction: nothing is sent if it rolls back.
 */
export async function notifyAssignmentChanges(
  changes: Array<{ assignment: AssignmentEntity; inspectorIds: string[]; change: AssignmentChange }>,
  progress: { taskId: string; event: string; count: number },
): Promise<void> {
  const inspectorIds = [...new Set(changes.flatMap((c) => c.inspectorIds))];
  const users: Array<{ id: string; user_id: string }> = inspectorIds.length
    ? await ctx().manager.query(`SELECT id, user_id FROM inspector WHERE id = ANY ($1) AND user_id IS NOT NULL`, [
        inspectorIds,
      ])
    : [];
  const userOf = new Map(users.map((u) => [u.id, u.user_id]));
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
