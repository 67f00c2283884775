import { tenantLoader } from "../../context/loaders";
import { ctx } from "../../context/request-context";
import { asFirm } from "../../db/as-tenant";
import {
  type BookingResult,
  CODE_STATUS_MESSAGES,
  type CodeStatus,
  codeStatus,
  counterDate,
  firmAcceptsCounter,
  firmProposes,
} from "../../domain/firm";
import { inspectionRecordLifecycle } from "../../domain/inspection/inspection-record.lifecycle";
import { assertMove } from "../../domain/lifecycle";
import type { AssignmentEntity } from "../../entities/draw/draw.entity";
import { AssignmentEntity as Assignment } from "../../entities/draw/draw.entity";
import { badInput, conflict, DomainError, forbidden, notFound, ruleViolation } from "../../errors";
import type { JointVisit } from "../../joint";
import { chinaToday, now } from "../../time";
import { audit } from "../audit/audit.service";
import { itemListService } from "../catalog/item-list.service";
import { notifyVisitDateAgreed } from "../inspection/assignment.events";
import { inspectionService } from "../inspection/inspection.service";
import {
  allParts,
  type JointVisitFacts,
  jointVisitFacts,
  partOfInspector,
  type VisitExpert,
  visitPartOf,
} from "./joint-parts.service";
import { findCode } from "./visit-codes.service";
import { bookingStep, recordBookingStep, type VisitHistoryEntry, visitHistory } from "./visit-history.service";

/** What a scan of the code shows anyone (no login): only what proves the visit, no other personal data. */
export interface VisitCheck {
  status: CodeStatus;
  message: string;
  facts: VisitFacts | null;
}

export interface VisitFacts {
  assignmentId: string;
  department: string;
  firmName: string;
  taskName: string;
  /** RANDOM 随机抽取 / DIRECT 指派 / COMPLAINT 投诉举报核查. */
  kind: string;
  items: Array<{ name: string; legalBasis: string }>;
  /** Leader first; name and 执法证号 only. */
  inspectors: Array<{ id: string; name: string; certificateNo: string; leader: boolean }>;
  /** 随行专家/辅助人员 (not enforcement inspectors): name with 所在单位 or, on a joint visit, department. */
  experts: VisitExpert[];
  windowFrom: string;
  windowTo: string;
  booking: BookingView;
  draw: { id: string; sequence: number; drawnAt: Date; sealDigest: string; publicAfter: Date | null } | null;
  expiresOn: string;
  /** A joint visit (一次上门): every department with its inspectors, the joint draw, the departments' date. */
  joint: JointVisitFacts | null;
}

export interface BookingView {
  status: string;
  /** The window a date may be proposed in: the assignment's window from today on. */
  bookableFrom: string;
  bookableTo: string;
  proposedDate: string | null;
  counterDate: string | null;
  agreedDate: string | null;
}

/** What only the firm sees, with its 办事码. */
export interface FirmSide {
  tookPlace: boolean | null;
  confirmedAt: Date | null;
  rating: number | null;
  comment: string | null;
  requests: Array<{
    id: string;
    kind: string;
    inspectorId: string | null;
    /** The inspector the firm asked about (still shown after a 递补 took them off the team). */
    inspectorName: string | null;
    status: string;
    decisionNote: string | null;
    createdAt: Date;
  }>;
  /** 办理记录: booking steps and requests with their decisions, oldest first. */
  history: VisitHistoryEntry[];
  /** The published result (结果公示) and its versions; null until published. */
  result: {
    resultId: string;
    departmentId: string;
    department: string;
    category: string;
    publishedAt: Date;
    versions: Array<{ version: number; publishedAt: Date; category: string; correctionReason: string | null }>;
  } | null;
  /** A joint visit: each department's published result (谁检查、谁公示); a department visit: its one result. */
  results: NonNullable<FirmSide["result"]>[];
}

interface FirmVisitRow {
  booking: JointVisit | null;
  booking_status: string;
  agreed_date: string | null;
  took_place: boolean | null;
  confirmed_at: Date | null;
  rating: number | null;
  comment: string | null;
}

/**
 * The inspected firm's side (issue 15). The firm has no account: the verification code on its notice opens the
 * visit for anyone, and the firm code printed beside it (办事码) lets the firm act — only on the visit of that same
 * notice. Each action runs as the firm (asFirm: the visit's department, no user, no role) and is audited in the
 * department's chain with the actor `firm:<assignment>`.
 */
export const firmService = {
  async check(code: string, firmCode?: string | null): Promise<{ check: VisitCheck; firm: FirmSide | null }> {
    const scanned = await findCode("verify", code);
    if (!scanned)
      return { check: { status: "UNKNOWN", message: CODE_STATUS_MESSAGES.UNKNOWN, facts: null }, firm: null };
    const found = await visitPartOf(scanned);
    if (firmCode) await sameVisit(firmCode, found.assignmentId);
    return asFirm(found.tenantId, async () => {
      const a = await assignmentOf(found.assignmentId, false);
      const facts = await visitFacts(a);
      const status = codeStatus({ assignmentStatus: a.status, expiresOn: facts.expiresOn }, chinaToday());
      const check = { status, message: CODE_STATUS_MESSAGES[status], facts: status === "VALID" ? facts : null };
      return { check, firm: firmCode && status === "VALID" ? await firmSide(a) : null };
    });
  },

  /** 双预约: the firm proposes a date in the window (again, after the department proposed another). */
  proposeDate: (code: string, firmCode: string, date: string) =>
    asTheFirm(code, firmCode, "firm.propose_date", async (a) => {
      const row = await firmVisitRow(a, true);
      if ((await jointVisitFacts(a))?.agreedDate)
        throw conflict("联合检查的时间已由各部门商定；如需变更，请联系检查部门");
      const w = bookable(a);
      return saveBooking(
        a,
        firmProposes(row.booking, {
          visitId: a.id,
          subjectId: a.subjectId,
          departmentId: a.tenantId,
          window: { from: w.bookableFrom, to: w.bookableTo },
          date,
        }),
        { date },
        "FIRM",
      );
    }),

  /** The firm takes the date the department proposed instead. */
  acceptDate: (code: string, firmCode: string) =>
    asTheFirm(code, firmCode, "firm.accept_date", async (a) => {
      const row = await firmVisitRow(a, true);
      if (!row.booking) throw conflict("尚未提出预约日期");
      return saveBooking(a, firmAcceptsCounter(row.booking, a.tenantId), {}, "FIRM");
    }),

  /** After the visit: whether it took place (a visit recorded that the firm denies is worth the supervisor's look). */
  confirmVisit: (code: string, firmCode: string, tookPlace: boolean, note: string | null) =>
    asTheFirm(code, firmCode, "firm.confirm_visit", async (a) => {
      const row = await firmVisitRow(a, true);
      const visited = a.status === "IN_PROGRESS" || a.status === "RECORDED";
      // A joint visit's date is the departments' agreed one.
      const agreed = (await jointVisitFacts(a))?.agreedDate ?? row.agreed_date;
      if (!visited && !(agreed && agreed <= chinaToday())) throw conflict("检查尚未开始，检查结束后再确认");
      await ctx().manager.query(
        `UPDATE firm_visit SET took_place = $2, confirmed_at = $3, confirm_note = $4, updated_at = $3
          WHERE assignment_id = $1`,
        [a.id, tookPlace, now(), clip(note, 500)],
      );
      return { tookPlace };
    }),

  /** 评价: 1–5 and an optional comment, once the firm has confirmed the visit took place; may be changed. */
  rateVisit: (code: string, firmCode: string, rating: number, comment: string | null) =>
    asTheFirm(code, firmCode, "firm.rate_visit", async (a) => {
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw badInput("rating", "评分应为 1 至 5 分");
      const row = await firmVisitRow(a, true);
      if (row.took_place !== true) throw conflict("请先确认检查已经进行，再作评价");
      await ctx().manager.query(
        `UPDATE firm_visit SET rating = $2, comment = $3, rated_at = $4, updated_at = $4 WHERE assignment_id = $1`,
        [a.id, rating, clip(comment, 1000), now()],
      );
      return { rating };
    }),

  /** 申请回避: reaches the supervisor's queue; the supervisor decides (firm-requests.service.ts). */
  requestRecusal: (code: string, firmCode: string, inspectorId: string, reason: string) =>
    asTheFirm(code, firmCode, "firm.request_recusal", async (a) => {
      // A joint visit: the request goes to the part of the inspector's own department (its supervisor decides).
      const part = a.kind === "JOINT" ? await partOfInspector(a, inspectorId) : a;
      // A 随行专家 of a joint visit may be recused as well (the joint 递补 takes the person kind).
      const named =
        part.memberIds.includes(inspectorId) || (a.kind === "JOINT" && part.expertIds.includes(inspectorId));
      if (!named) throw badInput("inspectorId", "该人员不在本次检查组中");
      assertMove(inspectionRecordLifecycle, part.status, "requestRecusal");
      return inTenantOf(a, part, async () => {
        const pending: unknown[] = await ctx().manager.query(
          `SELECT 1 FROM firm_request WHERE assignment_id = $1 AND inspector_id = $2 AND status = 'PENDING'`,
          [part.id, inspectorId],
        );
        if (pending.length) throw conflict("已对该检查人员提出回避申请，请等待监督人员处理");
        return { ...(await addRequest(part, "RECUSAL", inspectorId, reason)), departmentId: part.tenantId };
      });
    }),

  /** 投诉: a complaint about the inspectors' conduct; it reaches the supervisor, never the inspectors. */
  complain: (code: string, firmCode: string, reason: string) =>
    asTheFirm(code, firmCode, "firm.complain", async (a) => addRequest(a, "COMPLAINT", null, reason)),
};

/** Runs `fn` as the firm in the department of `part` (another department's part of the same joint visit). */
const inTenantOf = <T>(a: AssignmentEntity, part: AssignmentEntity, fn: () => Promise<T>): Promise<T> =>
  part.tenantId === a.tenantId ? fn() : asFirm(part.tenantId, fn);

/** The firm's action on its own visit: both codes name the same visit, the visit is open, and the action is audited. */
async function asTheFirm<T extends object>(
  code: string,
  firmCode: string,
  action: string,
  fn: (a: AssignmentEntity) => Promise<T>,
): Promise<T> {
  const scanned = await findCode("verify", code);
  if (!scanned) throw notFound("检查", CODE_STATUS_MESSAGES.UNKNOWN);
  const found = await visitPartOf(scanned);
  await sameVisit(firmCode, found.assignmentId);
  return asFirm(found.tenantId, async () => {
    const a = await assignmentOf(found.assignmentId, true);
    const [c] = await ctx().manager.query(
      `SELECT to_char(expires_on, 'YYYY-MM-DD') AS expires_on FROM visit_code WHERE assignment_id = $1`,
      [a.id],
    );
    const status = codeStatus({ assignmentStatus: a.status, expiresOn: c.expires_on }, chinaToday());
    if (status !== "VALID") throw conflict(CODE_STATUS_MESSAGES[status], { status });
    const out = await fn(a);
    await audit.record({
      action,
      entityType: "assignment",
      entityId: a.id,
      after: out,
      tenantId: a.tenantId,
      actor: `firm:${a.id}`,
    });
    return out;
  });
}

/** A firm code works only for its own visit. */
async function sameVisit(firmCode: string, assignmentId: string): Promise<void> {
  const firm = await findCode("firm", firmCode);
  if (!firm || firm.assignmentId !== assignmentId)
    throw new DomainError("FORBIDDEN", "办事码不正确，或不属于本次检查；请核对检查通知书上的企业办事码");
}

async function assignmentOf(id: string, lock: boolean): Promise<AssignmentEntity> {
  const a = await ctx().manager.findOne(Assignment, {
    where: { id },
    ...(lock ? { lock: { mode: "pessimistic_write" as const } } : {}),
  });
  if (!a) throw notFound("检查");
  return a;
}

function bookable(a: AssignmentEntity): { bookableFrom: string; bookableTo: string } {
  const today = chinaToday();
  // ISO dates compare as strings: the later of the window's start and today.
  return { bookableFrom: [a.windowFrom, today].sort()[1], bookableTo: a.windowTo };
}

/**
 * A joint part's agreed date is the joint visit's (一次上门, agreed among the departments): the firm's proposal feeds
 * that negotiation (department.service.ts), and every department's part shows the one date.
 */
export async function bookingView(a: AssignmentEntity): Promise<BookingView> {
  const row = await firmVisitRow(a, false);
  const joint = await jointVisitFacts(a);
  return {
    status: joint?.agreedDate ? "AGREED" : row.booking_status,
    ...bookable(a),
    proposedDate: row.booking?.proposedDate ?? null,
    // The departments' date under negotiation is in the joint facts; the firm has no counter-proposal to answer.
    counterDate: joint ? null : counterDate(row.booking, a.tenantId),
    agreedDate: joint ? joint.agreedDate : row.agreed_date,
  };
}

/** The firm_visit row of an assignment; created (empty) when `create`. */
export async function firmVisitRow(a: AssignmentEntity, create: boolean): Promise<FirmVisitRow> {
  const { manager } = ctx();
  const read = async (): Promise<FirmVisitRow | undefined> =>
    (
      await manager.query(
        `SELECT booking, booking_status, to_char(agreed_date, 'YYYY-MM-DD') AS agreed_date, took_place, confirmed_at,
                rating, comment FROM firm_visit WHERE assignment_id = $1`,
        [a.id],
      )
    )[0];
  const row = await read();
  if (row || !create)
    return (
      row ?? {
        booking: null,
        booking_status: "UNSCHEDULED",
        agreed_date: null,
        took_place: null,
        confirmed_at: null,
        rating: null,
        comment: null,
      }
    );
  await manager.query(
    `INSERT INTO firm_visit (assignment_id, tenant_id) VALUES ($1, $2) ON CONFLICT (assignment_id) DO NOTHING`,
    [a.id, a.tenantId],
  );
  return (await read())!;
}

/** Stores a transition of the booking; the firm's and the department's side share it (firm-booking.service.ts). */
export async function saveBooking(
  a: AssignmentEntity,
  result: BookingResult,
  extra: Record<string, unknown>,
  by: "FIRM" | "TEAM",
): Promise<BookingView & Record<string, unknown>> {
  if (!result.ok) throw bookingError(result.error);
  const v = result.value;
  await ctx().manager.query(
    `UPDATE firm_visit SET booking = $2, booking_status = $3, agreed_date = $4, updated_at = $5 WHERE assignment_id = $1`,
    [a.id, v, v.status, v.agreedDate, now()],
  );
  await recordBookingStep(
    a,
    bookingStep(v.status, v.proposedDate ?? null, counterDate(v, a.tenantId), v.agreedDate, by),
  );
  // An agreed booking is never changed again (ALREADY_AGREED), so this is the one moment of agreement.
  if (v.status === "AGREED" && v.agreedDate) await notifyVisitDateAgreed(a, v.agreedDate, by);
  return { ...extra, ...(await bookingView(a)) };
}

function bookingError(e: Exclude<BookingResult, { ok: true }>["error"]): DomainError {
  switch (e.code) {
    case "ALREADY_AGREED":
      return conflict("检查时间已经商定；如需变更，请联系检查部门");
    case "NO_COUNTER_PROPOSAL":
      return conflict("检查部门尚未提出其他时间");
    case "WRONG_STATE":
      return conflict("当前预约状态下不能执行此操作", { status: e.status });
    case "NOT_PARTICIPANT":
    case "NOT_COORDINATOR":
      return forbidden("无权处理该预约");
    case "DATE_OUTSIDE_WINDOW":
      return badInput("date", `预约日期须在 ${e.window.from} 至 ${e.window.to} 之间`);
    case "INVALID_DATE":
      return badInput("date", "日期格式应为 YYYY-MM-DD");
    case "INVALID_WINDOW":
      return ruleViolation("BOOKING_WINDOW_CLOSED", "检查期限已过，不能再预约");
    case "TOO_FEW_PARTICIPANTS":
      return ruleViolation("TOO_FEW_PARTICIPANTS", "预约双方不完整");
    case "REASON_REQUIRED":
      return badInput("reason", "请填写理由");
  }
}

async function addRequest(
  a: AssignmentEntity,
  kind: "RECUSAL" | "COMPLAINT",
  inspectorId: string | null,
  reason: string,
) {
  const text = reason.trim();
  if (!text) throw badInput("reason", kind === "RECUSAL" ? "请填写申请回避的理由" : "请填写投诉内容");
  if (text.length > 2000) throw badInput("reason", "内容不能超过 2000 字");
  const [row] = await ctx().manager.query(
    `INSERT INTO firm_request (tenant_id, assignment_id, kind, inspector_id, reason, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [a.tenantId, a.id, kind, inspectorId, text, now()],
  );
  return { requestId: row.id as string, kind, inspectorId };
}

async function visitFacts(a: AssignmentEntity): Promise<VisitFacts> {
  const { manager } = ctx();
  const of = await inspectionService.taskOf(a);
  const task = { name: of.name, item_ids: of.itemIds };
  const [subject] = await manager.query(`SELECT name FROM subject WHERE id = $1`, [a.subjectId]);
  const people: Array<{ id: string; name: string; certificate_no: string; organisation: string | null }> =
    await manager.query(`SELECT id, name, certificate_no, organisation FROM inspector WHERE id = ANY ($1)`, [
      [...a.memberIds, ...(a.expertIds ?? [])],
    ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const items = await itemListService.itemsOfTask(task?.item_ids ?? []);
  const [code] = await manager.query(
    `SELECT to_char(expires_on, 'YYYY-MM-DD') AS expires_on FROM visit_code WHERE assignment_id = $1`,
    [a.id],
  );
  const draws: Array<{ id: string; sequence: number; drawn_at: Date; seal_digest: string; public_after: Date | null }> =
    a.drawId
      ? await manager.query(`SELECT id, sequence, drawn_at, seal_digest, public_after FROM draw WHERE id = $1`, [
          a.drawId,
        ])
      : [];
  const joint = await jointVisitFacts(a);
  const d = draws[0];
  const own = [a.leaderId, ...a.memberIds.filter((m) => m !== a.leaderId)].flatMap((id) => {
    const p = byId.get(id);
    return p ? [{ id, name: p.name, certificateNo: p.certificate_no, leader: id === a.leaderId }] : [];
  });
  return {
    assignmentId: a.id,
    department: (await tenantLoader().load(a.tenantId))?.name ?? "",
    firmName: subject?.name ?? "",
    taskName: task?.name ?? "",
    kind: a.kind,
    items: items.map((i) => ({
      name: i.name,
      legalBasis: i.legalBasis.map((b) => `《${b.title}》${b.articles ?? ""}`).join("；"),
    })),
    // A joint visit: the whole mixed team, the initiating department's leader first.
    inspectors: joint ? joint.departments.flatMap((x) => x.inspectors).sort((x, y) => +y.leader - +x.leader) : own,
    // As the notice prints them: a department visit's experts with 所在单位, a joint visit's with their department.
    experts: joint
      ? joint.experts
      : (a.expertIds ?? []).flatMap((id) => {
          const p = byId.get(id);
          return p ? [{ id, name: p.name, organisation: p.organisation, department: null }] : [];
        }),
    windowFrom: a.windowFrom,
    windowTo: a.windowTo,
    booking: await bookingView(a),
    draw: joint
      ? joint.draw
      : d
        ? {
            id: d.id,
            sequence: d.sequence,
            drawnAt: d.drawn_at,
            sealDigest: d.seal_digest,
            publicAfter: d.public_after,
          }
        : null,
    expiresOn: code.expires_on,
    joint,
  };
}

async function firmSide(a: AssignmentEntity): Promise<FirmSide> {
  const { manager } = ctx();
  const row = await firmVisitRow(a, false);
  const requests: FirmSide["requests"] = [];
  const results: FirmSide["results"] = [];
  const history: VisitHistoryEntry[] = [];
  // A joint visit: the firm's requests, their history and the results live in each department's part (the booking
  // steps in the initiating one's); each step of another department's part names that department.
  const parts = await allParts(a);
  for (const part of parts)
    await inTenantOf(a, part, async () => {
      const department = parts.length > 1 ? ((await tenantLoader().load(part.tenantId))?.name ?? null) : null;
      history.push(...(await visitHistory(part)).map((e) => ({ ...e, department })));
      requests.push(
        ...(await manager.query(
          `SELECT r.id, r.kind, r.inspector_id AS "inspectorId", i.name AS "inspectorName", r.status,
                  r.decision_note AS "decisionNote", r.created_at AS "createdAt"
             FROM firm_request r LEFT JOIN inspector i ON i.id = r.inspector_id
            WHERE r.assignment_id = $1 ORDER BY r.created_at, r.id`,
          [part.id],
        )),
      );
      const r = await publishedResult(part);
      if (r) results.push(r);
    });
  requests.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id.localeCompare(y.id));
  return {
    tookPlace: row.took_place,
    confirmedAt: row.confirmed_at,
    rating: row.rating,
    comment: row.comment,
    requests,
    history: history.sort((x, y) => x.at.getTime() - y.at.getTime()),
    result: results.find((r) => r.departmentId === a.tenantId) ?? null,
    results,
  };
}

/** The published result (结果公示) of one part with its versions, in the part's department; null until published. */
async function publishedResult(a: AssignmentEntity): Promise<FirmSide["result"]> {
  const versions: Array<{
    result_id: string;
    version: number;
    published_at: Date;
    category: string;
    correction_reason: string | null;
  }> = await ctx().manager.query(
    `SELECT p.result_id, p.version, p.published_at, coalesce(c.name, p.category_code) AS category, p.correction_reason
       FROM inspection_result r JOIN result_publication p ON p.result_id = r.id
       LEFT JOIN result_code c ON c.code = p.category_code
      WHERE r.assignment_id = $1 ORDER BY p.version`,
    [a.id],
  );
  const last = versions.at(-1);
  if (!last) return null;
  return {
    resultId: last.result_id,
    departmentId: a.tenantId,
    department: (await tenantLoader().load(a.tenantId))?.name ?? "",
    category: last.category,
    publishedAt: last.published_at,
    versions: versions.map((v) => ({
      version: v.version,
      publishedAt: v.published_at,
      category: v.category,
      correctionReason: v.correction_reason,
    })),
  };
}

const clip = (s: string | null, n: number) => (s?.trim() ? s.trim().slice(0, n) : null);
