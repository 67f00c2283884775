import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { LiveTopic } from "../../domain/live/topics";
import type { LiveEventData, ResyncReason } from "../../pubsub/delivery";

registerEnumType(LiveTopic, {
  name: "LiveTopic",
  description: "实时事件主题",
  valuesConfig: {
    ASSIGNMENT: { description: "任务分配：新分配、日期变更、回避/替换、退回结果（仅本人）" },
    TASK_PROGRESS: { description: "本部门任务进度" },
    JOINT_PROGRESS: { description: "联合抽查进度（牵头部门与参与部门）" },
    DEADLINE_ALERT: { description: "期限提醒：即将到期、已逾期" },
    PUBLIC_RESULT: { description: "新公示的抽查结果（公开）" },
    NOTICE: { description: "部门通知（仅本人）" },
  },
});

export enum LiveEventKind {
  EVENT = "EVENT",
  RESYNC = "RESYNC",
}
registerEnumType(LiveEventKind, {
  name: "LiveEventKind",
  description: "EVENT：一条事件；RESYNC：推送已中断，请以 cursor 为 since 重新查询或重新订阅",
});

export enum LiveResyncReason {
  OVERFLOW = "OVERFLOW",
  CATCH_UP_TOO_LONG = "CATCH_UP_TOO_LONG",
  TRANSPORT_GAP = "TRANSPORT_GAP",
  ERROR = "ERROR",
}
registerEnumType(LiveResyncReason, {
  name: "LiveResyncReason",
  description: "需要重新同步的原因",
  valuesConfig: {
    OVERFLOW: { description: "客户端接收过慢，待推送事件超过上限" },
    CATCH_UP_TOO_LONG: { description: "断线期间事件过多，请分页查询补齐" },
    TRANSPORT_GAP: { description: "服务器间消息通道曾中断" },
    ERROR: { description: "服务器暂时无法推送" },
  },
});

@ObjectType("LiveEvent", { description: "实时事件（订阅推送与补齐查询共用）" })
export class LiveEventType {
  @Field(() => LiveEventKind) kind: LiveEventKind;

  @Field({
    description:
      "游标（十进制整数字符串，同一事件流内单调递增）。EVENT：该事件的游标；RESYNC：客户端已收到的最后游标，以它为 since 补齐",
  })
  cursor: string;

  @Field(() => LiveTopic, { nullable: true }) topic: LiveTopic | null;
  @Field(() => ID, { nullable: true, description: "所属部门；公开事件为空" }) tenantId: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "事件内容（小型 JSON）" })
  payload: Record<string, unknown> | null;
  @Field(() => Date, { nullable: true }) createdAt: Date | null;
  @Field(() => LiveResyncReason, { nullable: true }) resyncReason: LiveResyncReason | null;

  static event(e: LiveEventData): LiveEventType {
    return Object.assign(new LiveEventType(), {
      kind: LiveEventKind.EVENT,
      cursor: e.cursor,
      topic: e.topic,
      tenantId: e.tenantId,
      payload: e.payload,
      createdAt: e.createdAt,
      resyncReason: null,
    });
  }

  static resync(since: string, reason: ResyncReason): LiveEventType {
    return Object.assign(new LiveEventType(), {
      kind: LiveEventKind.RESYNC,
      cursor: since,
      topic: null,
      tenantId: null,
      payload: null,
      createdAt: null,
      resyncReason: reason as LiveResyncReason,
    });
  }
}

@ObjectType("LiveEventPage", { description: "自某游标之后的事件（最早的在前）" })
export class LiveEventPage {
  @Field(() => [LiveEventType]) items: LiveEventType[];
  @Field({ description: "下一次查询的 since：本页最后一条的游标（本页为空时即请求的 since）" }) nextCursor: string;
  @Field({ description: "是否还有更多事件（以 nextCursor 继续查询）" }) hasMore: boolean;
}

@ObjectType("NoticeReceipt", { description: "通知已发送" })
export class NoticeReceipt {
  @Field({ description: "接收人数" }) recipients: number;
  @Field(() => [String], { description: "各条通知事件的游标" }) cursors: string[];
}
