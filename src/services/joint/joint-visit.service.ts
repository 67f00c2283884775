import { Not } from "typeorm";
import { byIdLoader } from "../../context/loaders";
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { assertMove, canMove, refusedMove } from "../../domain/lifecycle";
import { JointTargetEntity, JointVisitEntity } from "../../entities/joint/joint-visit.entity";
import { badInput, conflict, DomainError, forbidden, notFound, ruleViolation } from "../../errors";
import {
  acceptVisitDate,
  type JointVisit,
  proposeOtherDate,
  proposeVisitDate,
  type Result,
  recordNoPublication,
  recordPublication,
  resolveVisitDate,
  type VisitError,
  type VisitMove,
  visitLifecycle,
} from "../../joint";
import { chinaToday } from "../../time";
import { audit } from "../audit/audit.service";
import { publishJointProgress } from "./joint.events";
import { participationsOf, visibleJointTask } from "./joint.guards";

type Transition = (visit: JointVisit, actorId: string) => Result<JointVisit, VisitError>;

/** 一次上门: the visit date is proposed, accepted or contested, resolved by the coordinator; then published parts. */

const jointTargetLoader = byIdLoader("jointTarget", JointTargetEntity);
export const jointVisitService = {
  async get(id: string): Promise<JointVisitEntity> {
    const v = isUuid(id) ? await ctx().manager.findOne(JointVisitEntity, { where: { id } }) : null;
    if (!v) throw notFound("联合检查");
    return v;
  },

  async list(taskId: string | undefined, limit: number, offset: number) {
    if (taskId !== undefined && !isUuid(taskId)) return [[], 0] as const;
    return ctx().manager.findAndCount(JointVisitEntity, {
      where:
        taskId === undefined ? { status: Not("CANCELLED" as const) } : { taskId, status: Not("CANCELLED" as const) },
      order: { createdAt: "ASC", id: "ASC" },
      take: limit,
      skip: offset,
    });
  },

  /** Batched per request (a list of visits loads its targets in one query). */
  async target(id: string): Promise<JointTargetEntity> {
    const t = isUuid(id) ? await jointTargetLoader().load(id) : null;
    if (!t) throw notFound("联合抽查对象");
    return t;
  },

  async targetsOf(taskId: string): Promise<JointTargetEntity[]> {
    return ctx().manager.find(JointTargetEntity, {
      where: { taskId, status: "ACTIVE" },
      order: { createdAt: "ASC", id: "ASC" },
    });
  },

  /** Every target of one draw, cancelled ones included (the draw history). */
  async targetsOfDraw(drawId: string): Promise<JointTargetEntity[]> {
    return ctx().manager.find(JointTargetEntity, { where: { drawId }, order: { createdAt: "ASC", id: "ASC" } });
  },

  /**
   * The signed-in inspector's joint visits (their team's, as a member or one of its 随行专家), with the agreed date
   * once there is one.
   */
  async mine(limit: number, offset: number): Promise<JointVisitEntity[]> {
    const rows: Array<{ id: string }> = await ctx().manager.query(
      `SELECT v.id FROM joint_visit v JOIN joint_target t ON t.id = v.target_id
         JOIN inspector i ON i.id = ANY (t.member_ids)
           OR coalesce(t.team -> 'experts', '[]') @> jsonb_build_array(jsonb_build_object('id', i.id))
        WHERE i.user_id = $1 AND i.tenant_id = $2 AND v.status <> 'CANCELLED'
        ORDER BY coalesce(v.agreed_date, v.proposed_date) NULLS LAST, v.id LIMIT $3 OFFSET $4`,
      [currentUserId(), currentTenantId(), limit, offset],
    );
    if (!rows.length) return [];
    const visits = await ctx().manager.findBy(
      JointVisitEntity,
      rows.map((r) => ({ id: r.id })),
    );
    return rows.map((r) => visits.find((v) => v.id === r.id)!);
  },

  /** The coordinator or the initiating department proposes the one date (the state machine starts here). */
  async propose(id: string, date: string): Promise<JointVisitEntity> {
    const visit = await visitForUpdate(id, "PROPOSE");
    const task = await visibleJointTask(visit.taskId);
    const me = currentTenantId();
    if (me !== task.tenantId && me !== task.initiatingTenantId)
      throw forbidden("只有牵头协调部门或发起部门可以提出检查日期");
    assertMove(visitLifecycle, visit.status, "PROPOSE");
    refusePastDate(date);
    const result = proposeVisitDate({
      visitId: visit.id,
      targetId: visit.subjectId,
      coordinatorId: visit.coordinatorTenantId,
      participantIds: visit.participantIds,
      window: { from: task.windowFrom, to: task.windowTo },
      date,
    });
    return apply(visit, result, "propose");
  },

  /** Accepting agrees to the proposed date, so a date that has passed in the meantime cannot be accepted. */
  accept: (id: string) =>
    transition(id, "accept", "ACCEPT", (v, actor) => {
      if (v.proposedDate) refusePastDate(v.proposedDate, "提出的检查日期已过，请另提日期");
      return acceptVisitDate(v, actor);
    }),
  proposeOther: (id: string, date: string) =>
    transition(id, "propose_other", "PROPOSE_OTHER_DATE", (v, actor) => {
      refusePastDate(date);
      return proposeOtherDate(v, actor, date);
    }),
  resolve: (id: string, date: string) =>
    transition(id, "resolve", "RESOLVE", (v, actor) => {
      refusePastDate(date);
      return resolveVisitDate(v, actor, date);
    }),

  /** 不予公示: the department records why its part of the visit will not be published (its ADMIN or SUPERVISOR). */
  async recordNotPublished(id: string, reason: string): Promise<JointVisitEntity> {
    const visit = await visitForUpdate(id, "PUBLISH");
    if (!visit.state) throw refusedMove(visitLifecycle, visit.status, "PUBLISH");
    const task = await visibleJointTask(visit.taskId);
    const published: Array<{ n: number }> = await ctx().manager.query(
      `SELECT count(*)::int AS n FROM assignment a JOIN inspection_result r ON r.assignment_id = a.id
        WHERE a.tenant_id = $2 AND r.first_published_at IS NOT NULL
          AND (a.joint_target_id = $1 OR (a.task_id = ANY ($3::uuid[]) AND a.subject_id = $4))`,
      [visit.targetId, currentTenantId(), task.consolidatedTaskIds ?? [], visit.subjectId],
    );
    if (published[0].n > 0) throw conflict("本部门在该联合检查中的检查结果已公示");
    return apply(visit, recordNoPublication(visit.state, currentTenantId(), reason), "not_published");
  },

  /**
   * 谁检查、谁公示: called when a department publishes the result of its part of a visit (resultService.publish): its
   * JOINT part, or, for a consolidation (一键合并), its own assignment of the subject in one of the consolidated tasks.
   * Its part of the visit is then settled, and the visit COMPLETE once every participant's part is. A visit whose date
   * is not agreed yet has no part to settle (a JOINT part cannot even start before).
   */
  async partPublished(a: PartOf): Promise<void> {
    const v = await visitOfPart(a);
    if (!v?.state || !canMove(visitLifecycle, v.status, "PUBLISH") || v.state.publishedBy.includes(currentTenantId()))
      return;
    await apply(v, recordPublication(v.state, currentTenantId()), "publish");
  },

  /** The visit of a JOINT part, for the record flow: its date must be agreed before the part starts (一次上门). */
  async ofTarget(jointTargetId: string): Promise<JointVisitEntity | null> {
    return ctx().manager.findOne(JointVisitEntity, { where: { targetId: jointTargetId } });
  },
};

/** What identifies a department's part of a visit: its JOINT part's target, or its own task and subject. */
export type PartOf = { jointTargetId: string | null; taskId: string | null; subjectId: string };

/**
 * The live visit an assignment is part of, locked: a JOINT part's visit, or the visit of a consolidation joint task
 * (origin CONSOLIDATION) that merged the assignment's own task for its subject.
 */
async function visitOfPart(a: PartOf): Promise<JointVisitEntity | null> {
  const [row]: Array<{ id: string }> = await ctx().manager.query(
    `SELECT v.id FROM joint_visit v JOIN joint_task t ON t.id = v.task_id
      WHERE v.status <> 'CANCELLED'
        AND (v.target_id = $1 OR (t.origin = 'CONSOLIDATION' AND $2::uuid = ANY (t.consolidated_task_ids)
                                  AND v.subject_id = $3))
      ORDER BY v.created_at LIMIT 1`,
    [a.jointTargetId, a.taskId, a.subjectId],
  );
  if (!row) return null;
  return ctx().manager.findOne(JointVisitEntity, { where: { id: row.id }, lock: { mode: "for_no_key_update" } });
}

/**
 * A visit is dated today or later (the window itself is checked by the visit functions of src/joint). Malformed dates
 * are left to them (INVALID_DATE); ISO dates compare as strings.
 */
function refusePastDate(date: string, message?: string): void {
  const today = chinaToday();
  if (/^\d{4}-\d{2}-\d{2}$/.test(date) && date < today)
    throw badInput("date", message ?? `检查日期不能早于今天（${today}）`, { rule: "DATE_IN_PAST", today });
}

async function transition(id: string, action: string, move: VisitMove, fn: Transition): Promise<JointVisitEntity> {
  const visit = await visitForUpdate(id, move);
  if (!visit.state) throw refusedMove(visitLifecycle, visit.status, move);
  return apply(visit, fn(visit.state, currentTenantId()), action);
}

/** Locks the visit; a cancelled one refuses every move (its draw was voided). */
async function visitForUpdate(id: string, move: VisitMove): Promise<JointVisitEntity> {
  const v = isUuid(id)
    ? await ctx().manager.findOne(JointVisitEntity, { where: { id }, lock: { mode: "for_no_key_update" } })
    : null;
  if (!v) throw notFound("联合检查");
  if (v.status === "CANCELLED") throw refusedMove(visitLifecycle, v.status, move);
  return v;
}

async function apply(
  visit: JointVisitEntity,
  result: Result<JointVisit, VisitError>,
  action: string,
): Promise<JointVisitEntity> {
  if (!result.ok) throw visitError(result.error);
  const before = visit.status;
  const agreedNow = result.value.status === "AGREED" && before !== "AGREED";
  const state = agreedNow ? await withEarlierPublications(visit.id, result.value) : result.value;
  Object.assign(visit, {
    state,
    status: state.status,
    proposedDate: state.proposedDate,
    agreedDate: state.agreedDate,
  });
  await ctx().manager.save(visit);
  await audit.record({
    action: `joint_visit.${action}`,
    entityType: "joint_visit",
    entityId: visit.id,
    after: { status: state.status, agreedDate: state.agreedDate, responses: state.responses },
  });
  const task = await visibleJointTask(visit.taskId);
  const target = agreedNow ? await jointVisitService.target(visit.targetId) : null;
  await publishJointProgress(
    task,
    await participationsOf(task.id),
    { event: `VISIT_${action.toUpperCase()}`, visitId: visit.id, status: state.status, agreedDate: state.agreedDate },
    (target?.memberUserKeys ?? []).map((key) => {
      const [tenantId, userId] = key.split(":");
      return {
        tenantId,
        userId,
        payload: { change: "DATE_AGREED", jointVisitId: visit.id, subjectId: visit.subjectId, date: state.agreedDate },
      };
    }),
  );
  return visit;
}

/**
 * When the date is agreed, a department that already published its result of the subject under a consolidated task
 * (一键合并: its own assignment could be recorded before the joint date was settled) has its part settled at once —
 * otherwise nothing would ever settle it and the visit could not complete. Its publication snapshot names the visit
 * (result_publication is public), so this needs no look into another department's rows.
 */
async function withEarlierPublications(visitId: string, state: JointVisit): Promise<JointVisit> {
  const rows: Array<{ tenant_id: string }> = await ctx().manager.query(
    `SELECT DISTINCT tenant_id FROM result_publication WHERE content -> 'jointVisit' ->> 'visitId' = $1`,
    [visitId],
  );
  let settled = state;
  for (const { tenant_id } of rows) {
    const next = recordPublication(settled, tenant_id);
    if (next.ok) settled = next.value;
  }
  return settled;
}

function visitError(e: VisitError): DomainError {
  switch (e.code) {
    case "WRONG_STATE":
      return refusedMove(visitLifecycle, e.status, e.action);
    case "NOT_PARTICIPANT":
      return forbidden("本部门不是该联合检查的参与部门");
    case "NOT_COORDINATOR":
      return forbidden("只有牵头协调部门可以裁定检查日期");
    case "DATE_OUTSIDE_WINDOW":
      return badInput("date", `检查日期须在任务期限 ${e.window.from} 至 ${e.window.to} 之内`);
    case "INVALID_DATE":
      return badInput("date", "日期格式应为 YYYY-MM-DD");
    case "INVALID_WINDOW":
      return ruleViolation("INVALID_WINDOW", "任务期限无效");
    case "TOO_FEW_PARTICIPANTS":
      return ruleViolation("TOO_FEW_PARTICIPANTS", "联合检查至少需要两个部门");
    case "REASON_REQUIRED":
      return badInput("reason", "请说明本部门检查结果不予公示的原因");
  }
}
