import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type Client, createClient } from "graphql-ws";
import { Client as PgClient } from "pg";
import WebSocket from "ws";
import { TokenService } from "../src/auth/tokens";
import { type ChildServer, startChildServer } from "../test/helpers/child-server";
import { benchDatabase } from "./lib/database";
import { type Metric, report } from "./lib/report";
import { benchTenant } from "./lib/seed";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 50);
/** Recipients of each notice (sendNotice takes up to 500): the per-user feeds' share of the load. */
const RECIPIENTS = Math.min(500, CLIENTS);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
/** The large run's connections (0 skips it) and notices; its delivery must stay complete. */
const LARGE_CLIENTS = Number(process.env.BENCH_LARGE_CLIENTS ?? 10_000);
const LARGE_EVENTS = Number(process.env.BENCH_LARGE_EVENTS ?? 10);
/** Node flags for the server processes, e.g. BENCH_SERVER_NODE_ARGS="--max-semi-space-size=1". */
const SERVER_NODE_ARGS = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
/**
 * BENCH_HEAP_SNAPSHOT=<dir>: heap snapshots of each one-instance server
 * before and after its clients connect, written to <dir>; `bench/lib/heap-summary.ts` compares the two.
 */
const HEAP_SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOT;
if (HEAP_SNAPSHOT_DIR) SERVER_NODE_ARGS.push("--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${HEAP_SNAPSHOT_DIR}`);
/** Clients that stop reading in the slow-consumer scenario. */
const SLOW_CLIENTS = Number(process.env.BENCH_SLOW_CLIENTS ?? 20);

interface Scenario {
  name: string;
  pubsub: string;
  instances: number;
  /** LIVE_SHARED_EXECUTION=false: every subscriber executes its own selection (the same-run baseline). */
  perSubscriber?: boolean;
  clients?: number;
  events?: number;
  /** This many clients stop reading after the warm-up (their sockets paused): the others' latency is measured. */
  slow?: number;
}

/**
 * `npm run bench -- fanout`: CLIENTS graphql-ws clients (this process), each subscribed to its own
 * `myAssignments` feed and to the shared `dashboard` feed of one department, served by server processes of
 * their own (src/main.ts). EVENTS `sendNotice` mutations through HTTP, each to RECIPIENTS users → one NOTICE per
 * recipient plus one TASK_PROGRESS tick to every client. Latency: from the notice's `sentAt` (taken in the
 * mutation, before COMMIT) to arrival at the client. Scenarios: one instance executing per subscriber (the
 * baseline, LIVE_SHARED_EXECUTION=false) and with shared execution, their ratio; two instances with the clients
 * split between them and the mutations sent to the first, through postgres and through redis; one instance with
 * SLOW_CLIENTS clients that stop reading (the others' p99 against memory_1x's); one instance with LARGE_CLIENTS
 * connections (memory per connection, complete delivery).
 */
export async function run(): Promise<void> {
  const db = await benchDatabase();
  const jwtSecret = randomBytes(32).toString("base64url");
  try {
    const { users, planner, tenantId } = await seed(db.ownerUrl, Math.max(CLIENTS, LARGE_CLIENTS));
    const tokens = new TokenService(jwtSecret, 3600);
    const token = async (userId: string) => (await tokens.issue({ userId, tenantId })).token;
    const scenarios: Scenario[] = [
      { name: "memory_1x_per_subscriber", pubsub: "memory", instances: 1, perSubscriber: true },
      { name: "memory_1x", pubsub: "memory", instances: 1 },
      { name: "postgres_2x", pubsub: "postgres", instances: 2 },
    ];
    if (await redisReachable()) scenarios.push({ name: "redis_2x", pubsub: "redis", instances: 2 });
    else console.log(`fanout: redis scenario not run: no Redis at ${REDIS_URL} (set REDIS_URL)`);
    if (SLOW_CLIENTS > 0)
      scenarios.push({ name: "memory_1x_slow", pubsub: "memory", instances: 1, slow: SLOW_CLIENTS });
    if (LARGE_CLIENTS > 0)
      scenarios.push({
        name: `memory_1x_${LARGE_CLIENTS / 1000}k`,
        pubsub: "memory",
        instances: 1,
        clients: LARGE_CLIENTS,
        events: LARGE_EVENTS,
      });
    // BENCH_SCENARIOS=memory_1x,memory_1x_10k runs only those (the ratios need both of their scenarios).
    const only = process.env.BENCH_SCENARIOS?.split(",");
    if (only) scenarios.splice(0, scenarios.length, ...scenarios.filter((sc) => only.includes(sc.name)));
    const metrics: Metric[] = [];
    const value = (m: string) => metrics.find((x) => x.metric === m)?.value ?? NaN;
    for (const sc of scenarios) {
      const servers: ChildServer[] = [];
      for (let i = 0; i < sc.instances; i++)
        servers.push(
          await startChildServer(
            {
              NODE_ENV: "production",
              DATABASE_URL: db.ownerUrl,
              APP_DATABASE_URL: db.appUrl,
              JWT_SECRET: jwtSecret,
              PUBSUB: sc.pubsub,
              REDIS_URL,
              DB_POOL_SIZE: "10",
              WS_MAX_PER_CLIENT: "100000", // every bench client comes from loopback
              LIVE_SHARED_EXECUTION: sc.perSubscriber ? "false" : "true",
              // glibc's allocator arenas (one per thread by default) are part of the RSS per connection.
              ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
            },
            60_000,
            SERVER_NODE_ARGS,
          ),
        );
      try {
        metrics.push(...(await scenario(sc, servers, users.slice(0, sc.clients ?? CLIENTS), planner, token)));
      } catch (e) {
        // One scenario failing (e.g. a machine too loaded for 10,000 sockets) still leaves the others' figures.
        console.error(`fanout ${sc.name} failed: ${String(e)}`);
        metrics.push({ metric: `${sc.name}.failed`, value: 1, unit: String(e).slice(0, 80) });
      } finally {
        for (const s of servers) await s.stop();
      }
    }
    const ratio = (metric: string, a: string, b: string, unit: string) => {
      const v = value(a) / value(b);
      if (Number.isFinite(v)) metrics.push({ metric, value: Math.round(v * 100) / 100, unit });
    };
    ratio(
      "ratio.throughput_shared_vs_per_subscriber",
      "memory_1x.delivered_per_s",
      "memory_1x_per_subscriber.delivered_per_s",
      "×",
    );
    ratio("ratio.p99_shared_vs_per_subscriber", "memory_1x.latency_p99", "memory_1x_per_subscriber.latency_p99", "×");
    ratio("ratio.p99_with_slow_clients_vs_none", "memory_1x_slow.latency_p99", "memory_1x.latency_p99", "×");
    report("fanout", metrics);
  } finally {
    await db.close();
  }
}

async function scenario(
  sc: Scenario,
  servers: ChildServer[],
  users: string[],
  planner: string,
  token: (userId: string) => Promise<string>,
): Promise<Metric[]> {
  const name = sc.name;
  const events = sc.events ?? EVENTS;
  const slow = new Set(users.slice(0, sc.slow ?? 0));
  let paused = false;
  // The web pages' bundles build in the background at start-up (src/web/serve.ts, ~11 MB of esbuild output and
  // buffers): wait for them, or they land in the connections' figures.
  for (const s of servers) await webPagesReady(s.url);
  if (HEAP_SNAPSHOT_DIR && servers.length === 1) await heapSnapshot(servers[0], `${name} before the clients`);
  const rssBefore = servers.map((s) => rssKb(s.process.pid as number));
  const latencies: number[] = [];
  let received = 0;
  let resyncs = 0;
  let closedEarly = 0;
  let errors = 0;
  let waiter: (() => void) | undefined;
  let target = 0;
  const onEvent = (user: string, e: { kind: string; payload?: { sentAt?: string; at?: string } | null }) => {
    if (paused && slow.has(user)) return; // what a stuck client still gets out of its buffers is not measured
    const now = Date.now();
    if (e.kind === "RESYNC") resyncs++;
    const sent = e.payload?.sentAt ?? e.payload?.at;
    if (sent) latencies.push(now - Date.parse(sent));
    received++;
    if (received >= target) waiter?.();
  };
  const clients: Client[] = [];
  const slowSockets: WebSocket[] = [];
  // Batches of 50, each connected before the next: a loaded machine otherwise misses graphql-ws's 3 s init window.
  for (let i = 0; i < users.length; i += 50) {
    const batch = users.slice(i, i + 50);
    await Promise.all(
      batch.map(async (u, j) => {
        const server = servers[(i + j) % servers.length];
        let connected: () => void = () => undefined;
        const ready = new Promise<void>((r) => {
          connected = r;
        });
        const client = createClient({
          url: `${server.url.replace(/^http/, "ws")}/graphql`,
          webSocketImpl: slow.has(u) ? tracked(slowSockets) : WebSocket,
          connectionParams: { authorization: `Bearer ${await token(u)}` },
          lazy: false,
          retryAttempts: 0,
          on: { connected: () => connected() },
          onNonLazyError: (e) => {
            closedEarly++;
            connected();
            if (closedEarly === 1) console.error(`fanout: a client's connection failed: ${describe(e)}`);
          },
        });
        clients.push(client);
        for (const field of ["myAssignments", "dashboard"])
          client.subscribe<Record<string, { kind: string; payload: { sentAt?: string } | null }>>(
            { query: `subscription { ${field} { kind cursor payload } }` },
            {
              next: (v) => {
                if (v.data) onEvent(u, v.data[field]);
                else if (errors++ === 0) console.error(`fanout: ${field} error: ${JSON.stringify(v.errors)}`);
              },
              error: () => {
                errors++;
              },
              complete: () => undefined,
            },
          );
        await ready;
      }),
    );
  }
  console.log(`fanout ${name}: ${clients.length} clients connected`);
  const plannerToken = await token(planner);
  const wait = (n: number, ms: number) =>
    new Promise<boolean>((resolve) => {
      target = n;
      if (received >= n) return resolve(true);
      const t = setTimeout(() => resolve(false), ms);
      waiter = () => {
        clearTimeout(t);
        resolve(true);
      };
    });
  // Warm-up: one notice to nobody but the planner → a tick to every client proves every subscription is live.
  for (let attempt = 0; attempt < 20; attempt++) {
    received = 0;
    await send(servers[0].url, plannerToken, [planner], "warm-up");
    if (await wait(users.length, 3000)) break;
  }
  await new Promise((r) => setTimeout(r, 500));
  const rssAfter = servers.map((s) => rssKb(s.process.pid as number));
  if (HEAP_SNAPSHOT_DIR && servers.length === 1) await heapSnapshot(servers[0], `${name} with the clients`);
  for (const ws of slowSockets) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  paused = true;
  received = 0;
  latencies.length = 0;
  const recipients = Math.min(RECIPIENTS, users.length);
  let expected = 0;
  const started = Date.now();
  for (let e = 0; e < events; e++) {
    const from = (e * recipients) % users.length;
    const to = [...users, ...users].slice(from, from + recipients);
    expected += to.filter((u) => !slow.has(u)).length + users.length - slow.size;
    await send(servers[0].url, plannerToken, to, `第${e}条`);
  }
  const complete = await wait(expected, 120_000);
  if (!complete)
    console.log(
      `fanout ${name}: timed out with ${received} of ${expected} messages (${errors} errors, ${resyncs} resyncs)`,
    );
  const seconds = (Date.now() - started) / 1000;
  const rssEnd = servers.map((s) => rssKb(s.process.pid as number));
  for (const ws of slowSockets) ws.terminate();
  for (const c of clients) await c.dispose();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const out: Metric[] = [
    { metric: `${name}.clients`, value: users.length, unit: "connections" },
    { metric: `${name}.connections_lost`, value: closedEarly, unit: "clients" },
    { metric: `${name}.messages`, value: received, unit: `of ${expected}` },
    { metric: `${name}.delivered_per_s`, value: Math.round(received / seconds), unit: "msg/s" },
    { metric: `${name}.latency_p50`, value: pct(50), unit: "ms" },
    { metric: `${name}.latency_p99`, value: pct(99), unit: "ms" },
    { metric: `${name}.latency_max`, value: latencies.at(-1) ?? NaN, unit: "ms" },
    { metric: `${name}.resyncs`, value: resyncs, unit: "events" },
  ];
  if (servers.length === 1)
    out.push(
      {
        metric: `${name}.server_rss_per_connection`,
        value: Math.round(((rssAfter[0] - rssBefore[0]) / users.length) * 10) / 10,
        unit: "KB (2 subscriptions each)",
      },
      { metric: `${name}.server_rss_end`, value: Math.round(rssEnd[0] / 1024), unit: "MB" },
    );
  if (slow.size) out.push({ metric: `${name}.stuck_clients`, value: slow.size, unit: "not reading" });
  return out;
}

async function send(url: string, token: string, userIds: string[], message: string): Promise<void> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `mutation($u: [ID!]!, $m: String!) { sendNotice(userIds: $u, message: $m) { recipients } }`,
      variables: { u: userIds, m: message },
    }),
  });
  const body = (await res.json()) as { errors?: unknown };
  if (body.errors) throw new Error(`sendNotice failed: ${JSON.stringify(body.errors)}`);
}

/** Every group of web pages built (each page answers once its group's bundle is ready). */
async function webPagesReady(url: string): Promise<void> {
  for (const page of ["/dashboard", "/workbench", "/graphql"]) {
    const res = await fetch(`${url}${page}`, { headers: { accept: "text/html" } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`fanout: ${page} answered ${res.status}`);
  }
}

/** A WebSocket class that records its instances (to pause their sockets). */
const tracked = (into: WebSocket[]) =>
  class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      into.push(this);
    }
  };

/** One department with `count` inspectors (who may also view the dashboard) and a planner; no passwords needed. */
async function seed(ownerUrl: string, count: number): Promise<{ users: string[]; planner: string; tenantId: string }> {
  const c = new PgClient({ connectionString: ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    const t = { id: await benchTenant(c) };
    const { rows } = await c.query(
      `INSERT INTO app_user (tenant_id, username, display_name, password_hash, roles)
       SELECT $1, 'insp' || n, '检查员' || n, 'x', ARRAY['INSPECTOR','VIEWER'] FROM generate_series(1, $2) n RETURNING id`,
      [t.id, count],
    );
    const [p] = (
      await c.query(
        `INSERT INTO app_user (tenant_id, username, display_name, password_hash, roles)
         VALUES ($1, 'planner', '计划员', 'x', ARRAY['PLANNER']) RETURNING id`,
        [t.id],
      )
    ).rows;
    await c.query("COMMIT");
    return { users: rows.map((r) => r.id), planner: p.id, tenantId: t.id };
  } finally {
    await c.end();
  }
}

const describe = (e: unknown) =>
  e && typeof e === "object" && "code" in e
    ? `close ${(e as { code: number }).code} ${(e as { reason?: string }).reason ?? ""}`
    : e && typeof e === "object" && "message" in e
      ? `${(e as { type?: string }).type ?? "error"}: ${(e as { message: string }).message}`
      : String(e);

/** Signals the server to write a heap snapshot and waits until the file stops growing. */
async function heapSnapshot(server: ChildServer, label: string): Promise<void> {
  const dir = HEAP_SNAPSHOT_DIR as string;
  const before = new Set(readdirSync(dir));
  process.kill(server.process.pid as number, "SIGUSR2");
  for (let last = -1; ; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith(".heapsnapshot"));
    const size = file ? statSync(path.join(dir, file)).size : -1;
    if (file && size > 0 && size === last) {
      console.log(`fanout ${label}: heap snapshot ${path.join(dir, file)}`);
      return;
    }
    last = size;
  }
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}

async function redisReachable(): Promise<boolean> {
  const { Redis } = await import("ioredis");
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}
