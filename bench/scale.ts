import { randomBytes } from "node:crypto";
import { Client } from "pg";
import type { DataSource } from "typeorm";
import { TokenService } from "../src/auth/tokens";
import { runtimeDataSource } from "../src/db/data-source";
import type { InspectionTaskEntity } from "../src/entities/plan/task.entity";
import { buildPopulation } from "../src/services/draw/population.service";
import { chinaStartOfYear, chinaYear } from "../src/time";
import { type ChildServer, startChildServer } from "../test/helpers/child-server";
import { benchDatabase } from "./lib/database";
import { type Metric, report } from "./lib/report";
import { generateProvince, type ScaleSizes, type ScaleTenant, SEARCH_FRAGMENT } from "./lib/scale-data";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

/** `full` = the province of issue 19; the default runs in a few minutes on a small machine. */
function sizes(args: string[]): ScaleSizes {
  const full = args[0] === "full";
  const n = (i: number, d: number) => (args[i] && !full ? Number(args[i].replace(/_/g, "")) : d);
  const z: ScaleSizes = full
    ? { subjects: 2_000_000, large: 200_000, tenants: 3_000, others: 2_600, years: 5, tasksPerYear: 4 }
    : {
        subjects: n(0, 200_000),
        large: n(1, 50_000),
        tenants: n(2, 50),
        others: n(3, 2_000),
        years: 5,
        tasksPerYear: 4,
      };
  if (z.large > z.subjects || z.others > z.subjects || z.tenants < 2) throw new Error(`bad sizes ${JSON.stringify(z)}`);
  return z;
}

interface Operation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  anonymous?: boolean;
}

/**
 * `npm run bench -- scale [subjects] [largeEntries] [tenants] [otherEntries]` (default 200000 50000 50 2000;
 * `scale full` = 2,000,000 subjects, a 200,000-entry department and 3,000 departments): generates a province in bulk
 * into the real tables, ANALYZEs, starts the server (its own process, production mode, the runtime role under RLS) and
 * times each everyday operation through GraphQL over HTTP for the large and the small department: p50 / p95 of
 * BENCH_RUNS runs (default 20) after one warm-up. The population query of an undirected draw is timed in SQL as the
 * runtime role with the tenant set as the server sets it.
 */
export async function run(args: string[]): Promise<void> {
  const z = sizes(args);
  console.log(`sizes: ${JSON.stringify(z)}`);
  const db = await benchDatabase();
  const owner = new Client({ connectionString: db.ownerUrl });
  await owner.connect();
  let server: ChildServer | undefined;
  const metrics: Metric[] = [];
  try {
    const started = Date.now();
    await owner.query("SET synchronous_commit = off");
    const { large, small } = await generateProvince(owner, z, console.log);
    const genSeconds = (Date.now() - started) / 1000;
    console.log(`generated in ${genSeconds.toFixed(0)} s`);
    metrics.push({ metric: "generate", value: genSeconds, unit: "s" });
    const codeOf = async (t: ScaleTenant) => {
      await owner.query(`SELECT set_config('app.tenant_id', $1, false)`, [t.id]);
      const r = await owner.query(
        `SELECT s.credit_code FROM directory_entry e JOIN subject s ON s.id = e.subject_id
         WHERE e.tenant_id = $1 ORDER BY e.id LIMIT 1 OFFSET 17`,
        [t.id],
      );
      return r.rows[0].credit_code as string;
    };
    const jwtSecret = randomBytes(32).toString("base64url");
    server = await startChildServer(
      {
        NODE_ENV: "production",
        DATABASE_URL: db.ownerUrl,
        APP_DATABASE_URL: db.appUrl,
        JWT_SECRET: jwtSecret,
        DB_POOL_SIZE: "4",
      },
      120_000,
    );
    const tokens = new TokenService(jwtSecret, 3600);
    const year = chinaYear();
    for (const t of [large, small]) {
      const token = (await tokens.issue({ userId: t.userId, tenantId: t.id })).token;
      const ops = operations(year, await codeOf(t));
      for (const op of ops) {
        const times = await timeOperation(server.url, op, token);
        const label = `${t.entries.toLocaleString("en-US")}-entry dept: ${op.name}`;
        metrics.push({ metric: `${label} p50`, value: round(percentile(times, 0.5)), unit: "ms" });
        metrics.push({ metric: `${label} p95`, value: round(percentile(times, 0.95)), unit: "ms" });
      }
      const pop = await timePopulation(db.appUrl, t, z.years);
      for (const [part, times] of Object.entries(pop))
        for (const p of [0.5, 0.95])
          metrics.push({
            metric: `${t.entries.toLocaleString("en-US")}-entry dept: ${part} p${p * 100}`,
            value: round(percentile(times, p)),
            unit: "ms",
          });
    }
  } finally {
    await server?.stop();
    await owner.end();
    await db.close();
  }
  report(`scale ${z.subjects} subjects / ${z.large} entries / ${z.tenants} departments`, metrics);
}

function operations(year: number, creditCode: string): Operation[] {
  const entry = `items { id riskClass tags subject { id name creditCode status } } total`;
  const subject = `items { id name creditCode kind status } total`;
  return [
    {
      name: "directoryEntries filter, first page",
      query: `query($f: DirectoryFilter) { directoryEntries(filter: $f, limit: 50) { ${entry} } }`,
      variables: { f: { riskClass: "B", drawableOnly: true } },
    },
    {
      name: "directoryEntries no filter, first page",
      query: `{ directoryEntries(limit: 50) { ${entry} } }`,
    },
    {
      name: "directoryEntries no filter, offset 10000",
      query: `{ directoryEntries(limit: 50, offset: 10000) { ${entry} } }`,
    },
    {
      name: "directory search by name fragment",
      query: `query($f: DirectoryFilter) { directoryEntries(filter: $f, limit: 50) { ${entry} } }`,
      variables: { f: { search: SEARCH_FRAGMENT } },
    },
    {
      name: "subjects search by name fragment",
      query: `query($f: SubjectFilter) { subjects(filter: $f, limit: 50) { ${subject} } }`,
      variables: { f: { search: SEARCH_FRAGMENT } },
    },
    {
      name: "subjects search by credit code (exact)",
      query: `query($f: SubjectFilter) { subjects(filter: $f, limit: 50) { ${subject} } }`,
      variables: { f: { search: creditCode } },
    },
    {
      name: "dashboard: plans, tasks, draws, counts + first 20 assignments",
      query: `query($y: Int) { plans(year: $y, limit: 20) { items { id title status tasks { id name status
        draws { id drawnCount populationSize status assignmentCounts { status count }
          assignmentPage(first: 20) { total edges { cursor node { id status subjectId } } pageInfo { hasNextPage endCursor } } } } } total } }`,
      variables: { y: year - 1 },
    },
    {
      name: "plans with tasks, draws, assignments (dashboard)",
      query: `query($y: Int) { plans(year: $y, limit: 20) { items { id title status tasks { id name status
        draws { id drawnCount populationSize status assignments { id status subjectId } } } } total } }`,
      variables: { y: year - 1 },
    },
    {
      name: "inspectionSummary for the year",
      query: `query($y: Int!) { inspectionSummary(year: $y) { drawn inspected publicationRate problemRate } }`,
      variables: { y: year - 1 },
    },
    {
      name: "inspectionSummary with rows (附件7 table, the per-row read)",
      query: `query($y: Int!) { inspectionSummary(year: $y) { drawn inspected publicationRate problemRate rows { no } } }`,
      variables: { y: year - 1 },
    },
    {
      name: "publishedResults by name (anonymous)",
      query: `query($n: String) { publishedResults(subjectName: $n, limit: 20) { items { id subjectName inspectedOn } total } }`,
      variables: { n: SEARCH_FRAGMENT },
      anonymous: true,
    },
    {
      name: "publishedResults latest (anonymous)",
      query: `{ publishedResults(limit: 20) { items { id subjectName inspectedOn } total } }`,
      anonymous: true,
    },
    {
      name: "plans search by task name (anonymous, /public)",
      query: `query($s: String!) { plans(search: $s, status: PUBLISHED, limit: 50) { items { id title year } total } }`,
      variables: { s: "第2批" },
      anonymous: true,
    },
    { name: "inspectors list", query: `{ inspectors(limit: 50) { items { id name } total } }` },
    { name: "plans list (no tasks)", query: `{ plans(limit: 50) { items { id title year status } total } }` },
  ];
}

async function timeOperation(url: string, op: Operation, token: string): Promise<number[]> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (!op.anonymous) headers.authorization = `Bearer ${token}`;
  const body = JSON.stringify({ query: op.query, variables: op.variables ?? {} });
  const once = async () => {
    const t = process.hrtime.bigint();
    const res = await fetch(`${url}/graphql`, { method: "POST", headers, body });
    const json = (await res.json()) as { errors?: unknown[] };
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (json.errors) throw new Error(`${op.name}: ${JSON.stringify(json.errors).slice(0, 500)}`);
    return ms;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  return times;
}

/** buildPopulation for one of the department's tasks, as the runtime role with the tenant set per transaction. */
async function timePopulation(appUrl: string, t: ScaleTenant, _years: number): Promise<Record<string, number[]>> {
  const ds = runtimeDataSource(appUrl, 1);
  await ds.initialize();
  try {
    const task = {
      tenantId: t.id,
      filters: {},
      samplingRule: { default: { mode: "APPROX", percent: 1 }, strata: {} },
      stratifyBy: "RISK_CLASS",
      exclusions: {
        inspectedBySelfWithinMonths: 6,
        inspectedByAnyWithinMonths: null,
        yearlyCapAcrossDepartments: 2,
        excludeNonActive: true,
      },
    } as unknown as InspectionTaskEntity;
    // The whole query, and its cross-department part alone: subject_inspection_stats() for the calendar year (the
    // yearly cap) and for the switched-off "any department" window (infinity), as buildPopulation calls it.
    const yearStart = chinaStartOfYear(chinaYear());
    const out: Record<string, number[]> = {
      "population query (SQL)": [],
      "population: subject_inspection_stats(year)": [],
      "population: subject_inspection_stats(infinity)": [],
      "assignments by the policy alone: open ones (SQL)": [],
      "results by the policy alone: count (SQL)": [],
    };
    for (let i = 0; i < Math.min(RUNS, 5) + 1; i++) {
      const timed = async (key: string, fn: (m: import("typeorm").EntityManager) => Promise<unknown>) => {
        const start = process.hrtime.bigint();
        await ds.transaction(async (m) => {
          await m.query(`SELECT set_config('app.tenant_id', $1, true)`, [t.id]);
          await fn(m);
        });
        if (i > 0) out[key].push(Number(process.hrtime.bigint() - start) / 1e6);
      };
      await timed("population query (SQL)", (m) => buildPopulation(m, task));
      await timed("population: subject_inspection_stats(year)", (m) =>
        m.query(`SELECT count(*) FROM subject_inspection_stats($1)`, [yearStart]),
      );
      await timed("population: subject_inspection_stats(infinity)", (m) =>
        m.query(`SELECT count(*) FROM subject_inspection_stats('infinity')`),
      );
      // The tenant left to the policy, as a screen that forgets an explicit tenant_id: the policy's qual alone must
      // bound the read (migration 0340: no definer-only flag branch OR'd into it).
      await timed("assignments by the policy alone: open ones (SQL)", (m) =>
        m.query(`SELECT count(*) FROM assignment WHERE status = 'ASSIGNED'`),
      );
      await timed("results by the policy alone: count (SQL)", (m) => m.query(`SELECT count(*) FROM inspection_result`));
    }
    if (process.env.BENCH_EXPLAIN) await explainPopulation(ds, t.id, task);
    return out;
  } finally {
    await ds.destroy();
  }
}

/**
 * BENCH_EXPLAIN=1: the population statement's plan with run times and buffers, as the runtime role, printed to
 * stderr (buildPopulation's own SQL and parameters, read through a manager that explains instead of fetching).
 */
async function explainPopulation(ds: DataSource, tenantId: string, task: InspectionTaskEntity): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const explaining = new Proxy(m, {
      get: (target, prop, receiver) =>
        prop === "query"
          ? async (sql: string, params: unknown[]) => {
              const plan: Array<{ "QUERY PLAN": string }> = await target.query(
                `EXPLAIN (ANALYZE, BUFFERS, SETTINGS) ${sql}`,
                params,
              );
              process.stderr.write(`${plan.map((r) => r["QUERY PLAN"]).join("\n")}\n`);
              return [];
            }
          : Reflect.get(target, prop, receiver),
    });
    await buildPopulation(explaining, task);
  });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

const round = (v: number) => Math.round(v * 10) / 10;
