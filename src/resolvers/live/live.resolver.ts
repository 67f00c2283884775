import { Args, Authorized, Mutation, Query, Resolver, type ResolverData, Root, Subscription } from "type-graphql";
import { FeedAccess, Public } from "../../auth/operation-rule";
import { Role } from "../../auth/roles";
import type { GqlContext } from "../../context/app-context";
import { Feed } from "../../domain/live/feeds";
import { forbidden } from "../../errors";
import type { Delivery } from "../../pubsub/delivery";
import { EventsSinceArgs, SendNoticeArgs, SinceArgs } from "../../schema/live/live.input";
import { LiveEventPage, LiveEventType, NoticeReceipt } from "../../schema/live/live-event.type";
import { listComplexity } from "../../schema/pagination";
import { liveEvents } from "../../services/live/live-events.service";
import { openFeed } from "../../services/live/live-subscriptions.service";
import { noticeService } from "../../services/live/notice.service";

type SubscribeData = Pick<ResolverData<GqlContext>, "args" | "context">;
const feedOf =
  (feed: Feed) =>
  ({ args, context }: SubscribeData) =>
    openFeed(feed, args.since as string | null | undefined, context);

/** A delivered item → the GraphQL event; withdrawn access ends the feed with FORBIDDEN. */
function toEvent(d: Delivery): LiveEventType {
  if (d.kind === "REVOKED") throw forbidden("您已无权接收此实时信息（账号已停用或角色已变更），订阅已结束");
  return d.kind === "RESYNC" ? LiveEventType.resync(d.since, d.reason) : LiveEventType.event(d.event);
}

async function page(feed: Feed, { since, limit }: EventsSinceArgs): Promise<LiveEventPage> {
  const rows = await liveEvents.since(feed, since ?? undefined, limit + 1);
  const items = rows.slice(0, limit).map(LiveEventType.event);
  return Object.assign(new LiveEventPage(), {
    items,
    nextCursor: items.at(-1)?.cursor ?? since ?? "0",
    hasMore: rows.length > limit,
  });
}

/**
 * 实时订阅 (graphql-ws) and their catch-up queries; 部门通知. Subscriptions check access once in openFeed (when
 * subscribing) and then for every event in the hub against the database; the per-event resolve is kept
 * free of middleware and argument validation, because it runs once per subscriber per event.
 */
@Resolver()
export class LiveResolver {
  @FeedAccess(Feed.MY_ASSIGNMENTS)
  @Subscription(() => LiveEventType, {
    description:
      "我的任务与通知（仅本人）：新分配、日期变更、回避/替换、退回结果、部门通知。传 since 先补齐断线期间的事件",
    subscribe: feedOf(Feed.MY_ASSIGNMENTS),
  })
  myAssignments(@Root() d: Delivery, @Args({ validate: false }) _a: SinceArgs): LiveEventType {
    return toEvent(d);
  }

  @FeedAccess(Feed.DASHBOARD)
  @Subscription(() => LiveEventType, {
    description: "本部门看板：任务进度与期限提醒（接收过慢时较早的进度会被丢弃）",
    subscribe: feedOf(Feed.DASHBOARD),
  })
  dashboard(@Root() d: Delivery, @Args({ validate: false }) _a: SinceArgs): LiveEventType {
    return toEvent(d);
  }

  @FeedAccess(Feed.JOINT_PROGRESS)
  @Subscription(() => LiveEventType, {
    description: "联合抽查进度（牵头部门与参与部门）",
    subscribe: feedOf(Feed.JOINT_PROGRESS),
  })
  jointProgress(@Root() d: Delivery, @Args({ validate: false }) _a: SinceArgs): LiveEventType {
    return toEvent(d);
  }

  @FeedAccess(Feed.PUBLIC_RESULTS)
  @Subscription(() => LiveEventType, {
    description: "新公示的抽查结果（公开，无需登录）",
    subscribe: feedOf(Feed.PUBLIC_RESULTS),
  })
  publicResults(@Root() d: Delivery, @Args({ validate: false }) _a: SinceArgs): LiveEventType {
    return toEvent(d);
  }

  @Authorized()
  @Query(() => LiveEventPage, { description: "我的任务与通知：since 之后的事件（补齐用）", complexity: listComplexity })
  myEvents(@Args() args: EventsSinceArgs): Promise<LiveEventPage> {
    return page(Feed.MY_ASSIGNMENTS, args);
  }

  @Authorized()
  @Query(() => LiveEventPage, { description: "本部门看板事件：since 之后（补齐用）", complexity: listComplexity })
  dashboardEvents(@Args() args: EventsSinceArgs): Promise<LiveEventPage> {
    return page(Feed.DASHBOARD, args);
  }

  @Authorized()
  @Query(() => LiveEventPage, { description: "联合抽查进度事件：since 之后（补齐用）", complexity: listComplexity })
  jointProgressEvents(@Args() args: EventsSinceArgs): Promise<LiveEventPage> {
    return page(Feed.JOINT_PROGRESS, args);
  }

  @Public()
  @Query(() => LiveEventPage, { description: "公示结果事件：since 之后（公开）", complexity: listComplexity })
  publicEvents(@Args() args: EventsSinceArgs): Promise<LiveEventPage> {
    return page(Feed.PUBLIC_RESULTS, args);
  }

  @Authorized(Role.ADMIN, Role.SUPERVISOR, Role.PLANNER)
  @Mutation(() => NoticeReceipt, { description: "向本部门用户发送通知，实时推送到其“我的任务与通知”订阅" })
  async sendNotice(@Args() { userIds, message }: SendNoticeArgs): Promise<NoticeReceipt> {
    return Object.assign(new NoticeReceipt(), await noticeService.sendNotice(userIds, message));
  }
}
