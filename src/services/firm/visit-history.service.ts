import { ctx } from "../../context/request-context";
import type { AssignmentEntity } from "../../entities/draw/draw.entity";
import { now } from "../../time";

export type HistoryParty = "FIRM" | "TEAM" | "SUPERVISOR";

/** One step of a visit's history as the firm and the supervisor read it. */
export interface VisitHistoryEntry {
  at: Date;
  party: HistoryParty;
  kind:
    | "BOOKING_PROPOSED"
    | "BOOKING_COUNTER_PROPOSED"
    | "BOOKING_ACCEPTED"
    | "RECUSAL_REQUESTED"
    | "COMPLAINT_FILED"
    | "REQUEST_GRANTED"
    | "REQUEST_REJECTED"
    | "REQUEST_CLOSED";
  /** The date named (booking steps). */
  visitDate: string | null;
  /** The request concerned (request steps). */
  requestId: string | null;
  /** The inspector whose recusal was asked, and the 递补 who replaced them. */
  inspectorName: string | null;
  substituteName: string | null;
  /** The supervisor's note on a decision. */
  note: string | null;
  /** One line in Chinese for the page. */
  summary: string;
  /** The department whose part of a joint visit the step belongs to (null for a department's own visit). */
  department: string | null;
}

const PARTY: Record<HistoryParty, string> = { FIRM: "企业", TEAM: "检查组", SUPERVISOR: "监督人员" };

/** Where the booking now stands, as a step of its history (derived from the state the booking moved to). */
export function bookingStep(
  status: string,
  proposedDate: string | null,
  counterDate: string | null,
  agreedDate: string | null,
  by: "FIRM" | "TEAM",
): { party: "FIRM" | "TEAM"; action: "PROPOSED" | "COUNTER_PROPOSED" | "ACCEPTED"; date: string } | null {
  if (status === "AGREED" && agreedDate) return { party: by, action: "ACCEPTED", date: agreedDate };
  if (status === "CONTESTED" && counterDate) return { party: "TEAM", action: "COUNTER_PROPOSED", date: counterDate };
  if (status === "PROPOSED" && proposedDate) return { party: "FIRM", action: "PROPOSED", date: proposedDate };
  return null;
}

export async function recordBookingStep(a: AssignmentEntity, step: ReturnType<typeof bookingStep>): Promise<void> {
  if (!step) return;
  await ctx().manager.query(
    `INSERT INTO firm_booking_step (tenant_id, assignment_id, party, action, visit_date, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [a.tenantId, a.id, step.party, step.action, step.date, now()],
  );
}

/**
 * 办理记录: the booking's steps and the firm's requests (申请回避, 投诉) with their decisions, oldest first. Read in the
 * assignment's department; firm_request rows are visible to the supervisor and to the firm through its code only.
 */
export async function visitHistory(a: AssignmentEntity): Promise<VisitHistoryEntry[]> {
  const { manager } = ctx();
  const [steps, requests] = await Promise.all([
    manager.query(
      `SELECT party, action, to_char(visit_date, 'YYYY-MM-DD') AS visit_date, created_at
         FROM firm_booking_step WHERE assignment_id = $1 ORDER BY created_at, seq`,
      [a.id],
    ) as Promise<Array<{ party: "FIRM" | "TEAM"; action: string; visit_date: string; created_at: Date }>>,
    manager.query(
      `SELECT r.id, r.kind, r.status, r.decision_note, r.decided_at, r.created_at, i.name AS inspector, x.name AS substitute
         FROM firm_request r LEFT JOIN inspector i ON i.id = r.inspector_id LEFT JOIN inspector x ON x.id = r.substitute_id
        WHERE r.assignment_id = $1 ORDER BY r.created_at, r.id`,
      [a.id],
    ) as Promise<
      Array<{
        id: string;
        kind: "RECUSAL" | "COMPLAINT";
        status: string;
        decision_note: string | null;
        decided_at: Date | null;
        created_at: Date;
        inspector: string | null;
        substitute: string | null;
      }>
    >,
  ]);
  const entry = (
    e: Omit<VisitHistoryEntry, "requestId" | "inspectorName" | "substituteName" | "note" | "visitDate" | "department"> &
      Partial<VisitHistoryEntry>,
  ): VisitHistoryEntry => ({
    visitDate: null,
    requestId: null,
    inspectorName: null,
    substituteName: null,
    note: null,
    department: null,
    ...e,
  });
  const out: VisitHistoryEntry[] = steps.map((s) =>
    entry({
      at: s.created_at,
      party: s.party,
      kind: `BOOKING_${s.action}` as VisitHistoryEntry["kind"],
      visitDate: s.visit_date,
      summary:
        s.action === "PROPOSED"
          ? `企业预约检查日期 ${s.visit_date}`
          : s.action === "COUNTER_PROPOSED"
            ? `检查组提出改为 ${s.visit_date}`
            : `${PARTY[s.party]}同意，检查日期确定为 ${s.visit_date}`,
    }),
  );
  for (const r of requests) {
    out.push(
      entry({
        at: r.created_at,
        party: "FIRM",
        kind: r.kind === "RECUSAL" ? "RECUSAL_REQUESTED" : "COMPLAINT_FILED",
        requestId: r.id,
        inspectorName: r.inspector,
        summary: r.kind === "RECUSAL" ? `企业申请检查人员${r.inspector ?? ""}回避` : "企业投诉检查人员的行为",
      }),
    );
    if (r.decided_at && r.status !== "PENDING")
      out.push(
        entry({
          at: r.decided_at,
          party: "SUPERVISOR",
          kind:
            r.status === "GRANTED"
              ? "REQUEST_GRANTED"
              : r.status === "REJECTED"
                ? "REQUEST_REJECTED"
                : "REQUEST_CLOSED",
          requestId: r.id,
          inspectorName: r.inspector,
          substituteName: r.substitute,
          note: r.decision_note,
          summary:
            r.status === "GRANTED"
              ? `准予回避${r.substitute ? `，递补检查人员${r.substitute}` : ""}`
              : r.status === "REJECTED"
                ? "不予回避"
                : "投诉已办结",
        }),
      );
  }
  return out.sort((x, y) => x.at.getTime() - y.at.getTime());
}
