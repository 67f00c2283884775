/**
 * The v2 draw runner shared by department (TASK) and joint (JOINT) draws (docs/DRAW.md §15): a lock freezes the
 * population, the inspector pools and the rules and publishes their digests beside the commitment; the draw only
 * adds the witness entropy, after the notice period; every attempt's outcome is kept (INFEASIBLE included).
 */
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { type PlanDrawFacts, planDrawViolation } from "../../domain/plan/draw-rules";
import {
  DrawInputError,
  type DrawLockV2,
  type DrawRecordV2,
  freezePopulation,
  type InspectorDrawConfigInput,
  lockDrawV2,
  performDrawV2,
  type SamplingRule,
} from "../../draw";
import { badInput, conflict, ruleViolation } from "../../errors";
import { chinaStartOfDay, chinaToday, formatChinaDateTime, now } from "../../time";
import { audit } from "../audit/audit.service";
import { calendarService } from "../system/calendar.service";
import { tenantSettings } from "../system/tenant-settings.service";
import { EXCLUSION_LABELS, type Population } from "./population.service";

export type LockKind = "TASK" | "JOINT";

export interface DrawLockRow {
  id: string;
  tenantId: string;
  kind: LockKind;
  taskId: string;
  status: "OPEN" | "USED" | "RELEASED";
  lock: DrawLockV2;
  commitment: string;
  lockDigest: string;
  populationCount: number;
  populationDigest: string;
  configDigest: string;
  lockedAt: Date;
  lockedBy: string;
  drawNotBefore: Date;
  immediateReason: string | null;
  drawId: string | null;
  releaseReason: string | null;
  /** The witness who confirmed from their own session (src/services/draw/draw-witness.service.ts), and when; null until then. */
  witnessId: string | null;
  witnessedAt: Date | null;
  /** The witness's department and public label (set by the database from the witness's own rows: migration 0234). */
  witnessTenantId: string | null;
  witnessLabel: string | null;
  /** The confirmed witness's entropy: read only with the full lock, for the draw (never listed). */
  witnessEntropy?: string | null;
}

const COLUMNS = `id, tenant_id AS "tenantId", kind, task_id AS "taskId", status, lock, commitment, lock_digest AS "lockDigest",
  population_count AS "populationCount", population_digest AS "populationDigest", config_digest AS "configDigest",
  locked_at AS "lockedAt", locked_by AS "lockedBy", draw_not_before AS "drawNotBefore",
  immediate_reason AS "immediateReason", draw_id AS "drawId", release_reason AS "releaseReason",
  witness_id AS "witnessId", witnessed_at AS "witnessedAt", witness_tenant_id AS "witnessTenantId",
  witness_label AS "witnessLabel"`;
/** The summary columns: the lock jsonb holds the whole population, so lists never read it (nor the entropy). */
const SUMMARY = COLUMNS.replace("lock, ", "");
/** Everything the draw needs: the frozen lock and the confirmed witness's entropy. */
const FULL = `${COLUMNS}, witness_entropy AS "witnessEntropy"`;

/** Exclusion counts keyed by their Chinese labels, as printed on the record (选派记录单). */
export function exclusionLabels(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(EXCLUSION_LABELS).map(([k, label]) => [label, counts[k] ?? 0]));
}

/** The plan rules of a draw (src/domain/plan/draw-rules), for department and joint tasks alike, as a typed error. */
export function assertPlanDrawable(facts: PlanDrawFacts, step: "lock" | "draw"): void {
  const v = planDrawViolation(facts, chinaToday(), step);
  if (v) throw ruleViolation(v.rule, v.message, v.details);
}

/**
 * A witness of another tenant (纪委监委, 公证) who confirmed `lock` must still be eligible when the draw runs. Their
 * rows are not readable here (RLS): the database answers one boolean for this lock's own witness (migration 0310,
 * draw_witness_eligible). The department's own witness is re-checked from their row (drawWitness.forDraw).
 */
async function assertOutsideWitnessEligible(lock: DrawLockRow): Promise<void> {
  if (!lock.witnessId || !lock.witnessTenantId || lock.witnessTenantId === lock.tenantId) return;
  const [{ ok }]: Array<{ ok: boolean }> = await ctx().manager.query(
    `SELECT public.draw_witness_eligible($1, $2) AS ok`,
    [lock.id, lock.witnessId],
  );
  if (ok) return;
  const who = lock.witnessLabel ? `现场监督人${lock.witnessLabel}` : "现场监督人";
  throw ruleViolation(
    "DRAW_WITNESS_LAPSED",
    `${who}确认后已不再具备监督资格（账号已停用、不再具有监督人员角色，或其单位已不再是本行政区划指定的监督机构），` +
      "本次未进行抽取，也未记录任何结果。请由本部门监督人员解除本次锁定并说明理由，重新锁定后由具备资格的监督人员在本人设备上确认，再行抽取。",
    { witnessId: lock.witnessId, lockId: lock.id },
  );
}

export const drawRunner = {
  /** Freezes and publishes; the caller has checked the task's state and holds its row lock. */
  async lock(input: {
    kind: LockKind;
    taskId: string;
    commitment: string;
    population: Population;
    samplingRule: SamplingRule;
    inspectorDraws: InspectorDrawConfigInput[];
    immediateReason?: string | null;
  }): Promise<DrawLockRow> {
    const { manager } = ctx();
    if (!input.population.subjects.length)
      throw ruleViolation("EMPTY_POPULATION", "筛选和排除后没有可抽取的检查对象，请调整任务的筛选条件或排除规则");
    const open = await drawRunner.openLock(input.kind, input.taskId);
    if (open) throw conflict("该任务的抽取参数已锁定；如需重新锁定，须由监督人员先解除锁定并说明理由");
    const settings = await tenantSettings();
    const reason = input.immediateReason?.trim() || null;
    const lockedAt = now();
    const notBefore = reason
      ? lockedAt
      : chinaStartOfDay((await calendarService.dueDate(chinaToday(), settings.drawNoticeWorkingDays)).date);
    let lock: DrawLockV2;
    try {
      lock = lockDrawV2({
        taskId: input.taskId,
        commitment: input.commitment,
        lockedAt: lockedAt.toISOString(),
        drawNotBefore: notBefore.toISOString(),
        immediateReason: reason,
        population: freezePopulation(input.population.subjects),
        samplingRule: input.samplingRule,
        exclusionCounts: exclusionLabels(input.population.exclusionCounts),
        inspectorDraws: input.inspectorDraws,
        recusalCap: settings.recusalCapPerDraw,
      });
    } catch (e) {
      if (e instanceof DrawInputError) throw badInput("samplingRule", `抽取参数有误：${e.message}`);
      throw e;
    }
    const [row] = await manager.query(
      `INSERT INTO draw_lock (tenant_id, kind, task_id, lock, commitment, lock_digest, population_count, population_digest,
         config_digest, locked_at, locked_by, draw_not_before, immediate_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${SUMMARY}`,
      [
        currentTenantId(),
        input.kind,
        input.taskId,
        lock,
        lock.commitment,
        lock.lock.digest,
        lock.population.count,
        lock.population.digest,
        lock.configDigest,
        lockedAt,
        currentUserId(),
        notBefore,
        reason,
      ],
    );
    await audit.record({
      action: "draw.lock",
      entityType: "draw_lock",
      entityId: row.id,
      after: {
        kind: input.kind,
        taskId: input.taskId,
        commitment: lock.commitment,
        lockDigest: lock.lock.digest,
        populationDigest: lock.population.digest,
        configDigest: lock.configDigest,
        drawNotBefore: lock.lock.drawNotBefore,
        immediateReason: reason,
      },
    });
    return { ...row, lock };
  },

  /** The task's open lock (summary only), or null. */
  async openLock(kind: LockKind, taskId: string): Promise<DrawLockRow | null> {
    const rows = await ctx().manager.query(
      `SELECT ${SUMMARY} FROM draw_lock WHERE kind = $1 AND task_id = $2 AND status = 'OPEN'`,
      [kind, taskId],
    );
    return rows[0] ?? null;
  },

  /** Every lock of a task, oldest first (summaries), as the public sees them. */
  async locksOf(kind: LockKind, taskId: string): Promise<DrawLockRow[]> {
    return ctx().manager.query(
      `SELECT ${SUMMARY} FROM draw_lock WHERE kind = $1 AND task_id = $2 ORDER BY created_at, id`,
      [kind, taskId],
    );
  },

  /**
   * The open lock, row-locked, ready for the draw: refuses before the notice period is over, and when the
   * commitment on the task is no longer the one locked (a new seed was committed since). For the draw itself
   * (`step` "draw", department and joint alike), a witness from another tenant who confirmed is re-checked now:
   * still an active SUPERVISOR of a body that still supervises the department's region (DRAW_WITNESS_LAPSED
   * otherwise, before anything is drawn or written). The witness's own confirmation (`step` "confirm") runs in the
   * witness's session and is checked there (draw-witness.service.ts).
   */
  async lockForDraw(
    kind: LockKind,
    taskId: string,
    commitment: string | null,
    step: "draw" | "confirm" = "draw",
  ): Promise<DrawLockRow> {
    const [row]: DrawLockRow[] = await ctx().manager.query(
      `SELECT ${FULL} FROM draw_lock WHERE kind = $1 AND task_id = $2 AND status = 'OPEN' FOR UPDATE`,
      [kind, taskId],
    );
    if (!row)
      throw ruleViolation(
        "DRAW_NOT_LOCKED",
        "抽取前须先锁定抽取参数（检查对象总体、执法检查人员库和组队规则），锁定摘要公示期满后方可抽取",
      );
    if (now() < row.drawNotBefore)
      throw ruleViolation(
        "DRAW_NOTICE_PERIOD",
        `锁定的抽取参数须公示至 ${formatChinaDateTime(row.drawNotBefore)} 后方可抽取（如确需当场抽取，锁定时须说明理由）`,
        { drawNotBefore: row.drawNotBefore.toISOString() },
      );
    if (row.commitment !== commitment) throw conflict("任务的种子承诺值已变更，请重新锁定抽取参数");
    if (step === "draw") await assertOutsideWitnessEligible(row);
    return row;
  },

  /** The draw proper: pure, from the lock, the revealed seed and the entropy. Never throws for an infeasible team. */
  run(
    lock: DrawLockV2,
    input: { serverSeed: string; entropy: string; operator: string; witness: string },
  ): DrawRecordV2 {
    try {
      return performDrawV2(lock, {
        serverSeed: input.serverSeed,
        witnessEntropy: input.entropy,
        operator: input.operator,
        witnesses: [input.witness],
        drawnAt: now().toISOString(),
      });
    } catch (e) {
      if (e instanceof DrawInputError) throw badInput("witnessEntropy", `抽取参数有误：${e.message}`);
      throw e;
    }
  },

  async markUsed(lockId: string, drawId: string): Promise<void> {
    await ctx().manager.query(`UPDATE draw_lock SET status = 'USED', draw_id = $2 WHERE id = $1`, [lockId, drawId]);
  },

  /** A supervisor releases an open lock (wrong parameters, plan changed): kept, public, with the reason. */
  async release(kind: LockKind, taskId: string, reason: string): Promise<DrawLockRow> {
    if (!reason.trim()) throw badInput("reason", "解除锁定必须说明理由");
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows]: [DrawLockRow[], number] = await ctx().manager.query(
      `UPDATE draw_lock SET status = 'RELEASED', release_reason = $3
        WHERE kind = $1 AND task_id = $2 AND status = 'OPEN' RETURNING ${SUMMARY}`,
      [kind, taskId, reason.trim()],
    );
    if (!rows[0]) throw conflict("该任务没有未使用的锁定");
    await audit.record({
      action: "draw.lock_release",
      entityType: "draw_lock",
      entityId: rows[0].id,
      after: { reason: reason.trim() },
    });
    return rows[0];
  },
};
