import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { Client as PgClient } from "pg";
import { TokenService } from "../src/auth/tokens";
import { type ChildServer, startChildServer } from "../test/helpers/child-server";
import { benchDatabase } from "./lib/database";
import { summarizeProfile } from "./lib/profile";
import { type Metric, report } from "./lib/report";
import { benchTenant } from "./lib/seed";

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ME = `{ me { id username displayName } }`;
const TYPENAME = `{ __typename }`;
const PROFILE = process.env.BENCH_PROFILE;
const PROFILE_DIR = PROFILE ? path.resolve("bench-profiles", String(Date.now())) : undefined;
const PROFILE_BARE = PROFILE?.startsWith("bare") ?? false;
const PROFILE_FLOOR = PROFILE === "floor";
if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });

/**
 * `npm run bench -- http`: requests per second, with autocannon (this process) against
 *  (a) the full server (src/main.ts as its own process, NODE_ENV=production, the runtime role, RLS) with a signed-in
 *      user's token: `{ me { id username displayName } }` and `{ __typename }`;
 *  (b) bare Apollo Server 5 on express (bench/lib/bare-apollo.ts, its own process) whose `me` does one pooled SELECT
 *      of the same row: the same two queries;
 *  (c) the floor (the same file, BARE_MODE=floor): bare plus what the tenancy rules themselves cost, a request
 *      context and `me` as one `BEGIN; settings; the user row under RLS; COMMIT` round trip as the runtime role.
 *      `ratio.me.floor` (full/floor) is the share of the gap that the platform's own code could still close;
 *      `batch` is the floor without the request context (the round trip alone).
 * Same database, same pool size (10), same client; the targets alternate for ROUNDS rounds and each figure is the
 * mean of its rounds. Beside req/s, each target's server process reports its CPU time per request (user + system,
 * from /proc), which a loaded machine disturbs far less than the throughput: `cpu.ratio.*` is bare's CPU per
 * request over full's, the throughput ratio the full server would reach where the CPU is the bound.
 * BENCH_PROFILE=1 (or =typename) instead loads only the full server with `me` (or `__typename`) for DURATION_S
 * under a V8 CPU profile and prints where its CPU time goes by part of the path; BENCH_PROFILE=bare (or
 * =bare-typename, or =floor) profiles that baseline the same way, for a side-by-side reading.
 */
export async function run(): Promise<void> {
  const db = await benchDatabase();
  const jwtSecret = randomBytes(32).toString("base64url");
  let full: ChildServer | undefined;
  let bare: Baseline | undefined;
  let floor: Baseline | undefined;
  let batch: Baseline | undefined;
  try {
    const { userId, tenantId } = await seed(db.ownerUrl);
    const token = (await new TokenService(jwtSecret, 3600).issue({ userId, tenantId })).token;
    full = await startChildServer(
      {
        NODE_ENV: "production",
        DATABASE_URL: db.ownerUrl,
        APP_DATABASE_URL: db.appUrl,
        JWT_SECRET: jwtSecret,
        DB_POOL_SIZE: "10",
      },
      60_000,
      PROFILE_DIR && !PROFILE_BARE && !PROFILE_FLOOR ? cpuProf(PROFILE_DIR) : [],
    );
    bare = await startBare({ BARE_DATABASE_URL: db.ownerUrl, BARE_USER_ID: userId }, profiled(PROFILE_BARE));
    floor = await startBare(
      { BARE_MODE: "floor", BARE_DATABASE_URL: db.appUrl, BARE_USER_ID: userId, BARE_TENANT_ID: tenantId },
      profiled(PROFILE_FLOOR),
    );
    batch = await startBare({
      BARE_MODE: "batch",
      BARE_DATABASE_URL: db.appUrl,
      BARE_USER_ID: userId,
      BARE_TENANT_ID: tenantId,
    });
    // The web pages' bundle is built in the background at start (an esbuild process): wait for it, so that it does
    // not compete with the load.
    await fetch(`${full.url}/`).then((r) => r.arrayBuffer());
    const auth = { authorization: `Bearer ${token}` };
    const check = async (url: string, headers: Record<string, string>) => {
      const r = await post(url, ME, headers);
      if (!r.data?.me?.id) throw new Error(`${url}: ${JSON.stringify(r)}`);
    };
    await check(full.url, auth);
    await check(bare.url, {});
    await check(floor.url, {});
    await check(batch.url, {});
    if (PROFILE_DIR) {
      const query = PROFILE?.endsWith("typename") ? TYPENAME : ME;
      const target = PROFILE_BARE
        ? { name: "bare", url: bare.url, headers: {} }
        : PROFILE_FLOOR
          ? { name: "floor", url: floor.url, headers: {} }
          : { name: "full", url: full.url, headers: auth };
      await load(target.url, query, target.headers, 3);
      const r = await load(target.url, query, target.headers, DURATION_S);
      console.log(`profiled ${target.name} ${query}: ${Math.round(r.requests.average)} req/s`);
      const stopping = Date.now();
      if (PROFILE_BARE) {
        await bare.stop();
        bare = undefined;
      } else if (PROFILE_FLOOR) {
        await floor.stop();
        floor = undefined;
      } else {
        await full.stop();
        full = undefined;
      }
      const shutdownS = (Date.now() - stopping) / 1000;
      const file = readdirSync(PROFILE_DIR)
        .filter((f) => f.endsWith(".cpuprofile"))
        .sort()
        .at(-1);
      if (!file) throw new Error("no CPU profile written");
      console.log(
        `\n${target.name} server, ${query}: CPU time by part (self time, % of busy time; ${path.join(PROFILE_DIR, file)})`,
      );
      const window = summarizeProfile(path.join(PROFILE_DIR, file), DURATION_S + shutdownS - 0.5, shutdownS + 0.2);
      for (const { part, percent } of window) console.log(`${String(percent).padStart(6)} %  ${part}`);
      return;
    }
    const targets = [
      { name: "bare.me", url: bare.url, pid: bare.pid, query: ME, headers: {} },
      { name: "batch.me", url: batch.url, pid: batch.pid, query: ME, headers: {} },
      { name: "floor.me", url: floor.url, pid: floor.pid, query: ME, headers: {} },
      { name: "full.me", url: full.url, pid: full.process.pid, query: ME, headers: auth },
      { name: "bare.typename", url: bare.url, pid: bare.pid, query: TYPENAME, headers: {} },
      { name: "full.typename", url: full.url, pid: full.process.pid, query: TYPENAME, headers: auth },
    ];
    const rps = new Map<string, number[]>();
    const p99 = new Map<string, number[]>();
    const cpu = new Map<string, { seconds: number; requests: number }>();
    for (const t of targets) await load(t.url, t.query, t.headers, 3); // warm-up (JIT, pools, caches)
    for (let round = 0; round < ROUNDS; round++)
      for (const t of round % 2 ? [...targets].reverse() : targets) {
        const cpuBefore = cpuSeconds(t.pid);
        const r = await load(t.url, t.query, t.headers, DURATION_S);
        const used = cpuSeconds(t.pid) - cpuBefore;
        if (r.non2xx || r.errors) throw new Error(`${t.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        const sum = cpu.get(t.name) ?? { seconds: 0, requests: 0 };
        cpu.set(t.name, { seconds: sum.seconds + used, requests: sum.requests + r.requests.total });
        rps.set(t.name, [...(rps.get(t.name) ?? []), r.requests.average]);
        p99.set(t.name, [...(p99.get(t.name) ?? []), r.latency.p99]);
        console.log(
          `http ${t.name} round ${round + 1}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, ` +
            `${Math.round((1e6 * used) / r.requests.total)} µs CPU/request`,
        );
      }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const m = (name: string) => mean(rps.get(name) ?? [NaN]);
    const cpuPerRequest = (name: string) => {
      const c = cpu.get(name);
      return c ? (1e6 * c.seconds) / c.requests : NaN;
    };
    const metrics: Metric[] = [];
    for (const t of targets) {
      metrics.push({ metric: `${t.name}.rps`, value: Math.round(m(t.name)), unit: "req/s" });
      metrics.push({ metric: `${t.name}.p99`, value: mean(p99.get(t.name) ?? [NaN]), unit: "ms" });
      metrics.push({ metric: `${t.name}.cpu`, value: Math.round(cpuPerRequest(t.name)), unit: "µs/request" });
    }
    metrics.push({ metric: "ratio.me", value: Number((m("full.me") / m("bare.me")).toFixed(3)), unit: "full/bare" });
    metrics.push({
      metric: "ratio.typename",
      value: Number((m("full.typename") / m("bare.typename")).toFixed(3)),
      unit: "full/bare",
    });
    // Against the floor (bare plus the tenancy rules' own cost): how much of the gap is the platform's code.
    metrics.push({
      metric: "ratio.me.floor",
      value: Number((m("full.me") / m("floor.me")).toFixed(3)),
      unit: "full/floor",
    });
    metrics.push({
      metric: "ratio.floor.bare",
      value: Number((m("floor.me") / m("bare.me")).toFixed(3)),
      unit: "floor/bare",
    });
    metrics.push({
      metric: "cpu.ratio.me.floor",
      value: Number((cpuPerRequest("floor.me") / cpuPerRequest("full.me")).toFixed(3)),
      unit: "floor/full CPU per request",
    });
    for (const q of ["me", "typename"])
      metrics.push({
        metric: `cpu.ratio.${q}`,
        value: Number((cpuPerRequest(`bare.${q}`) / cpuPerRequest(`full.${q}`)).toFixed(3)),
        unit: "bare/full CPU per request",
      });
    metrics.push({ metric: "connections", value: CONNECTIONS, unit: "autocannon" });
    metrics.push({ metric: "duration", value: DURATION_S, unit: `s × ${ROUNDS} rounds` });
    report("http", metrics);
  } finally {
    await full?.stop();
    await bare?.stop();
    await floor?.stop();
    await batch?.stop();
    await db.close();
  }
}

function load(url: string, query: string, headers: Record<string, string>, duration: number) {
  return autocannon({
    url: `${url}/graphql`,
    method: "POST",
    connections: CONNECTIONS,
    duration,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
}

async function post(url: string, query: string, headers: Record<string, string>) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: { me?: { id: string } } };
}

interface Baseline {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** The profiler's arguments for a server process when it is the one profiled. */
function profiled(yes: boolean): string[] {
  return PROFILE_DIR && yes ? cpuProf(PROFILE_DIR) : [];
}

/** `--cpu-prof` into `dir`, for a server process. */
function cpuProf(dir: string): string[] {
  return ["--cpu-prof", `--cpu-prof-dir=${dir}`];
}

/** User + system CPU seconds a process has used so far (Linux /proc; clock ticks of 100 Hz). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the
  // 14th field of the line, stime the 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A baseline server (bench/lib/bare-apollo.ts) as its own process; `env` chooses its mode and database. */
function startBare(env: Record<string, string>, nodeArgs: string[] = []): Promise<Baseline> {
  const root = path.resolve(__dirname, "..");
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, "-r", "./scripts/register.cjs", "bench/lib/bare-apollo.ts"],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /BARE_URL (\S+)/.exec(out);
      if (m)
        resolve({
          url: m[1],
          pid: child.pid,
          stop: () =>
            new Promise<void>((r) => {
              if (child.exitCode !== null) return r();
              child.once("exit", () => r());
              child.kill("SIGTERM");
            }),
        });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`bare server exited with ${code}: ${out}`)));
  });
}

/** A department with one user, and the same row in an RLS-free table for the bare server. */
async function seed(ownerUrl: string): Promise<{ userId: string; tenantId: string }> {
  const c = new PgClient({ connectionString: ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    const t = { id: await benchTenant(c) };
    const [u] = (
      await c.query(
        `INSERT INTO app_user (tenant_id, username, display_name, password_hash, roles)
         VALUES ($1, 'planner', '计划员', 'x', ARRAY['PLANNER']) RETURNING id`,
        [t.id],
      )
    ).rows;
    await c.query(`CREATE TABLE bench_user (id uuid PRIMARY KEY, username text NOT NULL, display_name text NOT NULL)`);
    await c.query(`INSERT INTO bench_user SELECT id, username, display_name FROM app_user WHERE id = $1`, [u.id]);
    await c.query("COMMIT");
    return { userId: u.id, tenantId: t.id };
  } finally {
    await c.end();
  }
}
