import { Client } from "pg";
import WebSocket from "ws";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import { type Feed, type LiveEvent, settle, subscribeFeed } from "../helpers/live-feed";

/** Live feeds on one instance (PUBSUB=memory), with real graphql-ws clients. Small buffers for the overflow test. */
let s: TestServer;
const ids = new Map<string, string>();
const tenantIds = new Map<string, string>();

const SEND = `mutation($u: [ID!]!, $m: String!) { sendNotice(userIds: $u, message: $m) { recipients cursors } }`;
const tok = (tenant: string, user: string) => s.login(tenant, user);
const idOf = (tenant: string, user: string) => ids.get(`${tenant}/${user}`) as string;

async function notice(from: [string, string], to: Array<[string, string]>, message: string) {
  const r = await s.gql(SEND, { u: to.map(([t, u]) => idOf(t, u)), m: message }, await tok(...from));
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.sendNotice as { recipients: number; cursors: string[] };
}
const messages = (f: Feed) => f.events.map((e) => e.payload?.message);

beforeAll(async () => {
  s = await startTestServer({
    liveLimits: { assignmentBuffer: 20, dashboardBuffer: 5, catchUpMax: 50 },
    // The slow-consumer case keeps a socket unread for as long as 400 notices take on a busy machine; with the
    // default 12 s keep-alive the server would (rightly) drop it before its buffers overflow.
    wsKeepAliveMs: 600_000,
  });
  const db = new Client({ connectionString: s.db.superuserUrl }); // setup only: RLS binds the owner too
  await db.connect();
  const { rows } = await db.query(
    `SELECT u.id, u.username, t.code, t.id AS tenant_id FROM app_user u JOIN tenant t ON t.id = u.tenant_id`,
  );
  await db.end();
  for (const r of rows) {
    ids.set(`${r.code}/${r.username}`, r.id);
    tenantIds.set(r.code, r.tenant_id);
  }
});
afterAll(() => s.close());

describe("delivery", () => {
  test("a notice reaches its inspector within a second of the commit, with its cursor; the dashboard ticks", async () => {
    const inspector = subscribeFeed(s.ws(await tok("wy-samr", "inspector1")), "myAssignments");
    const dashboard = subscribeFeed(s.ws(await tok("wy-samr", "supervisor")), "dashboard");
    await settle(100); // subscriptions registered
    await tok("wy-samr", "planner"); // signed in before the clock starts: argon2 is not what this measures
    const sent = await notice(["wy-samr", "planner"], [["wy-samr", "inspector1"]], "明日上午九点集合");
    const [e] = await inspector.waitFor(1);
    expect(e).toMatchObject({
      kind: "EVENT",
      topic: "NOTICE",
      cursor: sent.cursors[0],
      tenantId: tenantIds.get("wy-samr"),
      payload: { message: "明日上午九点集合", from: { kind: "user", displayName: expect.any(String) } },
    });
    const [tick] = await dashboard.waitFor(1);
    expect(tick).toMatchObject({
      kind: "EVENT",
      topic: "TASK_PROGRESS",
      payload: { kind: "NOTICE_SENT", recipients: 1 },
    });
    expect(BigInt(tick.cursor)).toBeGreaterThan(BigInt(e.cursor));
    inspector.stop();
    dashboard.stop();
  });

  test("only the target user receives it; another tenant receives nothing", async () => {
    const target = subscribeFeed(s.ws(await tok("wy-samr", "inspector1")), "myAssignments");
    const colleague = subscribeFeed(s.ws(await tok("wy-samr", "inspector2")), "myAssignments");
    const otherTenantSameName = subscribeFeed(s.ws(await tok("wy-health", "inspector1")), "myAssignments");
    const otherDashboard = subscribeFeed(s.ws(await tok("wy-health", "supervisor")), "dashboard");
    await settle(100);
    await notice(["wy-samr", "supervisor"], [["wy-samr", "inspector1"]], "仅甲");
    // Sentinels: each subscriber's own next event must be the first it sees.
    await notice(["wy-samr", "supervisor"], [["wy-samr", "inspector2"]], "仅乙");
    await notice(["wy-health", "supervisor"], [["wy-health", "inspector1"]], "卫健委通知");
    await target.waitFor(1);
    await colleague.waitFor(1);
    await otherTenantSameName.waitFor(1);
    await otherDashboard.waitFor(1);
    await settle();
    expect(messages(target)).toEqual(["仅甲"]);
    expect(messages(colleague)).toEqual(["仅乙"]);
    expect(messages(otherTenantSameName)).toEqual(["卫健委通知"]);
    expect(otherDashboard.events).toHaveLength(1);
    expect(otherDashboard.events[0].tenantId).toBe(tenantIds.get("wy-health"));
    for (const f of [target, colleague, otherTenantSameName, otherDashboard]) f.stop();
  });

  test("a rolled-back mutation delivers nothing and leaves nothing in the log", async () => {
    const inspector = subscribeFeed(s.ws(await tok("wy-samr", "inspector1")), "myAssignments");
    await settle(100);
    const r = await s.gql(
      `mutation($u: [ID!]!, $bad: [ID!]!) {
         a: sendNotice(userIds: $u, message: "会被回滚") { recipients }
         b: sendNotice(userIds: $bad, message: "无效接收人") { recipients } }`,
      { u: [idOf("wy-samr", "inspector1")], bad: [idOf("wy-health", "inspector1")] },
      await tok("wy-samr", "planner"),
    );
    expect(errorCode(r)).toBe("NOT_FOUND");
    await notice(["wy-samr", "planner"], [["wy-samr", "inspector1"]], "回滚之后");
    await inspector.waitFor(1);
    await settle();
    expect(messages(inspector)).toEqual(["回滚之后"]);
    const log = await s.gql(`{ myEvents(limit: 500) { items { payload } } }`, {}, await tok("wy-samr", "inspector1"));
    expect(JSON.stringify(log.data)).not.toContain("会被回滚");
    inspector.stop();
  });
});

describe("catch-up", () => {
  test("an inspector who reconnects with since=lastCursor ends with every notice, none twice", async () => {
    const token = await tok("wy-emerg", "inspector1");
    const to: Array<[string, string]> = [["wy-emerg", "inspector1"]];
    const first = s.ws(token);
    const before = subscribeFeed(first, "myAssignments");
    await settle(100);
    await notice(["wy-emerg", "planner"], to, "第1条");
    await before.waitFor(1);
    const lastCursor = before.events[0].cursor;
    await first.dispose(); // disconnected
    for (let i = 2; i <= 5; i++) await notice(["wy-emerg", "planner"], to, `第${i}条`);

    const after = subscribeFeed(s.ws(token), "myAssignments", lastCursor);
    await after.waitFor(4);
    await notice(["wy-emerg", "planner"], to, "第6条"); // live again
    await after.waitFor(5);
    await settle();
    const all = [...before.events, ...after.events];
    expect(all.map((e) => e.payload?.message)).toEqual(["第1条", "第2条", "第3条", "第4条", "第5条", "第6条"]);
    expect(new Set(all.map((e) => e.cursor)).size).toBe(6);
    const cursors = all.map((e) => BigInt(e.cursor));
    expect([...cursors].sort((a, b) => (a < b ? -1 : 1))).toEqual(cursors);

    // The query counterpart pages through the same events.
    const q = `query($s: String) { myEvents(since: $s, limit: 2) { items { cursor payload } nextCursor hasMore } }`;
    const p1 = await s.gql(q, { s: lastCursor }, token);
    expect(p1.data!.myEvents.items.map((e: LiveEvent) => e.payload?.message)).toEqual(["第2条", "第3条"]);
    expect(p1.data!.myEvents.hasMore).toBe(true);
    const p2 = await s.gql(q, { s: p1.data!.myEvents.nextCursor }, token);
    expect(p2.data!.myEvents.items.map((e: LiveEvent) => e.payload?.message)).toEqual(["第4条", "第5条"]);
    after.stop();
  });

  test("too much to replay: the subscription answers RESYNC from the client's cursor instead", async () => {
    const token = await tok("wy-edu", "inspector1");
    const sent = await notice(["wy-edu", "planner"], [["wy-edu", "inspector1"]], "起点");
    for (let i = 0; i < 51; i++) await notice(["wy-edu", "planner"], [["wy-edu", "inspector1"]], `补齐${i}`);
    const feed = subscribeFeed(s.ws(token), "myAssignments", sent.cursors[0]);
    await feed.ended();
    expect(feed.events).toEqual([
      expect.objectContaining({ kind: "RESYNC", cursor: sent.cursors[0], resyncReason: "CATCH_UP_TOO_LONG" }),
    ]);
  });

  test("since must be a cursor", async () => {
    const r = await s.gql(`{ myEvents(since: "abc") { nextCursor } }`, {}, await tok("wy-samr", "inspector1"));
    expect(errorCode(r)).toBe("BAD_USER_INPUT");
  });
});

describe("authorization per event", () => {
  test("a deactivated user's dashboard stops at once; so does one whose role no longer allows it", async () => {
    const admin = await tok("wy-tax", "admin");
    const planner = subscribeFeed(s.ws(await tok("wy-tax", "planner")), "dashboard");
    const supervisor = subscribeFeed(s.ws(await tok("wy-tax", "supervisor")), "dashboard");
    const keeps = subscribeFeed(s.ws(admin), "dashboard");
    await settle(100);
    await notice(["wy-tax", "admin"], [["wy-tax", "inspector1"]], "之前");
    await Promise.all([planner.waitFor(1), supervisor.waitFor(1), keeps.waitFor(1)]);

    const upd = `mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }`;
    expect((await s.gql(upd, { id: idOf("wy-tax", "planner"), i: { active: false } }, admin)).errors).toBeUndefined();
    expect(
      (await s.gql(upd, { id: idOf("wy-tax", "supervisor"), i: { roles: ["INSPECTOR"] } }, admin)).errors,
    ).toBeUndefined();
    await notice(["wy-tax", "admin"], [["wy-tax", "inspector1"]], "之后");
    await keeps.waitFor(2);
    await planner.ended();
    await supervisor.ended();
    for (const f of [planner, supervisor]) {
      expect(f.events).toHaveLength(1); // the tick after the change never arrived
      expect(f.errors[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    keeps.stop();
  });

  test("feeds check roles and sign-in when subscribing; anonymous connections get the public feed only", async () => {
    const inspectorDash = subscribeFeed(s.ws(await tok("wy-samr", "inspector1")), "dashboard");
    await inspectorDash.ended();
    expect(inspectorDash.errors[0]?.extensions?.code).toBe("FORBIDDEN");

    const anon = s.ws();
    const mine = subscribeFeed(anon, "myAssignments");
    await mine.ended();
    expect(mine.errors[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const pub = subscribeFeed(anon, "publicResults");
    await settle(200);
    expect(pub.completed).toBe(false);
    expect(pub.errors).toEqual([]);
    pub.stop();
    const q = await s.gql(`{ publicEvents { items { cursor } hasMore } }`);
    expect(q.data!.publicEvents).toEqual({ items: [], hasMore: false });

    const refused = await new Promise<number>((resolve) => {
      s.ws("not-a-token", { on: { closed: (e) => resolve((e as { code: number }).code) } });
    });
    expect(refused).toBe(4403);
  });
});

describe("slow consumers and limits", () => {
  test("a client that stops reading gets RESYNC on its assignment feeds; the server and other clients carry on", async () => {
    const slowUser: [string, string] = ["wy-trans", "inspector2"];
    const fastUser: [string, string] = ["wy-trans", "inspector1"];
    // A raw graphql-ws client whose socket we pause: the server's writes back up, its buffers fill.
    const raw = new WebSocket(`${s.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
    const received: any[] = [];
    raw.on("message", (m) => received.push(JSON.parse(String(m))));
    await new Promise((r) => raw.once("open", r));
    raw.send(
      JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${await tok(...slowUser)}` } }),
    );
    await new Promise((r) => raw.once("message", r));
    const SUBS = 20;
    for (let i = 0; i < SUBS; i++)
      raw.send(
        JSON.stringify({
          id: `s${i}`,
          type: "subscribe",
          payload: { query: `subscription { myAssignments { kind cursor payload resyncReason } }` },
        }),
      );
    const fast = subscribeFeed(s.ws(await tok(...fastUser)), "myAssignments");
    await settle(200);
    (raw as unknown as { _socket: { pause(): void } })._socket.pause();

    const big = "检".repeat(500);
    // ~3.7 MB per connection vanish into socket buffers on loopback before the server notices (measured: ~115
    // of 400 rounds × 20 subscriptions); 400 rounds of 1.6 kB notices overflow the 20-event buffers with margin.
    const N = 400;
    // The other client keeps receiving while this one is stuck (no wall-clock bound here: speed is the benches').
    for (let i = 0; i < N; i++) await notice(["wy-trans", "planner"], [slowUser, fastUser], `${i}${big}`.slice(0, 500));
    await fast.waitFor(N, 120_000);
    expect(new Set(fast.events.map((e) => e.cursor)).size).toBe(N);

    (raw as unknown as { _socket: { resume(): void } })._socket.resume();
    const done = () => received.filter((m) => m.type === "complete").length;
    for (let t = 0; t < 600 && done() < SUBS; t++) await settle(100);
    expect(done()).toBe(SUBS);
    for (let i = 0; i < SUBS; i++) {
      const mine = received
        .filter((m) => m.id === `s${i}` && m.type === "next")
        .map((m) => m.payload.data.myAssignments);
      const events = mine.filter((e) => e.kind === "EVENT");
      const last = mine.at(-1);
      expect(last).toMatchObject({ kind: "RESYNC", resyncReason: "OVERFLOW" });
      expect(events.length).toBeLessThan(N); // it did fall behind
      // Nothing dropped silently: the events received are the first ones, and RESYNC says where to continue.
      expect(last.cursor).toBe(events.at(-1)?.cursor ?? last.cursor);
      const missed = await s.gql(
        `query($s: String) { myEvents(since: $s, limit: 500) { items { cursor } } }`,
        { s: last.cursor },
        await tok(...slowUser),
      );
      expect(events.length + missed.data!.myEvents.items.length).toBe(N);
    }
    raw.close();
    fast.stop();
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  }, 300_000);

  test("a connection may still hold at most 20 subscriptions", async () => {
    const client = s.ws(await tok("wy-water", "inspector1"));
    const feeds = Array.from({ length: 20 }, () => subscribeFeed(client, "myAssignments"));
    const extra = subscribeFeed(client, "myAssignments");
    await extra.ended();
    expect(extra.errors[0]?.extensions?.code).toBe("LIMIT_EXCEEDED");
    for (const f of feeds) f.stop();
  });
});

describe("sendNotice", () => {
  test("validates recipients, message and role", async () => {
    const planner = await tok("wy-samr", "planner");
    const send = (u: string[], m: string, t = planner) => s.gql(SEND, { u, m }, t);
    expect(errorCode(await send([idOf("wy-health", "inspector1")], "跨部门"))).toBe("NOT_FOUND");
    expect(errorCode(await send(["not-a-uuid"], "格式错误"))).toBe("BAD_USER_INPUT");
    expect(errorCode(await send([idOf("wy-samr", "inspector1")], ""))).toBe("BAD_USER_INPUT");
    expect(errorCode(await send([idOf("wy-samr", "inspector1")], "长".repeat(501)))).toBe("BAD_USER_INPUT");
    expect(errorCode(await send([], "无人"))).toBe("BAD_USER_INPUT");
    expect(errorCode(await send([idOf("wy-samr", "inspector2")], "越权", await tok("wy-samr", "inspector1")))).toBe(
      "FORBIDDEN",
    );
    const ok = await send([idOf("wy-samr", "inspector2"), idOf("wy-samr", "inspector2")], "去重");
    expect(ok.data!.sendNotice.recipients).toBe(1);
  });
});

describe("live_event under RLS (runtime role)", () => {
  test("tenants see their own events, users only their own targeted ones; public for all; no updates", async () => {
    await notice(["wy-fire", "planner"], [["wy-fire", "inspector1"]], "消防通知");
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    const as = async (tenant: string, user: string, sql: string, params: unknown[] = []) => {
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)", [
        tenantIds.get(tenant) ?? "",
        idOf(tenant, user) ?? "",
      ]);
      try {
        return (await c.query(sql, params)).rows;
      } finally {
        await c.query("ROLLBACK");
      }
    };
    const notices = `SELECT payload->>'message' AS m FROM live_event WHERE topic = 'NOTICE' AND payload->>'message' = '消防通知'`;
    expect(await as("wy-fire", "inspector1", notices)).toHaveLength(1);
    expect(await as("wy-fire", "inspector2", notices)).toHaveLength(0);
    expect(await as("wy-samr", "inspector1", notices)).toHaveLength(0);
    expect(
      await as("wy-fire", "inspector2", `SELECT 1 FROM live_event WHERE topic = 'TASK_PROGRESS'`),
    ).not.toHaveLength(0);
    await expect(as("wy-fire", "admin", `UPDATE live_event SET payload = '{}'`)).rejects.toThrow(/permission denied/);
    await expect(
      as("wy-fire", "admin", `INSERT INTO live_event (tenant_id, topic, payload) VALUES ($1, 'TASK_PROGRESS', '{}')`, [
        tenantIds.get("wy-samr"),
      ]),
    ).rejects.toThrow(/row-level security/);
    // The delivery function is bounded by the tenant too.
    expect(
      await as(
        "wy-samr",
        "admin",
        `SELECT * FROM live_event_for_delivery(ARRAY(SELECT generate_series(1, 100000)::bigint))
        WHERE tenant_id <> app_tenant_id()`,
      ),
    ).toHaveLength(0);
    await c.end();
  });
});
