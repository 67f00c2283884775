import type { DataSource, EntityManager } from "typeorm";
import type { Role } from "../auth/roles";
import { clockSettings, TRANSACTION_SETTINGS } from "../db/tenant-transaction";
import { FEEDS, type Feed, type FeedReader, feedAllows, feedRoutingKeys } from "../domain/live/feeds";
import { compareCursors, routingKey } from "../domain/live/topics";
import { DomainError } from "../errors";
import type { Logger } from "../logger";
import type { LiveEnvelope, LiveEventData } from "./delivery";
import { FeedStream } from "./feed-stream";
import { liveEventFromRow } from "./live-event-row";
import type { LiveTransport } from "./transport";

/** Per-subscriber buffers and the catch-up cap. */
export interface LiveLimits {
  /** Pending events per assignment-feed subscriber before it is told to re-sync. */
  assignmentBuffer: number;
  /** Pending events per dashboard-like subscriber; older ones are dropped beyond this. */
  dashboardBuffer: number;
  /** Most events a subscription replays on `since`; beyond that the client re-syncs by paging the query. */
  catchUpMax: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = { assignmentBuffer: 1000, dashboardBuffer: 100, catchUpMax: 500 };

interface Subscriber {
  stream: FeedStream;
  feed: Feed;
  reader: FeedReader;
  keys: string[];
}

/** Loads a subscriber's missed events (under its own principal and RLS); `limit` rows at most. */
export type CatchUp = (since: string, limit: number) => Promise<LiveEventData[]>;

/**
 * One per server instance: the local subscribers, indexed by routing key (tenant | user | topic), and the
 * delivery loop. Every envelope from the transport (this instance's own events come back the same way) is
 * handled in order: for each batch and tenant, one short transaction loads the payloads by cursor and re-reads
 * the state (active, roles; revoked keys) of the subscribers the events route to. Authorization is thus
 * re-checked for every event against the database, with one query per batch instead of one per subscriber.
 */
export class LiveHub {
  private readonly byKey = new Map<string, Set<Subscriber>>();
  private readonly all = new Set<Subscriber>();
  private inbox: LiveEnvelope[] = [];
  private draining = false;
  /** Delivery loads so far (one per tenant and batch), for tests and benches. */
  loads = 0;

  constructor(
    private readonly ds: DataSource,
    transport: LiveTransport,
    private readonly log: Logger,
    private readonly limits: LiveLimits = DEFAULT_LIVE_LIMITS,
  ) {
    transport.onEnvelopes((batch) => this.receive(batch));
    transport.onGap(() => this.resyncAll());
  }

  get subscriberCount(): number {
    return this.all.size;
  }

  /** A new subscriber; with `since`, missed events are replayed first (and not delivered twice). */
  open(feed: Feed, reader: FeedReader, since?: string, catchUp?: CatchUp): FeedStream {
    const spec = FEEDS[feed];
    const capacity = spec.overflow === "resync" ? this.limits.assignmentBuffer : this.limits.dashboardBuffer;
    const held = since !== undefined && catchUp !== undefined;
    const sub: Subscriber = {
      feed,
      reader,
      keys: feedRoutingKeys(feed, reader),
      stream: new FeedStream(capacity, spec.overflow, () => this.remove(sub), { since, held }),
    };
    this.all.add(sub);
    for (const k of sub.keys) {
      const set = this.byKey.get(k) ?? new Set<Subscriber>();
      this.byKey.set(k, set);
      set.add(sub);
    }
    if (held) {
      catchUp(since, this.limits.catchUpMax + 1).then(
        (rows) => {
          if (rows.length > this.limits.catchUpMax) sub.stream.resync("CATCH_UP_TOO_LONG");
          else sub.stream.release(rows);
        },
        (e) => {
          if (e instanceof DomainError && (e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN")) sub.stream.revoke();
          else {
            this.log.error("live catch-up failed", { error: String(e) });
            sub.stream.resync("ERROR");
          }
        },
      );
    }
    return sub.stream;
  }

  /** Envelopes from the transport: queued and delivered in order, one batch at a time. */
  receive(batch: LiveEnvelope[]): void {
    for (const e of batch) this.inbox.push(e);
    if (!this.draining) void this.drain();
  }

  /** After a transport outage: every subscriber re-fetches since its last cursor. */
  resyncAll(): void {
    for (const s of [...this.all]) s.stream.resync("TRANSPORT_GAP");
  }

  close(): void {
    for (const s of [...this.all]) void s.stream.return();
  }

  private remove(sub: Subscriber): void {
    this.all.delete(sub);
    for (const k of sub.keys) {
      const set = this.byKey.get(k);
      set?.delete(sub);
      if (set?.size === 0) this.byKey.delete(k);
    }
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.inbox.length) {
        const batch = this.inbox.splice(0, 5000);
        try {
          await this.deliver(batch);
        } catch (e) {
          // The events are in the log: the affected subscribers re-sync instead of silently missing them.
          this.log.error("live delivery failed; subscribers re-sync", { error: String(e), events: batch.length });
          for (const s of this.targetsOf(batch)) s.stream.resync("ERROR");
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private targetsOf(batch: LiveEnvelope[]): Set<Subscriber> {
    const out = new Set<Subscriber>();
    for (const e of batch) for (const s of this.byKey.get(routingKey(e)) ?? []) out.add(s);
    return out;
  }

  private async deliver(batch: LiveEnvelope[]): Promise<void> {
    batch.sort((a, b) => compareCursors(a.cursor, b.cursor));
    const byTenant = new Map<string | null, LiveEnvelope[]>();
    for (const e of batch) {
      if (!this.byKey.has(routingKey(e))) continue; // nobody here listens: no database work at all
      const list = byTenant.get(e.tenantId);
      if (list) list.push(e);
      else byTenant.set(e.tenantId, [e]);
    }
    for (const [tenantId, envelopes] of byTenant) {
      const subscribers = this.targetsOf(envelopes);
      const { events, readers } = await this.load(tenantId, envelopes, subscribers);
      for (const e of envelopes) {
        const event = events.get(e.cursor);
        if (!event) continue; // not visible to this database/tenant (should not happen): nothing to deliver
        for (const s of [...(this.byKey.get(routingKey(e)) ?? [])]) {
          // Only those whose state was just loaded: a subscriber that arrived during the load subscribed after
          // this event was committed (it would catch up with `since`), and has no fresh state to check.
          if (s.stream.closed || !subscribers.has(s)) continue;
          const current = s.reader ? (readers.get(s.reader.id) ?? { ...s.reader, roles: null }) : null;
          if (feedAllows(s.feed, current)) s.stream.push(event);
          else s.stream.revoke();
        }
      }
    }
  }

  /** One short transaction per tenant and batch: payloads by cursor plus the subscribers' current state. */
  private async load(
    tenantId: string | null,
    envelopes: LiveEnvelope[],
    subscribers: Set<Subscriber>,
  ): Promise<{ events: Map<string, LiveEventData>; readers: Map<string, FeedReader & object> }> {
    this.loads++;
    const cursors = envelopes.map((e) => e.cursor);
    const events = new Map<string, LiveEventData>();
    const readers = new Map<string, FeedReader & object>();
    if (tenantId === null) {
      const rows = await this.ds.query(
        `SELECT * FROM live_event WHERE tenant_id IS NULL AND cursor = ANY ($1::bigint[])`,
        [cursors],
      );
      for (const r of rows) events.set(String(r.cursor), liveEventFromRow(r));
      return { events, readers }; // the public feed needs no re-check: anyone may read it
    }
    await this.ds.transaction(async (m: EntityManager) => {
      await m.query(TRANSACTION_SETTINGS, [tenantId, "", "", ...clockSettings()]);
      const rows = await m.query("SELECT * FROM live_event_for_delivery($1::bigint[])", [cursors]);
      for (const r of rows) events.set(String(r.cursor), liveEventFromRow(r));
      const userIds = new Set<string>();
      const keyIds = new Set<string>();
      for (const s of subscribers)
        if (s.reader && s.reader.tenantId === tenantId) (s.reader.kind === "user" ? userIds : keyIds).add(s.reader.id);
      if (userIds.size) {
        const users = await m.query("SELECT id, roles FROM app_user WHERE id = ANY ($1::uuid[]) AND active", [
          [...userIds],
        ]);
        for (const u of users) readers.set(u.id, { kind: "user", tenantId, id: u.id, roles: u.roles as Role[] });
      }
      if (keyIds.size) {
        const keys = await m.query("SELECT id, roles FROM api_key WHERE id = ANY ($1::uuid[]) AND revoked_at IS NULL", [
          [...keyIds],
        ]);
        for (const k of keys) readers.set(k.id, { kind: "apiKey", tenantId, id: k.id, roles: k.roles as Role[] });
      }
    });
    return { events, readers };
  }
}
