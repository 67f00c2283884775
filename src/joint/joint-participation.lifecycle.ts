import { defineLifecycle } from "../domain/lifecycle";

const DECLINED = "本部门已拒绝参与该联合抽查任务";

/**
 * 参与部门的答复: an invited department confirms (and may confirm again to change its items or team rule) or declines
 * with a reason; a department that declined cannot then confirm, nor decline again. Whether the task still takes
 * answers is the task's move (jointTaskLifecycle: confirmParticipation, declineParticipation), checked first.
 */
export const jointParticipationLifecycle = defineLifecycle({
  name: "jointParticipation",
  thing: "本部门的参与",
  states: { INVITED: "待答复", CONFIRMED: "已确认参与", DECLINED: "已拒绝参与" },
  moves: {
    confirm: {
      label: "确认参与",
      from: ["INVITED", "CONFIRMED"],
      to: "CONFIRMED",
      hint: { DECLINED: `${DECLINED}，不能再确认参与` },
    },
    decline: { label: "拒绝参与", from: ["INVITED", "CONFIRMED"], to: "DECLINED", hint: { DECLINED: DECLINED } },
  },
});

export type JointParticipationMove = keyof typeof jointParticipationLifecycle.moves;
export type JointParticipationStatus = keyof typeof jointParticipationLifecycle.states;
