import { randomUUID } from "node:crypto";
import { createClient } from "graphql-ws";
import { Client } from "pg";
import WebSocket from "ws";
import { ctx } from "../../src/context/request-context";
import { runtimeDataSource } from "../../src/db/data-source";
import { runInTenantTransaction } from "../../src/db/tenant-transaction";
import { DEMO_PASSWORD } from "../../src/demo/departments";
import { LiveTopic } from "../../src/domain/live/topics";
import { createLogger } from "../../src/logger";
import { createTransport } from "../../src/pubsub";
import { liveEventType } from "../../src/pubsub/stream-name";
import { eventTargetTransport } from "../../src/pubsub/transport";
import { registerLiveTransport } from "../../src/pubsub/transport-registry";
import { liveEvents } from "../../src/services/live/live-events.service";
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
      // What the policies let a department write (0031-policy-floor): JOINT_PROGRESS only to the parties of a joint
      // task it takes part in, PUBLIC_RESULT only describing its own current publication (one of the demo's).
      const as = (tenantId: string, userId: string) => ({ kind: "user" as const, tenantId, userId, roles: [] });
      const coordinator = as(ids.get("wy-samr") as string, ids.get("wy-samr/planner") as string);
      let publicPayload: Record<string, unknown> = {};
      await runInTenantTransaction(
        ds,
        randomUUID(),
        coordinator,
        async () => {
          // A (direct) assignment of wy-samr with a published result: the minimum a PUBLIC_RESULT may describe.
          const m = ctx().manager;
          const [t, u] = [coordinator.tenantId, coordinator.userId];
          const one = async (sql: string, params: unknown[]) => (await m.query(sql, params))[0];
          const plan = await one(
            `INSERT INTO annual_plan (tenant_id, year, title, due_date, created_by) VALUES ($1, 2026, '路由测试', '2026-03-31', $2) RETURNING id`,
            [t, u],
          );
          const task = await one(
            `INSERT INTO inspection_task (tenant_id, plan_id, name, kind, item_ids, window_from, window_to, sampling_rule, team_rule, exclusions, created_by)
             VALUES ($1, $2, '路由测试', 'DIRECTED', '{}', '2026-06-01', '2026-06-30', '{}', '{}', '{}', $3) RETURNING id`,
            [t, plan.id, u],
          );
          const subject = await one(`SELECT subject_id AS id FROM directory_entry WHERE tenant_id = $1 LIMIT 1`, [t]);
          const inspector = await one(`SELECT id FROM inspector WHERE tenant_id = $1 LIMIT 1`, [t]);
          const a = await one(
            `INSERT INTO assignment (tenant_id, task_id, kind, direct_reason, assigned_by, subject_id, stratum, leader_id, member_ids, window_from, window_to)
             VALUES ($1, $2, 'DIRECT', '路由测试', $3, $4, '-', $5, ARRAY[$5::uuid], '2026-06-01', '2026-06-30') RETURNING id`,
            [t, task.id, u, subject.id, inspector.id],
          );
          const rec = await one(
            `INSERT INTO inspection_record (tenant_id, assignment_id, subject_id) VALUES ($1, $2, $3) RETURNING id`,
            [t, a.id, subject.id],
          );
          const code = (await one(`SELECT code FROM result_code ORDER BY sort_order LIMIT 1`, [])).code;
          const result = await one(
            `INSERT INTO inspection_result (tenant_id, assignment_id, subject_id, record_id, category_code, created_by)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
            [t, a.id, subject.id, rec.id, code, u],
          );
          const pub = await one(
            `INSERT INTO result_publication (tenant_id, result_id, version, subject_name, category_code, inspected_on, content)
             VALUES ($1, $2, 1, '路由测试对象', $3, '2026-06-10', '{}') RETURNING id`,
            [t, result.id, code],
          );
          publicPayload = {
            publicationId: pub.id,
            resultId: result.id,
            version: 1,
            subjectName: "路由测试对象",
            categoryCode: code,
          };
          await liveEvents.publish({ topic: LiveTopic.PUBLIC_RESULT, tenantId: null, payload: publicPayload });
        },
        log,
      );
      await runInTenantTransaction(
        ds,
        randomUUID(),
        coordinator,
        async () => {
          const m = ctx().manager;
          const [plan] = await m.query(
            `INSERT INTO joint_plan (tenant_id, year, title, due_date, created_by)
             VALUES ($1, 2026, '路由测试', '2026-03-31', $2) RETURNING id`,
            [coordinator.tenantId, coordinator.userId],
          );
          const [task] = await m.query(
            `INSERT INTO joint_task (tenant_id, plan_id, name, initiating_tenant_id, window_from, window_to, sampling_rule, created_by)
             VALUES ($1, $2, '路由测试', $3, '2026-06-01', '2026-06-30', '{}', $4) RETURNING id`,
            [coordinator.tenantId, plan.id, ids.get("wy-health"), coordinator.userId],
          );
          await m.query(
            `INSERT INTO joint_participation (task_id, plan_id, tenant_id, coordinator_tenant_id, is_initiator)
             VALUES ($1, $2, $3, $4, true)`,
            [task.id, plan.id, ids.get("wy-health"), coordinator.tenantId],
          );
          for (const t of ["wy-samr", "wy-health"])
            await liveEvents.publish({
              topic: LiveTopic.JOINT_PROGRESS,
              tenantId: ids.get(t),
              payload: { jointTaskId: task.id },
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
      expect(pub.data.publicEvents.items).toEqual([{ topic: "PUBLIC_RESULT", payload: publicPayload }]);
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
