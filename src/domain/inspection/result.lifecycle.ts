import { defineLifecycle } from "../lifecycle";

/**
 * 检查结果: the team leader drafts and submits (谁检查、谁录入), a supervisor approves or returns it, then it is
 * published (一公开); a published result is corrected by a new published version, never un-published.
 */
export const resultLifecycle = defineLifecycle({
  name: "result",
  thing: "检查结果",
  states: { DRAFT: "草稿", SUBMITTED: "已提交", APPROVED: "已批准", RETURNED: "已退回", PUBLISHED: "已公示" },
  moves: {
    saveDraft: { label: "修改", from: ["DRAFT", "RETURNED"] },
    submit: { label: "提交", from: ["DRAFT", "RETURNED"], to: "SUBMITTED" },
    approve: { label: "批准", from: ["SUBMITTED"], to: "APPROVED" },
    return: { label: "退回", from: ["SUBMITTED"], to: "RETURNED" },
    publish: { label: "公示", from: ["APPROVED"], to: "PUBLISHED" },
    correct: {
      label: "更正",
      from: ["PUBLISHED"],
      hint: {
        DRAFT: "只有已公示的结果才能更正；未公示的结果请直接修改",
        SUBMITTED: "只有已公示的结果才能更正；未公示的结果请退回修改",
        APPROVED: "只有已公示的结果才能更正；未公示的结果请退回修改",
        RETURNED: "只有已公示的结果才能更正；未公示的结果请直接修改",
      },
    },
  },
});

export type ResultMove = keyof typeof resultLifecycle.moves;
export type ResultStatus = keyof typeof resultLifecycle.states;
