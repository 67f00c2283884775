import { defineLifecycle } from "../lifecycle";

const WHILE_RECORDING = ["IN_PROGRESS"] as const;

/**
 * 检查任务 (an assignment and its inspection record): assigned by a draw or directly, accepted by the team, started
 * by the leader, recorded; cancelled with its draw (作废, a bulk update in drawService.void and the joint void). The
 * database keeps CANCELLED final (assignment guard, migration 0031).
 */
export const inspectionRecordLifecycle = defineLifecycle({
  name: "inspectionRecord",
  thing: "检查任务",
  states: { ASSIGNED: "已分派", ACCEPTED: "已接收", IN_PROGRESS: "检查中", RECORDED: "已记录", CANCELLED: "已取消" },
  moves: {
    accept: { label: "接收任务", from: ["ASSIGNED", "ACCEPTED"], to: "ACCEPTED" },
    start: { label: "开始检查", from: ["ACCEPTED"], to: "IN_PROGRESS" },
    saveRecord: { label: "填写检查记录", from: WHILE_RECORDING },
    targetSignoff: { label: "被检查对象签字", from: WHILE_RECORDING },
    inspectorSign: { label: "执法检查人员签字", from: WHILE_RECORDING },
    complete: { label: "完成记录", from: WHILE_RECORDING, to: "RECORDED" },
    addEvidence: { label: "上传证据材料", from: ["IN_PROGRESS", "RECORDED"] },
    draftResult: {
      label: "填报检查结果",
      from: ["RECORDED"],
      hint: {
        ASSIGNED: "检查记录完成后才能填报检查结果",
        ACCEPTED: "检查记录完成后才能填报检查结果",
        IN_PROGRESS: "检查记录完成后才能填报检查结果",
      },
    },
    /** 回避递补 approved by a supervisor (drawService.recuse); a cancelled assignment is no longer there for it. */
    recuse: {
      label: "回避递补",
      from: ["ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RECORDED"],
      hint: { CANCELLED: "该检查任务已随抽取作废而取消" },
      refusal: { notFound: true },
    },
    /** The firm's 申请回避 (firmService.requestRecusal): only before the record is complete. */
    requestRecusal: {
      label: "申请回避",
      from: ["ASSIGNED", "ACCEPTED", "IN_PROGRESS"],
      hint: { RECORDED: "检查已经完成" },
    },
    cancel: { label: "取消", from: ["ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RECORDED"], to: "CANCELLED" },
  },
});

export type InspectionRecordMove = keyof typeof inspectionRecordLifecycle.moves;
export type AssignmentStatus = keyof typeof inspectionRecordLifecycle.states;
