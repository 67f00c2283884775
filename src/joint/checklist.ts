import type { TargetFacts } from "./applicability";
import type { CheckItem } from "./check-item";
import type { JointDepartment } from "./department";
import type { LegalBasis } from "./legal-basis";

/** What to merge for one visit: the participating departments, their items, and the joint list's equivalences. */
export interface ChecklistInput {
  readonly departments: readonly JointDepartment[];
  /** 发起部门: listed first on the checklist. */
  readonly initiatingDepartmentId: string;
  readonly items: readonly CheckItem[];
  /**
   * Sets of item ids the joint list declares to be the same matter; applied transitively. Ids of items
   * not in this visit are ignored, so the region's whole equivalence table can be passed as is.
   */
  readonly equivalences?: readonly (readonly string[])[];
  /**
   * The visit's target: only the items that apply to it (itemAppliesTo) are merged. Absent for the task-wide list
   * (every confirmed item).
   */
  readonly target?: TargetFacts | null;
}

/** One department's own item behind a checklist line: the department records its own result against it. */
export interface LineOwner {
  readonly departmentId: string;
  readonly departmentName: string;
  readonly itemId: string;
  readonly itemCode: string;
}

/** One line of the 合并检查清单: a matter checked once, for every department that owns it. */
export interface ChecklistLine {
  /** 序号, from 1, in checklist order. */
  readonly lineNo: number;
  /** Identifies the line independently of its position: the sorted item ids joined by "+". */
  readonly key: string;
  /** Category and name come from the first owner's item. */
  readonly category: string;
  readonly name: string;
  /** The owners' distinct contents, one per line (a merged matter may be worded differently by each). */
  readonly content: string;
  readonly methods: readonly string[];
  readonly legalBasis: readonly LegalBasis[];
  readonly jointEntryIds: readonly string[];
  /** In checklist order: the first owner decides the line's position. */
  readonly owners: readonly LineOwner[];
}

export interface ChecklistCounts {
  readonly itemsContributed: number;
  readonly lines: number;
  /** Items that did not need a line of their own because another department checks the same matter. */
  readonly duplicatesAvoided: number;
}

/** 合并检查清单 for one visit. */
export interface MergedChecklist {
  /** Initiating department first, then by code. */
  readonly departments: readonly JointDepartment[];
  readonly initiatingDepartmentId: string;
  readonly lines: readonly ChecklistLine[];
  readonly counts: ChecklistCounts;
}

export type ChecklistError =
  | { readonly code: "UNKNOWN_INITIATOR"; readonly departmentId: string }
  | { readonly code: "DUPLICATE_DEPARTMENT"; readonly departmentId: string }
  | { readonly code: "UNKNOWN_DEPARTMENT"; readonly itemId: string; readonly departmentId: string }
  | { readonly code: "DUPLICATE_ITEM"; readonly itemId: string };
