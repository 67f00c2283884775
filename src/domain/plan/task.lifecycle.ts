import { defineLifecycle } from "../lifecycle";

const REDRAW = "如需重新抽取，须由监督人员先作废原抽取并说明理由";

/**
 * 抽查任务: drafted, approved (which commits to the draw's seed), drawn; voiding its draw returns it to APPROVED with a
 * new seed. Locking the draw's parameters needs an approved task and does not move it.
 */
export const taskLifecycle = defineLifecycle({
  name: "task",
  thing: "抽查任务",
  states: { DRAFT: "草稿", APPROVED: "已批准", DRAWN: "已抽取", CLOSED: "已结束" },
  moves: {
    approve: { label: "批准", from: ["DRAFT"], to: "APPROVED" },
    lockDraw: { label: "锁定抽取参数", from: ["APPROVED"], hint: { DRAFT: "任务批准后才能锁定", DRAWN: REDRAW } },
    draw: { label: "随机抽取", from: ["APPROVED"], to: "DRAWN", hint: { DRAFT: "任务批准后才能抽取", DRAWN: REDRAW } },
    voidDraw: { label: "作废抽取", from: ["APPROVED", "DRAWN"], to: "APPROVED" },
    assignDirectly: { label: "指派检查人员", from: ["DRAFT", "APPROVED", "DRAWN"] },
  },
});

export type TaskMove = keyof typeof taskLifecycle.moves;
export type TaskStatus = keyof typeof taskLifecycle.states;
