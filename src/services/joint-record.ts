import { ctx } from "../context/request-context";
import { type DrawRecord, verifyDrawRecord } from "../draw";
import { JointSubstitutionEntity } from "../entities/joint-substitution";
import type { JointDrawEntity } from "../entities/joint-visit";

/**
 * The complete joint draw record as published: the sealed record plus every department's 递补 so far, in chain
 * order. Readable wherever the draw is (RLS on joint_substitution follows joint_draw).
 */
export async function fullJointRecord(d: JointDrawEntity): Promise<DrawRecord> {
  const rows = await ctx().manager.find(JointSubstitutionEntity, {
    where: { drawId: d.id },
    order: { sequence: "ASC" },
  });
  return { ...d.record, substitutions: rows.map((r) => r.entry) };
}

export async function verifyJointDraw(d: JointDrawEntity) {
  return verifyDrawRecord(await fullJointRecord(d));
}
