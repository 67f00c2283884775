import { ctx } from "../../context/request-context";
import { asFirm } from "../../db/as-tenant";
import { AssignmentEntity } from "../../entities/draw/draw.entity";
import { JointDrawEntity, JointTargetEntity, JointVisitEntity } from "../../entities/joint/joint-visit.entity";
import { badInput, notFound } from "../../errors";
import { orderedExperts } from "../../joint";
import { jointDepartments } from "../joint/joint-documents.service";

/**
 * A joint visit (一次上门) on the firm's side. Each participating department has its own part of the target (an
 * assignment of kind JOINT in its tenant, with its own codes), but the firm sees one visit: whichever part's code it
 * scans opens the initiating department's part — the department that issues the joint notice and whose codes the
 * notice prints. Its firm_visit row holds the firm's booking and feedback; a recusal request goes to the part of the
 * department whose inspector it names (that department's supervisor decides, through the joint 递补).
 */
export interface CodeHolder {
  tenantId: string;
  assignmentId: string;
}

/** The part the firm acts on: the initiating department's part of a joint visit, else the code's own assignment. */
export async function visitPartOf(found: CodeHolder): Promise<CodeHolder> {
  const joint = await asFirm(found.tenantId, async () => {
    const [row]: Array<{ target: string | null; initiating: string | null }> = await ctx().manager.query(
      `SELECT a.joint_target_id AS target, t.initiating_tenant_id AS initiating
         FROM assignment a LEFT JOIN joint_task t ON t.id = a.joint_task_id WHERE a.id = $1`,
      [found.assignmentId],
    );
    return row?.target && row.initiating ? { target: row.target, initiating: row.initiating } : null;
  });
  if (!joint || joint.initiating === found.tenantId) return found;
  const part = await partIn(joint.initiating, joint.target);
  // Until the initiating department has issued its codes (notice printed), the scanned part stands for itself.
  const issued = part
    ? await asFirm(
        part.tenantId,
        async () =>
          (await ctx().manager.query(`SELECT 1 FROM visit_code WHERE assignment_id = $1`, [part.id])).length > 0,
      )
    : false;
  return part && issued ? { tenantId: part.tenantId, assignmentId: part.id } : found;
}

/** One department's part of a joint target, read as the firm in that department. */
export function partIn(tenantId: string, targetId: string): Promise<AssignmentEntity | null> {
  return asFirm(tenantId, () =>
    ctx().manager.findOne(AssignmentEntity, { where: { jointTargetId: targetId, tenantId } }),
  );
}

/** A 随行专家/辅助人员 as the firm sees them: not an enforcement inspector, so no 执法证号 and no other personal data. */
export interface VisitExpert {
  /** The pool person, whom the firm may name in a recusal request. */
  id: string;
  name: string;
  /** 所在单位 (a department visit's notice prints it); null on a joint visit, whose notice prints the department. */
  organisation: string | null;
  /** The department that drew them (a joint visit); null for a department's own visit. */
  department: string | null;
}

export interface JointVisitFacts {
  jointVisitId: string | null;
  /** The joint task (its public draw page is /public/draws/<draw>?joint=<task>). */
  jointTaskId: string;
  /** 检查部门, the initiating department first, each with its inspectors (name and 执法证号 only). */
  departments: Array<{
    department: string;
    inspectors: Array<{ id: string; name: string; certificateNo: string; leader: boolean }>;
    /** The department's 随行专家/辅助人员 (name only: no 执法证号), whom the firm may ask to recuse too. */
    experts: VisitExpert[];
  }>;
  /** 随行专家/辅助人员 of every department, as the joint notice prints them: name and department, no 执法证号. */
  experts: VisitExpert[];
  /** The joint draw that selected the firm (verifiable on the public joint draw page). */
  draw: { id: string; sequence: number; drawnAt: Date; sealDigest: string; publicAfter: Date | null } | null;
  /** The date the departments agreed (一次上门): what every inspector of every department sees. */
  agreedDate: string | null;
  /** The date under negotiation among the departments, before it is agreed. */
  proposedDate: string | null;
}

/** What the check page shows of a joint part (run as the firm in the part's department: it is a participant). */
export async function jointVisitFacts(a: AssignmentEntity): Promise<JointVisitFacts | null> {
  if (a.kind !== "JOINT" || !a.jointTargetId) return null;
  const { manager } = ctx();
  const target = await manager.findOne(JointTargetEntity, { where: { id: a.jointTargetId } });
  if (!target) throw notFound("联合抽查对象");
  const visit = await manager.findOne(JointVisitEntity, { where: { targetId: target.id } });
  const draw = target.drawId ? await manager.findOne(JointDrawEntity, { where: { id: target.drawId } }) : null;
  const [task]: Array<{ initiating_tenant_id: string }> = await manager.query(
    `SELECT initiating_tenant_id FROM joint_task WHERE id = $1`,
    [target.taskId],
  );
  const members = target.team?.members ?? [];
  const ids = [...new Set([task.initiating_tenant_id, ...members.map((m) => m.departmentId)])];
  const experts = target.team?.experts ?? [];
  // In the order of `ids` (the initiating department first): orderedExperts orders the experts by it.
  const known = await jointDepartments([...new Set([...ids, ...experts.map((e) => e.departmentId)])]);
  const names = new Map(known.map((d) => [d.id, d.name]));
  return {
    jointVisitId: visit?.id ?? null,
    jointTaskId: target.taskId,
    departments: ids.map((id) => ({
      department: names.get(id) ?? "",
      inspectors: members
        .filter((m) => m.departmentId === id)
        .map((m) => ({ id: m.id, name: m.name, certificateNo: m.certificateNo, leader: m.role === "LEADER" })),
      experts: (target.team?.experts ?? [])
        .filter((e) => e.departmentId === id)
        .map((e) => ({ id: e.id, name: e.name, organisation: null, department: names.get(id) ?? "" })),
    })),
    experts: target.team
      ? orderedExperts(target.team, known).map((e) => ({
          id: e.id,
          name: e.name,
          organisation: null,
          department: e.departmentName,
        }))
      : [],
    draw: draw
      ? {
          id: draw.id,
          sequence: draw.sequence,
          drawnAt: draw.drawnAt,
          sealDigest: draw.sealDigest,
          publicAfter: draw.publicAfter,
        }
      : null,
    agreedDate: visit?.agreedDate ?? null,
    proposedDate: visit?.agreedDate ? null : (visit?.proposedDate ?? null),
  };
}

/**
 * The department's part that an inspector or 随行专家 of the joint team belongs to (a recusal goes to that
 * department).
 */
export async function partOfInspector(a: AssignmentEntity, inspectorId: string): Promise<AssignmentEntity> {
  const target = a.jointTargetId
    ? await ctx().manager.findOne(JointTargetEntity, { where: { id: a.jointTargetId } })
    : null;
  const member = [...(target?.team?.members ?? []), ...(target?.team?.experts ?? [])].find((m) => m.id === inspectorId);
  if (!target || !member) throw badInput("inspectorId", "该人员不在本次联合检查组中");
  const part = await partIn(member.departmentId, target.id);
  if (!part) throw notFound("该部门的检查任务");
  return part;
}

/** Every department's part of the visit (the firm's requests and their decisions live in each department). */
export async function allParts(a: AssignmentEntity): Promise<AssignmentEntity[]> {
  if (a.kind !== "JOINT" || !a.jointTargetId) return [a];
  const target = await ctx().manager.findOne(JointTargetEntity, { where: { id: a.jointTargetId } });
  const tenants = [...new Set([a.tenantId, ...(target?.team?.members ?? []).map((m) => m.departmentId)])];
  const parts: AssignmentEntity[] = [];
  // One after the other: each switches the transaction's settings (asFirm) and back.
  for (const t of tenants) {
    const p = t === a.tenantId ? a : await partIn(t, a.jointTargetId);
    if (p) parts.push(p);
  }
  return parts;
}
