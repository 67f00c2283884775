import { ctx } from "../../context/request-context";
import { DRAW_ALGORITHM_V2, verifyDrawRecord } from "../../draw";
import type { AnyDrawRecord } from "../../entities/draw/draw.entity";
import { JointSubstitutionEntity } from "../../entities/joint/joint-substitution.entity";
import type { JointDrawEntity } from "../../entities/joint/joint-visit.entity";

/**
 * The complete joint draw record as published: the sealed record plus every department's 递补 so far, in chain
 * order. Readable wherever the draw is (RLS on joint_substitution follows joint_draw).
 */
export async function fullJointRecord(d: JointDrawEntity): Promise<AnyDrawRecord> {
  const rows = await ctx().manager.find(JointSubstitutionEntity, {
    where: { drawId: d.id },
    order: { sequence: "ASC" },
  });
  const substitutions = rows.map((r) => r.entry) as never[];
  return d.record.algorithm === DRAW_ALGORITHM_V2
    ? { ...d.record, substitutions, voided: d.voidEntry }
    : { ...d.record, substitutions };
}

export async function verifyJointDraw(d: JointDrawEntity) {
  return verifyDrawRecord(await fullJointRecord(d));
}
