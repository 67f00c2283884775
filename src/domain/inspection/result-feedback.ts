import type { IsoDate } from "../../calendar";

/** 送达方式 (seed 000 住建局实施细则 第十八条: 可以采取直接送达、邮寄送达的方式). */
export type FeedbackMethod = "DIRECT" | "MAIL";
export const FEEDBACK_METHOD_LABELS: Record<FeedbackMethod, string> = { DIRECT: "直接送达", MAIL: "邮寄送达" };

export interface ResultFeedbackRow {
  id: string;
  assignmentId: string;
  method: FeedbackMethod;
  deliveredOn: IsoDate;
  note: string;
  recordedAt: Date;
}
