import { compareCodes, compareStrings } from "./compare";

/** A department (部门) taking part in a joint task: the initiating department (发起部门) or a participant (参与部门). */
export interface JointDepartment {
  readonly id: string;
  readonly name: string;
  /** The department's code; orders departments on every joint document. */
  readonly code: string;
}

/** The order used on every joint document: the initiating department first, then by department code. */
export function orderDepartments<D extends JointDepartment>(departments: readonly D[], initiatingId: string): D[] {
  return [...departments].sort(
    (a, b) =>
      Number(b.id === initiatingId) - Number(a.id === initiatingId) ||
      compareCodes(a.code, b.code) ||
      compareStrings(a.id, b.id),
  );
}
