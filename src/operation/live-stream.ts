import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from "graphql";
import type { Principal, RequestContext } from "../context/request-context";
import { runWithContext } from "../context/request-context";
import { unauthenticated } from "../errors";
import type { Delivery, LiveEventData } from "../pubsub/delivery";
import { nowMs } from "../time";
import { flatString } from "./flat-string";

/** What the live executor has done (read by tests and benches). */
export interface LiveExecutionStats {
  /** GraphQL executions of a subscription selection (one per event and subscriber group, plus RESYNC/REVOKED). */
  executions: number;
  /** Frames sent to sockets (one per subscriber and event). */
  frames: number;
}

/**
 * Executes a subscription's selection once per live event for each group of subscribers that would receive the
 * same result, and serializes it once; every socket of the group gets the same bytes (with its own subscription
 * id in front).
 *
 * The hub pushes one and the same `LiveEventData` object to every subscriber it routes an event to, after
 * re-checking each subscriber's rights (src/pubsub/live-hub.ts: tenant by routing key, active and roles against
 * the database); token expiry ends each stream below. This class never decides who receives anything: it only
 * shares the work of those the hub already let through. The memo is keyed by that event object (a WeakMap: it
 * goes with the last buffer that holds the event) and by the group key (see `subscriptionGroup`).
 */
export class LiveExecutor {
  readonly stats: LiveExecutionStats = { executions: 0, frames: 0 };
  private readonly byEvent = new WeakMap<LiveEventData, Map<string, Promise<string>>>();

  /** The serialized `payload` of the next-message for `event` as `group` sees it; executed by the first asker. */
  payload(event: LiveEventData, group: string, run: () => Promise<string>): Promise<string> {
    let groups = this.byEvent.get(event);
    if (!groups) {
      groups = new Map();
      this.byEvent.set(event, groups);
    }
    let p = groups.get(group);
    if (!p) {
      this.stats.executions++;
      p = run();
      groups.set(group, p);
    }
    return p;
  }

  /** A delivery for this subscriber alone (RESYNC, REVOKED): executed for it, not shared. */
  once(sub: LiveSubscription, delivery: Delivery): Promise<string> {
    this.stats.executions++;
    return this.run(sub, delivery);
  }

  /** Executes the selection for one delivery under the subscriber's context; errors are formatted (masked). */
  async run(sub: LiveSubscription, delivery: Delivery): Promise<string> {
    const result = await runWithContext(sub.rc, async () => {
      const r = (await execute({ ...sub.args, rootValue: delivery })) as ExecutionResult;
      return sub.format(r);
    });
    return JSON.stringify(result);
  }
}

/** One running subscription as the executor sees it. */
export interface LiveSubscription {
  /** Schema, document, variables and operation of the subscription (rootValue is set per delivery). */
  args: ExecutionArgs;
  /** The subscriber's context (principal as re-read when subscribing; no transaction). */
  rc: RequestContext;
  /** Who shares execution with whom: see `subscriptionGroup`. */
  group: string;
  /** The token's expiry (epoch ms): the stream ends with UNAUTHENTICATED then. */
  expiresAt?: number;
  /** The graphql-ws subscription id, for the frame. */
  id: string;
  /** The subscriber's socket (one object per connection, shared by its subscriptions). */
  socket: LiveSocket;
  /** Error masking of the pipeline (extensions.code, request id): one function shared by all subscriptions. */
  format(result: ExecutionResult): ExecutionResult;
}

/** Where a connection's live subscriptions write. */
export interface LiveSocket {
  /** Writes one text frame; resolves once written (so a slow socket slows only its own stream). */
  send(frame: string): Promise<void>;
  /** One of its subscriptions ended (called once per subscription, however it ended). */
  ended(): void;
}

/**
 * The group key of a subscription: the same document, operation, the variables that its selection below the
 * root field uses, and the same visibility (principal kind, tenant, roles). Two subscribers with equal keys get
 * equal results for an event, provided that (1) the root resolvers map the delivery alone (their arguments, like
 * `since`, shape the feed when subscribing, never the result: src/resolvers/live/live.resolver.ts) and (2) nothing
 * under a subscription reads who the user is beyond tenant, kind and roles. Events for one user route to that
 * user only, so a per-user feed never shares across users anyway.
 */
export function subscriptionGroup(
  documentId: number,
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  principal: Principal,
): string {
  const used = selectionVariables(document, operation);
  const vars = variables ? used.filter((v) => v in variables).map((v) => [v, variables[v]]) : [];
  const who =
    principal.kind === "anonymous"
      ? "anonymous"
      : `${principal.kind}|${principal.tenantId}|${[...principal.roles].sort().join(",")}`;
  return intern(`${documentId}|${operation.name?.value ?? ""}|${vars.length ? JSON.stringify(vars) : ""}|${who}`);
}

/**
 * One flat copy of each group key, shared by its subscriptions: a key built by concatenation is a V8 rope of
 * ~30 nodes (about 1 KB) that every subscription would otherwise keep. Bounded: emptied when full.
 */
const groupKeys = new Map<string, string>();
function intern(key: string): string {
  const hit = groupKeys.get(key);
  if (hit !== undefined) return hit;
  if (groupKeys.size >= 10_000) groupKeys.clear();
  const flat = flatString(key);
  groupKeys.set(flat, flat);
  return flat;
}

const selectionVariablesCache = new WeakMap<OperationDefinitionNode, string[]>();

/** Variables used anywhere in the operation except in the arguments of its root fields (sorted). */
export function selectionVariables(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const cached = selectionVariablesCache.get(operation);
  if (cached) return cached;
  const names = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) =>
    visit(node, {
      Variable(v) {
        names.add(v.name.value);
      },
    });
  const root: SelectionSetNode = operation.selectionSet;
  for (const d of operation.directives ?? []) collect(d);
  for (const s of root.selections) {
    if (s.kind !== Kind.FIELD) collect(s);
    else {
      for (const d of s.directives ?? []) collect(d);
      if (s.selectionSet) collect(s.selectionSet);
    }
  }
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) collect(def);
  const out = [...names].sort();
  selectionVariablesCache.set(operation, out);
  return out;
}

/**
 * The stream graphql-ws runs for a live subscription. It yields nothing: its one pending next() pumps the feed,
 * writing each delivery's frame to the socket itself (shared payloads for events, per-subscriber execution for
 * RESYNC and REVOKED, which concern one subscriber), and awaits each write, so a slow socket fills only its own
 * bounded feed buffer. It ends (done → graphql-ws sends `complete`) when the feed ends; at the token's expiry it
 * throws UNAUTHENTICATED (→ an `error` message). return() (the client's `complete`, a closed socket) stops it.
 * `sub.socket.ended()` runs once however it ends.
 */
export function liveStream(
  feed: AsyncIterator<Delivery>,
  sub: LiveSubscription,
  executor: LiveExecutor,
): AsyncGenerator<never> {
  return new LiveStream(feed, sub, executor);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A class rather than a closure-built object: a server holds one per subscription (tens of thousands), and its
 * methods are then shared by all of them instead of being five closures and a context each.
 */
class LiveStream implements AsyncGenerator<never> {
  private ended = false;
  private expired = false;
  /** The frame's start, with this subscription's id (a flat string: it is kept for the subscription's life). */
  private readonly head: string;

  constructor(
    private readonly feed: AsyncIterator<Delivery>,
    private readonly sub: LiveSubscription,
    private readonly executor: LiveExecutor,
  ) {
    this.head = flatString(`{"id":${JSON.stringify(sub.id)},"type":"next","payload":`);
    if (sub.expiresAt !== undefined) expiries.add(sub.expiresAt, this);
  }

  next(): Promise<IteratorResult<never>> {
    return this.ended ? Promise.resolve(DONE) : this.pump();
  }

  async return(): Promise<IteratorResult<never>> {
    this.end();
    await this.feed.return?.();
    return DONE;
  }

  async throw(e?: unknown): Promise<IteratorResult<never>> {
    this.end();
    await this.feed.return?.();
    throw e;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  /** The token's expiry has come: the pump wakes (the feed ends) and throws UNAUTHENTICATED. */
  expire(): void {
    this.expired = true;
    void this.feed.return?.();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.sub.expiresAt !== undefined) expiries.delete(this.sub.expiresAt, this);
    this.sub.socket.ended();
  }

  private async pump(): Promise<IteratorResult<never>> {
    const { feed, sub, executor } = this;
    try {
      for (;;) {
        const r = await feed.next();
        if (this.expired) throw unauthenticated("登录已过期，订阅已结束，请重新登录后再订阅");
        if (r.done || this.ended) return DONE;
        const d = r.value;
        const payload =
          d.kind === "EVENT"
            ? await executor.payload(d.event, sub.group, () => executor.run(sub, d))
            : await executor.once(sub, d);
        if (this.ended) return DONE;
        executor.stats.frames++;
        await sub.socket.send(`${this.head}${payload}}`);
      }
    } finally {
      this.end();
    }
  }
}

/** Longest delay setTimeout takes (beyond it Node fires at once). */
const MAX_DELAY = 2_147_483_647;

/**
 * The subscriptions' token expiries: one timer per distinct expiry instant (tokens expire on whole seconds, so
 * the subscriptions of a busy server share a few thousand timers at most), not one per subscription.
 */
class ExpiryTimers {
  private readonly at = new Map<number, { timer: NodeJS.Timeout; far: boolean; streams: Set<LiveStream> }>();

  add(expiresAt: number, stream: LiveStream): void {
    let slot = this.at.get(expiresAt);
    if (!slot) {
      slot = { timer: undefined as unknown as NodeJS.Timeout, far: false, streams: new Set() };
      this.arm(expiresAt, slot);
      this.at.set(expiresAt, slot);
    }
    slot.streams.add(stream);
  }

  delete(expiresAt: number, stream: LiveStream): void {
    const slot = this.at.get(expiresAt);
    if (!slot?.streams.delete(stream) || slot.streams.size) return;
    clearTimeout(slot.timer);
    this.at.delete(expiresAt);
  }

  private arm(expiresAt: number, slot: { timer: NodeJS.Timeout; far: boolean }): void {
    const delay = Math.max(0, expiresAt - nowMs());
    slot.far = delay > MAX_DELAY;
    slot.timer = setTimeout(() => this.fire(expiresAt), Math.min(MAX_DELAY, delay));
  }

  private fire(expiresAt: number): void {
    const slot = this.at.get(expiresAt);
    if (!slot) return;
    if (slot.far) {
      this.arm(expiresAt, slot); // beyond one timer's reach: one more leg
      return;
    }
    this.at.delete(expiresAt);
    for (const s of slot.streams) s.expire();
  }
}

const expiries = new ExpiryTimers();
