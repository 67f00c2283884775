import { randomUUID } from "node:crypto";
import { createClient } from "graphql-ws";
import { Client } from "pg";
import WebSocket from "ws";
import { runtimeDataSource } from "../../src/db/data-source";
import { runInTenantTransaction } from "../../src/db/tenant-transaction";
import { DEMO_PASSWORD } from "../../src/demo/departments";
import { LiveTopic } from "../../src/domain/live/topics";
import { createLogger } from "../../src/logger";
import { createTransport } from "../../src/pubsub";
import { liveEventType } from "../../src/pubsub/stream-name";
import { eventTargetTransport } from "../../src/pubsub/transport";
import { registerLiveTransport } from "../../src/pubsub/transport-registry";
import { liveEvents } from "../../src/services/live-events.service";
import { type ChildServer, startChildServer } from "../helpers/child-server";
import { startTestServer, type TestServer } from "../helpers/harness";
import { settle, subscribeFeed } from "../helpers/live-feed";

/**
 * Two server processes on one database: instance A runs in this process (startTestServer), instance B is a child
 * process (src/main.ts), so the only way between them is the transport under test.
 */
const REDIS_URL = process.env.REDIS_URL;
const SEND = `mutation($u: [ID!]!, $m: String!) { sendNotice(userIds: $u, message: $m) { cursors } }`;
const LOGIN = `mutation($t: String!, $u: String!, $p: String!) { login(tenantCode: $t, username: $u, password: $p) { token } }`;

async function post(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: unknown };
}
const login = async (url: string, tenant: string, user: string) =>
  (await post(url, LOGIN, { t: tenant, u: user, p: DEMO_PASSWORD })).data.login.token as string;
const wsClient = (url: string, token?: string) =>
  createClient({
    url: `${url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });

function twoInstances(kind: "postgres" | "redis") {
  let a: TestServer;
  let b: ChildServer;
  const ids = new Map<string, string>();
  const clients: Array<ReturnType<typeof wsClient>> = [];
  const ws = (url: string, token?: string) => {
    const c = wsClient(url, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    a = await startTestServer({ pubsub: kind, redisUrl: REDIS_URL });
    b = await startChildServer({
      DATABASE_URL: a.db.ownerUrl,
      APP_DATABASE_URL: a.db.appUrl,
      JWT_SECRET: a.config.jwtSecret,
      PUBSUB: kind,
      ...(kind === "redis" ? { REDIS_URL: REDIS_URL as string } : {}),
    });
    const db = new Client({ connectionString: a.db.superuserUrl });
    await db.connect();
    const { rows } = await db.query(
      `SELECT u.id, u.username, t.code, t.id AS tenant_id FROM app_user u JOIN tenant t ON t.id = u.tenant_id`,
    );
    await db.end();
    for (const r of rows) {
      ids.set(`${r.code}/${r.username}`, r.id);
      ids.set(r.code, r.tenant_id);
    }
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await b?.stop();
    await a?.close();
  });

  test(`${kind}: a notice created through instance A reaches the inspector subscribed on instance B within a second`, async () => {
    const inspector = subscribeFeed(ws(b.url, await login(b.url, "wy-samr", "inspector1")), "myAssignments");
    const dashboardOnA = subscribeFeed(ws(a.url, await a.login("wy-samr", "supervisor")), "dashboard");
    await settle(300);
    const r = await a.gql(
      SEND,
      { u: [ids.get("wy-samr/inspector1")], m: `经由${kind}送达` },
      await a.login("wy-samr", "planner"),
    );
    const [e] = await inspector.waitFor(1);
    expect(e).toMatchObject({
      kind: "EVENT",
      cursor: r.data!.sendNotice.cursors[0],
      payload: { message: `经由${kind}送达` },
    });
    await dashboardOnA.waitFor(1);

    // And back: through B to a subscriber on A.
    const onA = subscribeFeed(ws(a.url, await a.login("wy-samr", "inspector2")), "myAssignments");
    await settle(300);
    await post(
      b.url,
      SEND,
      { u: [ids.get("wy-samr/inspector2")], m: "反向" },
      await login(b.url, "wy-samr", "planner"),
    );
    const [back] = await onA.waitFor(1);
    expect(back.payload).toMatchObject({ message: "反向" });
    await settle(200);
    expect(inspector.events).toHaveLength(1); // B's inspector1 did not get inspector2's notice
    for (const f of [inspector, dashboardOnA, onA]) f.stop();
  });

  test(`${kind}: events published by another area's code outside either server (public, joint) route by tenant`, async () => {
    // A third "instance": just a DataSource and a transport, publishing like any service does inside its transaction.
    const ds = runtimeDataSource(a.db.appUrl, 2);
    await ds.initialize();
    const log = createLogger("error");
    const transport = createTransport({ kind, databaseUrl: a.db.appUrl, redisUrl: REDIS_URL, log });
    registerLiveTransport(ds, eventTargetTransport(transport.target, await liveEventType(ds), log));
    await transport.target.ready();
    try {
      const anonymous = subscribeFeed(ws(b.url), "publicResults");
      const samr = subscribeFeed(ws(b.url, await login(b.url, "wy-samr", "supervisor")), "jointProgress");
      const health = subscribeFeed(ws(a.url, await a.login("wy-health", "supervisor")), "jointProgress");
      const tax = subscribeFeed(ws(a.url, await a.login("wy-tax", "supervisor")), "jointProgress");
      await settle(300);
      const coordinator = {
        kind: "user" as const,
        tenantId: ids.get("wy-samr") as string,
        userId: ids.get("wy-samr/planner") as string,
        roles: [],
      };
      await runInTenantTransaction(
        ds,
        randomUUID(),
        coordinator,
        async () => {
          await liveEvents.publish({ topic: LiveTopic.PUBLIC_RESULT, tenantId: null, payload: { resultId: "r-1" } });
          for (const t of ["wy-samr", "wy-health"])
            await liveEvents.publish({
              topic: LiveTopic.JOINT_PROGRESS,
              tenantId: ids.get(t),
              payload: { jointTaskId: "j-1" },
            });
        },
        log,
      );
      expect((await anonymous.waitFor(1))[0]).toMatchObject({ topic: "PUBLIC_RESULT", tenantId: null });
      expect((await samr.waitFor(1))[0]).toMatchObject({ topic: "JOINT_PROGRESS", tenantId: ids.get("wy-samr") });
      expect((await health.waitFor(1))[0]).toMatchObject({ tenantId: ids.get("wy-health") });
      await settle(300);
      expect(tax.events).toEqual([]); // not a participant
      const pub = await post(b.url, `{ publicEvents { items { topic payload } } }`, {});
      expect(pub.data.publicEvents.items).toEqual([{ topic: "PUBLIC_RESULT", payload: { resultId: "r-1" } }]);
      for (const f of [anonymous, samr, health, tax]) f.stop();
    } finally {
      await transport.target.close();
      await ds.destroy();
    }
  });
}

describe("two server processes, PUBSUB=postgres (LISTEN/NOTIFY)", () => {
  twoInstances("postgres");
});

if (REDIS_URL) {
  describe(`two server processes, PUBSUB=redis (${REDIS_URL})`, () => {
    twoInstances("redis");
  });
} else {
  console.log(
    "live-multi-instance: the PUBSUB=redis tests are not run because REDIS_URL is unset " +
      "(set REDIS_URL=redis://127.0.0.1:6379 to run them; CI sets it)",
  );
}
