import { Role } from "../../auth/roles";
import { type LiveTarget, LiveTopic, routingKey } from "./topics";

/** The subscription feeds (实时订阅). Each feed is a set of topics in one scope, with an access rule. */
export enum Feed {
  /** 我的任务: the inspector's own ASSIGNMENT and NOTICE events. */
  MY_ASSIGNMENTS = "MY_ASSIGNMENTS",
  /** 部门看板: TASK_PROGRESS and DEADLINE_ALERT of the caller's tenant. */
  DASHBOARD = "DASHBOARD",
  /** 联合抽查进度: JOINT_PROGRESS events in the caller's tenant's stream. */
  JOINT_PROGRESS = "JOINT_PROGRESS",
  /** 结果公示: PUBLIC_RESULT, anonymous allowed. */
  PUBLIC_RESULTS = "PUBLIC_RESULTS",
}

/**
 * What a subscriber does when it falls behind: dashboard-like feeds keep only the newest events (the latest
 * state wins); the assignment feed never drops silently: it tells the client to re-sync from its last cursor.
 */
export type OverflowPolicy = "sliding" | "resync";

export interface FeedSpec {
  topics: LiveTopic[];
  scope: "user" | "tenant" | "public";
  /** Roles that may read the feed (any of them); empty = any signed-in user; null = anyone, anonymous too. */
  roles: Role[] | null;
  /** Only user principals (not API keys): the feed is about the user themself. */
  userOnly: boolean;
  overflow: OverflowPolicy;
}

const DASHBOARD_ROLES = [Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.VIEWER];

export const FEEDS: Record<Feed, FeedSpec> = {
  [Feed.MY_ASSIGNMENTS]: {
    topics: [LiveTopic.ASSIGNMENT, LiveTopic.NOTICE],
    scope: "user",
    roles: [],
    userOnly: true,
    overflow: "resync",
  },
  [Feed.DASHBOARD]: {
    topics: [LiveTopic.TASK_PROGRESS, LiveTopic.DEADLINE_ALERT],
    scope: "tenant",
    roles: DASHBOARD_ROLES,
    userOnly: false,
    overflow: "sliding",
  },
  [Feed.JOINT_PROGRESS]: {
    topics: [LiveTopic.JOINT_PROGRESS],
    scope: "tenant",
    roles: DASHBOARD_ROLES,
    userOnly: false,
    overflow: "sliding",
  },
  [Feed.PUBLIC_RESULTS]: {
    topics: [LiveTopic.PUBLIC_RESULT],
    scope: "public",
    roles: null,
    userOnly: false,
    overflow: "sliding",
  },
};

/** The caller as the feed rules see it: null for anonymous; `roles` as currently stored (null = deactivated). */
export type FeedReader = null | {
  kind: "user" | "apiKey";
  tenantId: string;
  id: string;
  roles: readonly Role[] | null;
};

/** Whether `reader` may receive `feed` now. A deactivated user or revoked key (roles null) may read public only. */
export function feedAllows(feed: Feed, reader: FeedReader): boolean {
  const spec = FEEDS[feed];
  if (spec.roles === null) return true;
  if (!reader || reader.roles === null) return false;
  if (spec.userOnly && reader.kind !== "user") return false;
  const roles = reader.roles;
  return spec.roles.length === 0 || spec.roles.some((r) => roles.includes(r));
}

/** The routing keys a reader of `feed` listens on (tenant- and user-namespaced). */
export function feedRoutingKeys(feed: Feed, reader: FeedReader): string[] {
  const spec = FEEDS[feed];
  const keyOf = (topic: LiveTarget["topic"]): LiveTarget =>
    spec.scope === "public"
      ? { topic, tenantId: null, userId: null }
      : { topic, tenantId: reader?.tenantId ?? "", userId: spec.scope === "user" ? (reader?.id ?? "") : null };
  return spec.topics.map((t) => routingKey(keyOf(t)));
}
