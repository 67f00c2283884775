import { Client } from "pg";
import { TokenService } from "../../src/auth/tokens";
import type { LiveStats } from "../../src/server";
import { startTestServer, type TestServer } from "../helpers/harness";
import { type Feed, settle, subscribeFeed } from "../helpers/live-feed";

/**
 * Fan-out shares work, never rights: subscribers of one event with the same document, variables and visibility
 * share one execution (and the hub one database load per tenant and batch), while each subscriber is still
 * checked for every event (tenant by routing, active and roles against the database, token expiry). Real
 * graphql-ws clients; the counts come from the server's live counters.
 */
let s: TestServer;
const ids = new Map<string, string>();
const tenantIds = new Map<string, string>();
const idOf = (tenant: string, user: string) => ids.get(`${tenant}/${user}`) as string;
const tok = (tenant: string, user: string) => s.login(tenant, user);

const SEND = `mutation($u: [ID!]!, $m: String!) { sendNotice(userIds: $u, message: $m) { recipients cursors } }`;
async function notice(from: [string, string], to: [string, string], message: string) {
  const r = await s.gql(SEND, { u: [idOf(...to)], m: message }, await tok(...from));
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.sendNotice as { cursors: string[] };
}

/** The counters' change over `fn`, once every delivery it caused has gone out. */
async function delta(fn: () => Promise<void>): Promise<Omit<LiveStats, "subscribers">> {
  const before = s.liveStats();
  await fn();
  await settle(300);
  const after = s.liveStats();
  return {
    executions: after.executions - before.executions,
    frames: after.frames - before.frames,
    loads: after.loads - before.loads,
  };
}

const connections = async (
  tenant: string,
  user: string,
  n: number,
  subscribe: (c: ReturnType<TestServer["ws"]>) => Feed[],
) => {
  const token = await tok(tenant, user);
  return Array.from({ length: n }, () => subscribe(s.ws(token))).flat();
};
/** Until the server holds exactly `n` live subscribers (subscribing and leaving both take a round trip). */
async function subscribers(n: number, timeoutMs = 30_000) {
  for (const until = Date.now() + timeoutMs; s.liveStats().subscribers !== n; await settle(50))
    if (Date.now() > until) throw new Error(`${s.liveStats().subscribers} live subscribers, expected ${n}`);
}
const lastPayload = (f: Feed) => f.events.at(-1)?.payload;

beforeAll(async () => {
  s = await startTestServer();
  const db = new Client({ connectionString: s.db.superuserUrl }); // setup only
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

test("one execution per event and group (document, selection variables, tenant, roles); every socket gets its frame", async () => {
  const A = "wy-samr";
  const B = "wy-health";
  const SHORT = "kind cursor payload";
  // Tenant A: three role sets on one document (admins also hold a second document on the same socket), and
  // supervisors who subscribed with different `since` values (a root argument: it shapes catch-up, not results).
  const warm = await notice([A, "planner"], [A, "inspector2"], "预热");
  const admins: Feed[] = [];
  const adminsShort: Feed[] = [];
  await connections(A, "admin", 6, (c) => {
    admins.push(subscribeFeed(c, "dashboard"));
    adminsShort.push(subscribeFeed(c, "dashboard", undefined, SHORT));
    return [];
  });
  const planners = await connections(A, "planner", 6, (c) => [subscribeFeed(c, "dashboard")]);
  const supervisors = await connections(A, "supervisor", 6, (c) => [subscribeFeed(c, "dashboard")]);
  const sinceSupervisors = await connections(A, "supervisor", 2, (c) => [
    subscribeFeed(c, "dashboard", warm.cursors[0]),
  ]);
  const inspector = await connections(A, "inspector1", 1, (c) => [subscribeFeed(c, "myAssignments")]);
  const otherTenant = await connections(B, "admin", 4, (c) => [subscribeFeed(c, "dashboard")]);
  for (const f of sinceSupervisors) await f.waitFor(1); // the warm-up tick, replayed by catch-up
  await subscribers(6 * 2 + 6 + 6 + 2 + 1 + 4);

  const tenantA = [...admins, ...adminsShort, ...planners, ...supervisors, ...sinceSupervisors];
  const d = await delta(async () => {
    await notice([A, "planner"], [A, "inspector1"], "共享执行");
    await Promise.all([...tenantA.map((f) => f.waitFor(f.events.length + 1)), inspector[0].waitFor(1)]);
  });
  // Groups: admin × 2 documents, planner, supervisor (both `since` values), inspector1's own feed.
  expect(d).toEqual({ executions: 5, frames: tenantA.length + 1, loads: 1 });
  const tick = lastPayload(admins[0]);
  expect(tick).toMatchObject({ kind: "NOTICE_SENT", recipients: 1 });
  for (const f of tenantA) expect(lastPayload(f)).toEqual(tick);
  expect(admins[0].events.at(-1)?.tenantId).toBe(tenantIds.get(A));
  expect(adminsShort[0].events.at(-1)).not.toHaveProperty("tenantId"); // its own selection, not the other's
  expect(inspector[0].events[0].payload).toMatchObject({ message: "共享执行" });
  for (const f of otherTenant) expect(f.events).toEqual([]);

  // Tenant B's event: its one group, nothing to tenant A.
  const seenA = tenantA.map((f) => f.events.length);
  const dB = await delta(async () => {
    await notice([B, "planner"], [B, "inspector1"], "卫健委");
    await Promise.all(otherTenant.map((f) => f.waitFor(1)));
  });
  expect(dB).toEqual({ executions: 1, frames: 4, loads: 1 });
  expect(tenantA.map((f) => f.events.length)).toEqual(seenA);
  for (const f of [...tenantA, ...inspector, ...otherTenant]) f.stop();
});

test("rights are re-checked per subscriber and event: a deactivated user and an expired token stop; their group carries on", async () => {
  const T = "wy-emerg";
  const keeps = await connections(T, "admin", 3, (c) => [subscribeFeed(c, "dashboard")]);
  const deactivated = await connections(T, "planner", 3, (c) => [subscribeFeed(c, "dashboard")]);
  const supervisor = await connections(T, "supervisor", 1, (c) => [subscribeFeed(c, "dashboard")]);
  // The same user and visibility as `supervisor`, on a token that expires in a few seconds.
  const shortLived = await new TokenService(s.config.jwtSecret, 8).issue({
    userId: idOf(T, "supervisor"),
    tenantId: tenantIds.get(T) as string,
  });
  const expiring = subscribeFeed(s.ws(shortLived.token), "dashboard");
  await subscribers(3 + 3 + 1 + 1); // the first test's feeds are gone too
  await notice([T, "admin"], [T, "inspector1"], "之前");
  await Promise.all([...keeps, ...deactivated, ...supervisor].map((f) => f.waitFor(1)));

  await expiring.ended(25_000); // at exp, without any event to trigger it
  expect(expiring.errors[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  const expiredWith = expiring.events.length;

  const upd = `mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }`;
  const off = await s.gql(upd, { id: idOf(T, "planner"), i: { active: false } }, await tok(T, "admin"));
  expect(off.errors).toBeUndefined();
  const d = await delta(async () => {
    await notice([T, "admin"], [T, "inspector1"], "之后");
    await Promise.all([...keeps, ...supervisor].map((f) => f.waitFor(2)));
    await Promise.all(deactivated.map((f) => f.ended()));
  });
  // admin and supervisor: one shared execution each; each revoked subscription: its own REVOKED frame.
  expect(d).toEqual({ executions: 2 + 3, frames: 3 + 1 + 3, loads: 1 });
  for (const f of deactivated) {
    expect(f.events).toHaveLength(1);
    expect(f.errors[0]?.extensions?.code).toBe("FORBIDDEN");
  }
  expect(expiring.events).toHaveLength(expiredWith);
  for (const f of [...keeps, ...supervisor]) expect(lastPayload(f)).toEqual(lastPayload(keeps[0]));
  for (const f of [...keeps, ...supervisor]) f.stop();
});
