import { tenantLoader } from "../../context/loaders";
import { ctx, currentTenantId } from "../../context/request-context";
import { assertMove } from "../../domain/lifecycle";
import { expertsDrawTenant, isExpertsDrawId } from "../../domain/plan/experts-draw";
import type { DrawRecord } from "../../draw";
import type { JointParticipationEntity } from "../../entities/joint/joint-participation.entity";
import { JointSubstitutionEntity } from "../../entities/joint/joint-substitution.entity";
import type { JointTaskEntity } from "../../entities/joint/joint-task.entity";
import { JointDrawEntity, JointTargetEntity, JointVisitEntity } from "../../entities/joint/joint-visit.entity";
import { conflict } from "../../errors";
import {
  composeTeams,
  type DrawnInspector,
  type JointExpert,
  type JointTeam,
  orderDepartments,
  type TeamInput,
} from "../../joint";
import { jointTaskLifecycle } from "../../joint/joint-task.lifecycle";
import { chinaToday } from "../../time";
import { type DrawRequest, drawAttempt } from "../draw/draw-attempt.service";
import { assertPlanDrawable, type DrawLockRow, drawRunner } from "../draw/draw-runner.service";
import { type PairRow, type PoolRow, toExpertDrawConfig, toInspectorDrawConfig } from "../draw/inspector-pool.service";
import { buildPopulation, itemScopesOf } from "../draw/population.service";
import { assertItemRatioCaps, cappedItemsOf, stratumCounts } from "../draw/stratum-counts.service";
import { tenantSettings } from "../system/tenant-settings.service";
import { publishJointProgress, teamEvents } from "./joint.events";
import { confirmedOf, participationsOf, syncJointParts } from "./joint.guards";
import { mergedChecklistFor } from "./joint-documents.service";
import { assertReadyToDraw, initiatorTaskForUpdate, jointDrawFacts } from "./joint-plan.service";

type NamedPoolRow = PoolRow & { name: string; certificate_no: string; user_id: string | null };

interface JointPool {
  pool: NamedPoolRow[];
  /** The department's external experts and non-enforcement staff (migration 0281), for its 随行专家. */
  experts?: NamedPoolRow[];
  conflicts: PairRow[];
  rotation: PairRow[];
}

/**
 * 联合抽取: the initiating department draws the targets once, and every confirmed department's inspectors for each
 * target from its own directory with its own team rule and 回避, all from the one committed seed (one performDraw
 * with one inspectorDraws entry per department). One mixed team per target (composeTeam) and one visit each.
 */
export const jointDrawService = {
  /**
   * 锁定 (v2): the initiating department's planner freezes the population, every confirmed department's pool (with
   * availability, 回避 and rotation) and rules under the published joint plan, and publishes the lock digest.
   */
  async lock(taskId: string, immediateReason?: string | null): Promise<DrawLockRow> {
    const { manager } = ctx();
    const task = await initiatorTaskForUpdate(taskId);
    const participations = await participationsOf(task.id);
    assertReadyToDraw(participations);
    assertMove(jointTaskLifecycle, task.status, "lockDraw");
    if (!task.samplingRule) throw conflict("须由发起部门监督人员批准任务（公布随机种子承诺值）后才能锁定抽取参数");
    assertPlanDrawable(await jointDrawFacts(task), "lock");
    await drawAttempt.refuseWhileInfeasible("JOINT", task.id);
    const settings = await tenantSettings();
    const itemIds = confirmedOf(participations).flatMap((p) => p.itemIds);
    // 分层 (信用风险分类) exactly as a department task: the same population strata and per-stratum checks.
    const population = await buildPopulation(manager, {
      tenantId: task.initiatingTenantId,
      filters: task.targetScope,
      exclusions: settings.exclusions,
      samplingRule: task.samplingRule,
      stratifyBy: task.stratifyBy,
      itemScopes: await itemScopesOf(manager, itemIds),
    });
    assertItemRatioCaps(task.samplingRule, stratumCounts(population), await cappedItemsOf(manager, itemIds));
    const departments = await orderedConfirmed(task, participations);
    const pools = await poolsOf(task, departments);
    return drawRunner.lock({
      kind: "JOINT",
      taskId: task.id,
      commitment: task.commitment!,
      population,
      samplingRule: task.samplingRule,
      // Each department's inspectors, then the experts of the departments that ask for them (as a department task's
      // second config: src/domain/plan/experts-draw.ts).
      inspectorDraws: [
        ...departments.map((p) => {
          const pool = pools.get(p.tenantId)!;
          return toInspectorDrawConfig(p.tenantId, p.teamRule!, pool.pool, pool.conflicts, pool.rotation);
        }),
        ...departments.flatMap((p) => {
          const pool = pools.get(p.tenantId)!;
          const experts = p.teamRule?.experts;
          return experts
            ? [toExpertDrawConfig(p.tenantId, experts, pool.experts ?? [], pool.conflicts, pool.rotation)]
            : [];
        }),
      ],
      immediateReason,
    });
  },

  async releaseLock(taskId: string, reason: string): Promise<DrawLockRow> {
    const task = await initiatorTaskForUpdate(taskId);
    return drawRunner.release("JOINT", task.id, reason);
  },

  async locks(taskId: string): Promise<DrawLockRow[]> {
    return drawRunner.locksOf("JOINT", taskId);
  },

  /** The task's valid draw (voided ones are in history), or null before the draw. */
  async validOf(taskId: string): Promise<JointDrawEntity | null> {
    return ctx().manager.findOne(JointDrawEntity, { where: { taskId, status: "VALID" } });
  },

  /** Every draw of the task, voided ones included, in order. */
  async history(taskId: string): Promise<JointDrawEntity[]> {
    return ctx().manager.find(JointDrawEntity, { where: { taskId }, order: { sequence: "ASC" } });
  },

  /** The draw's recusals and substitutions, in record order. */
  async substitutions(drawId: string): Promise<JointSubstitutionEntity[]> {
    return ctx().manager.find(JointSubstitutionEntity, { where: { drawId }, order: { sequence: "ASC" } });
  },

  /** The draw from the lock (same runner as department draws); an infeasible team is a kept INFEASIBLE attempt. */
  async draw(req: DrawRequest): Promise<JointDrawEntity> {
    const { manager } = ctx();
    const task = await initiatorTaskForUpdate(req.taskId);
    // The task row lock serialises concurrent draws: the second waits, then finds it DRAWN.
    const participations = await participationsOf(task.id);
    assertReadyToDraw(participations);
    const drawnStatus = assertMove(jointTaskLifecycle, task.status, "draw");
    if (!task.samplingRule) throw conflict("须由发起部门监督人员批准任务（公布随机种子承诺值）后才能抽取");
    assertPlanDrawable(await jointDrawFacts(task), "draw");
    await drawAttempt.refuseWhileInfeasible("JOINT", task.id);
    const attempt = await drawAttempt.perform("JOINT", task, req);
    const { record, failures } = attempt;
    const departments = await orderedConfirmed(task, participations);
    // Names, 执法证号 and user accounts for the mixed teams (the draw itself used only the locked pools).
    const pools = await poolsOf(task, departments);
    const teams = failures.length ? null : mixedTeams(task, record, pools);
    const drawn = await drawAttempt.keep("JOINT", attempt, {
      tenantId: currentTenantId(),
      taskId: task.id,
      valid: teams !== null,
      // The initiating department's embargo (抽取结果保密天数) applies to the joint draw.
      embargoDays: (await tenantSettings()).drawEmbargoDays,
    });
    if (!teams) return drawn;
    // Event routes of the team's members and 随行专家 (a recusal of either moves its route).
    const userOf = new Map(
      [...pools.entries()].flatMap(([tenantId, p]) =>
        [...p.pool, ...(p.experts ?? [])]
          .filter((i) => i.user_id)
          .map((i) => [i.id, `${tenantId}:${i.user_id}`] as const),
      ),
    );
    const targets = record.drawn.map((d) => {
      const team = teams.get(d.key)!;
      return manager.create(JointTargetEntity, {
        tenantId: currentTenantId(),
        taskId: task.id,
        drawId: drawn.id,
        subjectId: d.key,
        stratum: d.stratum,
        status: "ACTIVE",
        team,
        memberIds: team.members.map((m) => m.id),
        memberUserKeys: [...team.members, ...(team.experts ?? [])].flatMap((m) =>
          userOf.has(m.id) ? [userOf.get(m.id)!] : [],
        ),
      });
    });
    await insertTargetsAndVisits(task, targets, departments);
    await syncJointParts(task.id);
    task.status = drawnStatus;
    await manager.save(task);
    await publishJointProgress(
      task,
      participations,
      { event: "DRAWN", targets: targets.length },
      teamEvents(targets, "ASSIGNED", task.id),
    );
    return drawn;
  },
};

async function poolsOf(
  task: JointTaskEntity,
  departments: JointParticipationEntity[],
): Promise<Map<string, JointPool>> {
  const pools = new Map<string, JointPool>();
  const today = chinaToday();
  for (const p of departments) {
    const [{ pool }] = await ctx().manager.query(`SELECT joint_inspector_pool($1, $2, $3::date, $4) AS pool`, [
      task.id,
      p.tenantId,
      today,
      p.teamRule?.rotationMonths ?? 0,
    ]);
    pools.set(p.tenantId, pool);
  }
  return pools;
}

/** Confirmed departments in document order: the initiating department first, then by department code. */
async function orderedConfirmed(
  task: JointTaskEntity,
  participations: JointParticipationEntity[],
): Promise<JointParticipationEntity[]> {
  const confirmed = confirmedOf(participations);
  const tenants = await tenantLoader().loadMany(confirmed.map((p) => p.tenantId));
  const code = new Map(tenants.map((t, i) => [confirmed[i].tenantId, t && !(t instanceof Error) ? t.code : ""]));
  const order = orderDepartments(
    confirmed.map((p) => ({ id: p.tenantId, name: "", code: code.get(p.tenantId) ?? "" })),
    task.initiatingTenantId,
  );
  return order.map((d) => confirmed.find((p) => p.tenantId === d.id)!);
}

/** Each department's drawn team per target → one mixed team (leader from the initiating department). */
function mixedTeams(
  task: JointTaskEntity,
  record: Pick<DrawRecord, "drawn" | "inspectorResults">,
  pools: Map<string, JointPool>,
): Map<string, JointTeam> | null {
  const inspectorResults = record.inspectorResults.filter((r) => !isExpertsDrawId(r.departmentId));
  const inputs: TeamInput[] = record.drawn.map((d) => ({
    targetId: d.key,
    initiatingDepartmentId: task.initiatingTenantId,
    draws: inspectorResults.map((r) => {
      const pool = new Map(pools.get(r.departmentId)!.pool.map((i) => [i.id, i]));
      const team = r.teams.find((t) => t.targetKey === d.key);
      return {
        departmentId: r.departmentId,
        inspectors: (team?.members ?? []).map((id, rank): DrawnInspector => {
          const i = pool.get(id);
          return {
            id,
            name: i?.name ?? "",
            certificateNo: i?.certificate_no ?? "",
            departmentId: r.departmentId,
            rank: rank + 1,
            leaderEligible: i?.leader_eligible ?? false,
          };
        }),
      };
    }),
  }));
  const { teams, failures } = composeTeams(inputs);
  // A mixed team that cannot be composed (every department ≥ 1, leader from the initiator) is decided by the record
  // too: the attempt is kept as INFEASIBLE rather than rolled back.
  if (failures.length) return null;
  return new Map(teams.map((t) => [t.targetId, withExperts(t, record, pools)]));
}

/** The 随行专家/辅助人员 each department drew for the target, beside (never inside) the mixed team. */
function withExperts(
  team: JointTeam,
  record: Pick<DrawRecord, "inspectorResults">,
  pools: Map<string, JointPool>,
): JointTeam {
  const experts = record.inspectorResults
    .filter((r) => isExpertsDrawId(r.departmentId))
    .flatMap((r) => {
      const departmentId = expertsDrawTenant(r.departmentId);
      const pool = new Map((pools.get(departmentId)?.experts ?? []).map((i) => [i.id, i]));
      const drawn = r.teams.find((t) => t.targetKey === team.targetId)?.members ?? [];
      return drawn.map(
        (id, rank): JointExpert => ({ id, name: pool.get(id)?.name ?? "", departmentId, rank: rank + 1 }),
      );
    });
  return experts.length ? { ...team, experts } : team;
}

/**
 * Targets, then one UNSCHEDULED visit per target with the confirmed departments as participants. A visit's
 * itemsChecked counts the lines of its own merged checklist: the items that apply to its target
 * (src/joint/applicability.ts), as its form and notice list them.
 */
export async function insertTargetsAndVisits(
  task: JointTaskEntity,
  targets: JointTargetEntity[],
  departments: JointParticipationEntity[],
): Promise<void> {
  const { manager } = ctx();
  for (let i = 0; i < targets.length; i += 500) await manager.insert(JointTargetEntity, targets.slice(i, i + 500));
  const facts: Array<{ id: string; kind: string; industry_code: string | null }> = await manager.query(
    `SELECT id, kind, industry_code FROM subject WHERE id = ANY ($1)`,
    [[...new Set(targets.map((t) => t.subjectId))]],
  );
  const lines = new Map<string, number>();
  for (const f of facts) {
    const checklist = await mergedChecklistFor(task, departments, { kind: f.kind, industryCode: f.industry_code });
    lines.set(f.id, checklist.counts.lines);
  }
  const visits = targets.map((t) =>
    manager.create(JointVisitEntity, {
      tenantId: currentTenantId(),
      taskId: task.id,
      targetId: t.id,
      subjectId: t.subjectId,
      coordinatorTenantId: task.tenantId,
      participantIds: departments.map((p) => p.tenantId),
      status: "UNSCHEDULED",
      proposedDate: null,
      agreedDate: null,
      state: null,
      itemsChecked: lines.get(t.subjectId) ?? 0,
    }),
  );
  for (let i = 0; i < visits.length; i += 500) await manager.insert(JointVisitEntity, visits.slice(i, i + 500));
}
