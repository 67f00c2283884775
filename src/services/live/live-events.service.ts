import type { RequestContext } from "../../context/request-context";
import { ctx, currentTenantId } from "../../context/request-context";
import { FEEDS, type Feed, type FeedReader, feedAllows } from "../../domain/live/feeds";
import { type LiveTarget, type LiveTopic, targetProblem } from "../../domain/live/topics";
import { forbidden, unauthenticated } from "../../errors";
import type { LiveEnvelope, LiveEventData } from "../../pubsub/delivery";
import { liveEventFromRow } from "../../pubsub/live-event-row";
import { liveTransportFor } from "../../pubsub/transport-registry";

/** What another area publishes. */
export interface PublishInput {
  topic: LiveTopic;
  /** Omitted: the caller's tenant; null: a public event (PUBLIC_RESULT only). */
  tenantId?: string | null;
  /** The one user the event is for (required for ASSIGNMENT and NOTICE, absent otherwise). */
  userId?: string | null;
  /** Small JSON (ids, names, counts; at most 16 KB): it goes to every subscriber of the feed. */
  payload: Record<string, unknown>;
}

const MAX_PAYLOAD_BYTES = 16 * 1024;
/** Advisory-lock class of live streams (the second key is the stream: a tenant id or "public"). */
const LOCK_CLASS = 7004;

/** Envelopes waiting for their transaction's COMMIT, per request context (one after-commit hook each). */
const pending = new WeakMap<RequestContext, LiveEnvelope[]>();

/**
 * The live event log (实时事件) and its publish API. Call publish() inside your mutation's transaction: the row
 * is written with ctx().manager (a rollback drops it) and handed to the transport only after COMMIT.
 * Call it late in the mutation: from the first publish to COMMIT the tenant's stream is locked, so that cursor
 * order equals commit order within a stream (what makes `since` catch-up exact).
 */
export const liveEvents = {
  async publish(input: PublishInput): Promise<{ cursor: string }> {
    const [out] = await liveEvents.publishMany([input]);
    return out;
  },

  /** Several events in one INSERT (e.g. one notice per recipient); returns their cursors in input order. */
  async publishMany(inputs: PublishInput[]): Promise<Array<{ cursor: string }>> {
    if (!inputs.length) return [];
    const c = ctx();
    // The caller's tenant only when an input omits it: a firm acting through its code (no principal) names it.
    const targets: LiveTarget[] = inputs.map((i) => ({
      topic: i.topic,
      tenantId: i.tenantId === undefined ? currentTenantId() : i.tenantId,
      userId: i.userId ?? null,
    }));
    const payloads = inputs.map((i) => JSON.stringify(i.payload ?? {}));
    targets.forEach((t, n) => {
      const problem = targetProblem(t);
      if (problem) throw new Error(`liveEvents.publish: ${problem}`);
      if (Buffer.byteLength(payloads[n]) > MAX_PAYLOAD_BYTES)
        throw new Error(
          `liveEvents.publish: payload over ${MAX_PAYLOAD_BYTES} bytes; publish ids and let clients load`,
        );
    });
    const streams = [...new Set(targets.map((t) => t.tenantId ?? "public"))].sort();
    for (const s of streams) await c.manager.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LOCK_CLASS, s]);
    // Cursors first, then the rows without RETURNING: RETURNING would be checked against the SELECT policy,
    // which hides events targeted at other users from the publisher.
    const cursors: string[] = (
      await c.manager.query("SELECT nextval('live_event_cursor_seq')::text AS c FROM generate_series(1, $1)", [
        targets.length,
      ])
    ).map((r: { c: string }) => r.c);
    await c.manager.query(
      `INSERT INTO live_event (cursor, tenant_id, user_id, topic, payload)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[])`,
      [cursors, targets.map((t) => t.tenantId), targets.map((t) => t.userId), targets.map((t) => t.topic), payloads],
    );
    let queue = pending.get(c);
    if (!queue) {
      const envelopes: LiveEnvelope[] = [];
      queue = envelopes;
      pending.set(c, envelopes);
      const ds = c.manager.dataSource;
      c.afterCommit.push(() => {
        pending.delete(c);
        const transport = liveTransportFor(ds);
        if (transport) transport.publish(envelopes);
        // Without a server (a CLI run), events are only logged; clients see them through `since` queries.
      });
    }
    targets.forEach((t, n) => {
      queue.push({ cursor: cursors[n], tenantId: t.tenantId, userId: t.userId, topic: t.topic });
    });
    return cursors.map((cursor) => ({ cursor }));
  },

  /**
   * Events of `feed` after `since` (oldest first), for the caller, under RLS: the catch-up of a reconnecting
   * client, and the replay at the start of a subscription with `since`.
   */
  async since(feed: Feed, since: string | undefined, limit: number): Promise<LiveEventData[]> {
    const reader = currentReader();
    assertFeedAccess(feed, reader);
    const spec = FEEDS[feed];
    const params: unknown[] = [spec.topics, since ?? "0", limit];
    let scope: string;
    if (spec.scope === "public") scope = "tenant_id IS NULL";
    else {
      params.push(reader?.tenantId);
      scope = "tenant_id = $4";
      if (spec.scope === "user") {
        params.push(reader?.id);
        scope += " AND user_id = $5";
      }
    }
    const rows = await ctx().manager.query(
      `SELECT * FROM live_event WHERE ${scope} AND topic = ANY ($1::text[]) AND cursor > $2::bigint
       ORDER BY cursor LIMIT $3`,
      params,
    );
    return rows.map(liveEventFromRow);
  },
};

/** The caller as the feed rules see it (roles as confirmed in this operation's transaction). */
export function currentReader(): FeedReader {
  const p = ctx().principal;
  if (p.kind === "anonymous") return null;
  return { kind: p.kind, tenantId: p.tenantId, id: p.kind === "user" ? p.userId : p.apiKeyId, roles: p.roles };
}

export function assertFeedAccess(feed: Feed, reader: FeedReader): void {
  if (feedAllows(feed, reader)) return;
  if (!reader) throw unauthenticated();
  throw forbidden(
    FEEDS[feed].userOnly && reader.kind !== "user" ? "此订阅需要以用户身份登录" : "您的角色无权查看此实时信息",
  );
}
