/**
 * 作废 of a draw, once for department (TASK) and joint (JOINT) draws: a SUPERVISOR and a reason; the draw stays in
 * the public history with (v2) the void as the last entry of its record's chain; what it assigned is cancelled; a
 * fresh seed is committed so the task can be locked and drawn again; one audit event; the people concerned are told.
 * Each path keeps only its own I/O: which rows it cancels, which seed store, whom its events reach.
 */
import { Role } from "../../auth/roles";
import { ctx, currentUserId } from "../../context/request-context";
import { assertMove, type Lifecycle } from "../../domain/lifecycle";
import { drawLifecycle } from "../../domain/plan/draw.lifecycle";
import { DRAW_ALGORITHM_V2, type DrawRecordV2, voidDrawV2 } from "../../draw";
import type { AnyDrawRecord, DrawEntity } from "../../entities/draw/draw.entity";
import type { JointDrawEntity } from "../../entities/joint/joint-visit.entity";
import { badInput } from "../../errors";
import { now } from "../../time";
import { audit } from "../audit/audit.service";
import { personLabel } from "./draw-people.service";

/** The reason of a void (required, kept and public); checked before anything is read. */
export function voidReason(reason: string): string {
  if (!reason.trim()) throw badInput("reason", "作废抽取必须说明理由");
  return reason.trim();
}

/**
 * Voids `draw` of `task` (both row-locked by the caller, who has checked who may void it). `cancel` cancels what the
 * draw assigned and answers it; `commitSeed` commits the task's fresh seed (its commitment on the task); `notify`
 * tells the people of what was cancelled.
 */
export async function voidDraw<
  D extends DrawEntity | JointDrawEntity,
  T extends { id: string; status: S; commitment: string | null },
  S extends string,
  M extends string,
  C,
>(input: {
  kind: "TASK" | "JOINT";
  draw: D;
  reason: string;
  task: T;
  taskLifecycle: Lifecycle<S, M | "voidDraw">;
  /** The complete record (every 递补 so far), for the v2 void entry. */
  record: (d: D) => Promise<AnyDrawRecord>;
  cancel: () => Promise<C[]>;
  commitSeed: (task: T) => Promise<void>;
  /** What the path adds to the task when it is open again (a department task's publication date is cleared). */
  reopen?: Partial<T>;
  auditExtra?: (cancelled: C[]) => Record<string, unknown>;
  notify: (cancelled: C[]) => Promise<void>;
}): Promise<D> {
  const { manager } = ctx();
  const { draw: d, task } = input;
  const reason = voidReason(input.reason);
  const voided = assertMove(drawLifecycle, d.status, "void");
  const taskAfter = assertMove(input.taskLifecycle, task.status, "voidDraw");
  const voidedAt = now();
  // v2: the void is the last entry of the record's chain, so the public record shows it and its reason.
  const voidEntry =
    d.record.algorithm === DRAW_ALGORITHM_V2
      ? voidDrawV2((await input.record(d)) as DrawRecordV2, {
          reason,
          voidedBy: await personLabel(currentUserId(), Role.SUPERVISOR),
          voidedAt: voidedAt.toISOString(),
        }).voided
      : null;
  Object.assign(d, { status: voided, voidReason: reason, voidedBy: currentUserId(), voidedAt, voidEntry });
  await manager.save(d);
  const cancelled = await input.cancel();
  await input.commitSeed(task);
  Object.assign(task, { ...input.reopen, status: taskAfter });
  await manager.save(task);
  await audit.record({
    action: input.kind === "TASK" ? "draw.void" : "joint_draw.void",
    entityType: input.kind === "TASK" ? "draw" : "joint_draw",
    entityId: d.id,
    after: {
      taskId: task.id,
      reason,
      voidDigest: voidEntry?.digest ?? null,
      commitment: task.commitment,
      ...input.auditExtra?.(cancelled),
    },
  });
  await input.notify(cancelled);
  return d;
}
