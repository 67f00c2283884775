import { compareStrings } from "./compare";
import type { JointDepartment } from "./department";
import type { JointTeam } from "./team";

/** The inspected entity (检查对象) as printed on joint documents. */
export interface InspectionTarget {
  readonly name: string;
  /** 统一社会信用代码, or 注册号 where the target has none; null when it has neither. */
  readonly creditCode: string | null;
  readonly address: string;
  /** 法定代表人（负责人） */
  readonly legalRepresentative?: string | null;
  readonly phone?: string | null;
}

/** The target's fields with absent values as null, so the document stays JSON-round-trippable. */
export interface PrintedTarget {
  readonly name: string;
  readonly creditCode: string | null;
  readonly address: string;
  readonly legalRepresentative: string | null;
  readonly phone: string | null;
}

/** One line of a 人员清单 or of the inspectors' signature block. */
export interface PrintedInspector {
  readonly name: string;
  /** 执法证号 */
  readonly certificateNo: string;
  readonly departmentName: string;
  readonly role: "组长" | "组员";
}

/** 随行专家/辅助人员 as printed: name and department, no 执法证号 (they are not enforcement inspectors). */
export interface PrintedExpert {
  readonly name: string;
  readonly departmentName: string;
}

/**
 * The team's experts in department order (the initiating department first), then by their draw position, each with
 * its department's name: the one order of the notice and of the firm's check page.
 */
export function orderedExperts(
  team: JointTeam,
  departments: readonly JointDepartment[],
): Array<NonNullable<JointTeam["experts"]>[number] & { departmentName: string }> {
  const position = new Map(departments.map((d, i) => [d.id, i]));
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const at = (departmentId: string) => position.get(departmentId) ?? departments.length;
  return [...(team.experts ?? [])]
    .sort((a, b) => at(a.departmentId) - at(b.departmentId) || a.rank - b.rank || compareStrings(a.id, b.id))
    .map((e) => ({ ...e, departmentName: names.get(e.departmentId) ?? e.departmentId }));
}

/** The experts as the notice prints them: name and department only. */
export function printedExperts(team: JointTeam, departments: readonly JointDepartment[]): PrintedExpert[] {
  return orderedExperts(team, departments).map((e) => ({ name: e.name, departmentName: e.departmentName }));
}

export function printedTarget(target: InspectionTarget): PrintedTarget {
  return {
    name: target.name,
    creditCode: target.creditCode ?? null,
    address: target.address,
    legalRepresentative: target.legalRepresentative ?? null,
    phone: target.phone ?? null,
  };
}

/** Leader first, then in the checklist's department order, then by seniority. */
export function printedInspectors(team: JointTeam, departments: readonly JointDepartment[]): PrintedInspector[] {
  const position = new Map(departments.map((d, i) => [d.id, i]));
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const at = (departmentId: string) => position.get(departmentId) ?? departments.length;
  return [...team.members]
    .sort(
      (a, b) =>
        Number(b.role === "LEADER") - Number(a.role === "LEADER") ||
        at(a.departmentId) - at(b.departmentId) ||
        a.rank - b.rank ||
        compareStrings(a.id, b.id),
    )
    .map((m) => ({
      name: m.name,
      certificateNo: m.certificateNo,
      departmentName: names.get(m.departmentId) ?? m.departmentId,
      role: m.role === "LEADER" ? "组长" : "组员",
    }));
}
