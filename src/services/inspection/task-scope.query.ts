/**
 * "The assignment belongs to this task": a department task's own assignments (task_id) and a department's parts of a
 * joint task (joint_task_id) alike. The one predicate every per-task reader of the inspection area uses, so a JOINT
 * part is never left out of one list while it shows in another (issue 12: deadlines, follow-ups, feedback).
 */
export const ofTask = (alias: string, param: string): string =>
  `(${alias}.task_id = ${param} OR ${alias}.joint_task_id = ${param})`;
