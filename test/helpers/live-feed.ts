import type { Client } from "graphql-ws";

export interface LiveEvent {
  kind: "EVENT" | "RESYNC";
  cursor: string;
  topic: string | null;
  tenantId: string | null;
  payload: Record<string, any> | null;
  resyncReason: string | null;
}

export const EVENT_FIELDS = "kind cursor topic tenantId payload resyncReason";

/** A running subscription that records every event and error, with waits for "n events" / "the end". */
export interface Feed {
  events: LiveEvent[];
  errors: Array<{ message: string; extensions?: Record<string, any> }>;
  completed: boolean;
  /** Resolves when at least n events arrived (rejects after timeoutMs: a liveness bound, not a speed test). */
  waitFor(n: number, timeoutMs?: number): Promise<LiveEvent[]>;
  /** Resolves with every event so far once one of them matches (events of one job can trail its API answer). */
  waitForEvent(match: (e: LiveEvent) => boolean, timeoutMs?: number): Promise<LiveEvent[]>;
  /** Resolves when the server completes or errors the subscription. */
  ended(timeoutMs?: number): Promise<void>;
  stop(): void;
}

export function subscribeFeed(
  client: Client,
  field: "myAssignments" | "dashboard" | "jointProgress" | "publicResults",
  since?: string,
  fields = EVENT_FIELDS,
): Feed {
  const waiters: Array<() => void> = [];
  const notify = () => {
    for (const w of waiters.splice(0)) w();
  };
  const feed: Feed = {
    events: [],
    errors: [],
    completed: false,
    waitFor(n, timeoutMs = 20_000) {
      return until(
        () => feed.events.length >= n,
        timeoutMs,
        () => `${feed.events.length}/${n} events on ${field}`,
      ).then(() => feed.events);
    },
    waitForEvent(match, timeoutMs = 20_000) {
      return until(
        () => feed.events.some(match),
        timeoutMs,
        () => `a matching event on ${field} (${feed.events.length} so far)`,
      ).then(() => feed.events);
    },
    ended(timeoutMs = 20_000) {
      return until(
        () => feed.completed,
        timeoutMs,
        () => `${field} to end`,
      );
    },
    stop: () => dispose(),
  };
  const until = (ok: () => boolean, timeoutMs: number, what: () => string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (ok()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what()}`)), timeoutMs);
      check();
    });
  const dispose = client.subscribe<{ [k: string]: LiveEvent }>(
    { query: `subscription($since: String) { ${field}(since: $since) { ${fields} } }`, variables: { since } },
    {
      next: (v) => {
        if (v.errors) feed.errors.push(...(v.errors as Feed["errors"]));
        if (v.data?.[field]) feed.events.push(v.data[field]);
        notify();
      },
      error: (e) => {
        feed.errors.push(...(Array.isArray(e) ? e : [{ message: String(e) }]));
        feed.completed = true;
        notify();
      },
      complete: () => {
        feed.completed = true;
        notify();
      },
    },
  );
  return feed;
}

/** Gives in-flight deliveries a moment; used only to show that something did NOT arrive. */
export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));
