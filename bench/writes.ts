import { randomBytes } from "node:crypto";
import { Client as PgClient } from "pg";
import { DEMO_PASSWORD } from "../src/demo/departments";
import { loadDemoDataIfEmpty } from "../src/demo/load-demo-data";
import { creditCodeCheckCharacter } from "../src/domain/credit-code";
import { createLogger } from "../src/logger";
import { type ChildServer, startChildServer } from "../test/helpers/child-server";
import { benchDatabase } from "./lib/database";
import { type Metric, report } from "./lib/report";

/**
 * `npm run bench -- writes`: concurrent clerks (issue 18). Workers spread over five departments run a write mix
 * against the full server (a child process, production mode, real HTTP): new directory entries, the same new company
 * added by two departments at once, the same registration-number-only subject imported by two departments at once,
 * directory entry edits, settings changes, new plans, 回避 declarations, whole draw cycles (plan → approval → task →
 * approval → publication → lock → draw with the witness), and nested reads. Then every acknowledged write is read
 * back, every audit
 * chain verified, and the registry searched for duplicates. Prints ops/s and p50/p99 per operation, the deadlocks
 * PostgreSQL broke (pg_stat_database), duplicates, false conflicts (a CONFLICT on a racing first add) and lost writes,
 * at 8 and 32 workers. Baseline in the same run: one department's write throughput with one worker (what a
 * department-wide lock held across the request allows at most) against eight workers of that department.
 *
 * BENCH_SECONDS (default 60) per phase; BENCH_WORKERS (default "8,32").
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
/**
 * BENCH_WRITES_AGAINST: the base URL (http://host:port) of another server with the demo data, e.g. the code before
 * issue 18 (its audit lock held across the request), started from a worktree of that commit with
 * `PORT=4100 DATA_DIR=/tmp/old npm start`. The bench then runs the same department write mix with 8 workers in one
 * department on both, alternating, twice.
 */
const AGAINST = process.env.BENCH_WRITES_AGAINST;
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? "8,32").split(",").map(Number);
const DEPARTMENTS = ["wy-health", "wy-emerg", "wy-tax", "wy-edu", "wy-trans"];

type Op = "add" | "sharedAdd" | "sharedImport" | "editEntry" | "settings" | "plan" | "conflict" | "draw" | "read";
// A draw cycle is 8 requests timed as one: reported on its own, not in the write ops/s and percentiles.
const WRITES: Op[] = ["add", "sharedAdd", "sharedImport", "editEntry", "settings", "plan", "conflict"];
const MIX: Array<[Op, number]> = [
  ["add", 20],
  ["sharedAdd", 15],
  ["sharedImport", 10],
  ["editEntry", 12],
  ["settings", 5],
  ["plan", 5],
  ["conflict", 8],
  ["draw", 2],
  ["read", 23],
];

const ADD = `mutation($i: NewDirectoryEntryInput!) { addDirectoryEntry(input: $i) { id subject { id } } }`;
const EDIT = `mutation($id: ID!, $i: DirectoryEntryInput!) { updateDirectoryEntry(id: $id, input: $i) { id notes } }`;
const SETTINGS = `mutation($d: Int) { updateTenantSettings(input: { drawEmbargoDays: $d }) { drawEmbargoDays } }`;
const IMPORT = `mutation($i: ImportFileInput!) { importFile(input: $i) { committed rejections { reason } } }`;
const READ = `{ directoryEntries(limit: 20) { total items { id tags subject { id name status steward { code } } } } }`;
const CHAIN = `{ verifyAuditChain { valid checked } }`;
const PLAN = `mutation($t: String!) { createPlan(year: 2026, title: $t) { id } }`;
const CONFLICT = `mutation($i: ConflictInput!) { declareConflict(input: $i) { id } }`;
const PEOPLE = `{ inspectors(limit: 50) { items { id } } directoryEntries(limit: 50) { items { subject { id } } } }`;

/** Per department: its admin's and supervisor's tokens, some inspectors and subjects for 回避 declarations. */
interface Department {
  admin: string;
  supervisor: string;
  inspectorIds: string[];
  subjectIds: string[];
  /** The current list's items (departments without a published list draw nothing). */
  itemIds: string[];
}

/** One whole draw cycle as a department runs it: 8 requests, timed as one operation. */
async function drawCycle(url: string, d: Department, title: string): Promise<Gql> {
  const step = async (query: string, variables: Record<string, unknown>, token: string, field: string) => {
    const r = await post(url, query, variables, token);
    if (r.errors || !r.data?.[field]) throw Object.assign(new Error(field), { gql: r });
    return r.data[field];
  };
  try {
    const plan = await step(PLAN, { t: title }, d.admin, "createPlan");
    await step(`mutation($id: ID!) { submitPlan(id: $id) { id } }`, { id: plan.id }, d.admin, "submitPlan");
    await step(`mutation($id: ID!) { approvePlan(id: $id) { id } }`, { id: plan.id }, d.supervisor, "approvePlan");
    const task = await step(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId: plan.id,
          name: `${title}任务`,
          kind: "UNDIRECTED",
          itemIds: d.itemIds,
          windowFrom: "2026-01-01",
          windowTo: "2026-12-31",
          samplingRule: { default: { mode: "FIXED", count: 2 }, strata: [] },
          stratifyBy: "NONE",
          drawEmbargoDays: 0,
          teamRule: { minSize: 2, maxSize: 2, rotationMonths: 0 },
          // A fixed 2 per draw keeps the cycle small; below the department's floor it needs its recorded reason.
          policyOverrideReason: "压测：每次固定抽取 2 户",
        },
      },
      d.admin,
      "createTask",
    );
    await step(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: task.id }, d.supervisor, "approveTask");
    await step(`mutation($id: ID!) { publishPlan(id: $id) { id } }`, { id: plan.id }, d.admin, "publishPlan");
    await step(
      `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "压测：锁定后当场抽取") { id } }`,
      { id: task.id },
      d.admin,
      "lockDraw",
    );
    // The witness confirms from their own session (a typed password would meet the sign-in throttle, by design).
    await step(
      `mutation($t: ID!, $e: String!) { confirmDrawWitness(taskId: $t, witnessEntropy: $e) { id } }`,
      { t: task.id, e: title },
      d.supervisor,
      "confirmDrawWitness",
    );
    const draw = await step(
      `mutation($i: DrawInput!) { drawTask(input: $i) { id status } }`,
      { i: { taskId: task.id } },
      d.admin,
      "drawTask",
    );
    return { data: { draw } };
  } catch (e) {
    return (e as { gql?: Gql }).gql ?? { errors: [{ message: String(e) }] };
  }
}

interface Gql {
  data?: Record<string, any>;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function post(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<Gql> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Gql;
}

const creditCode = (run: number, n: number) => {
  const first17 = `91150821M${String(run).padStart(2, "0")}${String(n).padStart(6, "0")}`;
  return first17 + creditCodeCheckCharacter(first17);
};
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;

interface PhaseResult {
  seconds: number;
  latencies: Map<Op, number[]>;
  errors: Map<string, number>;
  falseConflicts: number;
  /** Acknowledged directory entries (id → department) and edits (entry id → last notes). */
  entries: Map<string, string>;
  edits: Map<string, string>;
  sharedNames: string[];
  /** Acknowledged new plans (id → title). */
  plans: Map<string, string>;
  /** Draw cycles that ended INFEASIBLE (recorded and public, as the protocol wants). */
  infeasibleDraws: number;
}

async function phase(
  url: string,
  depts: Record<string, Department>,
  workers: number,
  departments: string[],
  run: number,
  mix: Array<[Op, number]>,
): Promise<PhaseResult> {
  const result: PhaseResult = {
    seconds: SECONDS,
    latencies: new Map(),
    errors: new Map(),
    falseConflicts: 0,
    entries: new Map(),
    edits: new Map(),
    sharedNames: [],
    plans: new Map(),
    infeasibleDraws: 0,
  };
  const total = mix.reduce((s, [, w]) => s + w, 0);
  const pick = () => {
    let r = Math.random() * total;
    for (const [op, w] of mix) {
      r -= w;
      if (r < 0) return op;
    }
    return mix[0][0];
  };
  let serial = 0;
  const deadline = Date.now() + SECONDS * 1000;
  // Workers 2k and 2k+1 are in different departments and walk the same sequence of shared companies, so their
  // shared adds and imports race for the same new subject.
  const worker = async (w: number) => {
    const dept = departments[w % departments.length];
    const token = depts[dept].admin;
    const pair = Math.floor(w / 2);
    let sharedSeq = 0;
    const mine: string[] = [];
    while (Date.now() < deadline) {
      const op = pick();
      const started = performance.now();
      let r: Gql;
      if (op === "add") {
        const n = serial++;
        r = await post(
          url,
          ADD,
          {
            i: {
              subject: { kind: "ENTERPRISE", name: `压测新增${run}-${n}`, creditCode: creditCode(run, n) },
              entry: { tags: ["压测"] },
            },
          },
          token,
        );
        const id = r.data?.addDirectoryEntry?.id;
        if (id) {
          result.entries.set(id, dept);
          mine.push(id);
        }
      } else if (op === "sharedAdd") {
        const k = sharedSeq++;
        const name = `压测共享${run}-${pair}-${k}`;
        r = await post(
          url,
          ADD,
          { i: { subject: { kind: "ENTERPRISE", name, creditCode: creditCode(run, 500_000 + pair * 10_000 + k) } } },
          token,
        );
        if (r.errors?.[0]?.extensions?.code === "CONFLICT") result.falseConflicts++;
        const id = r.data?.addDirectoryEntry?.id;
        if (id) {
          result.entries.set(id, dept);
          result.sharedNames.push(name);
        }
      } else if (op === "sharedImport") {
        const k = sharedSeq++;
        const reg = `1508216${String(run).padStart(2, "0")}${String(pair).padStart(2, "0")}${String(k).padStart(4, "0")}`;
        const csv = `对象类型,名称,注册号,地址\n个体工商户,压测导入${run}-${pair}-${k},${reg},五原县\n`;
        r = await post(
          url,
          IMPORT,
          { i: { kind: "SUBJECTS", format: "CSV", contentBase64: Buffer.from(csv).toString("base64") } },
          token,
        );
        const outcome = r.data?.importFile;
        if (outcome && !outcome.committed) r = { errors: [{ message: JSON.stringify(outcome.rejections) }] };
        if (r.errors?.[0]?.extensions?.code === "CONFLICT") result.falseConflicts++;
      } else if (op === "editEntry") {
        const id = mine[Math.floor(Math.random() * mine.length)];
        if (!id) continue;
        const notes = `压测备注${serial++}`;
        r = await post(url, EDIT, { id, i: { notes } }, token);
        if (r.data?.updateDirectoryEntry) result.edits.set(id, notes);
      } else if (op === "plan") {
        const title = `压测计划${run}-${serial++}`;
        r = await post(url, PLAN, { t: title }, token);
        if (r.data?.createPlan) result.plans.set(r.data.createPlan.id, title);
      } else if (op === "conflict") {
        const d = depts[dept];
        const pickOne = (xs: string[]) => xs[Math.floor(Math.random() * xs.length)];
        if (!d.inspectorIds.length || !d.subjectIds.length) continue;
        r = await post(
          url,
          CONFLICT,
          {
            i: {
              inspectorId: pickOne(d.inspectorIds),
              subjectId: pickOne(d.subjectIds),
              reason: "OTHER",
              note: `压测回避${serial++}`,
            },
          },
          token,
        );
      } else if (op === "draw") {
        if (!depts[dept].itemIds.length) continue;
        r = await drawCycle(url, depts[dept], `压测抽取${run}-${serial++}`);
        // INFEASIBLE is a recorded outcome, not a failure: random 回避 declarations can leave a target without a team.
        if (r.data?.draw?.status === "INFEASIBLE") result.infeasibleDraws++;
      } else if (op === "settings") {
        r = await post(url, SETTINGS, { d: Math.floor(Math.random() * 10) }, token);
      } else {
        r = await post(url, READ, {}, token);
      }
      const ms = performance.now() - started;
      if (r.errors?.length) {
        const key = `${op}: ${r.errors[0].extensions?.code ?? ""} ${r.errors[0].message.slice(0, 80)}`;
        result.errors.set(key, (result.errors.get(key) ?? 0) + 1);
      } else {
        const list = result.latencies.get(op) ?? [];
        list.push(ms);
        result.latencies.set(op, list);
      }
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** A department's writes that both servers serve (older code has no draw lock): the same 8 workers, alternating. */
async function compareAgainst(
  ours: string,
  ourDepts: Record<string, Department>,
  theirs: string,
  nextRun: () => number,
  metrics: Metric[],
) {
  const theirDepts = await departments(theirs);
  const mix = MIX.filter(([op]) => ["add", "editEntry", "settings", "plan", "conflict"].includes(op));
  const rates = { ours: [] as number[], theirs: [] as number[] };
  for (let round = 1; round <= 2; round++) {
    const t = await phase(theirs, theirDepts, 8, [DEPARTMENTS[0]], nextRun(), mix);
    rates.theirs.push(summarize(`against ${round}: theirs, 8 workers, one department`, t, metrics));
    const o = await phase(ours, ourDepts, 8, [DEPARTMENTS[0]], nextRun(), mix);
    rates.ours.push(summarize(`against ${round}: ours, 8 workers, one department`, o, metrics));
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  metrics.push({
    metric: "department write throughput, ours / theirs (8 workers, same mix, alternating)",
    value: sum(rates.ours) / sum(rates.theirs),
    unit: "×",
  });
}

async function deadlocks(ownerUrl: string): Promise<number> {
  // Backends flush their statistics within a second of going idle.
  await new Promise((r) => setTimeout(r, 1500));
  const c = new PgClient({ connectionString: ownerUrl });
  await c.connect();
  try {
    const { rows } = await c.query(
      "SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()",
    );
    return rows[0].n;
  } finally {
    await c.end();
  }
}

/** Acknowledged entries and edits that cannot be read back; duplicate subjects among the racing names. */
async function verify(ownerUrl: string, r: PhaseResult, run: number) {
  const c = new PgClient({ connectionString: ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    // The owner is bound by FORCE RLS too: lift it for these read-only checks inside a transaction rolled back.
    await c.query("ALTER TABLE directory_entry NO FORCE ROW LEVEL SECURITY");
    await c.query("ALTER TABLE annual_plan NO FORCE ROW LEVEL SECURITY");
    const ids = [...r.entries.keys()];
    const { rows: found } = await c.query("SELECT id, notes FROM directory_entry WHERE id = ANY($1::uuid[])", [ids]);
    const notes = new Map(found.map((f: { id: string; notes: string | null }) => [f.id, f.notes]));
    let lost = ids.length - found.length;
    for (const [id, n] of r.edits) if (notes.get(id) !== n) lost++;
    const { rows: plans } = await c.query("SELECT id, title FROM annual_plan WHERE id = ANY($1::uuid[])", [
      [...r.plans.keys()],
    ]);
    const titles = new Map(plans.map((p: { id: string; title: string }) => [p.id, p.title]));
    for (const [id, t] of r.plans) if (titles.get(id) !== t) lost++;
    const { rows: dup } = await c.query(
      `SELECT count(*)::int AS n FROM (
         SELECT name FROM subject WHERE name LIKE $1 OR name LIKE $2 GROUP BY name HAVING count(*) > 1) d`,
      [`压测共享${run}-%`, `压测导入${run}-%`],
    );
    await c.query("ROLLBACK");
    return { lost, duplicates: dup[0].n as number };
  } finally {
    await c.end();
  }
}

function summarize(label: string, r: PhaseResult, metrics: Metric[]) {
  let writes = 0;
  let all = 0;
  const writeLatencies: number[] = [];
  for (const [op, list] of [...r.latencies].sort()) {
    const sorted = [...list].sort((a, b) => a - b);
    all += list.length;
    if (WRITES.includes(op)) {
      writes += list.length;
      writeLatencies.push(...list);
    }
    metrics.push({ metric: `${label} ${op} ops`, value: list.length, unit: "ok" });
    metrics.push({ metric: `${label} ${op} p50`, value: percentile(sorted, 50), unit: "ms" });
    metrics.push({ metric: `${label} ${op} p99`, value: percentile(sorted, 99), unit: "ms" });
  }
  writeLatencies.sort((a, b) => a - b);
  metrics.push({ metric: `${label} ops/s`, value: all / r.seconds, unit: "ops/s" });
  metrics.push({ metric: `${label} write ops/s`, value: writes / r.seconds, unit: "ops/s" });
  metrics.push({ metric: `${label} write p50`, value: percentile(writeLatencies, 50), unit: "ms" });
  metrics.push({ metric: `${label} write p99`, value: percentile(writeLatencies, 99), unit: "ms" });
  metrics.push({ metric: `${label} false conflicts`, value: r.falseConflicts, unit: "count" });
  metrics.push({ metric: `${label} draws INFEASIBLE (recorded outcome)`, value: r.infeasibleDraws, unit: "count" });
  metrics.push({
    metric: `${label} errors`,
    value: [...r.errors.values()].reduce((a, b) => a + b, 0),
    unit: "count",
  });
  for (const [k, n] of r.errors) console.log(`  ${label} error ×${n}: ${k}`);
  return writes / r.seconds;
}

/** Signs in every department's admin and supervisor on the server at `url` and reads what the mix needs. */
async function departments(url: string): Promise<Record<string, Department>> {
  const login = async (d: string, username: string) => {
    const r = await post(
      url,
      `mutation($t: String!, $u: String!, $p: String!) { login(tenantCode: $t, username: $u, password: $p) { token } }`,
      { t: d, u: username, p: DEMO_PASSWORD },
    );
    if (!r.data?.login?.token) throw new Error(`login ${d}/${username}: ${JSON.stringify(r.errors)}`);
    return r.data.login.token as string;
  };
  const depts: Record<string, Department> = {};
  for (const d of DEPARTMENTS) {
    const admin = await login(d, "admin");
    const people = await post(url, PEOPLE, {}, admin);
    const items = await post(url, `query($c: String!) { currentItemList(tenantCode: $c) { items { id itemClass } } }`, {
      c: d,
    });
    const list = (items.data?.currentItemList?.items ?? []) as Array<{ id: string; itemClass: string }>;
    depts[d] = {
      admin,
      supervisor: await login(d, "supervisor"),
      inspectorIds: (people.data?.inspectors.items ?? []).map((i: { id: string }) => i.id),
      subjectIds: (people.data?.directoryEntries.items ?? []).map((e: { subject: { id: string } }) => e.subject.id),
      itemIds: list.map((i) => i.id),
    };
  }
  return depts;
}

export async function run(): Promise<void> {
  const db = await benchDatabase();
  let server: ChildServer | undefined;
  const metrics: Metric[] = [];
  try {
    // The demo region's departments and users (production mode does not load demo data itself).
    await loadDemoDataIfEmpty(db.ownerUrl, createLogger("warn"));
    server = await startChildServer(
      {
        NODE_ENV: "production",
        DATABASE_URL: db.ownerUrl,
        APP_DATABASE_URL: db.appUrl,
        JWT_SECRET: randomBytes(32).toString("base64url"),
        DB_POOL_SIZE: "20",
        LOG_LEVEL: "error",
      },
      180_000,
    );
    const url = server.url;
    const depts = await departments(url);
    let runNo = 0;
    const writeMix = MIX.filter(([op]) => op !== "read" && op !== "sharedAdd" && op !== "sharedImport");

    // Baseline: one department, one worker (a department-wide lock held across the request serializes to this).
    const base = await phase(url, depts, 1, [DEPARTMENTS[0]], ++runNo, writeMix);
    const baseRate = summarize("baseline 1 worker, one department", base, metrics);
    const one = await phase(url, depts, 8, [DEPARTMENTS[0]], ++runNo, writeMix);
    const oneRate = summarize("8 workers, one department", one, metrics);
    metrics.push({ metric: "department write throughput, 8 workers / 1 worker", value: oneRate / baseRate, unit: "×" });
    if (AGAINST) await compareAgainst(url, depts, AGAINST, () => ++runNo, metrics);

    for (const workers of WORKER_COUNTS) {
      const label = `${workers} workers, five departments`;
      const before = await deadlocks(db.ownerUrl);
      const r = await phase(url, depts, workers, DEPARTMENTS, ++runNo, MIX);
      summarize(label, r, metrics);
      metrics.push({ metric: `${label} deadlocks`, value: (await deadlocks(db.ownerUrl)) - before, unit: "count" });
      const { lost, duplicates } = await verify(db.ownerUrl, r, runNo);
      metrics.push({ metric: `${label} duplicates`, value: duplicates, unit: "count" });
      metrics.push({ metric: `${label} lost writes`, value: lost, unit: "count" });
    }
    let broken = 0;
    for (const d of DEPARTMENTS) {
      const r = await post(url, CHAIN, {}, depts[d].admin);
      if (!r.data?.verifyAuditChain?.valid) broken++;
    }
    metrics.push({ metric: "audit chains broken", value: broken, unit: "of 5" });
    report("writes", metrics);
  } finally {
    await server?.stop();
    await db.close();
  }
}
