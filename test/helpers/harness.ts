import { type Client, createClient } from "graphql-ws";
import { Client as PgClient } from "pg";
import WebSocket from "ws";
import { type Config, loadConfig } from "../../src/config";
import { DEMO_PASSWORD } from "../../src/demo/departments";
import { createServer, type LiveStats, type RunningServer } from "../../src/server";
import { now } from "../../src/time";
import { createTestDatabase, type TestDatabase } from "./database";
import { probePg } from "./pg-probe";

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

export interface TestServer {
  url: string;
  db: TestDatabase;
  config: Config;
  /** POST /graphql with a real HTTP client. */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GqlResponse<T>>;
  /** A demo user's token (password shared by all demo users); cached per server. */
  login(tenantCode: string, username: string, password?: string): Promise<string>;
  /** A real graphql-ws client; closed automatically at close(). */
  ws(token?: string, extra?: Partial<Parameters<typeof createClient>[0]>): Client;
  /** The server's live delivery counters (executions, frames, loads, subscribers). */
  liveStats(): LiveStats;
  /** One statement as the database superuser (set-up and checks beside RLS), on a connection of its own. */
  superuser<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A server on its own fresh database copy, listening on a free port. */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const config: Config = {
    ...loadConfig({ NODE_ENV: "test", JWT_SECRET: "test-secret-test-secret-test-secret-42", LOG_LEVEL: "error" }),
    port: 0,
    poolSize: 4,
    appDatabaseUrl: db.appUrl,
    ...overrides,
  };
  let server: RunningServer;
  try {
    server = await createServer(config);
  } catch (e) {
    await db.drop();
    throw e;
  }
  const tokens = new Map<string, string>();
  const clients: Client[] = [];
  // Every test server watches for a query sent to a busy pg client (pg 8's "will be removed in pg@9.0" warning):
  // close() fails the test file that caused one.
  const pg = probePg();
  const gql = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GqlResponse<T>> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GqlResponse<T>, "status">;
    return { status: res.status, ...body };
  };
  return {
    url: server.url,
    db,
    config,
    gql,
    async login(tenantCode, username, password = DEMO_PASSWORD) {
      const key = `${tenantCode}/${username}/${password}`;
      const cached = tokens.get(key);
      if (cached && !expiredOnTheClock(cached)) return cached;
      const r = await gql<{ login: { token: string } }>(
        `mutation($t: String!, $u: String!, $p: String!) { login(tenantCode: $t, username: $u, password: $p) { token } }`,
        { t: tenantCode, u: username, p: password },
      );
      if (!r.data?.login) throw new Error(`login ${key} failed: ${JSON.stringify(r.errors)}`);
      tokens.set(key, r.data.login.token);
      return r.data.login.token;
    },
    liveStats: () => server.liveStats(),
    async superuser(sql, params = []) {
      const c = new PgClient({ connectionString: db.superuserUrl });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows;
      } finally {
        await c.end();
      }
    },
    ws(token, extra = {}) {
      const client = createClient({
        url: `${server.url.replace(/^http/, "ws")}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined, // refusals are asserted through `on.closed`
        ...extra,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const c of clients) await c.dispose();
      await server.close();
      pg.restore();
      await db.drop();
      if (pg.probe.overlaps.length)
        throw new Error(
          `queries sent to a busy pg client (pg@9.0 deprecation): ${[...new Set(pg.probe.overlaps)].join(" | ")}`,
        );
    },
  };
}

/** The first error's code, for compact assertions. */
export const errorCode = (r: GqlResponse) => r.errors?.[0]?.extensions?.code;

/** Collects `n` results of a subscription (or fails after `timeoutMs`). */
export function take<T>(
  client: Client,
  query: string,
  n: number,
  timeoutMs = 5000,
  variables?: Record<string, unknown>,
) {
  return new Promise<T[]>((resolve, reject) => {
    const got: T[] = [];
    const timer = setTimeout(() => {
      dispose();
      reject(new Error(`timed out after ${got.length}/${n} events`));
    }, timeoutMs);
    const dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (v) => {
          if (v.errors) {
            clearTimeout(timer);
            dispose();
            reject(Object.assign(new Error("subscription error"), { errors: v.errors }));
            return;
          }
          got.push(v.data as T);
          if (got.length === n) {
            clearTimeout(timer);
            dispose();
            resolve(got);
          }
        },
        error: (e) => {
          clearTimeout(timer);
          reject(e);
        },
        complete: () => undefined,
      },
    );
  });
}

/** A cached token whose `exp` has passed on the one clock (a test moved it forward) is replaced by a new sign-in. */
function expiredOnTheClock(token: string): boolean {
  const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString() || "{}") as {
    exp?: number;
  };
  return typeof payload.exp === "number" && payload.exp * 1000 <= now().getTime() + 60_000;
}
