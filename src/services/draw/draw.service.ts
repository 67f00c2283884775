import { In } from "typeorm";
import { defineLoader } from "../../context/loaders";
import { actorLabel, ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { inspectionRecordLifecycle } from "../../domain/inspection/inspection-record.lifecycle";
import { assertMove } from "../../domain/lifecycle";
import { drawLifecycle } from "../../domain/plan/draw.lifecycle";
import type { PlanDrawFacts } from "../../domain/plan/draw-rules";
import { expertsDrawId, isExpertsDrawId } from "../../domain/plan/experts-draw";
import { taskLifecycle } from "../../domain/plan/task.lifecycle";
import { stratumSampleSizes, verifyDrawRecord } from "../../draw";
import { type AnyDrawRecord, AssignmentEntity, DrawEntity } from "../../entities/draw/draw.entity";
import { JointDrawEntity } from "../../entities/joint/joint-visit.entity";
import type { InspectionTaskEntity } from "../../entities/plan/task.entity";
import { badInput, conflict, notFound, ruleViolation } from "../../errors";
import { chinaToday, now } from "../../time";
import { audit } from "../audit/audit.service";
import { notifyAssignmentChanges } from "../inspection/assignment.events";
import { floorShortfall, ownTaskForUpdate, publishedItems } from "../plan/task.service";
import { type KeysetPage, keysetPage, type PageRequest } from "../shared/keyset.query";
import { tenantSettings } from "../system/tenant-settings.service";
import { type DrawRequest, drawAttempt } from "./draw-attempt.service";
import { assertPlanDrawable, type DrawLockRow, drawRunner } from "./draw-runner.service";
import { expertDrawConfig, inspectorDrawConfig } from "./inspector-pool.service";
import { buildPopulation, itemScopesOf } from "./population.service";
import { seedStore } from "./seed-store.service";
import { assertItemRatioCaps, stratumCounts } from "./stratum-counts.service";
import {
  type AnySubstitutionEntry,
  decideSubstitution,
  type RecusalFields,
  recordSubstitution,
  recusalReason,
  withChain,
} from "./substitution.service";
import { voidDraw, voidReason } from "./void.service";

export type { DrawRequest } from "./draw-attempt.service";

/** 随机抽取: targets and inspectors in one verifiable draw; append-only, voidable only by a supervisor. */
export const drawService = {
  /**
   * 锁定 (v2, before the witness comes): freezes the population, the inspector pool with its availability and the
   * rules, checks the counts against the floor and the GENERAL items' caps, and publishes the lock digest beside the
   * commitment. The draw may run after the tenant's notice period, or at once only with a recorded reason.
   */
  async lock(taskId: string, immediateReason?: string | null): Promise<DrawLockRow> {
    const { manager } = ctx();
    const task = await ownTaskForUpdate(taskId);
    assertMove(taskLifecycle, task.status, "lockDraw");
    assertPlanDrawable(await taskDrawFacts(task), "lock");
    await drawAttempt.refuseWhileInfeasible("TASK", task.id);
    const population = await buildPopulation(manager, {
      ...task,
      itemScopes: await itemScopesOf(manager, task.itemIds),
    });
    const inspectors = await inspectorDrawConfig(manager, task.tenantId, task, chinaToday());
    const experts = await expertDrawConfig(manager, task.tenantId, task, chinaToday());
    await checkCountsAgainstRules(task, population.subjects.length, stratumCounts(population));
    return drawRunner.lock({
      kind: "TASK",
      taskId: task.id,
      commitment: task.commitment!,
      population,
      samplingRule: task.samplingRule,
      inspectorDraws: experts ? [inspectors, experts] : [inspectors],
      immediateReason,
    });
  },

  /** A SUPERVISOR releases an unused lock with a reason (kept and public); the planner may lock again. */
  async releaseLock(taskId: string, reason: string): Promise<DrawLockRow> {
    const task = await ownTaskForUpdate(taskId);
    return drawRunner.release("TASK", task.id, reason);
  },

  async locks(taskId: string): Promise<DrawLockRow[]> {
    return isUuid(taskId) ? drawRunner.locksOf("TASK", taskId) : [];
  },

  /**
   * 随机抽取 (v2): only the witness entropy is new; everything else comes from the lock. The outcome is recorded
   * whatever it is: a target without a feasible team makes the attempt INFEASIBLE (kept, public, voided by a
   * supervisor before a new lock), never an error that names the drawn subject.
   */
  async draw(req: DrawRequest): Promise<DrawEntity> {
    const { manager } = ctx();
    // The row lock serialises concurrent draws of one task: the second waits, then finds it DRAWN.
    const task = await ownTaskForUpdate(req.taskId);
    const drawnStatus = assertMove(taskLifecycle, task.status, "draw");
    assertPlanDrawable(await taskDrawFacts(task), "draw");
    await drawAttempt.refuseWhileInfeasible("TASK", task.id);
    const attempt = await drawAttempt.perform("TASK", task, req);
    const { record, failures } = attempt;
    const drawn = await drawAttempt.keep("TASK", attempt, {
      tenantId: task.tenantId,
      taskId: task.id,
      valid: !failures.length,
      embargoDays: task.drawEmbargoDays,
    });
    if (failures.length) return drawn;

    const teams = new Map(record.inspectorResults[0].teams.map((t) => [t.targetKey, t]));
    // The experts' config, when the task asked for experts (expertDrawConfig), is named by its department id.
    const expertsAt = record.config.inspectorDraws.findIndex((c) => isExpertsDrawId(c.departmentId));
    const expertTeams = new Map(
      (expertsAt >= 0 ? record.inspectorResults[expertsAt].teams : []).map((t) => [t.targetKey, t.members]),
    );
    const assignments = record.drawn.map((d) => {
      const team = teams.get(d.key)!;
      return manager.create(AssignmentEntity, {
        tenantId: task.tenantId,
        taskId: task.id,
        kind: "RANDOM",
        drawId: drawn.id,
        directReason: null,
        assignedBy: null,
        subjectId: d.key,
        stratum: d.stratum,
        leaderId: team.leader,
        memberIds: team.members,
        expertIds: expertTeams.get(d.key) ?? [],
        windowFrom: task.windowFrom,
        windowTo: task.windowTo,
        status: "ASSIGNED",
        inspectedOn: null,
      });
    });
    for (let i = 0; i < assignments.length; i += 1000)
      await manager.insert(AssignmentEntity, assignments.slice(i, i + 1000));
    task.status = drawnStatus;
    task.publishDrawAt = drawn.publicAfter;
    await manager.save(task);
    await notifyAssignmentChanges(
      assignments.map((a) => ({ assignment: a, inspectorIds: a.memberIds, change: "ASSIGNED" as const })),
      { taskId: task.id, event: "DRAWN", count: assignments.length },
    );
    return drawn;
  },

  /** Voiding needs a SUPERVISOR and a reason; the draw stays in the public history, a new seed is committed. */
  async void(drawId: string, reason: string): Promise<DrawEntity> {
    voidReason(reason);
    const { manager } = ctx();
    const d = await ownDraw(drawId);
    const task = await ownTaskForUpdate(d.taskId);
    return voidDraw({
      kind: "TASK",
      draw: d,
      reason,
      task,
      taskLifecycle,
      record: fullRecord,
      cancel: async () => {
        const cancelled = await manager.find(AssignmentEntity, { where: { drawId: d.id } });
        await manager.update(AssignmentEntity, { drawId: d.id }, { status: "CANCELLED" });
        return cancelled;
      },
      commitSeed: (t) => seedStore.commit("TASK", t, t.tenantId),
      reopen: { publishDrawAt: null },
      notify: (cancelled) =>
        notifyAssignmentChanges(
          cancelled.map((a) => ({ assignment: a, inspectorIds: a.memberIds, change: "CANCELLED" as const })),
          { taskId: task.id, event: "VOIDED", count: cancelled.length },
        ),
    });
  },

  /**
   * 回避/递补 after the draw: the recused inspector is replaced by the next eligible one in the same ranking.
   * A SUPERVISOR approves (the caller); an inspector may only declare their own recusal (SELF_DECLARED).
   */
  async recuse(input: RecusalRequest): Promise<{ assignment: AssignmentEntity; substituteId: string }> {
    const { manager } = ctx();
    recusalReason(input);
    const a = isUuid(input.assignmentId)
      ? await manager.findOne(AssignmentEntity, {
          where: { id: input.assignmentId, tenantId: currentTenantId() },
          lock: { mode: "for_no_key_update" },
        })
      : null;
    if (!a) throw notFound("检查任务分配");
    assertMove(inspectionRecordLifecycle, a.status, "recuse");
    const expert = a.expertIds.includes(input.inspectorId);
    if (!a.memberIds.includes(input.inspectorId) && !expert) throw badInput("inspectorId", "该人员不在此检查组中");
    if (!a.drawId) throw conflict("指派或投诉核查任务不经随机抽取，回避时请重新指派检查人员");
    // The draw row lock serialises substitutions of one draw: its 递补 form one chain.
    const d = await ownDraw(a.drawId);
    assertMove(drawLifecycle, d.status, "substitute");
    const departmentId = expert ? expertsDrawId(a.tenantId) : a.tenantId;
    const entry = await decideSubstitution(await fullRecord(d), a.subjectId, departmentId, input);
    await recordSubstitution(entry, input, {
      append: () =>
        manager.query(
          `INSERT INTO substitution (tenant_id, assignment_id, draw_id, recused_id, substitute_id, reason_code, reason_note,
             requested_by, approved_by, entry)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            a.tenantId,
            a.id,
            d.id,
            input.inspectorId,
            entry.substitute,
            input.reasonCode,
            input.note.trim(),
            input.requestedBy,
            currentUserId(),
            entry,
          ],
        ),
      apply: async () => {
        if (expert) a.expertIds = entry.members;
        else Object.assign(a, { memberIds: entry.members, leaderId: entry.leader });
        await manager.save(a);
      },
      audit: { action: "draw.substitute", entityType: "assignment", entityId: a.id },
      notify: (changes) =>
        notifyAssignmentChanges(
          changes.map((c) => ({ assignment: a, inspectorIds: [c.inspectorId], change: c.change })),
          { taskId: a.taskId!, event: "SUBSTITUTED", count: 1 },
        ),
    });
    return { assignment: a, substituteId: entry.substitute };
  },

  /** A draw of the caller's tenant, or a public one; reading an embargoed drawn list is logged (留痕). */
  async get(id: string): Promise<DrawEntity> {
    const d = isUuid(id) ? await ctx().manager.findOne(DrawEntity, { where: { id } }) : null;
    if (!d) throw notFound("抽取记录");
    return d;
  },

  /** A department draw, else a joint draw visible to the caller (participants, or the public once published). */
  async getAny(id: string): Promise<{ kind: "TASK"; draw: DrawEntity } | { kind: "JOINT"; draw: JointDrawEntity }> {
    const { manager } = ctx();
    const d = isUuid(id) ? await manager.findOne(DrawEntity, { where: { id } }) : null;
    if (d) return { kind: "TASK", draw: d };
    const j = isUuid(id) ? await manager.findOne(JointDrawEntity, { where: { id } }) : null;
    if (!j) throw notFound("抽取记录");
    return { kind: "JOINT", draw: j };
  },

  /** Batched per request: a plan's tasks with their draw histories cost one query. */
  async listForTask(taskId: string): Promise<DrawEntity[]> {
    return isUuid(taskId) ? drawsByTask().load(taskId) : [];
  },

  /** The complete record (with every 递补 so far), as published for offline verification. */
  async record(d: DrawEntity): Promise<AnyDrawRecord> {
    await logEmbargoedAccess(d);
    return fullRecord(d);
  },

  async verify(d: DrawEntity) {
    return verifyDrawRecord(await fullRecord(d));
  },

  /** Per status, how many of the draw's assignments (batched per request: one query for a dashboard's draws). */
  async assignmentCounts(drawId: string): Promise<Array<{ status: string; count: number }>> {
    return isUuid(drawId) ? assignmentCountsByDraw().load(drawId) : [];
  },

  /**
   * A page of the draw's assignments in the order of `assignments` (created, then id), by cursor on
   * `assignment_draw_idx`: a dashboard of a large department reads a page, not the whole draw.
   */
  async assignmentPage(
    d: DrawEntity,
    page: PageRequest,
    status?: string | null,
  ): Promise<KeysetPage<AssignmentEntity>> {
    const qb = ctx()
      .manager.createQueryBuilder(AssignmentEntity, "a")
      .where("a.tenant_id = :tenant AND a.draw_id = :draw", { tenant: d.tenantId, draw: d.id });
    if (status) qb.andWhere("a.status = :status", { status });
    return keysetPage(ctx().manager, qb, page, ["a.created_at", "a.id"]);
  },

  /** Batched per request: the dashboard's draws cost one query for all their assignments. */
  async assignments(drawId: string): Promise<AssignmentEntity[]> {
    return isUuid(drawId) ? assignmentsByDraw().load(drawId) : [];
  },
};

const drawsByTask = defineLoader<string, DrawEntity[]>("drawsByTask", async (manager, taskIds) => {
  const rows = await manager.find(DrawEntity, {
    // Every column but the record (the whole population), read from the entity so a new column cannot be missed.
    select: Object.fromEntries(
      manager.connection
        .getMetadata(DrawEntity)
        .columns.filter((c) => c.propertyName !== "record")
        .map((c) => [c.propertyName, true]),
    ),
    where: { taskId: In([...taskIds]) },
    order: { sequence: "ASC" },
  });
  return taskIds.map((id) => rows.filter((d) => d.taskId === id));
});

const assignmentCountsByDraw = defineLoader<string, Array<{ status: string; count: number }>>(
  "assignmentCountsByDraw",
  async (manager, drawIds) => {
    const rows: Array<{ draw_id: string; status: string; n: number }> = await manager.query(
      `SELECT draw_id, status, count(*)::int AS n FROM assignment WHERE draw_id = ANY ($1::uuid[])
        GROUP BY draw_id, status ORDER BY draw_id, status`,
      [[...drawIds]],
    );
    return drawIds.map((id) => rows.filter((r) => r.draw_id === id).map((r) => ({ status: r.status, count: r.n })));
  },
);

const assignmentsByDraw = defineLoader<string, AssignmentEntity[]>("assignmentsByDraw", async (manager, drawIds) => {
  const rows = await manager.find(AssignmentEntity, {
    where: { drawId: In([...drawIds]) },
    order: { createdAt: "ASC", id: "ASC" },
  });
  return drawIds.map((id) => rows.filter((a) => a.drawId === id));
});

/** The stored record of a draw loaded as a summary (drawsByTask), fetched once when a field needs it. */
export async function storedRecord(d: DrawEntity): Promise<AnyDrawRecord> {
  if (d.record === undefined) {
    const [row] = await ctx().manager.query(`SELECT record FROM draw WHERE id = $1`, [d.id]);
    d.record = row.record;
  }
  return d.record;
}

/**
 * The current record: the sealed record, every 递补 so far and (v2) the void entry. Substitutions are read by
 * draw id, which the public may read wherever it may read the draw (migration 0050), so anonymous users and other
 * departments verify the current teams, not the original ones.
 */
export async function fullRecord(d: DrawEntity): Promise<AnyDrawRecord> {
  const rows: Array<{ entry: AnySubstitutionEntry }> = await ctx().manager.query(
    `SELECT entry FROM substitution WHERE draw_id = $1 ORDER BY created_at, id`,
    [d.id],
  );
  return withChain(
    await storedRecord(d),
    rows.map((r) => r.entry),
    d.voidEntry,
  );
}

export interface RecusalRequest extends RecusalFields {
  assignmentId: string;
}

/**
 * The plan facts the shared draw rule (assertPlanDrawable) checks for a department task, the same facts as a joint
 * task's (jointDrawFacts): the plan's publication and the task's window.
 */
async function taskDrawFacts(task: InspectionTaskEntity): Promise<PlanDrawFacts> {
  const [plan] = await ctx().manager.query(`SELECT status FROM annual_plan WHERE id = $1`, [task.planId]);
  return { planPublished: plan?.status === "PUBLISHED", window: { from: task.windowFrom, to: task.windowTo } };
}

export async function logEmbargoedAccess(d: DrawEntity): Promise<void> {
  const p = ctx().principal;
  if (p.kind === "anonymous" || p.tenantId !== d.tenantId) return;
  if (d.publicAfter && d.publicAfter <= now()) return;
  await ctx().manager.query(`INSERT INTO draw_access_log (tenant_id, draw_id, actor) VALUES ($1, $2, $3)`, [
    d.tenantId,
    d.id,
    actorLabel(),
  ]);
  await audit.record({ action: "draw.read_embargoed", entityType: "draw", entityId: d.id });
}

async function ownDraw(id: string): Promise<DrawEntity> {
  const d = isUuid(id)
    ? await ctx().manager.findOne(DrawEntity, {
        where: { id, tenantId: currentTenantId() },
        lock: { mode: "for_no_key_update" },
      })
    : null;
  if (!d) throw notFound("抽取记录");
  return d;
}

/** Exact counts against the tenant's floor and the GENERAL items' caps, now that the population is known. */
async function checkCountsAgainstRules(
  task: InspectionTaskEntity,
  populationCount: number,
  counts: Record<string, number>,
): Promise<void> {
  const settings = await tenantSettings();
  const drawnCount = Object.values(stratumSampleSizes(task.samplingRule, counts)).reduce((n, s) => n + s, 0);
  const shortfall = floorShortfall(drawnCount, populationCount, settings.samplingFloorPercent);
  if (shortfall && !task.policyOverrideReason)
    throw ruleViolation("SAMPLING_FLOOR", `${shortfall}；如确需降低比例，请在任务中填写调整理由`);
  assertItemRatioCaps(task.samplingRule, counts, await publishedItems(task.itemIds));
}

export { operatorLabel, personLabel, publicPersonLabel } from "./draw-people.service";

async function _subjectName(id: string): Promise<string> {
  const [s] = await ctx().manager.query(`SELECT name FROM subject WHERE id = $1`, [id]);
  return s?.name ?? id;
}
