import { defineLifecycle } from "../lifecycle";

/**
 * 年度抽查计划: drafted, submitted, approved (or returned to draft), published, closed. Filing (备案) with the
 * 联席会议办公室 and the tasks' rules read the plan's state without moving it.
 */
export const planLifecycle = defineLifecycle({
  name: "plan",
  thing: "计划",
  states: { DRAFT: "草稿", SUBMITTED: "已提交", APPROVED: "已批准", PUBLISHED: "已公布", CLOSED: "已结束" },
  moves: {
    submit: { label: "提交", from: ["DRAFT"], to: "SUBMITTED" },
    approve: { label: "批准", from: ["SUBMITTED"], to: "APPROVED" },
    return: { label: "退回", from: ["SUBMITTED"], to: "DRAFT" },
    publish: { label: "公布", from: ["APPROVED"], to: "PUBLISHED" },
    close: { label: "结束", from: ["PUBLISHED"], to: "CLOSED" },
    setRequiredRounds: { label: "修改抽查频次", from: ["DRAFT"], hint: { SUBMITTED: "请先退回为草稿" } },
    file: {
      label: "报联席会议办公室备案",
      from: ["APPROVED", "PUBLISHED", "CLOSED"],
      hint: { DRAFT: "计划批准后才能备案", SUBMITTED: "计划批准后才能备案" },
    },
    addTask: { label: "添加任务", from: ["DRAFT", "SUBMITTED", "APPROVED", "PUBLISHED"] },
    /** 不得开展计划外的随机抽查: a task of the plan is approved only once the plan is. */
    approveTask: { label: "批准抽查任务", from: ["APPROVED", "PUBLISHED"] },
  },
});

export type PlanMove = keyof typeof planLifecycle.moves;
export type PlanStatus = keyof typeof planLifecycle.states;
