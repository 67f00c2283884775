import { type Client, createClient } from "graphql-ws";

/** A GraphQL error as the pages show it: the server's Chinese message and its code. */
export class GqlError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

type Vars = Record<string, unknown>;

/** POST /graphql (same origin); throws GqlError with the first error's message. */
export async function gql<T>(query: string, variables: Vars = {}, token?: string | null): Promise<T> {
  let res: Response;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new GqlError("无法连接服务器，请检查网络后重试", "NETWORK");
  }
  const body = (await res.json().catch(() => ({}))) as {
    data?: T;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  if (body.errors?.length) throw new GqlError(body.errors[0].message, body.errors[0].extensions?.code);
  if (!body.data) throw new GqlError(`服务器返回异常（HTTP ${res.status}）`, "HTTP");
  return body.data;
}

export type LinkState = "connecting" | "connected" | "closed";

/** graphql-ws to this origin; reconnects forever; the token (if any) goes in connectionParams. */
export function liveClient(token: string | null, onState: (s: LinkState) => void): Client {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
  return createClient({
    url,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: {
      connecting: () => onState("connecting"),
      connected: () => onState("connected"),
      closed: () => onState("closed"),
    },
  });
}

export interface LiveEvent {
  kind: "EVENT" | "RESYNC";
  cursor: string;
  topic: string | null;
  payload: Record<string, unknown> | null;
  createdAt: string | null;
}

const EVENT_FIELDS = "kind cursor topic payload createdAt";
const newer = (a: string, b: string | null) => b === null || BigInt(a) > BigInt(b);

/**
 * Follows one feed from `since`: events arrive once each, in cursor order (a reconnect re-subscribes with the
 * last cursor seen and duplicates are dropped); RESYNC re-subscribes from the last cursor, which replays what
 * was missed. Access errors (FORBIDDEN, UNAUTHENTICATED) end the feed and are reported.
 */
export function followFeed(
  client: Client,
  field: string,
  since: string | null,
  onEvent: (e: LiveEvent) => void,
  onDenied: (message: string) => void,
): () => void {
  let last = since;
  let stop = () => {};
  let stopped = false;
  const start = () => {
    if (stopped) return;
    stop = client.subscribe<Record<string, LiveEvent>>(
      {
        query: `subscription($since: String) { ${field}(since: $since) { ${EVENT_FIELDS} } }`,
        variables: { since: last },
      },
      {
        next: ({ data, errors }) => {
          if (errors?.length) return onDenied(errors[0].message);
          const e = data?.[field];
          if (!e) return;
          if (e.kind === "RESYNC") {
            stop();
            setTimeout(start, 100);
            return;
          }
          if (!newer(e.cursor, last)) return;
          last = e.cursor;
          onEvent(e);
        },
        error: (err) => {
          const first = Array.isArray(err) ? (err[0] as { message?: string; extensions?: { code?: string } }) : null;
          const code = first?.extensions?.code;
          if (code === "FORBIDDEN" || code === "UNAUTHENTICATED") onDenied(first?.message ?? "无权接收");
          else setTimeout(start, 2000);
        },
        complete: () => undefined,
      },
    );
  };
  start();
  return () => {
    stopped = true;
    stop();
  };
}

/**
 * Catch-up through a `…Events(since, limit)` query: pages until the end and keeps the newest `keep` events.
 * `onEach` sees every event (e.g. to tally). Returns the kept ones with the cursor to subscribe from, so that nothing falls between the query and the subscription.
 */
export async function catchUp(
  field: string,
  token: string | null,
  keep = 30,
  maxPages = 10,
  onEach?: (e: LiveEvent) => void,
): Promise<{ events: LiveEvent[]; cursor: string | null }> {
  let since: string | null = null;
  let events: LiveEvent[] = [];
  for (let i = 0; i < maxPages; i++) {
    const data: Record<string, { items: LiveEvent[]; nextCursor: string; hasMore: boolean }> = await gql(
      `query($since: String) { ${field}(since: $since, limit: 500) { items { ${EVENT_FIELDS} } nextCursor hasMore } }`,
      { since },
      token,
    );
    const page = data[field];
    if (onEach) for (const e of page.items) onEach(e);
    events = events.concat(page.items).slice(-keep);
    since = page.nextCursor;
    if (!page.hasMore) break;
  }
  return { events, cursor: since };
}
