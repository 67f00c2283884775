import type { JointVisit, VisitProposal } from "../../../src/joint";
import {
  acceptVisitDate,
  pendingPublications,
  pendingResponses,
  proposeOtherDate,
  proposeVisitDate,
  publishedParts,
  recordNoPublication,
  recordPublication,
  resolveVisitDate,
} from "../../../src/joint";

// The coordinator (发改局, initiating) also inspects; 市场监管局 and 应急管理局 take part.
const proposal: VisitProposal = {
  visitId: "v-1",
  targetId: "t-1",
  coordinatorId: "drc",
  participantIds: ["drc", "samr", "emerg"],
  window: { from: "2023-10-09", to: "2023-10-31" },
  date: "2023-10-16",
};

function value<T, E>(result: { ok: true; value: T } | { ok: false; error: E }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const open = (): JointVisit => value(proposeVisitDate(proposal));

describe("joint visit state machine", () => {
  it("becomes AGREED when every participant accepts the proposed date", () => {
    const proposed = open();
    expect(proposed.status).toBe("PROPOSED");
    expect(pendingResponses(proposed)).toEqual(["samr", "emerg"]);
    const halfway = value(acceptVisitDate(proposed, "samr"));
    expect(halfway.status).toBe("PROPOSED");
    const agreed = value(acceptVisitDate(halfway, "emerg"));
    expect(agreed.status).toBe("AGREED");
    expect(agreed.agreedDate).toBe("2023-10-16");
    expect(pendingResponses(agreed)).toEqual([]);
  });

  it("becomes CONTESTED on another date and AGREED when the coordinator resolves it", () => {
    const contested = value(proposeOtherDate(value(acceptVisitDate(open(), "samr")), "emerg", "2023-10-20"));
    expect(contested.status).toBe("CONTESTED");
    expect(contested.responses.emerg).toEqual({ kind: "COUNTER_PROPOSED", date: "2023-10-20" });
    const agreed = value(resolveVisitDate(contested, "drc", "2023-10-20"));
    expect(agreed).toMatchObject({ status: "AGREED", agreedDate: "2023-10-20", proposedDate: "2023-10-16" });
  });

  it("lets a participant withdraw its counter-proposal by accepting", () => {
    const contested = value(proposeOtherDate(open(), "emerg", "2023-10-20"));
    const withdrawn = value(acceptVisitDate(contested, "emerg"));
    expect(withdrawn.status).toBe("PROPOSED");
    expect(value(acceptVisitDate(withdrawn, "samr")).status).toBe("AGREED");
  });

  it("treats proposing the same date as accepting it", () => {
    const visit = value(proposeOtherDate(open(), "samr", "2023-10-16"));
    expect(visit.status).toBe("PROPOSED");
    expect(visit.responses.samr).toEqual({ kind: "ACCEPTED" });
  });

  it("refuses actions from departments outside the visit and resolution by anyone but the coordinator", () => {
    const contested = value(proposeOtherDate(open(), "emerg", "2023-10-20"));
    expect(acceptVisitDate(contested, "police")).toEqual({
      ok: false,
      error: { code: "NOT_PARTICIPANT", visitId: "v-1", actorId: "police" },
    });
    expect(resolveVisitDate(contested, "samr", "2023-10-20")).toEqual({
      ok: false,
      error: { code: "NOT_COORDINATOR", visitId: "v-1", actorId: "samr" },
    });
    expect(recordPublication(contested, "police")).toMatchObject({ ok: false, error: { code: "NOT_PARTICIPANT" } });
  });

  it("refuses actions in the wrong state", () => {
    expect(resolveVisitDate(open(), "drc", "2023-10-18")).toEqual({
      ok: false,
      error: { code: "WRONG_STATE", visitId: "v-1", status: "PROPOSED", action: "RESOLVE" },
    });
    expect(recordPublication(open(), "samr")).toMatchObject({
      ok: false,
      error: { code: "WRONG_STATE", action: "PUBLISH" },
    });
    const agreed = value(acceptVisitDate(value(acceptVisitDate(open(), "samr")), "emerg"));
    expect(proposeOtherDate(agreed, "samr", "2023-10-20")).toMatchObject({
      ok: false,
      error: { code: "WRONG_STATE", status: "AGREED", action: "PROPOSE_OTHER_DATE" },
    });
  });

  it("refuses dates outside the task window and malformed dates", () => {
    const outside = { code: "DATE_OUTSIDE_WINDOW", visitId: "v-1", date: "2023-11-01", window: proposal.window };
    expect(proposeVisitDate({ ...proposal, date: "2023-11-01" })).toEqual({ ok: false, error: outside });
    expect(proposeOtherDate(open(), "samr", "2023-11-01")).toEqual({ ok: false, error: outside });
    const contested = value(proposeOtherDate(open(), "samr", "2023-10-20"));
    expect(resolveVisitDate(contested, "drc", "2023-11-01")).toEqual({ ok: false, error: outside });
    expect(proposeOtherDate(open(), "samr", "2023-02-30")).toEqual({
      ok: false,
      error: { code: "INVALID_DATE", visitId: "v-1", value: "2023-02-30" },
    });
  });

  it("refuses a visit with fewer than two departments or an inverted window", () => {
    expect(proposeVisitDate({ ...proposal, participantIds: ["drc", "drc"] })).toEqual({
      ok: false,
      error: { code: "TOO_FEW_PARTICIPANTS", visitId: "v-1", count: 1 },
    });
    const window = { from: "2023-10-31", to: "2023-10-09" };
    expect(proposeVisitDate({ ...proposal, window })).toEqual({
      ok: false,
      error: { code: "INVALID_WINDOW", visitId: "v-1", window },
    });
  });

  it("is COMPLETE once every participant has published its part", () => {
    let visit = value(acceptVisitDate(value(acceptVisitDate(open(), "samr")), "emerg"));
    visit = value(recordPublication(visit, "samr"));
    visit = value(recordPublication(visit, "samr"));
    expect(visit.publishedBy).toEqual(["samr"]);
    visit = value(recordPublication(visit, "drc"));
    expect(visit.status).toBe("AGREED");
    expect(pendingPublications(visit)).toEqual(["emerg"]);
    visit = value(recordPublication(visit, "emerg"));
    expect(visit.status).toBe("COMPLETE");
    expect(pendingPublications(visit)).toEqual([]);
  });

  it("is COMPLETE once every part is published or recorded as not published, with the reason", () => {
    let visit = value(acceptVisitDate(value(acceptVisitDate(open(), "samr")), "emerg"));
    expect(recordNoPublication(visit, "emerg", "  ")).toEqual({
      ok: false,
      error: { code: "REASON_REQUIRED", visitId: "v-1" },
    });
    expect(recordNoPublication(open(), "emerg", "停业")).toMatchObject({ ok: false, error: { code: "WRONG_STATE" } });
    expect(recordNoPublication(visit, "police", "停业")).toMatchObject({
      ok: false,
      error: { code: "NOT_PARTICIPANT" },
    });
    visit = value(recordPublication(visit, "drc"));
    visit = value(recordNoPublication(visit, "emerg", " 检查对象已停业 "));
    expect(visit.notPublished).toEqual({ emerg: "检查对象已停业" });
    expect(value(recordNoPublication(visit, "emerg", "另一个理由"))).toBe(visit);
    expect(visit.status).toBe("AGREED");
    visit = value(recordPublication(visit, "samr"));
    expect(visit.status).toBe("COMPLETE");
    expect(publishedParts(visit)).toEqual(["drc", "samr"]);
  });

  it("does not need a coordinator that does not inspect to accept or publish", () => {
    const visit = value(
      proposeVisitDate({ ...proposal, coordinatorId: "lianxi-office", participantIds: ["samr", "emerg"] }),
    );
    const agreed = value(acceptVisitDate(value(acceptVisitDate(visit, "samr")), "emerg"));
    expect(agreed.status).toBe("AGREED");
    expect(acceptVisitDate(visit, "lianxi-office")).toMatchObject({ ok: false, error: { code: "NOT_PARTICIPANT" } });
    const complete = value(recordPublication(value(recordPublication(agreed, "samr")), "emerg"));
    expect(complete.status).toBe("COMPLETE");
  });

  it("never changes the value it is given and stays JSON-serialisable", () => {
    const proposed = open();
    const snapshot = JSON.parse(JSON.stringify(proposed));
    value(proposeOtherDate(proposed, "samr", "2023-10-20"));
    expect(proposed).toEqual(snapshot);
    expect(JSON.parse(JSON.stringify(proposed))).toEqual(proposed);
  });
});
