import type { DrawnTarget, DrawSummary } from "./draws";
import { gql } from "./session";

/** The joint task and draw as the ceremony shows them (same shapes as a department draw's). */
export const JOINT_DRAW_FIELDS = `id sequence status drawnAt drawnCount populationSize sealDigest voidReason
  verification { valid differences }`;

export async function jointTaskForCeremony(taskId: string) {
  const r = await gql<{
    jointTask: {
      id: string;
      name: string;
      status: string;
      windowFrom: string;
      windowTo: string;
      commitment: string | null;
      draws: DrawSummary[];
      drawLocks: Array<{
        status: string;
        lockDigest: string;
        populationCount: number;
        populationDigest: string;
        configDigest: string;
        drawNotBefore: string;
        immediateReason: string | null;
        witnessedAt: string | null;
        releaseReason: string | null;
      }>;
    };
  }>(
    `query($id: ID!) { jointTask(id: $id) { id name status windowFrom windowTo commitment draws { ${JOINT_DRAW_FIELDS} }
      drawLocks { status lockDigest populationCount populationDigest configDigest drawNotBefore immediateReason
        witnessedAt releaseReason } } }`,
    { id: taskId },
  );
  return r.jointTask;
}

/** A joint draw's record and its targets with the mixed teams (names come with the team). */
export async function jointDrawDetails(
  taskId: string,
  drawId: string,
): Promise<{ record: unknown; targets: DrawnTarget[] }> {
  const r = await gql<{
    jointTask: {
      draws: Array<{
        id: string;
        record: unknown;
        targets: Array<{
          id: string;
          stratum: string;
          subject?: never;
          subjectId: string;
          team: { leaderId: string; members: Array<{ id: string; name: string; certificateNo: string }> } | null;
        }>;
      }>;
      visits: Array<{
        targetId: string;
        subject: { id: string; name: string; address: string | null; creditCode: string | null };
      }>;
    };
  }>(
    `query($id: ID!) { jointTask(id: $id) { draws { id record targets { id stratum subjectId
        team { leaderId members { id name certificateNo } } } }
      visits { targetId subject { id name address creditCode } } } }`,
    { id: taskId },
  );
  const d = r.jointTask.draws.find((x) => x.id === drawId);
  const subjects = new Map(r.jointTask.visits.map((v) => [v.targetId, v.subject]));
  return {
    record: d?.record,
    targets: (d?.targets ?? []).map((t) => ({
      assignmentId: t.id,
      stratum: t.stratum,
      subject: subjects.get(t.id) ?? { id: t.subjectId, name: "", address: null, creditCode: null },
      leader: t.team?.leaderId ?? "",
      members: t.team?.members ?? [],
    })),
  };
}
