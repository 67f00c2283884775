import { defineLifecycle } from "../domain/lifecycle";

const REDRAW = "如需重新抽取，须由发起部门监督人员先作废原抽取并说明理由";
const SETTLED = "任务已批准抽取，参与情况不能再更改";
const APPROVE_FIRST = "须由发起部门监督人员批准任务（公布随机种子承诺值）";

/**
 * 联合抽查任务: departments are invited (and confirm or decline) while INVITING; the initiating department's
 * supervisor approves it (committing to the seed), it is drawn; voiding its draw returns it to APPROVED.
 */
export const jointTaskLifecycle = defineLifecycle({
  name: "jointTask",
  thing: "联合抽查任务",
  states: { INVITING: "待确认", APPROVED: "已批准", DRAWN: "已抽取", CLOSED: "已结束" },
  moves: {
    confirmParticipation: {
      label: "确认参与",
      from: ["INVITING"],
      hint: { APPROVED: SETTLED, DRAWN: SETTLED, CLOSED: SETTLED },
    },
    declineParticipation: {
      label: "拒绝参与",
      from: ["INVITING"],
      hint: { APPROVED: SETTLED, DRAWN: SETTLED, CLOSED: SETTLED },
    },
    approve: { label: "批准", from: ["INVITING"], to: "APPROVED" },
    lockDraw: {
      label: "锁定抽取参数",
      from: ["APPROVED"],
      hint: { INVITING: `${APPROVE_FIRST}后才能锁定`, DRAWN: REDRAW, CLOSED: REDRAW },
    },
    draw: {
      label: "随机抽取",
      from: ["APPROVED"],
      to: "DRAWN",
      hint: { INVITING: `${APPROVE_FIRST}后才能抽取`, DRAWN: REDRAW, CLOSED: REDRAW },
    },
    voidDraw: { label: "作废抽取", from: ["APPROVED", "DRAWN"], to: "APPROVED" },
  },
});

export type JointTaskMove = keyof typeof jointTaskLifecycle.moves;
export type JointTaskStatus = keyof typeof jointTaskLifecycle.states;
