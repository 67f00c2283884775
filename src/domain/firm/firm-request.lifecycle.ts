import { defineLifecycle } from "../lifecycle";

const DECIDED = "该申请已经处理";
/** Any decision is final: the same hint from every decided state. */
const ONCE = { GRANTED: DECIDED, REJECTED: DECIDED, CLOSED: DECIDED } as const;

/**
 * 企业申请 (a firm's 申请回避 or 投诉): PENDING in the supervisor's queue until decided, once: a recusal is granted
 * (准予回避, with its 递补) or rejected (不予回避), a complaint is closed (办结) with the supervisor's note.
 */
export const firmRequestLifecycle = defineLifecycle({
  name: "firmRequest",
  thing: "企业申请",
  states: { PENDING: "待处理", GRANTED: "已准予回避", REJECTED: "不予回避", CLOSED: "已办结" },
  moves: {
    grant: { label: "准予回避", from: ["PENDING"], to: "GRANTED", hint: ONCE },
    reject: { label: "不予回避", from: ["PENDING"], to: "REJECTED", hint: ONCE },
    close: { label: "办结", from: ["PENDING"], to: "CLOSED", hint: ONCE },
  },
});

export type FirmRequestMove = keyof typeof firmRequestLifecycle.moves;
export type FirmRequestStatus = keyof typeof firmRequestLifecycle.states;
