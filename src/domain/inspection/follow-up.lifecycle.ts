import { defineLifecycle } from "../lifecycle";

/** 后续处置: open until closed (办结); transfers (移交/抄告) are sent while it is open. */
export const followUpLifecycle = defineLifecycle({
  name: "followUp",
  thing: "后续处置事项",
  states: { OPEN: "办理中", CLOSED: "已办结" },
  moves: {
    transfer: { label: "移交", from: ["OPEN"] },
    close: { label: "办结", from: ["OPEN"], to: "CLOSED" },
  },
});

/** 移交事项 as the receiving department sees it: accepted (接收) or returned (退回), once. */
export const transferLifecycle = defineLifecycle({
  name: "followUpTransfer",
  thing: "移交事项",
  states: { PENDING: "待处理", ACCEPTED: "已接收", RETURNED: "已退回" },
  moves: {
    accept: { label: "接收", from: ["PENDING"], to: "ACCEPTED" },
    return: { label: "退回", from: ["PENDING"], to: "RETURNED" },
  },
});

export type FollowUpMove = keyof typeof followUpLifecycle.moves;
export type TransferMove = keyof typeof transferLifecycle.moves;
export type FollowUpStatus = keyof typeof followUpLifecycle.states;
export type TransferStatus = keyof typeof transferLifecycle.states;
