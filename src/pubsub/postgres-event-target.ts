import { Client, Pool } from "pg";
import type { Logger } from "../logger";
import type { SharedEventTarget } from "./transport";

/** The one NOTIFY channel; the event type travels inside the payload. */
export const PG_CHANNEL = "jointcheck_live";
const MAX_BACKOFF_MS = 5000;

/**
 * PUBSUB=postgres: an EventTarget over LISTEN/NOTIFY on the application database. One dedicated connection
 * LISTENs (reconnecting with backoff; after a reconnect, gap handlers run because notifications sent meanwhile
 * are lost); NOTIFY goes through a small separate pool, so publishing does not depend on the listener's state.
 * Payloads stay far below the 8000-byte limit (routing keys only, chunked by the caller).
 */
export function postgresEventTarget(url: string, log: Logger): SharedEventTarget {
  const local = new EventTarget();
  // dispatchEvent is replaced below by NOTIFY; notifications received are dispatched to local listeners with this.
  const deliverLocally = EventTarget.prototype.dispatchEvent.bind(local);
  const gapHandlers: Array<() => void> = [];
  const notifier = new Pool({ connectionString: url, max: 2, application_name: "jointcheck-notify" });
  notifier.on("error", (e) => log.warn("live notify connection error", { error: e.message }));
  let listener: Client | undefined;
  let closed = false;
  let attempt = 0;
  let everConnected = false;
  let resolveReady: () => void;
  const readyPromise = new Promise<void>((r) => {
    resolveReady = r;
  });

  const connect = async (): Promise<void> => {
    if (closed) return;
    const client = new Client({ connectionString: url, application_name: "jointcheck-listen" });
    client.on("notification", (msg) => {
      if (msg.channel !== PG_CHANNEL || !msg.payload) return;
      try {
        const { t, d } = JSON.parse(msg.payload) as { t: string; d: unknown };
        deliverLocally(new CustomEvent(t, { detail: d }));
      } catch (e) {
        log.warn("live notification ignored", { error: String(e) });
      }
    });
    const lost = (why: string) => {
      if (listener !== client) return;
      listener = undefined;
      client.end().catch(() => undefined);
      if (!closed) {
        log.warn("live listener connection lost; reconnecting", { why });
        schedule();
      }
    };
    client.on("error", (e) => lost(e.message));
    client.on("end", () => lost("connection ended"));
    try {
      await client.connect();
      await client.query(`LISTEN ${PG_CHANNEL}`);
      if (closed) {
        await client.end();
        return;
      }
      listener = client;
      attempt = 0;
      if (everConnected) for (const h of gapHandlers) h();
      everConnected = true;
      resolveReady();
    } catch (e) {
      client.end().catch(() => undefined);
      log.warn("live listener could not connect; retrying", { error: String(e) });
      schedule();
    }
  };
  const schedule = () => {
    const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt++);
    setTimeout(() => void connect(), delay).unref();
  };
  void connect();

  const target = local as SharedEventTarget;
  // Publishing never dispatches locally: this instance receives its own events back through LISTEN, like the others.
  target.dispatchEvent = (event: Event) => {
    const payload = JSON.stringify({ t: event.type, d: (event as CustomEvent).detail });
    notifier.query("SELECT pg_notify($1, $2)", [PG_CHANNEL, payload]).catch((e: Error) => {
      log.error("live NOTIFY failed", { error: e.message });
    });
    return true;
  };
  target.ready = () => readyPromise;
  target.onGap = (h) => {
    gapHandlers.push(h);
  };
  target.close = async () => {
    closed = true;
    const c = listener;
    listener = undefined;
    await c?.end().catch(() => undefined);
    await notifier.end().catch(() => undefined);
  };
  return target;
}
