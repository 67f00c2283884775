/** Live event topics (实时事件主题), a closed set; stored in live_event.topic. */
export enum LiveTopic {
  /** 任务分配: a new assignment, a changed date, a recusal/substitution, a returned result (user-targeted). */
  ASSIGNMENT = "ASSIGNMENT",
  /** 任务进度: the department dashboard's ticks. */
  TASK_PROGRESS = "TASK_PROGRESS",
  /** 联合抽查进度: one event per participating tenant (coordinator included). */
  JOINT_PROGRESS = "JOINT_PROGRESS",
  /** 期限提醒: due soon, overdue (tenant). */
  DEADLINE_ALERT = "DEADLINE_ALERT",
  /** 结果公示: newly published results (public). */
  PUBLIC_RESULT = "PUBLIC_RESULT",
  /** 通知: a department notice to one user. */
  NOTICE = "NOTICE",
}

export const LIVE_TOPICS = Object.values(LiveTopic);

/** Topics delivered to one user only: they must carry a userId; everything else must not. */
export const USER_TOPICS: ReadonlySet<LiveTopic> = new Set([LiveTopic.ASSIGNMENT, LiveTopic.NOTICE]);

/** Who an event is for; null tenant = public (PUBLIC_RESULT only), a user = user-targeted (ASSIGNMENT, NOTICE). */
export interface LiveTarget {
  topic: LiveTopic;
  tenantId: string | null;
  userId: string | null;
}

/** The targeting rule (also enforced by CHECK constraints): returns a problem for the programmer, or undefined. */
export function targetProblem({ topic, tenantId, userId }: LiveTarget): string | undefined {
  if (!LIVE_TOPICS.includes(topic)) return `unknown live topic ${String(topic)}`;
  if ((tenantId === null) !== (topic === LiveTopic.PUBLIC_RESULT))
    return `${topic}: only PUBLIC_RESULT events are public (tenantId null), and they always are`;
  if ((userId !== null) !== USER_TOPICS.has(topic))
    return `${topic}: ASSIGNMENT and NOTICE events need a userId, other topics must not have one`;
  return undefined;
}

/**
 * The routing key (topic id) of an event: tenant, user and topic. Subscribers register under the keys of their
 * feed, so routing can never cross tenants or users.
 */
export const routingKey = ({ topic, tenantId, userId }: LiveTarget): string =>
  `${tenantId ?? "public"}|${userId ?? "*"}|${topic}`;

/** Cursors are bigint (bigserial) carried as decimal strings. */
export const CURSOR_PATTERN = /^(0|[1-9][0-9]{0,18})$/;

export const compareCursors = (a: string, b: string): number => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
