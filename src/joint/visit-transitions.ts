import { canMove } from "../domain/lifecycle";
import { type IsoDate, isIsoDate, isValidWindow, windowContains } from "./iso-date";
import { err, ok, type Result } from "./result";
import type { JointVisit, ParticipantResponse, VisitAction, VisitError, VisitProposal, VisitStatus } from "./visit";
import { visitLifecycle } from "./visit.lifecycle";

type VisitResult = Result<JointVisit, VisitError>;

/**
 * The moves of a visit value; which move each state allows is declared in visit.lifecycle.ts, the state a move
 * leads to is derived here from the responses (settle).
 */

/** Opens a visit with one proposed date. A coordinator that also takes part has accepted its own date. */
export function proposeVisitDate(proposal: VisitProposal): VisitResult {
  const { visitId, window, date, coordinatorId } = proposal;
  const participantIds = [...new Set(proposal.participantIds)];
  if (participantIds.length < 2) return err({ code: "TOO_FEW_PARTICIPANTS", visitId, count: participantIds.length });
  if (!isValidWindow(window)) return err({ code: "INVALID_WINDOW", visitId, window });
  const dateError = checkDate(visitId, window, date);
  if (dateError) return err(dateError);

  const responses: Record<string, ParticipantResponse> = {};
  for (const id of participantIds) responses[id] = id === coordinatorId ? { kind: "ACCEPTED" } : { kind: "PENDING" };
  return ok(
    settle({
      visitId,
      targetId: proposal.targetId,
      coordinatorId,
      participantIds,
      window,
      status: "PROPOSED",
      proposedDate: date,
      agreedDate: null,
      responses,
      publishedBy: [],
    }),
  );
}

/** A participant accepts the proposed date; accepting after a counter-proposal withdraws it. */
export function acceptVisitDate(visit: JointVisit, actorId: string): VisitResult {
  const refusal = checkResponder(visit, actorId, "ACCEPT");
  if (refusal) return err(refusal);
  return ok(settle({ ...visit, responses: { ...visit.responses, [actorId]: { kind: "ACCEPTED" } } }));
}

/** A participant proposes another date; the visit is CONTESTED until the coordinator resolves it. */
export function proposeOtherDate(visit: JointVisit, actorId: string, date: IsoDate): VisitResult {
  const refusal = checkResponder(visit, actorId, "PROPOSE_OTHER_DATE") ?? checkDate(visit.visitId, visit.window, date);
  if (refusal) return err(refusal);
  // Proposing the date already proposed is agreeing to it.
  const response: ParticipantResponse =
    date === visit.proposedDate ? { kind: "ACCEPTED" } : { kind: "COUNTER_PROPOSED", date };
  return ok(settle({ ...visit, responses: { ...visit.responses, [actorId]: response } }));
}

/**
 * The coordinator fixes the date of a contested visit: the original, a counter-proposal or another date.
 * The responses stay as given, as the record of how the date was reached.
 */
export function resolveVisitDate(visit: JointVisit, actorId: string, date: IsoDate): VisitResult {
  if (actorId !== visit.coordinatorId) return err({ code: "NOT_COORDINATOR", visitId: visit.visitId, actorId });
  if (!canMove(visitLifecycle, visit.status, "RESOLVE")) return err(wrongState(visit, "RESOLVE"));
  const dateError = checkDate(visit.visitId, visit.window, date);
  if (dateError) return err(dateError);
  return ok({ ...visit, status: "AGREED", agreedDate: date });
}

/** A participant has published its results; the visit is COMPLETE once all have. Publishing twice is a no-op. */
export function recordPublication(visit: JointVisit, actorId: string): VisitResult {
  if (!visit.participantIds.includes(actorId)) return err({ code: "NOT_PARTICIPANT", visitId: visit.visitId, actorId });
  if (visit.publishedBy.includes(actorId)) return ok(visit);
  if (!canMove(visitLifecycle, visit.status, "PUBLISH")) return err(wrongState(visit, "PUBLISH"));
  const publishedBy = [...visit.publishedBy, actorId];
  const status: VisitStatus = visit.participantIds.every((id) => publishedBy.includes(id)) ? "COMPLETE" : "AGREED";
  return ok({ ...visit, publishedBy, status });
}

/**
 * A participant records why its part will not be published (e.g. the target had closed, 查无下落). Its part is then
 * settled like a published one: the visit is COMPLETE once every participant's part is. Recording twice has no effect.
 */
export function recordNoPublication(visit: JointVisit, actorId: string, reason: string): VisitResult {
  if (!visit.participantIds.includes(actorId)) return err({ code: "NOT_PARTICIPANT", visitId: visit.visitId, actorId });
  if (visit.publishedBy.includes(actorId)) return ok(visit);
  if (!canMove(visitLifecycle, visit.status, "PUBLISH")) return err(wrongState(visit, "PUBLISH"));
  if (!reason.trim()) return err({ code: "REASON_REQUIRED", visitId: visit.visitId });
  const settled = recordPublication(visit, actorId);
  if (!settled.ok) return settled;
  return ok({ ...settled.value, notPublished: { ...(visit.notPublished ?? {}), [actorId]: reason.trim() } });
}

/** Participants whose part is published (not those that recorded why not). */
export function publishedParts(visit: JointVisit): string[] {
  return visit.publishedBy.filter((id) => !visit.notPublished?.[id]);
}

/** Participants that have not accepted the proposed date yet; none once the date is fixed. */
export function pendingResponses(visit: JointVisit): string[] {
  if (!canMove(visitLifecycle, visit.status, "ACCEPT")) return [];
  return visit.participantIds.filter((id) => visit.responses[id]?.kind !== "ACCEPTED");
}

/** Participants that have not published their part yet. */
export function pendingPublications(visit: JointVisit): string[] {
  return visit.participantIds.filter((id) => !visit.publishedBy.includes(id));
}

/** Derives the status from the responses while the date is still open. */
function settle(visit: JointVisit): JointVisit {
  const responses = visit.participantIds.map((id) => visit.responses[id]);
  if (responses.every((r) => r?.kind === "ACCEPTED")) {
    return { ...visit, status: "AGREED", agreedDate: visit.proposedDate };
  }
  const contested = responses.some((r) => r?.kind === "COUNTER_PROPOSED");
  return { ...visit, status: contested ? "CONTESTED" : "PROPOSED" };
}

function checkResponder(visit: JointVisit, actorId: string, action: VisitAction): VisitError | null {
  if (!visit.participantIds.includes(actorId)) return { code: "NOT_PARTICIPANT", visitId: visit.visitId, actorId };
  if (!canMove(visitLifecycle, visit.status, action)) return wrongState(visit, action);
  return null;
}

function checkDate(visitId: string, window: JointVisit["window"], date: IsoDate): VisitError | null {
  if (!isIsoDate(date)) return { code: "INVALID_DATE", visitId, value: date };
  if (!windowContains(window, date)) return { code: "DATE_OUTSIDE_WINDOW", visitId, date, window };
  return null;
}

function wrongState(visit: JointVisit, action: VisitAction): VisitError {
  return { code: "WRONG_STATE", visitId: visit.visitId, status: visit.status, action };
}
