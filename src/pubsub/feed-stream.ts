import type { OverflowPolicy } from "../domain/live/feeds";
import type { Delivery, LiveEventData, ResyncReason } from "./delivery";

/**
 * One subscriber's bounded buffer and async iterator. push() never throws and never waits, so a slow client
 * cannot delay the others or the publisher:
 * - "sliding": over capacity, the oldest event is dropped (dashboards: the latest state wins);
 * - "resync": over capacity, all pending events are dropped and one RESYNC (with the last cursor the client
 *   received) is queued; then the stream ends, and the client re-subscribes or queries `since` that cursor.
 * While held (catch-up running), live events are buffered; release() puts the catch-up rows in front and drops
 * live events the catch-up already contained (cursor ≤ floor). return() ends at once, even while waiting.
 */
export class FeedStream implements AsyncIterableIterator<Delivery> {
  private items: Delivery[] = [];
  private waiter?: { resolve: (r: IteratorResult<Delivery>) => void; reject: (e: unknown) => void };
  private failure?: unknown;
  /** A terminal item (RESYNC, REVOKED) is queued: nothing more is accepted. */
  private terminal = false;
  private finished = false;
  private held: boolean;
  private floor?: bigint;
  private lastYielded?: string;
  /** Events dropped by the sliding buffer (for logs and metrics). */
  dropped = 0;

  constructor(
    private readonly capacity: number,
    private readonly policy: OverflowPolicy,
    private readonly onClose: () => void,
    opts: { since?: string; held?: boolean } = {},
  ) {
    this.held = opts.held ?? false;
    if (opts.since !== undefined) {
      this.floor = BigInt(opts.since);
      this.lastYielded = opts.since;
    }
  }

  get closed(): boolean {
    return this.finished || this.terminal;
  }

  push(event: LiveEventData): void {
    if (this.closed) return;
    if (this.floor !== undefined && BigInt(event.cursor) <= this.floor) return;
    if (this.items.length >= this.capacity) {
      if (this.policy === "resync") {
        this.resync("OVERFLOW");
        return;
      }
      const oldest = this.items.findIndex((d) => d.kind === "EVENT");
      if (oldest >= 0) this.items.splice(oldest, 1);
      this.dropped++;
    }
    this.items.push({ kind: "EVENT", event });
    this.wake();
  }

  /** Drops pending events and tells the client to re-fetch since the last cursor it received; then ends. */
  resync(reason: ResyncReason): void {
    if (this.closed) return;
    const firstPending = this.items.find((d) => d.kind === "EVENT");
    const since =
      this.lastYielded ??
      (firstPending?.kind === "EVENT" ? (BigInt(firstPending.event.cursor) - 1n).toString() : undefined) ??
      "0";
    this.items = [{ kind: "RESYNC", since, reason }];
    this.terminal = true;
    this.held = false;
    this.wake();
  }

  /** Access was withdrawn (deactivated user, changed role): pending events are dropped; one REVOKED, then end. */
  revoke(): void {
    if (this.closed) return;
    this.items = [{ kind: "REVOKED" }];
    this.terminal = true;
    this.held = false;
    this.wake();
  }

  /** Catch-up done: its rows go first; live events already among them are dropped. */
  release(catchUp: LiveEventData[]): void {
    if (!this.held) return;
    this.held = false;
    const last = catchUp.at(-1);
    if (last) this.floor = BigInt(last.cursor);
    const floor = this.floor;
    const live = this.items.filter((d) => d.kind !== "EVENT" || floor === undefined || BigInt(d.event.cursor) > floor);
    this.items = [...catchUp.map((event): Delivery => ({ kind: "EVENT", event })), ...live];
    this.wake();
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.failure = error;
    this.terminal = true;
    this.held = false;
    this.wake();
  }

  next(): Promise<IteratorResult<Delivery>> {
    const ready = this.take();
    if (ready) return ready;
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<Delivery>> {
    this.finish();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(error?: unknown): Promise<IteratorResult<Delivery>> {
    this.finish();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private take(): Promise<IteratorResult<Delivery>> | undefined {
    if (this.finished) return Promise.resolve({ done: true, value: undefined });
    if (!this.held && this.items.length) {
      const d = this.items.shift() as Delivery;
      if (d.kind === "EVENT") this.lastYielded = d.event.cursor;
      if (this.terminal && this.items.length === 0 && d.kind !== "EVENT") this.finish();
      return Promise.resolve({ done: false, value: d });
    }
    if (this.failure !== undefined) {
      const e = this.failure;
      this.finish();
      return Promise.reject(e);
    }
    if (this.terminal && !this.held) {
      this.finish();
      return Promise.resolve({ done: true, value: undefined });
    }
    return undefined;
  }

  private wake(): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined; // taken first: take() may finish the stream, which must not resolve this reader
    const ready = this.take();
    if (!ready) {
      this.waiter = w;
      return;
    }
    ready.then(w.resolve, w.reject);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.items = [];
    const w = this.waiter;
    this.waiter = undefined;
    w?.resolve({ done: true, value: undefined });
    this.onClose();
  }
}
