/**
 * One attempt of a v2 draw, once for department (TASK) and joint (JOINT) tasks: the open lock after its notice period,
 * the witness (confirmed from their own session, or typing their credentials here), the revealed seed, the draw from
 * the lock, and the attempt kept whatever its outcome (VALID, or INFEASIBLE: kept, public, voided before a new lock)
 * with its audit event. The caller holds the task's row lock, has checked its state and the plan rules, and then
 * makes what a valid draw assigns (assignments; joint targets, visits and parts).
 */
import { ctx, currentUserId } from "../../context/request-context";
import type { DrawRecordV2 } from "../../draw";
import { DrawEntity } from "../../entities/draw/draw.entity";
import { JointDrawEntity } from "../../entities/joint/joint-visit.entity";
import { conflict } from "../../errors";
import { audit } from "../audit/audit.service";
import { operatorLabel } from "./draw-people.service";
import { type DrawLockRow, drawRunner, type LockKind } from "./draw-runner.service";
import { type DrawWitness, drawWitness, type WitnessFields } from "./draw-witness.service";
import { seedStore } from "./seed-store.service";

/**
 * A draw: the witness (现场监督人, src/services/draw/draw-witness.service.ts) has confirmed from their own session, so only the
 * task is given; or, without that confirmation, the witness types their own username, password and entropy here.
 */
export interface DrawRequest extends WitnessFields {
  taskId: string;
}

export interface DrawAttempt {
  lock: DrawLockRow;
  witness: DrawWitness;
  record: DrawRecordV2;
  /** The targets for which some config could not form a team: the attempt is INFEASIBLE. */
  failures: DrawRecordV2["inspectorResults"][number]["failures"];
}

type DrawRow<K extends LockKind> = K extends "TASK" ? DrawEntity : JointDrawEntity;
const ENTITY = { TASK: DrawEntity, JOINT: JointDrawEntity } as const;
const AUDIT = {
  TASK: { perform: "draw.perform", infeasible: "draw.infeasible", entityType: "draw" },
  JOINT: { perform: "joint_draw.perform", infeasible: "joint_draw.infeasible", entityType: "joint_draw" },
} as const;
const INFEASIBLE_OPEN = {
  TASK: "上一次抽取有检查对象未能组成检查组（记录已公开）；须由监督人员作废该次抽取并说明理由后重新锁定",
  JOINT: "上一次联合抽取有检查对象未能组成检查组（记录已公开）；须由发起部门监督人员作废该次抽取后重新锁定",
} as const;

export const drawAttempt = {
  /** An INFEASIBLE attempt stays the task's open draw until a supervisor voids it (with a reason, publicly). */
  async refuseWhileInfeasible(kind: LockKind, taskId: string): Promise<void> {
    const n = await ctx().manager.count(ENTITY[kind], { where: { taskId, status: "INFEASIBLE" } });
    if (n > 0) throw conflict(INFEASIBLE_OPEN[kind]);
  },

  /** The draw from the task's open lock; writes nothing (see keep). */
  async perform(
    kind: LockKind,
    task: { id: string; commitment: string | null },
    req: DrawRequest,
  ): Promise<DrawAttempt> {
    const lock = await drawRunner.lockForDraw(kind, task.id, task.commitment);
    const witness = await drawWitness.forDraw(lock, req);
    const operator = await operatorLabel(currentUserId());
    const record = drawRunner.run(lock.lock, {
      serverSeed: await seedStore.reveal(kind, task.id),
      entropy: witness.entropy,
      operator,
      witness: witness.label,
    });
    return { lock, witness, record, failures: record.inspectorResults.flatMap((r) => r.failures) };
  },

  /**
   * Keeps the attempt (the next sequence of the task's draws), marks the lock used and records the audit event.
   * `valid` is false when a team failed (the record's failures, or a joint task's mixed team); public after the
   * embargo of `embargoDays`.
   */
  async keep<K extends LockKind>(
    kind: K,
    attempt: DrawAttempt,
    row: { tenantId: string; taskId: string; valid: boolean; embargoDays: number },
  ): Promise<DrawRow<K>> {
    const { manager } = ctx();
    const { lock, witness, record } = attempt;
    const entity = ENTITY[kind] as typeof DrawEntity;
    const drawn = await manager.save(
      manager.create(entity, {
        tenantId: row.tenantId,
        taskId: row.taskId,
        sequence: (await manager.count(entity, { where: { taskId: row.taskId } })) + 1,
        status: row.valid ? "VALID" : "INFEASIBLE",
        record,
        sealDigest: record.sealDigest,
        populationSize: record.population.count,
        drawnCount: record.drawn.length,
        operatorId: currentUserId(),
        witnessId: witness.id,
        drawnAt: new Date(record.drawnAt),
        publicAfter: new Date(Date.parse(record.drawnAt) + row.embargoDays * 86_400_000),
        voidReason: null,
        voidedBy: null,
        voidedAt: null,
        voidEntry: null,
        lockId: lock.id,
      }),
    );
    await drawRunner.markUsed(lock.id, drawn.id);
    await audit.record({
      action: row.valid ? AUDIT[kind].perform : AUDIT[kind].infeasible,
      entityType: AUDIT[kind].entityType,
      entityId: drawn.id,
      after: {
        taskId: row.taskId,
        sealDigest: record.sealDigest,
        lockDigest: record.lock.digest,
        drawn: record.drawn.length,
        witness: witness.id,
        witnessVia: witness.via,
        infeasibleTargets: attempt.failures.length,
      },
    });
    return drawn as DrawRow<K>;
  },
};
