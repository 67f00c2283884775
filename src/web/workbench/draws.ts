import { gql } from "./session";

/** A drawn target with its team, named for the screens (ceremony reveal, task page, inspector). */
export interface DrawnTarget {
  assignmentId: string;
  stratum: string;
  subject: { id: string; name: string; address: string | null; creditCode: string | null };
  leader: string;
  members: Array<{ id: string; name: string; certificateNo: string }>;
}

export interface DrawSummary {
  id: string;
  sequence: number;
  status: string;
  drawnAt: string;
  drawnCount: number;
  populationSize: number;
  sealDigest: string;
  voidReason: string | null;
  verification: { valid: boolean; differences: string[] };
}

/** A lock as the ceremony and the witness's screen show it (v2; witnessedAt once the witness confirmed). */
export const LOCK_FIELDS =
  "status lockDigest populationCount populationDigest configDigest drawNotBefore immediateReason witnessedAt releaseReason";

export const DRAW_FIELDS = `id sequence status drawnAt drawnCount populationSize sealDigest voidReason
  verification { valid differences }`;

/** The draw's targets and teams with names: one query for the assignments, one for the inspectors. */
export async function drawnTargets(drawId: string): Promise<DrawnTarget[]> {
  const r = await gql<{
    draw: {
      assignments: Array<{
        id: string;
        stratum: string;
        leaderId: string;
        memberIds: string[];
        subject: DrawnTarget["subject"];
      }>;
    };
  }>(
    `query($id: ID!) { draw(id: $id) { assignments { id stratum leaderId memberIds
      subject { id name address creditCode } } } }`,
    { id: drawId },
  );
  const ids = [...new Set(r.draw.assignments.flatMap((a) => a.memberIds))];
  const people = await inspectorsById(ids);
  return r.draw.assignments.map((a) => ({
    assignmentId: a.id,
    stratum: a.stratum,
    subject: a.subject,
    leader: a.leaderId,
    members: a.memberIds.map((id) => people.get(id) ?? { id, name: "（未知）", certificateNo: "" }),
  }));
}

/** Inspectors by id in one request (aliases), for team lists. */
export async function inspectorsById(
  ids: string[],
): Promise<Map<string, { id: string; name: string; certificateNo: string }>> {
  if (!ids.length) return new Map();
  const decl = ids.map((_, i) => `$i${i}: ID!`).join(", ");
  const sel = ids.map((_, i) => `p${i}: inspector(id: $i${i}) { id name certificateNo }`).join(" ");
  const r = await gql<Record<string, { id: string; name: string; certificateNo: string }>>(
    `query(${decl}) { ${sel} }`,
    Object.fromEntries(ids.map((id, i) => [`i${i}`, id])),
  );
  return new Map(Object.values(r).map((p) => [p.id, p]));
}

/** The public verification page of a draw (QR codes, links). */
export const publicDrawUrl = (drawId: string, jointTaskId?: string) =>
  `${location.origin}/workbench#/public/draws/${drawId}${jointTaskId ? `?joint=${jointTaskId}` : ""}`;

/** The witness's confirmation page, opened on the witness's own device (QR code on the ceremony screen). */
export const witnessUrl = (taskId: string, joint = false) =>
  `${location.origin}/workbench#/tasks/${taskId}/witness${joint ? "?joint=1" : ""}`;
