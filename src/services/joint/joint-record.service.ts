import { ctx } from "../../context/request-context";
import { verifyDrawRecord } from "../../draw";
import type { AnyDrawRecord } from "../../entities/draw/draw.entity";
import { JointSubstitutionEntity } from "../../entities/joint/joint-substitution.entity";
import type { JointDrawEntity } from "../../entities/joint/joint-visit.entity";
import { withChain } from "../draw/substitution.service";

/**
 * The complete joint draw record as published: the sealed record plus every department's 递补 so far, in chain
 * order. Readable wherever the draw is (RLS on joint_substitution follows joint_draw).
 */
export async function fullJointRecord(d: JointDrawEntity): Promise<AnyDrawRecord> {
  const rows = await ctx().manager.find(JointSubstitutionEntity, {
    where: { drawId: d.id },
    order: { sequence: "ASC" },
  });
  return withChain(
    d.record,
    rows.map((r) => r.entry),
    d.voidEntry,
  );
}

export async function verifyJointDraw(d: JointDrawEntity) {
  return verifyDrawRecord(await fullJointRecord(d));
}
