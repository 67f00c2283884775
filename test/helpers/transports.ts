import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import type { GqlResponse, TestServer } from "./harness";

/**
 * The two transports of the one operation pipeline behind one interface, so that a table of cases runs over both:
 * an HTTP client (fetch) and a graphql-ws client that keeps ONE socket per credential open across the calls (rights
 * that change while a socket is open must apply to its next operation).
 */
export interface Transport {
  name: "http" | "ws";
  run<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<GqlResponse<T>>;
  close(): Promise<void>;
}

export function httpTransport(s: TestServer): Transport {
  return {
    name: "http",
    async run(query, variables, token, headers = {}) {
      const res = await fetch(`${s.url}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async close() {},
  };
}

/** A WebSocket that sends extra upgrade headers (X-Forwarded-For in the throttle tests). */
const withHeaders = (headers: Record<string, string>) =>
  class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };

export function wsTransport(s: TestServer): Transport {
  const sockets = new Map<string, { client: Client; refused?: number }>();
  const socketFor = (token: string | undefined, headers: Record<string, string>) => {
    const key = `${token ?? ""}|${JSON.stringify(headers)}`;
    let entry = sockets.get(key);
    if (!entry) {
      const e: { client: Client; refused?: number } = {
        client: createClient({
          url: `${s.url.replace(/^http/, "ws")}/graphql`,
          webSocketImpl: withHeaders(headers),
          connectionParams: token ? { authorization: `Bearer ${token}` } : {},
          retryAttempts: 0,
          lazy: true,
          on: {
            closed: (ev) => {
              e.refused = (ev as { code: number }).code;
            },
          },
        }),
      };
      entry = e;
      sockets.set(key, entry);
    }
    return entry;
  };
  return {
    name: "ws",
    run(query, variables, token, headers = {}) {
      const entry = socketFor(token, headers);
      return new Promise((resolve) => {
        let settled = false;
        const done = (r: GqlResponse<any>) => {
          if (!settled) resolve(r);
          settled = true;
        };
        entry.client.subscribe(
          { query, variables },
          {
            next: (v) => done({ status: 200, ...(v as object) }),
            error: (e) => {
              // A refused connection (4403: bad credential) reads as the HTTP transport's 401.
              if (Array.isArray(e)) done({ status: 200, errors: e });
              else if (entry.refused === 4403 || (e as { code?: number })?.code === 4403)
                done({
                  status: 401,
                  errors: [{ message: "connection refused", extensions: { code: "UNAUTHENTICATED" } }],
                });
              else
                done({
                  status: 0,
                  errors: [{ message: String((e as Error)?.message ?? e), extensions: { code: "SOCKET" } }],
                });
            },
            complete: () => done({ status: 200 }),
          },
        );
      });
    },
    async close() {
      for (const { client } of sockets.values()) await client.dispose();
      sockets.clear();
    },
  };
}

export const transportsOf = (s: TestServer): Transport[] => [httpTransport(s), wsTransport(s)];
