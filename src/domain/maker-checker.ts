import { ruleViolation } from "../errors";

/**
 * 审核与编制分离 (maker-checker): nobody approves what they authored or submitted, whatever roles they hold. The
 * services check it first, for a clear error before any side effect; the database enforces the same rule as the
 * floor (trigger `maker_checker`, migration 0070), and its error is mapped to the same message
 * (src/schema/format-error.ts).
 */
export const MAKER_CHECKER_SQLSTATE = "JC001";

/** What may be approved, by its kind as the person knows it. */
export type ApprovableKind = "annual_plan" | "inspection_task" | "inspection_result" | "joint_task";

const LABEL: Record<ApprovableKind, string> = {
  annual_plan: "抽查计划",
  inspection_task: "抽查任务",
  inspection_result: "检查结果",
  joint_task: "联合抽查任务",
};

export function makerCheckerMessage(kind?: string): string {
  const what = LABEL[kind as ApprovableKind] ?? "事项";
  return `不能审核本人编制或提交的${what}，请由其他审核人员审核（编制与审核须分离）`;
}

/** Throws RULE_VIOLATION when the approver is one of the makers (author, submitter). */
export function assertNotMaker(
  kind: ApprovableKind,
  makers: { createdBy?: string | null; submittedBy?: string | null },
  approverId: string,
): void {
  if (approverId === makers.createdBy || approverId === makers.submittedBy)
    throw ruleViolation("MAKER_CHECKER", makerCheckerMessage(kind), { entity: kind });
}
