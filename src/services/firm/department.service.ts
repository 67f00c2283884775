import { Role } from "../../auth/roles";
import { ctx, currentTenantId, currentUserId, hasRole } from "../../context/request-context";
import { departmentAccepts, departmentProposesOther } from "../../domain/firm";
import { type FirmRequestMove, firmRequestLifecycle } from "../../domain/firm/firm-request.lifecycle";
import { isUuid } from "../../domain/ids";
import { assertMove } from "../../domain/lifecycle";
import { AssignmentEntity } from "../../entities/draw/draw.entity";
import { badInput, conflict, forbidden, notFound, ruleViolation } from "../../errors";
import { now } from "../../time";
import { audit } from "../audit/audit.service";
import { drawService } from "../draw/draw.service";
import { asTeam } from "../inspection/inspection.service";
import { jointRecusalService } from "../joint/joint-recusal.service";
import { jointVisitService } from "../joint/joint-visit.service";
import { type BookingView, bookingView, firmVisitRow, saveBooking } from "./firm.service";
import { codesOf, type VisitCodes } from "./visit-codes.service";
import { type VisitHistoryEntry, visitHistory } from "./visit-history.service";

export interface FirmRequestRow {
  id: string;
  assignmentId: string;
  kind: "RECUSAL" | "COMPLAINT";
  inspectorId: string | null;
  reason: string;
  status: string;
  decisionNote: string | null;
  decidedAt: Date | null;
  substituteId: string | null;
  createdAt: Date;
  firmName: string;
  taskName: string;
}

export interface FirmFeedbackRow {
  assignmentId: string;
  firmName: string;
  taskName: string;
  agreedDate: string | null;
  tookPlace: boolean;
  confirmNote: string | null;
  rating: number | null;
  comment: string | null;
  confirmedAt: Date | null;
  ratedAt: Date | null;
}

/**
 * The department's side of the firm's actions: the team answers the firm's proposed date (双预约), the supervisor
 * works the queue of recusal requests and complaints, and staff read the codes to print or show.
 */
export const firmDepartmentService = {
  /** The codes of an assignment of the caller's department: its team, planners, admins and supervisors. */
  async codes(a: AssignmentEntity): Promise<VisitCodes> {
    if (!hasRole(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR)) {
      const me: Array<{ id: string }> = await ctx().manager.query(`SELECT id FROM inspector WHERE user_id = $1`, [
        currentUserId(),
      ]);
      if (!me[0] || !a.memberIds.includes(me[0].id)) throw forbidden("只有检查组成员可以查看核验码和企业办事码");
    }
    return codesOf(a);
  },

  booking: (a: AssignmentEntity): Promise<BookingView> => bookingView(a),

  acceptDate: (assignmentId: string) =>
    answer(assignmentId, "firm_booking.accept", (a, v) => departmentAccepts(v, a.tenantId)),

  proposeOther: (assignmentId: string, date: string) =>
    answer(assignmentId, "firm_booking.propose_other", (a, v) => departmentProposesOther(v, a.tenantId, date)),

  /** 待处理的回避申请和投诉: the supervisor's queue (RLS shows them to no other role). */
  async requests(status: string | null, limit: number, offset: number): Promise<FirmRequestRow[]> {
    return ctx().manager.query(
      `${REQUEST_SELECT} WHERE r.tenant_id = $1 AND ($2::text IS NULL OR r.status = $2)
        ORDER BY r.created_at, r.id LIMIT $3 OFFSET $4`,
      [currentTenantId(), status, limit, offset],
    );
  },

  /** 办理记录 of one visit of the department, for the supervisor (firm requests are the supervisor's only). */
  async history(assignmentId: string): Promise<VisitHistoryEntry[]> {
    const a = isUuid(assignmentId)
      ? await ctx().manager.findOne(AssignmentEntity, { where: { id: assignmentId, tenantId: currentTenantId() } })
      : null;
    if (!a) throw notFound("检查任务");
    return visitHistory(a);
  },

  /**
   * 企业评价与确认: what firms said after their visits, for the supervisor (never the inspectors through the API); a
   * firm saying the visit did not take place is listed first — it may be a record of a visit that never happened.
   */
  async feedback(limit: number, offset: number): Promise<FirmFeedbackRow[]> {
    return ctx().manager.query(
      `SELECT v.assignment_id AS "assignmentId", s.name AS "firmName", coalesce(t.name, jt.name) AS "taskName",
              to_char(v.agreed_date, 'YYYY-MM-DD') AS "agreedDate", v.took_place AS "tookPlace",
              v.confirm_note AS "confirmNote", v.rating, v.comment, v.confirmed_at AS "confirmedAt", v.rated_at AS "ratedAt"
         FROM firm_visit v JOIN assignment a ON a.id = v.assignment_id JOIN subject s ON s.id = a.subject_id
         LEFT JOIN inspection_task t ON t.id = a.task_id LEFT JOIN joint_task jt ON jt.id = a.joint_task_id
        WHERE v.tenant_id = $1 AND v.took_place IS NOT NULL
        ORDER BY v.took_place, coalesce(v.rated_at, v.confirmed_at) DESC, v.assignment_id LIMIT $2 OFFSET $3`,
      [currentTenantId(), limit, offset],
    );
  },

  /**
   * The supervisor decides. Granting a recusal replaces the inspector through the draw's one substitution
   * (drawService.recuse: 递补 from the same ranking, appended to the public draw record); a complaint is closed
   * with the supervisor's note. Either way the firm sees the decision on its page.
   */
  async decide(id: string, grant: boolean, note: string): Promise<FirmRequestRow> {
    const text = note.trim();
    if (!text) throw badInput("note", "请填写处理意见");
    const { manager } = ctx();
    const [r] = isUuid(id)
      ? await manager.query(`SELECT * FROM firm_request WHERE id = $1 AND tenant_id = $2 FOR UPDATE`, [
          id,
          currentTenantId(),
        ])
      : [];
    if (!r) throw notFound("企业申请");
    const move: FirmRequestMove = r.kind === "COMPLAINT" ? "close" : grant ? "grant" : "reject";
    const status = assertMove(firmRequestLifecycle, r.status, move);
    let substituteId: string | null = null;
    if (r.kind === "RECUSAL" && grant)
      substituteId = await replaceRecusedInspector({
        assignmentId: r.assignment_id,
        inspectorId: r.inspector_id,
        note: `企业申请回避：${r.reason}；监督人员意见：${text}`,
      });
    await manager.query(
      `UPDATE firm_request SET status = $2, decision_note = $3, decided_by = $4, decided_at = $5, substitute_id = $6
        WHERE id = $1`,
      [id, status, text, currentUserId(), now(), substituteId],
    );
    await audit.record({
      action: `firm_request.${status.toLowerCase()}`,
      entityType: "firm_request",
      entityId: id,
      after: { status, substituteId },
    });
    const [row] = await manager.query(`${REQUEST_SELECT} WHERE r.id = $1`, [id]);
    return row;
  },
};

/**
 * THE seam for 递补 after a granted recusal: one call into the draw protocol's substitution. The draw protocol is
 * being rewritten elsewhere; whatever it becomes, this is the only place the firm's side asks for a replacement.
 */
export async function replaceRecusedInspector(req: {
  assignmentId: string;
  inspectorId: string;
  note: string;
}): Promise<string> {
  const [a]: Array<{ joint_target_id: string | null; expert_ids: string[] }> = await ctx().manager.query(
    `SELECT joint_target_id, expert_ids FROM assignment WHERE id = $1`,
    [req.assignmentId],
  );
  // A joint part: the 递补 comes from the department's ranking in the joint draw's record (the joint protocol), in
  // its experts' config when the person named is one of the part's 随行专家.
  if (a?.joint_target_id) {
    const { substitution } = await jointRecusalService.recuse({
      targetId: a.joint_target_id,
      kind: a.expert_ids.includes(req.inspectorId) ? "EXPERT" : "INSPECTOR",
      inspectorId: req.inspectorId,
      reasonCode: "REQUESTED",
      note: req.note,
      requestedBy: `firm:${req.assignmentId}`,
    });
    return substitution.substituteId;
  }
  const { substituteId } = await drawService.recuse({
    assignmentId: req.assignmentId,
    inspectorId: req.inspectorId,
    reasonCode: "REQUESTED",
    note: req.note,
    requestedBy: `firm:${req.assignmentId}`,
  });
  return substituteId;
}

const REQUEST_SELECT = `SELECT r.id, r.assignment_id AS "assignmentId", r.kind, r.inspector_id AS "inspectorId", r.reason,
    r.status, r.decision_note AS "decisionNote", r.decided_at AS "decidedAt", r.substitute_id AS "substituteId",
    r.created_at AS "createdAt", s.name AS "firmName", coalesce(t.name, jt.name) AS "taskName"
  FROM firm_request r JOIN assignment a ON a.id = r.assignment_id JOIN subject s ON s.id = a.subject_id
  LEFT JOIN inspection_task t ON t.id = a.task_id LEFT JOIN joint_task jt ON jt.id = a.joint_task_id`;

/** The team (any member) or the department's planners answer the firm's proposed date. */
async function answer(
  assignmentId: string,
  action: string,
  fn: (
    a: AssignmentEntity,
    v: NonNullable<Awaited<ReturnType<typeof firmVisitRow>>["booking"]>,
  ) => ReturnType<typeof departmentAccepts>,
): Promise<BookingView> {
  const a = hasRole(Role.PLANNER, Role.ADMIN)
    ? await ownAssignment(assignmentId)
    : (await asTeam(assignmentId, false)).a;
  const row = await firmVisitRow(a, false);
  if (!row.booking) throw conflict("企业尚未提出预约时间");
  if (a.kind === "JOINT") return answerForJointVisit(a, action, row.booking.proposedDate);
  const view = await saveBooking(a, fn(a, row.booking), {}, "TEAM");
  await audit.record({ action, entityType: "assignment", entityId: a.id, after: view });
  return view;
}

/**
 * 一次上门: a joint visit's date is agreed among the departments, so accepting the firm's date puts it into that
 * negotiation — proposed to every participant (or, once proposed, resolved by the coordinator); the date everyone
 * agrees on is what the firm and every department's inspectors see. A date of the team's own is proposed there too.
 */
async function answerForJointVisit(a: AssignmentEntity, action: string, date: string | null): Promise<BookingView> {
  if (action !== "firm_booking.accept")
    throw ruleViolation(
      "JOINT_VISIT_DATE",
      "联合检查的时间由各参与部门协商确定，请在联合检查中另提日期（proposeOtherJointVisitDate）",
    );
  if (!hasRole(Role.PLANNER, Role.ADMIN)) throw forbidden("联合检查的时间由发起部门或牵头协调部门的计划人员提出");
  const visit = a.jointTargetId ? await jointVisitService.ofTarget(a.jointTargetId) : null;
  if (!visit || !date) throw conflict("企业尚未提出预约时间");
  if (visit.status === "UNSCHEDULED") {
    const proposed = await jointVisitService.propose(visit.id, date);
    // The department taking the firm's date accepts it (the coordinator's own proposal counts as accepted already).
    if (proposed.coordinatorTenantId !== a.tenantId) await jointVisitService.accept(visit.id);
  } else if (visit.status === "PROPOSED" || visit.status === "CONTESTED")
    await jointVisitService.resolve(visit.id, date);
  else throw conflict("联合检查的时间已经商定；如需变更，请联系牵头协调部门");
  await audit.record({ action, entityType: "assignment", entityId: a.id, after: { jointVisitId: visit.id, date } });
  return bookingView(a);
}

async function ownAssignment(id: string): Promise<AssignmentEntity> {
  const a = isUuid(id)
    ? await ctx().manager.findOne(AssignmentEntity, {
        where: { id, tenantId: currentTenantId() },
        lock: { mode: "pessimistic_write" },
      })
    : null;
  if (!a) throw notFound("检查任务");
  return a;
}
