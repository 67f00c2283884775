import {
  acceptVisitDate,
  type JointVisit,
  proposeOtherDate,
  proposeVisitDate,
  type Result,
  resolveVisitDate,
  type VisitError,
} from "../../joint";

/**
 * 双预约 on the joint visit state machine (src/joint/visit-transitions.ts), with two parties: the firm and the
 * department. The firm proposes (it is the proposal's "coordinator", so its own date counts as accepted); the
 * department accepts (AGREED) or proposes another date (CONTESTED); the firm then takes the department's date
 * (the coordinator's resolution, limited here to the date the department offered) or proposes anew. A date is
 * never fixed without both sides having named it.
 */
export const FIRM_PARTY = "firm";

export type BookingResult = Result<
  JointVisit,
  VisitError | { code: "NO_COUNTER_PROPOSAL" } | { code: "ALREADY_AGREED" }
>;

export function firmProposes(
  current: JointVisit | null,
  input: {
    visitId: string;
    subjectId: string;
    departmentId: string;
    window: { from: string; to: string };
    date: string;
  },
): BookingResult {
  if (current?.status === "AGREED" || current?.status === "COMPLETE")
    return { ok: false, error: { code: "ALREADY_AGREED" } };
  return proposeVisitDate({
    visitId: input.visitId,
    targetId: input.subjectId,
    coordinatorId: FIRM_PARTY,
    participantIds: [FIRM_PARTY, input.departmentId],
    window: input.window,
    date: input.date,
  });
}

export const departmentAccepts = (v: JointVisit, departmentId: string): BookingResult =>
  acceptVisitDate(v, departmentId);

export const departmentProposesOther = (v: JointVisit, departmentId: string, date: string): BookingResult =>
  proposeOtherDate(v, departmentId, date);

/** The firm takes the date the department offered. */
export function firmAcceptsCounter(v: JointVisit, departmentId: string): BookingResult {
  const r = v.responses[departmentId];
  if (v.status !== "CONTESTED" || r?.kind !== "COUNTER_PROPOSED")
    return { ok: false, error: { code: "NO_COUNTER_PROPOSAL" } };
  return resolveVisitDate(v, FIRM_PARTY, r.date);
}

/** The date the department offered instead, while the firm has not answered. */
export function counterDate(v: JointVisit | null, departmentId: string): string | null {
  const r = v?.responses[departmentId];
  return v?.status === "CONTESTED" && r?.kind === "COUNTER_PROPOSED" ? r.date : null;
}
