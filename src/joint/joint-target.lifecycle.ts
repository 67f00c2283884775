import { defineLifecycle } from "../domain/lifecycle";

const CANCELLED = "该联合抽查对象已随抽取作废而取消";

/**
 * 联合抽查对象 (one target of a joint draw and its mixed team): ACTIVE while its draw stands; CANCELLED with its draw
 * (作废, jointVoidService) and kept for the history. 回避递补 in its team needs it ACTIVE.
 */
export const jointTargetLifecycle = defineLifecycle({
  name: "jointTarget",
  thing: "联合抽查对象",
  states: { ACTIVE: "有效", CANCELLED: "已取消" },
  moves: {
    // A cancelled target is no longer there for a recusal (NOT_FOUND, as before the lifecycle), with the reason.
    recuse: { label: "回避递补", from: ["ACTIVE"], hint: { CANCELLED }, refusal: { notFound: true } },
    cancel: { label: "随抽取作废取消", from: ["ACTIVE"], to: "CANCELLED" },
  },
});

export type JointTargetMove = keyof typeof jointTargetLifecycle.moves;
export type JointTargetStatus = keyof typeof jointTargetLifecycle.states;
