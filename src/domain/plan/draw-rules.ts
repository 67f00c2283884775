/**
 * The rules a plan's draw obeys, the same for department (年度抽查计划) and joint (部门联合抽查计划) plans: a draw
 * runs only under a published plan (抽取须在公开的计划下进行), and not after the task's window has ended (a visit
 * could no longer be dated inside it). Drawing before the window opens is allowed: targets are notified and visit
 * dates agreed before the window. Pure: the caller passes the business date (src/time chinaToday).
 */
export interface PlanDrawFacts {
  /** The plan has been published (department: status PUBLISHED; joint: it has a publication row). */
  planPublished: boolean;
  /** The task's window, when the rule should check it. */
  window?: { from: string; to: string } | null;
}

export interface PlanDrawViolation {
  rule: "PLAN_NOT_PUBLISHED" | "DRAW_WINDOW_ENDED";
  message: string;
  details: Record<string, unknown>;
}

/** The first rule the draw (or its lock) breaks, or null. `step` words the message for the lock or the draw. */
export function planDrawViolation(
  facts: PlanDrawFacts,
  today: string,
  step: "lock" | "draw",
): PlanDrawViolation | null {
  if (!facts.planPublished)
    return {
      rule: "PLAN_NOT_PUBLISHED",
      message: `抽查计划公布后才能${step === "lock" ? "锁定抽取参数" : "抽取"}（抽取须在公开的计划下进行）`,
      details: {},
    };
  if (facts.window && today > facts.window.to)
    return {
      rule: "DRAW_WINDOW_ENDED",
      message: `任务期限（${facts.window.from} 至 ${facts.window.to}）已过，不能再${step === "lock" ? "锁定抽取参数" : "抽取"}；如需继续开展，请提交计划修订并说明理由`,
      details: { windowFrom: facts.window.from, windowTo: facts.window.to, today },
    };
  return null;
}
