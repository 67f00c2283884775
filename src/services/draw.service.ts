import { In } from "typeorm";
import { checkPassword } from "../auth/password-guard";
import { Role } from "../auth/roles";
import { defineLoader } from "../context/loaders";
import { actorLabel, ctx, currentTenantId, currentUserId, requireRole } from "../context/request-context";
import { isUuid } from "../domain/ids";
import {
  checkGeneralItemRatioCap,
  DrawInputError,
  type DrawRecord,
  freezePopulation,
  type InspectorDrawConfigInput,
  performDraw,
  type SamplingRule,
  type SubstitutionEntry,
  type SubstitutionReasonCode,
  substitute,
  verifyDrawRecord,
} from "../draw";
import { AssignmentEntity, DrawEntity } from "../entities/draw";
import type { InspectionTaskEntity } from "../entities/task";
import { badInput, conflict, DomainError, forbidden, notFound, ruleViolation } from "../errors";
import { chinaToday, now } from "../time";
import { notifyAssignmentChanges } from "./assignment-events";
import { audit } from "./audit.service";
import { inspectorDrawConfig } from "./inspector-pool";
import { buildPopulation, EXCLUSION_LABELS, type Population } from "./population";
import { commitNewSeed, floorShortfall, ownTaskForUpdate, publishedItems } from "./task.service";
import { tenantSettings } from "./tenant-settings";

export interface DrawRequest {
  taskId: string;
  /** The SUPERVISOR present as witness (现场监督) signs in on the operator's screen. */
  witnessUsername: string;
  witnessPassword: string;
  /** Anything the witness chooses, e.g. numbers rolled on site. */
  witnessEntropy: string;
}

/** 随机抽取: targets and inspectors in one verifiable draw; append-only, voidable only by a supervisor. */
export const drawService = {
  async draw(req: DrawRequest): Promise<DrawEntity> {
    requireRole(Role.PLANNER, Role.ADMIN);
    const { manager } = ctx();
    const entropy = req.witnessEntropy.trim();
    if (!entropy) throw badInput("witnessEntropy", "请由现场监督人输入随机数（例如现场掷骰的数字）");
    // The row lock serialises concurrent draws of one task: the second waits, then finds it DRAWN.
    const task = await ownTaskForUpdate(req.taskId);
    if (task.status === "DRAWN") throw conflict("该任务已完成抽取；如需重新抽取，须由监督人员先作废原抽取并说明理由");
    if (task.status !== "APPROVED") throw conflict("任务批准后才能抽取");
    const witness = await authenticateWitness(req.witnessUsername, req.witnessPassword);
    const operator = await userLabel(currentUserId());
    const [{ server_seed: serverSeed }] = await manager.query(`SELECT server_seed FROM task_seed WHERE task_id = $1`, [
      task.id,
    ]);

    const population = await buildPopulation(manager, task);
    const today = chinaToday();
    const inspectors = await inspectorDrawConfig(manager, task.tenantId, task, today);
    const outcome = computeDraw({
      taskId: task.id,
      serverSeed,
      witnessEntropy: entropy,
      operator,
      witness: witness.label,
      population,
      samplingRule: task.samplingRule,
      inspectorDraws: [inspectors],
    });
    const { record, failures } = outcome;
    if (failures.length) {
      const f = failures[0];
      const name = await subjectName(f.targetKey);
      throw ruleViolation(
        "NO_FEASIBLE_TEAM",
        `检查对象“${name}”找不到符合规则的检查组（回避、轮换、在岗状态、工作量或执法类别限制后可选 ${f.eligibleCount} 人${
          f.missingCategories.length ? `，缺少执法类别：${f.missingCategories.join("、")}` : ""
        }），共 ${failures.length} 个对象无法组队；请调整组队规则或补充执法检查人员`,
        { targetId: f.targetKey, failures: failures.length },
      );
    }
    await checkCountsAgainstRules(task, record);

    const drawn = await manager.save(
      manager.create(DrawEntity, {
        tenantId: task.tenantId,
        taskId: task.id,
        sequence: (await manager.count(DrawEntity, { where: { taskId: task.id } })) + 1,
        status: "VALID",
        record,
        sealDigest: record.sealDigest,
        populationSize: record.population.count,
        drawnCount: record.drawn.length,
        operatorId: currentUserId(),
        witnessId: witness.id,
        drawnAt: new Date(record.drawnAt),
        publicAfter: new Date(Date.parse(record.drawnAt) + task.drawEmbargoDays * 86_400_000),
        voidReason: null,
        voidedBy: null,
        voidedAt: null,
      }),
    );
    const teams = new Map(record.inspectorResults[0].teams.map((t) => [t.targetKey, t]));
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
        windowFrom: task.windowFrom,
        windowTo: task.windowTo,
        status: "ASSIGNED",
        inspectedOn: null,
      });
    });
    for (let i = 0; i < assignments.length; i += 1000)
      await manager.insert(AssignmentEntity, assignments.slice(i, i + 1000));
    task.status = "DRAWN";
    task.publishDrawAt = drawn.publicAfter;
    await manager.save(task);
    await notifyAssignmentChanges(
      assignments.map((a) => ({ assignment: a, inspectorIds: a.memberIds, change: "ASSIGNED" as const })),
      { taskId: task.id, event: "DRAWN", count: assignments.length },
    );
    await audit.record({
      action: "draw.perform",
      entityType: "draw",
      entityId: drawn.id,
      after: { taskId: task.id, sealDigest: record.sealDigest, drawn: record.drawn.length, witness: witness.id },
    });
    return drawn;
  },

  /** Voiding needs a SUPERVISOR and a reason; the draw stays in the public history, a new seed is committed. */
  async void(drawId: string, reason: string): Promise<DrawEntity> {
    requireRole(Role.SUPERVISOR);
    if (!reason.trim()) throw badInput("reason", "作废抽取必须说明理由");
    const { manager } = ctx();
    const d = await ownDraw(drawId);
    const task = await ownTaskForUpdate(d.taskId);
    if (d.status === "VOIDED") throw conflict("该抽取已被作废");
    Object.assign(d, { status: "VOIDED", voidReason: reason.trim(), voidedBy: currentUserId(), voidedAt: now() });
    await manager.save(d);
    const cancelled = await manager.find(AssignmentEntity, { where: { drawId: d.id } });
    await manager.update(AssignmentEntity, { drawId: d.id }, { status: "CANCELLED" });
    await commitNewSeed(task);
    Object.assign(task, { status: "APPROVED", publishDrawAt: null });
    await manager.save(task);
    await audit.record({ action: "draw.void", entityType: "draw", entityId: d.id, after: { reason: d.voidReason } });
    await notifyAssignmentChanges(
      cancelled.map((a) => ({ assignment: a, inspectorIds: a.memberIds, change: "CANCELLED" as const })),
      { taskId: task.id, event: "VOIDED", count: cancelled.length },
    );
    return d;
  },

  /**
   * 回避/递补 after the draw: the recused inspector is replaced by the next eligible one in the same ranking.
   * A SUPERVISOR approves (the caller); an inspector may only declare their own recusal (SELF_DECLARED).
   */
  async recuse(input: {
    assignmentId: string;
    inspectorId: string;
    reasonCode: SubstitutionReasonCode;
    note: string;
    requestedBy: string;
  }): Promise<{ assignment: AssignmentEntity; substituteId: string }> {
    requireRole(Role.SUPERVISOR);
    const { manager } = ctx();
    if (!input.note.trim()) throw badInput("note", "请填写回避理由");
    const a = isUuid(input.assignmentId)
      ? await manager.findOne(AssignmentEntity, {
          where: { id: input.assignmentId, tenantId: currentTenantId() },
          lock: { mode: "for_no_key_update" },
        })
      : null;
    if (!a || a.status === "CANCELLED") throw notFound("检查任务分配");
    if (!a.memberIds.includes(input.inspectorId)) throw badInput("inspectorId", "该人员不在此检查组中");
    if (!a.drawId) throw conflict("指派或投诉核查任务不经随机抽取，回避时请重新指派检查人员");
    const d = await ownDraw(a.drawId);
    const record = await fullRecord(d);
    const unavailable: Array<{ id: string }> = await manager.query(
      `SELECT id FROM inspector WHERE tenant_id = $1 AND status <> 'ON_DUTY'`,
      [currentTenantId()],
    );
    const result = substitute(
      record,
      a.subjectId,
      input.inspectorId,
      { code: input.reasonCode, note: input.note.trim() },
      {
        recordedAt: now().toISOString(),
        unavailableNow: unavailable.map((u) => u.id),
      },
    );
    if (!result.ok)
      throw ruleViolation("NO_ELIGIBLE_SUBSTITUTE", "按原排序找不到符合规则的递补人员，请补充执法检查人员后再试", {
        reason: result.failure.code,
      });
    const entry = result.substitution;
    await manager.query(
      `INSERT INTO substitution (tenant_id, assignment_id, recused_id, substitute_id, reason_code, reason_note, requested_by, approved_by, entry)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        a.tenantId,
        a.id,
        input.inspectorId,
        entry.substitute,
        input.reasonCode,
        input.note.trim(),
        input.requestedBy,
        currentUserId(),
        entry,
      ],
    );
    Object.assign(a, { memberIds: entry.members, leaderId: entry.leader });
    await manager.save(a);
    await audit.record({
      action: "draw.substitute",
      entityType: "assignment",
      entityId: a.id,
      after: { recused: input.inspectorId, substitute: entry.substitute, reason: input.reasonCode },
    });
    await notifyAssignmentChanges(
      [
        { assignment: a, inspectorIds: [entry.substitute], change: "SUBSTITUTED_IN" },
        { assignment: a, inspectorIds: [input.inspectorId], change: "RECUSED" },
      ],
      { taskId: a.taskId, event: "SUBSTITUTED", count: 1 },
    );
    return { assignment: a, substituteId: entry.substitute };
  },

  /** A draw of the caller's tenant, or a public one; reading an embargoed drawn list is logged (留痕). */
  async get(id: string): Promise<DrawEntity> {
    const d = isUuid(id) ? await ctx().manager.findOne(DrawEntity, { where: { id } }) : null;
    if (!d) throw notFound("抽取记录");
    return d;
  },

  /** Batched per request: a plan's tasks with their draw histories cost one query. */
  async listForTask(taskId: string): Promise<DrawEntity[]> {
    return isUuid(taskId) ? drawsByTask().load(taskId) : [];
  },

  /** The complete record (with every 递补 so far), as published for offline verification. */
  async record(d: DrawEntity): Promise<DrawRecord> {
    await logEmbargoedAccess(d);
    return fullRecord(d);
  },

  async verify(d: DrawEntity) {
    return verifyDrawRecord(await fullRecord(d));
  },

  async assignments(drawId: string): Promise<AssignmentEntity[]> {
    return ctx().manager.find(AssignmentEntity, { where: { drawId }, order: { createdAt: "ASC", id: "ASC" } });
  },
};

const drawsByTask = defineLoader<string, DrawEntity[]>("drawsByTask", async (manager, taskIds) => {
  const rows = await manager.find(DrawEntity, { where: { taskId: In([...taskIds]) }, order: { sequence: "ASC" } });
  return taskIds.map((id) => rows.filter((d) => d.taskId === id));
});

async function fullRecord(d: DrawEntity): Promise<DrawRecord> {
  const rows: Array<{ entry: SubstitutionEntry }> = await ctx().manager.query(
    `SELECT s.entry FROM substitution s JOIN assignment a ON a.id = s.assignment_id
      WHERE a.draw_id = $1 ORDER BY s.created_at, s.id`,
    [d.id],
  );
  return { ...d.record, substitutions: rows.map((r) => r.entry) };
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
async function checkCountsAgainstRules(task: InspectionTaskEntity, record: DrawRecord): Promise<void> {
  const settings = await tenantSettings();
  const shortfall = floorShortfall(record.drawn.length, record.population.count, settings.samplingFloorPercent);
  if (shortfall && !task.policyOverrideReason)
    throw ruleViolation("SAMPLING_FLOOR", `${shortfall}；如确需降低比例，请在任务中填写调整理由`);
  const counts = Object.fromEntries(record.stratumSizes.map((s) => [s.stratum, s.populationCount]));
  for (const item of await publishedItems(task.itemIds)) {
    if (item.itemClass !== "GENERAL" || item.ratioCap === null) continue;
    const cap = checkGeneralItemRatioCap(task.samplingRule, counts, Math.round(item.ratioCap * 10000) / 100);
    if (!cap.withinCap)
      throw ruleViolation(
        "GENERAL_ITEM_RATIO_CAP",
        `一般事项“${item.code}”的抽查比例超过其上限（分层：${cap.violations.map((v) => v.stratum).join("、")}）`,
      );
  }
}

/** The SUPERVISOR witness (现场监督) of the caller's tenant, signed in on the operator's screen; never the operator. */
/**
 * The witness (现场监督) types their password on the operator's screen: checked through the same throttle and audit
 * as sign-in (src/auth/password-guard.ts), so an operator cannot guess a supervisor's password without limit.
 */
export async function authenticateWitness(username: string, password: string): Promise<{ id: string; label: string }> {
  const rows: Array<{
    id: string;
    display_name: string;
    username: string;
    password_hash: string;
    roles: string[];
    active: boolean;
  }> = await ctx().manager.query(
    `SELECT id, display_name, username, password_hash, roles, active FROM app_user WHERE tenant_id = $1 AND username = $2`,
    [currentTenantId(), username],
  );
  const w = rows[0];
  const verdict = await checkPassword({
    purpose: "draw_witness",
    tenantId: currentTenantId(),
    username,
    password,
    account: w ? { id: w.id, passwordHash: w.password_hash, active: w.active } : null,
  });
  if (!verdict.ok || !w) throw new DomainError("UNAUTHENTICATED", "现场监督人账号或密码不正确");
  if (!w.roles.includes(Role.SUPERVISOR)) throw forbidden("现场监督人须具有监督人员（SUPERVISOR）角色");
  if (w.id === currentUserId()) throw forbidden("操作人员不能同时担任现场监督人");
  return { id: w.id, label: `${w.display_name}（${w.username}）` };
}

export async function userLabel(id: string): Promise<string> {
  const [u] = await ctx().manager.query(`SELECT display_name, username FROM app_user WHERE id = $1`, [id]);
  return `${u.display_name}（${u.username}）`;
}

async function subjectName(id: string): Promise<string> {
  const [s] = await ctx().manager.query(`SELECT name FROM subject WHERE id = $1`, [id]);
  return s?.name ?? id;
}

/**
 * The draw itself, shared by department and joint draws: freezes the population, runs the pure draw with the
 * exclusion counts under their printed labels, and turns the module's input errors into typed errors.
 */
export function computeDraw(input: {
  taskId: string;
  serverSeed: string;
  witnessEntropy: string;
  operator: string;
  witness: string;
  population: Population;
  samplingRule: SamplingRule;
  inspectorDraws: InspectorDrawConfigInput[];
}): ReturnType<typeof performDraw> {
  if (!input.population.subjects.length)
    throw ruleViolation("EMPTY_POPULATION", "筛选和排除后没有可抽取的检查对象，请调整任务的筛选条件或排除规则");
  try {
    return performDraw({
      taskId: input.taskId,
      serverSeed: input.serverSeed,
      witnessEntropy: input.witnessEntropy,
      operator: input.operator,
      witnesses: [input.witness],
      drawnAt: now().toISOString(),
      population: freezePopulation(input.population.subjects),
      samplingRule: input.samplingRule,
      exclusionCounts: labelled(input.population.exclusionCounts),
      inspectorDraws: input.inspectorDraws,
    });
  } catch (e) {
    if (e instanceof DrawInputError) throw badInput("samplingRule", `抽取参数有误：${e.message}`);
    throw e;
  }
}

/** Exclusion counts keyed by their Chinese labels, as printed on the record (选派记录单). */
function labelled(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(EXCLUSION_LABELS).map(([k, label]) => [label, counts[k] ?? 0]));
}
