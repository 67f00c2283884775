import { tenantLoader } from "../../context/loaders";
import { currentTenantId } from "../../context/request-context";
import { LiveTopic } from "../../domain/live/topics";
import type { FollowUpTransferEntity } from "../../entities/inspection/follow-up.entity";
import { liveEvents } from "../live/live-events.service";

const KIND_LABEL: Record<FollowUpTransferEntity["kind"], string> = {
  TRANSFER: "移交",
  NOTIFY: "抄告",
  RISK_CLASS_PROPOSAL: "风险等级调整建议",
};

/**
 * A 移交/抄告 (or risk-class proposal) ticks the receiving department's dashboard (TASK_PROGRESS in its stream).
 * Written by the sender inside the transaction that creates the transfer row: the live_event_follow_up_transfer
 * policy (migration 0008) admits it only while that PENDING row from the sender to the receiver exists, and only
 * with its id in payload.transferId.
 */
export async function publishTransferReceived(t: FollowUpTransferEntity): Promise<void> {
  const from = await tenantLoader().load(currentTenantId());
  const label = KIND_LABEL[t.kind];
  await liveEvents.publish({
    topic: LiveTopic.TASK_PROGRESS,
    tenantId: t.toTenantId,
    payload: {
      event: "FOLLOW_UP_TRANSFER",
      count: 1,
      transferId: t.id,
      kind: t.kind,
      fromDepartmentId: t.fromTenantId,
      fromDepartmentName: from?.name ?? null,
      subjectId: t.subjectId,
      subjectName: t.subjectName,
      message: `${from?.name ?? "其他部门"}${label}：${t.subjectName}（请在“移交事项”中接收或退回）`,
    },
  });
}
