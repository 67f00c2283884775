import type { DateWindow } from "./iso-date";

/** A department's own (non-joint) drawn task: the subjects it drew and the window it must visit them in. */
export interface DrawnTask {
  readonly taskId: string;
  readonly departmentId: string;
  readonly window: DateWindow;
  readonly subjectIds: readonly string[];
}

export interface OverlapTask {
  readonly taskId: string;
  readonly departmentId: string;
  readonly window: DateWindow;
}

/** 消除重复检查: tasks of two or more departments that could visit one subject together on one date. */
export interface OverlapCandidate {
  readonly subjectId: string;
  /** Sorted, at least two. */
  readonly departmentIds: readonly string[];
  /** Sorted by department, then task id. */
  readonly tasks: readonly OverlapTask[];
  /** The intersection of the tasks' windows: never empty. */
  readonly proposedWindow: DateWindow;
  /** Visits saved by consolidating: tasks − 1. */
  readonly visitsAvoided: number;
}

export type OverlapInputError = {
  readonly code: "INVALID_WINDOW";
  readonly taskId: string;
  readonly window: DateWindow;
};
