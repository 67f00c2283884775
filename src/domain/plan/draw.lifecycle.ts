import { defineLifecycle } from "../lifecycle";

/**
 * 随机抽取 (of a task or of a joint task): append-only; voiding (作废, a supervisor with a reason) is the only move and
 * is final; 回避递补 changes a valid draw's record without moving it. The database enforces the same (trigger on `draw`, migration 0005; `joint_draw`, migration 0006).
 */
export const drawLifecycle = defineLifecycle({
  name: "draw",
  thing: "抽取",
  states: { VALID: "有效", INFEASIBLE: "无法组队", VOIDED: "已作废" },
  moves: {
    void: { label: "作废", from: ["VALID", "INFEASIBLE"], to: "VOIDED" },
    /** 回避递补 in the draw's record (department or joint); an INFEASIBLE attempt has no teams to change. */
    substitute: {
      label: "回避递补",
      from: ["VALID"],
      hint: { VOIDED: "该抽取已被作废", INFEASIBLE: "该次抽取有检查对象未能组成检查组，没有可递补的检查组" },
    },
  },
});

export type DrawMove = keyof typeof drawLifecycle.moves;
/** INFEASIBLE: a v2 attempt in which some target got no team; public, kept, and voided before the next lock. */
export type DrawStatus = keyof typeof drawLifecycle.states;
