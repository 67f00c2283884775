import pg from "pg";
import type { EntityManager } from "typeorm";
import { creditCodeCheckCharacter } from "../../src/domain/credit-code";
import { buildPopulation, type PopulationTask } from "../../src/services/draw/population.service";
import { chinaStartOfYear, chinaYear } from "../../src/time";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";

/**
 * Province-scale reads (issue 19, docs/SCALE.md): keyset pages, bounded counts, bigram name search under RLS, the
 * directory's sort key kept in step with the registry, and plans that stay on indexes.
 */
let s: TestServer;
let health: string;
let samr: string;

const code = (body: string) => {
  const first17 = `91150821${body}`;
  return first17 + creditCodeCheckCharacter(first17);
};
const ADD = `mutation($i: NewDirectoryEntryInput!) { addDirectoryEntry(input: $i) { id subject { id name } } }`;
const PAGE = `query($f: DirectoryFilter, $first: Int, $after: String, $offset: Int! = 0) {
  directoryEntries(filter: $f, first: $first, after: $after, offset: $offset) {
    total totalIsEstimate items { id subject { name } } edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

const tenantOf = async (token: string) => (await s.gql(`{ me { tenant { id } } }`, {}, token)).data!.me.tenant.id;

async function asRuntime<T>(tenantId: string | null, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: s.db.appUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    if (tenantId) await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const out = await fn(c);
    await c.query("ROLLBACK");
    return out;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  s = await startTestServer();
  health = await s.login("wy-health", "admin");
  samr = await s.login("wy-samr", "admin");
  // A few subjects with names sharing a two-character fragment, in two departments.
  for (const [i, name] of ["五原县鑫瑞达商贸有限公司", "五原县瑞达食品经营部", "五原县翊珩农牧有限公司"].entries()) {
    const cc = code(`MA0TKAL0${i}`);
    for (const token of [health, samr]) {
      const r = await s.gql(ADD, { i: { subject: { kind: "ENTERPRISE", name, creditCode: cc } } }, token);
      expect(r.errors).toBeUndefined();
    }
  }
});
afterAll(() => s.close());

test("cursor pages walk the directory in the same order as offset pages, with pageInfo and edges", async () => {
  const all = await s.gql(`{ directoryEntries(first: 500) { total totalIsEstimate items { id } } }`, {}, health);
  expect(all.errors).toBeUndefined();
  const ids: string[] = all.data!.directoryEntries.items.map((e: { id: string }) => e.id);
  expect(all.data!.directoryEntries.total).toBe(ids.length);
  expect(all.data!.directoryEntries.totalIsEstimate).toBe(false);
  expect(ids.length).toBeGreaterThan(6);

  const walked: string[] = [];
  let after: string | null = null;
  for (let n = 0; n < 100; n++) {
    const r: GqlResponse = await s.gql(PAGE, { first: 4, after }, health);
    expect(r.errors).toBeUndefined();
    const page = r.data!.directoryEntries;
    expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
      page.items.map((e: { id: string }) => e.id),
    );
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    walked.push(...page.items.map((e: { id: string }) => e.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(walked).toEqual(ids);

  // The old arguments still work and agree.
  const byOffset = await s.gql(
    `{ directoryEntries(limit: 4, offset: 4) { items { id } pageInfo { hasPreviousPage } } }`,
    {},
    health,
  );
  expect(byOffset.data!.directoryEntries.items.map((e: { id: string }) => e.id)).toEqual(ids.slice(4, 8));
  expect(byOffset.data!.directoryEntries.pageInfo.hasPreviousPage).toBe(true);
});

test("a cursor with an offset, or a cursor that is not one, is a typed error", async () => {
  const first = await s.gql(PAGE, { first: 2 }, health);
  const after = first.data!.directoryEntries.pageInfo.endCursor;
  expect(errorCode(await s.gql(PAGE, { first: 2, after, offset: 2 }, health))).toBe("BAD_USER_INPUT");
  expect(errorCode(await s.gql(PAGE, { first: 2, after: "not-a-cursor" }, health))).toBe("BAD_USER_INPUT");
  const forged = Buffer.from(JSON.stringify([1, 2, 3])).toString("base64url");
  expect(errorCode(await s.gql(PAGE, { first: 2, after: forged }, health))).toBe("BAD_USER_INPUT");
});

test("a two-character Chinese fragment finds subjects, directory entries and published results; so do credit codes", async () => {
  const names = (r: GqlResponse, key: string) =>
    (r.data![key].items as Array<{ name?: string; subject?: { name: string } }>).map((x) => x.name ?? x.subject!.name);
  const subjects = await s.gql(`{ subjects(filter: { search: "瑞达" }) { total items { name } } }`, {}, health);
  expect(subjects.errors).toBeUndefined();
  expect(names(subjects, "subjects")).toEqual(["五原县瑞达食品经营部", "五原县鑫瑞达商贸有限公司"]);
  const dir = await s.gql(PAGE, { f: { search: "瑞达" } }, samr);
  expect(names(dir, "directoryEntries")).toEqual(["五原县瑞达食品经营部", "五原县鑫瑞达商贸有限公司"]);
  // One character (no bigram) still matches, by a scan.
  const one = await s.gql(`{ subjects(filter: { search: "珩" }) { items { name } } }`, {}, health);
  expect(names(one, "subjects")).toContain("五原县翊珩农牧有限公司");
  // An exact credit code and a prefix of one.
  const exact = await s.gql(
    `query($q: String) { subjects(filter: { search: $q }) { items { name } } }`,
    {
      q: code("MA0TKAL01"),
    },
    health,
  );
  expect(names(exact, "subjects")).toEqual(["五原县瑞达食品经营部"]);
  const prefix = await s.gql(
    `{ subjects(filter: { search: "91150821ma0tkal0" }) { total items { name } } }`,
    {},
    health,
  );
  expect(prefix.data!.subjects.total).toBe(3);
  // Anonymous published-results search by fragment runs (the demo data may hold no publications).
  const pub = await s.gql(`{ publishedResults(subjectName: "瑞达") { total totalIsEstimate items { id } } }`);
  expect(pub.errors).toBeUndefined();
  expect(pub.data!.publishedResults.totalIsEstimate).toBe(false);
});

test("renaming a subject moves it in every department's list (the sort key follows the registry)", async () => {
  const r = await s.gql(PAGE, { f: { search: "翊珩" } }, health);
  const entryId = r.data!.directoryEntries.items[0].id;
  const renamed = await s.gql(
    `mutation($id: ID!, $i: SubjectInput!) { updateSubject(entryId: $id, input: $i) { name } }`,
    { id: entryId, i: { kind: "ENTERPRISE", name: "五原县安泰农牧有限公司", creditCode: code("MA0TKAL02") } },
    health,
  );
  expect(renamed.errors).toBeUndefined();
  // The other department's entry: found by the new name, listed under it, gone from the old one.
  const found = await s.gql(PAGE, { f: { search: "安泰" } }, samr);
  expect(found.data!.directoryEntries.items.map((e: { subject: { name: string } }) => e.subject.name)).toEqual([
    "五原县安泰农牧有限公司",
  ]);
  expect((await s.gql(PAGE, { f: { search: "翊珩" } }, samr)).data!.directoryEntries.total).toBe(0);
  const samrTenant = await tenantOf(samr);
  const keys = await asRuntime(samrTenant, async (c) =>
    (
      await c.query(
        `SELECT e.subject_name, s.name FROM directory_entry e JOIN subject s ON s.id = e.subject_id
          WHERE e.tenant_id = $1`,
        [samrTenant],
      )
    ).rows.filter((x) => x.subject_name !== x.name),
  );
  expect(keys).toEqual([]);
});

test("the runtime role cannot read the name copy, nor use the sync policies by raising their flag itself", async () => {
  const healthTenant = await tenantOf(health);
  const samrTenant = await tenantOf(samr);
  await expect(asRuntime(healthTenant, (c) => c.query(`SELECT * FROM subject_name_search LIMIT 1`))).rejects.toThrow(
    /permission denied/,
  );
  // Without a department the search function returns nothing (the registry's read rule).
  const anonymous = await asRuntime(
    null,
    async (c) => (await c.query(`SELECT public.subject_ids_by_name('瑞达')`)).rows,
  );
  expect(anonymous).toEqual([]);
  const touched = await asRuntime(healthTenant, async (c) => {
    await c.query(`SELECT set_config('app.subject_name_sync', 'on', true)`);
    const seen = await c.query(`SELECT count(*)::int AS n FROM directory_entry WHERE tenant_id = $1`, [samrTenant]);
    const upd = await c.query(`UPDATE directory_entry SET notes = 'x' WHERE tenant_id = $1`, [samrTenant]);
    return { seen: seen.rows[0].n, updated: upd.rowCount };
  });
  expect(touched).toEqual({ seen: 0, updated: 0 });
});

/** Hot tables: a plan that reads one of them by a sequential scan does not survive a 200,000-entry department. */
const HOT = new Set([
  "subject",
  "directory_entry",
  "assignment",
  "draw",
  "inspection_task",
  "inspection_result",
  "result_publication",
  "subject_name_search",
]);

/** The statements a GraphQL operation sends, captured at the pg client (the server runs in this process). */
async function statementsOf(run: () => Promise<unknown>): Promise<Array<{ text: string; values: unknown[] }>> {
  const original = pg.Client.prototype.query;
  const seen: Array<{ text: string; values: unknown[] }> = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: any[]) {
    const [q, v] = args;
    const text = typeof q === "string" ? q : q?.text;
    if (typeof text === "string") seen.push({ text, values: Array.isArray(v) ? v : (q?.values ?? []) });
    return (original as any).apply(this, args);
  } as any;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen.filter((x) => /^\s*(SELECT|WITH)\b/i.test(x.text) && !/set_config\(/i.test(x.text));
}

/**
 * Full scans of hot tables in a plan: a sequential scan; or an index walk with no index condition that either feeds
 * a node reading all its input (sort, hash, aggregate, the inner side of a nested loop) or filters by a predicate
 * no index serves (LIKE, array containment) — under RLS such filters run row by row over the whole table.
 */
function fullScans(plan: any, streaming = false, out: string[] = []): string[] {
  const type: string = plan["Node Type"];
  const table: string | undefined = plan["Relation Name"];
  if (table && HOT.has(table)) {
    const unbounded = !plan["Index Cond"] && !plan["Recheck Cond"];
    const scanFilter = /~~|@>|strpos/.test(plan.Filter ?? "");
    if (type === "Seq Scan" || (unbounded && (!streaming || scanFilter)))
      out.push(`${type} on ${table}${plan.Filter ? ` (filter ${plan.Filter.slice(0, 120)})` : ""}`);
  }
  const children: any[] = plan.Plans ?? [];
  children.forEach((child, i) => {
    let next = streaming;
    if (type === "Limit") next = true;
    if (/Sort|Hash|Aggregate|Materialize|SetOp|Merge Join|WindowAgg/.test(type)) next = false;
    if (type === "Nested Loop" && i === 1) next = false;
    fullScans(child, next, out);
  });
  return out;
}

test("EXPLAIN as the runtime role: no hot query of the everyday screens reads a hot table by a full scan", async () => {
  const healthTenant = await tenantOf(health);
  const after = (await s.gql(PAGE, { first: 2 }, health)).data!.directoryEntries.pageInfo.endCursor;
  const year = chinaYear();
  const operations: Array<[string, string, Record<string, unknown>, string | undefined]> = [
    ["directory, filter", PAGE, { f: { riskClass: "B", drawableOnly: true } }, health],
    ["directory, next page", PAGE, { first: 2, after }, health],
    ["directory, search", PAGE, { f: { search: "瑞达" } }, health],
    ["subjects, name", `{ subjects(filter: { search: "瑞达" }) { total items { id } } }`, {}, health],
    ["subjects, code", `{ subjects(filter: { search: "${code("MA0TKAL01")}" }) { total items { id } } }`, {}, health],
    [
      "plans dashboard",
      `query($y: Int) { plans(year: $y) { items { id tasks { id draws { id drawnCount assignments { id status } } } } } }`,
      { y: year },
      health,
    ],
    [
      "plans dashboard, counts and a page",
      `query($y: Int) { plans(year: $y, limit: 20) { items { id tasks { id draws { id assignmentCounts { status count }
        assignmentPage(first: 20) { total items { id status } pageInfo { endCursor } } } } } } }`,
      { y: year },
      health,
    ],
    ["published, name", `{ publishedResults(subjectName: "瑞达") { total items { id } } }`, {}, undefined],
    ["published, latest", `{ publishedResults(first: 20) { total items { id } } }`, {}, undefined],
  ];
  const offenders: string[] = [];
  for (const [name, query, variables, token] of operations) {
    const statements = await statementsOf(async () => {
      const r = await s.gql(query, variables, token);
      expect(r.errors).toBeUndefined();
    });
    expect(statements.length).toBeGreaterThan(0);
    await asRuntime(token ? healthTenant : null, async (c) => {
      // With sequential scans priced out, a full scan left in the plan means no index can serve the query. On the
      // test's few rows the planner may still prefer walking an ordered index to a selective one, so a statement
      // passes if either plan (then also plain index scans priced out, leaving bitmap scans) is free of full scans.
      for (const st of statements) {
        let scans: string[] = [];
        for (const off of [["seqscan"], ["seqscan", "indexscan", "indexonlyscan"]]) {
          await c.query("SAVEPOINT p");
          for (const o of off) await c.query(`SET LOCAL enable_${o} = off`);
          const [row] = (await c.query(`EXPLAIN (FORMAT JSON) ${st.text}`, st.values)).rows;
          await c.query("ROLLBACK TO SAVEPOINT p");
          scans = fullScans(row["QUERY PLAN"][0].Plan);
          if (!scans.length) break;
        }
        if (scans.length) offenders.push(`${name}: ${scans.join(", ")} in ${st.text.slice(0, 200)}`);
      }
    });
  }
  expect(offenders).toEqual([]);
});

test("EXPLAIN the population query of an undirected draw, and the cross-department count inside it", async () => {
  const healthTenant = await tenantOf(health);
  // The statement buildPopulation sends for an undirected task with every exclusion on (captured, not run).
  let statement: { text: string; values: unknown[] } | undefined;
  const capture = {
    query: async (text: string, values: unknown[]) => {
      statement = { text, values };
      return [];
    },
  } as unknown as EntityManager;
  await buildPopulation(capture, {
    tenantId: healthTenant,
    filters: {},
    samplingRule: { default: { mode: "APPROX", percent: 1 }, strata: {} },
    stratifyBy: "RISK_CLASS",
    exclusions: {
      inspectedBySelfWithinMonths: 6,
      inspectedByAnyWithinMonths: 12,
      yearlyCapAcrossDepartments: 2,
      excludeNonActive: true,
      cleanResultWithinMonths: 12,
    },
  } as unknown as PopulationTask);
  expect(statement).toBeDefined();
  // Fresh statistics, so the plan does not depend on whether autovacuum has analysed the demo tables yet. With them,
  // a hash join over the whole subject index is cheaper than per-row lookups when the department's directory holds
  // most of the small demo registry — a fair choice, not a missing index. The question here is structural (can every
  // hot table be reached through an index?), so joins that read a whole side are switched off with the seq scan.
  const owner0 = new pg.Client({ connectionString: s.db.ownerUrl });
  await owner0.connect();
  await owner0.query("ANALYZE");
  await owner0.end();
  const offenders = await asRuntime(healthTenant, async (c) => {
    await c.query(`SET LOCAL enable_seqscan = off`);
    await c.query(`SET LOCAL enable_hashjoin = off`);
    await c.query(`SET LOCAL enable_mergejoin = off`);
    const [row] = (await c.query(`EXPLAIN (FORMAT JSON) ${statement!.text}`, statement!.values)).rows;
    return fullScans(row["QUERY PLAN"][0].Plan);
  });
  expect(offenders).toEqual([]);
  // subject_inspection_stats() runs its query as its owner with the cross-department flag: the year's window is
  // read by the created_at index (the "any department" window when switched off is `infinity`: nothing at all).
  const owner = new pg.Client({ connectionString: s.db.ownerUrl });
  await owner.connect();
  try {
    await owner.query("BEGIN");
    await owner.query(
      `SELECT set_config('app.tenant_id', $1, true), set_config('app.cross_tenant_counts', 'on', true)`,
      [healthTenant],
    );
    await owner.query(`SET LOCAL enable_seqscan = off`);
    // The function's own query, from the catalog (so this test follows the function), `since` bound as $1.
    const [{ prosrc }] = (await owner.query(`SELECT prosrc FROM pg_proc WHERE proname = 'subject_inspection_stats'`))
      .rows;
    const body = /RETURN QUERY([\s\S]*?);/.exec(prosrc)![1].replace(/\bsince\b/g, "$1::timestamptz");
    for (const since of [chinaStartOfYear(chinaYear()), "infinity"]) {
      const [row] = (await owner.query(`EXPLAIN (FORMAT JSON) ${body}`, [since])).rows;
      const plan = row["QUERY PLAN"][0].Plan;
      // Bounded by the window through an index on created_at (assignment_created_idx on a real registry; on the tiny
      // analysed demo table the planner may take (subject_id, created_at) for the grouped read instead).
      expect(JSON.stringify(plan)).toMatch(/"Index Cond":"\(created_at >= /);
      expect(fullScans(plan)).toEqual([]);
    }
  } finally {
    await owner.query("ROLLBACK").catch(() => undefined);
    await owner.end();
  }
});

test("the registry's read rule is decided once per statement, not per subject, and still hides it from the anonymous", async () => {
  const healthTenant = await tenantOf(health);
  const scanFilters = (plan: Record<string, unknown>, out: string[] = []): string[] => {
    if (plan["Relation Name"] === "subject") out.push(String(plan.Filter ?? ""));
    for (const child of (plan.Plans as Record<string, unknown>[] | undefined) ?? []) scanFilters(child, out);
    return out;
  };
  const [filters, seen, hidden] = await asRuntime(healthTenant, async (c) => {
    await c.query("SET LOCAL enable_indexscan = off");
    await c.query("SET LOCAL enable_bitmapscan = off");
    await c.query("SET LOCAL enable_indexonlyscan = off");
    const [row] = (await c.query(`EXPLAIN (FORMAT JSON) SELECT count(*) FROM subject`)).rows;
    const n = Number((await c.query(`SELECT count(*) AS n FROM subject`)).rows[0].n);
    await c.query(`SELECT set_config('app.tenant_id', '', true)`);
    const none = Number((await c.query(`SELECT count(*) AS n FROM subject`)).rows[0].n);
    return [scanFilters(row["QUERY PLAN"][0].Plan), n, none];
  });
  expect(filters.length).toBe(1);
  // The policy reads InitPlans' results; a per-row current_setting() here is the cost migration 0290 removed.
  expect(filters[0]).toContain("InitPlan");
  expect(filters[0]).not.toContain("current_setting");
  expect(seen).toBeGreaterThanOrEqual(3);
  expect(hidden).toBe(0);
});

test("jc_bigrams (PL/pgSQL since 0240) gives the same set of bigrams as 0120's SQL form, for the index and @>", async () => {
  const names = [
    "",
    "a",
    "Ab",
    "五原县鑫瑞达商贸有限公司",
    "瑞达瑞达瑞达",
    "AbC abc ABC",
    "呼和浩特市 𠀀𠀁 第1号",
    "  ",
    "aaaa",
  ];
  const rows = await asRuntime(
    await tenantOf(health),
    async (c) =>
      (
        await c.query(
          `SELECT n, public.jc_bigrams(n) AS fast,
           (SELECT coalesce(array_agg(DISTINCT substr(lower(n), i, 2)), '{}'::text[])
              FROM generate_series(1, length(n) - 1) i) AS reference
         FROM unnest($1::text[]) n`,
          [names],
        )
      ).rows,
  );
  expect(rows).toHaveLength(names.length);
  for (const r of rows) expect([...r.fast].sort()).toEqual([...r.reference].sort());
  // Distinct elements, and the searches still find by fragment.
  for (const r of rows) expect(new Set(r.fast).size).toBe(r.fast.length);
  const found = await asRuntime(
    await tenantOf(health),
    async (c) => (await c.query(`SELECT count(*)::int AS n FROM public.subject_ids_by_name('瑞达')`)).rows[0].n,
  );
  expect(found).toBe(2);
});

/** The policies of `table` that apply to the runtime role (PUBLIC or its group), with their expressions. */
async function runtimePolicies(
  table: string,
): Promise<Array<{ name: string; qual: string | null; check: string | null }>> {
  const c = new pg.Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT p.polname AS name, pg_get_expr(p.polqual, p.polrelid) AS qual,
              pg_get_expr(p.polwithcheck, p.polrelid) AS check
         FROM pg_policy p
        WHERE p.polrelid = $1::regclass
          AND (0::oid = ANY (p.polroles) OR EXISTS (SELECT 1 FROM unnest(p.polroles) r
                WHERE pg_has_role('jointcheck_app', r, 'USAGE')))
        ORDER BY 1`,
      [table],
    );
    return r.rows;
  } finally {
    await c.end();
  }
}

test("the runtime role's policies on assignment and inspection_result are the plain tenant predicate, no flag branch", async () => {
  for (const table of ["assignment", "inspection_result"])
    expect(await runtimePolicies(table)).toEqual([
      { name: "tenant_isolation", qual: "(tenant_id = app_tenant_id())", check: "(tenant_id = app_tenant_id())" },
    ]);
  // No policy the runtime role is subject to, on any table, is a definer-only flag branch (0340 scopes each to the
  // definers' owner). Two policies mix the definer test into a wider expression; they are the known rest.
  const c = new pg.Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  try {
    const mixed = await c.query(
      `SELECT tablename || '.' || policyname AS p FROM pg_policies
        WHERE schemaname = 'public' AND roles = '{public}'
          AND coalesce(qual, '') || coalesce(with_check, '') LIKE '%pg_has_role(''jointcheck_runtime''%' ORDER BY 1`,
    );
    expect(mixed.rows.map((r) => r.p)).toEqual([
      "joint_participation.joint_participation_read",
      "live_event.live_event_read",
    ]);
    // The role those policies apply to owns every SECURITY DEFINER function: the definers still see what they saw.
    const scoped = await c.query(
      `SELECT DISTINCT unnest(roles) AS r FROM pg_policies
        WHERE schemaname = 'public' AND coalesce(qual, '') || coalesce(with_check, '') LIKE '%pg_has_role(''jointcheck_runtime''%'
          AND roles <> '{public}'`,
    );
    const owners = await c.query(
      `SELECT DISTINCT pg_get_userbyid(proowner) AS r FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND prosecdef`,
    );
    expect(scoped.rows.map((r) => r.r)).toEqual(owners.rows.map((r) => r.r));
    expect(owners.rows.length).toBe(1);
  } finally {
    await c.end();
  }
});

test("EXPLAIN as the runtime role: a department's assignments and results by the policy alone use the tenant index", async () => {
  const healthTenant = await tenantOf(health);
  // Plain scans priced out, bitmap scans left: a bitmap scan needs an index condition, so the plan shows whether the
  // policy's qual can be one. With a flag policy OR'd in (before 0340) it cannot: every arm of an OR would need an
  // index, and `current_setting('app.…') = 'on'` has none, so the table is read whole.
  const plans = await asRuntime(healthTenant, async (c) => {
    for (const o of ["seqscan", "indexscan", "indexonlyscan"]) await c.query(`SET LOCAL enable_${o} = off`);
    const out: Record<string, string> = {};
    for (const [table, sql] of [
      ["assignment", `SELECT id, subject_id FROM assignment`],
      ["inspection_result", `SELECT id, category_code FROM inspection_result`],
    ]) {
      const [row] = (await c.query(`EXPLAIN (FORMAT JSON) ${sql}`)).rows;
      out[table] = JSON.stringify(row["QUERY PLAN"][0].Plan);
    }
    return out;
  });
  for (const [table, plan] of Object.entries(plans)) {
    // The tenant comparison is the index condition (inlined app_tenant_id(), a stable value) …
    expect(plan).toMatch(/"Index Cond":"\(tenant_id = /);
    // … and no flag is tested row by row, no scan reads every department's rows.
    expect(plan).not.toMatch(/pg_has_role|current_setting\('app\.(?!tenant_id)/);
    expect(fullScans(JSON.parse(plan))).toEqual([]);
    expect(table).toBeTruthy();
  }
});

test("plans(search:) finds a title or a task name by a two-character fragment, only among plans the caller may see", async () => {
  const planner = await s.login("wy-drc", "planner");
  const supervisor = await s.login("wy-drc", "supervisor");
  const year = chinaYear();
  const plan = await s.gql(
    `mutation($y: Int!) { createPlan(year: $y, title: "琪瑶专项抽查计划") { id } }`,
    { y: year },
    planner,
  );
  expect(plan.errors).toBeUndefined();
  const planId = plan.data!.createPlan.id;
  const items = await s.gql(`{ currentItemList(tenantCode: "wy-drc") { items { id } } }`);
  const task = await s.gql(
    `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
    {
      i: {
        planId,
        name: "珞珈Ab油气管道检查",
        kind: "DIRECTED",
        itemIds: [items.data!.currentItemList.items[0].id],
        filters: { tags: ["油气管道"] },
        windowFrom: `${year}-03-01`,
        windowTo: `${year}-12-31`,
        samplingRule: { default: { mode: "FIXED", count: 1 } },
        stratifyBy: "NONE",
      },
    },
    planner,
  );
  expect(task.errors).toBeUndefined();
  const SEARCH = `query($s: String!) { plans(search: $s, limit: 50) { total items { id } } }`;
  const found = async (text: string, token?: string) => {
    const r = await s.gql(SEARCH, { s: text }, token);
    expect(r.errors).toBeUndefined();
    return (r.data!.plans.items as Array<{ id: string }>).map((p) => p.id);
  };
  // The department's own draft: by its title, by its task's name (Latin letters case-insensitive, like ILIKE), by
  // one character (no bigram: a scan of the copy).
  for (const text of ["琪瑶", "珞珈", "珈ab", "AB油", "琪"]) expect(await found(text, planner)).toEqual([planId]);
  expect(await found("珞珈检查", planner)).toEqual([]);
  // Another department and the public do not see a draft, not even its id through the function.
  expect(await found("珞珈", health)).toEqual([]);
  expect(await found("珞珈")).toEqual([]);
  const healthTenant = await tenantOf(health);
  const leaked = await asRuntime(healthTenant, async (c) => {
    const direct = (await c.query(`SELECT public.plan_ids_by_text('珞珈') AS id`)).rows;
    // Raising the county roll-up's flag does not lend its view to the search.
    await c.query(`SELECT set_config('app.county_rollup', 'on', true)`);
    const flagged = (await c.query(`SELECT public.plan_ids_by_text('珞珈') AS id`)).rows;
    return [...direct, ...flagged];
  });
  expect(leaked).toEqual([]);
  // Published, everyone finds it.
  for (const [m, t] of [
    ["submitPlan", planner],
    ["approvePlan", supervisor],
    ["publishPlan", planner],
  ] as const)
    expect((await s.gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: planId }, t)).errors).toBeUndefined();
  expect(await found("珞珈")).toEqual([planId]);
  expect(await found("琪瑶", health)).toEqual([planId]);

  // The function's own query (from the catalog, q bound as $1) reads the copy by its bigram index.
  const owner = new pg.Client({ connectionString: s.db.ownerUrl });
  await owner.connect();
  try {
    await owner.query("BEGIN");
    await owner.query(`SET LOCAL enable_seqscan = off`);
    const [{ prosrc }] = (await owner.query(`SELECT prosrc FROM pg_proc WHERE proname = 'plan_ids_by_text'`)).rows;
    const body = String(prosrc).replace(/\bq\b/g, "$1::text");
    const [row] = (await owner.query(`EXPLAIN (FORMAT JSON) ${body}`, ["珞珈"])).rows;
    const json = JSON.stringify(row["QUERY PLAN"][0].Plan);
    expect(json).toContain("plan_search_text_bigrams_idx");
  } finally {
    await owner.query("ROLLBACK").catch(() => undefined);
    await owner.end();
  }
});
