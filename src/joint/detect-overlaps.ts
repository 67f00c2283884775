import { compareStrings } from "./compare";
import { isValidWindow } from "./iso-date";
import type { DrawnTask, OverlapCandidate, OverlapInputError, OverlapTask } from "./overlap";
import { err, ok, type Result } from "./result";

/**
 * Finds subjects drawn by several departments in overlapping windows (消除重复检查).
 *
 * Per subject, the tasks are sorted by window start and swept once, keeping the running intersection:
 * a task joins the current group while it starts on or before the intersection's end, otherwise it opens
 * a new group. This is the classic interval-stabbing greedy, so each subject gets the fewest visits that
 * still honour every window, and each group's intersection is its proposed window. A group becomes a
 * candidate only when it spans at least two departments. Cost: O(P log P) for P (task, subject) pairs.
 */
export function detectOverlaps(tasks: readonly DrawnTask[]): Result<OverlapCandidate[], OverlapInputError[]> {
  const errors: OverlapInputError[] = tasks
    .filter((t) => !isValidWindow(t.window))
    .map((t) => ({ code: "INVALID_WINDOW", taskId: t.taskId, window: t.window }));
  if (errors.length > 0) return err(errors);

  const bySubject = new Map<string, OverlapTask[]>();
  for (const task of tasks) {
    const entry: OverlapTask = { taskId: task.taskId, departmentId: task.departmentId, window: task.window };
    for (const subjectId of new Set(task.subjectIds)) {
      const list = bySubject.get(subjectId);
      if (list) list.push(entry);
      else bySubject.set(subjectId, [entry]);
    }
  }

  const candidates: OverlapCandidate[] = [];
  for (const subjectId of [...bySubject.keys()].sort(compareStrings)) {
    const subjectTasks = bySubject.get(subjectId)!;
    if (subjectTasks.length < 2) continue;
    for (const group of sweep(subjectTasks)) {
      const candidate = toCandidate(subjectId, group);
      if (candidate) candidates.push(candidate);
    }
  }
  return ok(candidates);
}

interface Group {
  readonly tasks: OverlapTask[];
  /** The running intersection: latest start so far, earliest end so far. */
  window: { from: string; to: string };
}

function sweep(tasks: OverlapTask[]): Group[] {
  const sorted = [...tasks].sort(
    (a, b) =>
      compareStrings(a.window.from, b.window.from) ||
      compareStrings(a.window.to, b.window.to) ||
      compareStrings(a.taskId, b.taskId),
  );
  const groups: Group[] = [];
  let current: Group | null = null;
  for (const task of sorted) {
    if (current && task.window.from <= current.window.to) {
      current.tasks.push(task);
      // Sorted by start, so this start is the latest so far.
      current.window.from = task.window.from;
      if (task.window.to < current.window.to) current.window.to = task.window.to;
    } else {
      current = { tasks: [task], window: { ...task.window } };
      groups.push(current);
    }
  }
  return groups;
}

function toCandidate(subjectId: string, group: Group): OverlapCandidate | null {
  const departmentIds = [...new Set(group.tasks.map((t) => t.departmentId))].sort(compareStrings);
  if (departmentIds.length < 2) return null;
  return {
    subjectId,
    departmentIds,
    tasks: [...group.tasks].sort(
      (a, b) => compareStrings(a.departmentId, b.departmentId) || compareStrings(a.taskId, b.taskId),
    ),
    proposedWindow: { from: group.window.from, to: group.window.to },
    visitsAvoided: group.tasks.length - 1,
  };
}
