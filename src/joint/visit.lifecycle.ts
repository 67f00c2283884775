import { defineLifecycle } from "../domain/lifecycle";

/**
 * 一次上门: a joint visit is UNSCHEDULED until the coordinator proposes its date; the date moves (accept, propose
 * another, resolve) and the parts' publications are the transitions of visit-transitions.ts, which derive the next
 * state from the responses (`outcomes`); a visit is CANCELLED with its draw (作废, jointVoidService). The database
 * holds the same rules as the floor (joint_visit guard, migration 0031: status follows the state, CANCELLED and
 * COMPLETE are final, only the coordinator resolves).
 */
export const visitLifecycle = defineLifecycle({
  name: "jointVisit",
  thing: "联合检查",
  states: {
    UNSCHEDULED: "待提出检查日期",
    PROPOSED: "已提出检查日期",
    CONTESTED: "有部门另提日期",
    AGREED: "检查日期已商定",
    COMPLETE: "已完成",
    CANCELLED: "已取消",
  },
  moves: {
    PROPOSE: {
      label: "提出检查日期",
      from: ["UNSCHEDULED"],
      outcomes: ["PROPOSED", "AGREED"],
      hint: {
        PROPOSED: "检查日期已提出；参与部门可接受或另提日期，由牵头协调部门裁定",
        CONTESTED: "检查日期已提出；参与部门可接受或另提日期，由牵头协调部门裁定",
        CANCELLED: "该联合检查已随抽取作废而取消",
      },
    },
    ACCEPT: {
      label: "接受检查日期",
      from: ["PROPOSED", "CONTESTED"],
      outcomes: ["PROPOSED", "CONTESTED", "AGREED"],
      hint: { UNSCHEDULED: "检查日期尚未提出", CANCELLED: "该联合检查已随抽取作废而取消" },
    },
    PROPOSE_OTHER_DATE: {
      label: "另提检查日期",
      from: ["PROPOSED", "CONTESTED"],
      outcomes: ["PROPOSED", "CONTESTED", "AGREED"],
      hint: { UNSCHEDULED: "检查日期尚未提出", CANCELLED: "该联合检查已随抽取作废而取消" },
    },
    RESOLVE: {
      label: "裁定检查日期",
      from: ["CONTESTED"],
      to: "AGREED",
      hint: { UNSCHEDULED: "检查日期尚未提出", CANCELLED: "该联合检查已随抽取作废而取消" },
    },
    /** A part published, or recorded as not published (不予公示); COMPLETE once every part is. */
    PUBLISH: {
      label: "登记本部门公示",
      from: ["AGREED"],
      outcomes: ["AGREED", "COMPLETE"],
      hint: { UNSCHEDULED: "检查日期尚未提出", CANCELLED: "该联合检查已随抽取作废而取消" },
    },
    /** 回避递补 in the visit's mixed team (jointRecusalService): until the visit is complete. */
    RECUSE: {
      label: "回避递补",
      from: ["UNSCHEDULED", "PROPOSED", "CONTESTED", "AGREED"],
      hint: { COMPLETE: "该联合检查已完成，不能再办理回避", CANCELLED: "该联合检查已随抽取作废而取消" },
    },
    CANCEL: {
      label: "取消",
      from: ["UNSCHEDULED", "PROPOSED", "CONTESTED", "AGREED", "COMPLETE"],
      to: "CANCELLED",
    },
  },
});

export type VisitMove = keyof typeof visitLifecycle.moves;
/** The states of a visit row: the visit value's (visit.ts) and the row's own UNSCHEDULED and CANCELLED. */
export type JointVisitStatus = keyof typeof visitLifecycle.states;
