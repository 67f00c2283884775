import { Client } from "pg";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/**
 * /public's search at province scale (issue 19 e): the page loaded every department's current item list through one
 * alias per department, a request that grows with the departments (412 KB at 3,012) and that the anonymous body
 * limit refuses with 413. The search is now one field, publicItemSearch, whose request does not depend on them.
 */
let s: TestServer;
const DEPARTMENTS = 3_000;

beforeAll(async () => {
  s = await startTestServer();
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO tenant (code, name, region_code, kind)
       SELECT 'scale-' || g, '测试县第' || g || '部门', '150821', 'COUNTY_BUREAU' FROM generate_series(1, $1) g`,
      [DEPARTMENTS],
    );
  } finally {
    await c.end();
  }
});
afterAll(() => s.close());

test("the old one-alias-per-department request exceeds the anonymous body limit; publicItemSearch answers in one small request", async () => {
  const tenants = (await s.gql(`{ tenants { code } }`)).data!.tenants as Array<{ code: string }>;
  expect(tenants.length).toBeGreaterThan(DEPARTMENTS);
  const fields = "id label effectiveDate publishedAt items { code name category itemClass }";
  const old = `query(${tenants.map((_, i) => `$c${i}: String!`).join(", ")}) { ${tenants
    .map((_, i) => `d${i}: currentItemList(tenantCode: $c${i}) { ${fields} }`)
    .join(" ")} }`;
  const refused = await s.gql(old, Object.fromEntries(tenants.map((t, i) => [`c${i}`, t.code])));
  expect(refused.status).toBe(413);

  // What the old request would have found for one word of a published item: the same through the one field.
  const list = (await s.gql(`{ currentItemList(tenantCode: "wy-health") { items { code name } } }`)).data!
    .currentItemList;
  const word = list.items[0].name.slice(0, 4);
  const expected: string[] = [];
  // The generated departments have no lists; the demo departments' lists one by one are the oracle.
  for (const t of tenants.filter((x) => !x.code.startsWith("scale-"))) {
    const r = await s.gql(`query($c: String!) { currentItemList(tenantCode: $c) { items { code name } } }`, {
      c: t.code,
    });
    for (const i of r.data!.currentItemList?.items ?? [])
      if (i.name.toLowerCase().includes(word) || i.code.toLowerCase().includes(word))
        expected.push(`${t.code}/${i.code}`);
  }
  expect(expected.length).toBeGreaterThan(0);
  const query = `query($t: String!) { publicItemSearch(text: $t, limit: 500) { code name department { code } } }`;
  const found = await s.gql(query, { t: word });
  expect(found.status).toBe(200);
  expect(found.errors).toBeUndefined();
  const got = found.data!.publicItemSearch.map((i: any) => `${i.department.code}/${i.code}`);
  expect([...got].sort()).toEqual([...expected].sort());
  // A code fragment, case-insensitively, and nothing for an empty text.
  const code = list.items[0].code as string;
  const byCode = await s.gql(query, { t: code.toLowerCase() });
  expect(byCode.data!.publicItemSearch.map((i: any) => i.code)).toContain(code);
  expect((await s.gql(query, { t: "  " })).data!.publicItemSearch).toEqual([]);
  expect(errorCode(await s.gql(query, { t: "x".repeat(101) }))).toBe("BAD_USER_INPUT");
});

test("plans are searched by the server: an old plan beyond the newest 50 is found by its title or a task's name", async () => {
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  try {
    // 120 newer published plans of the generated departments, then the one to find: older (2019) and drafts beside it.
    await c.query(
      `INSERT INTO annual_plan (tenant_id, year, title, status, due_date, published_at, created_by)
       SELECT t.id, 2026, '第' || g || '号例行抽查计划', 'PUBLISHED', '2026-01-31', now(), u.id
         FROM generate_series(1, 120) g
         JOIN tenant t ON t.code = 'scale-' || g
         CROSS JOIN LATERAL (SELECT id FROM app_user LIMIT 1) u`,
    );
    const [{ id: planId }] = (
      await c.query(
        `INSERT INTO annual_plan (tenant_id, year, title, status, due_date, published_at, created_by)
         SELECT t.id, 2019, '旧年度燃气安全计划', 'PUBLISHED', '2019-01-31', now(), (SELECT id FROM app_user LIMIT 1)
           FROM tenant t WHERE t.code = 'scale-2000' RETURNING id`,
      )
    ).rows;
    await c.query(
      `INSERT INTO annual_plan (tenant_id, year, title, status, due_date, created_by)
       SELECT t.id, 2026, '未公布的燃气安全草稿', 'DRAFT', '2026-01-31', (SELECT id FROM app_user LIMIT 1)
         FROM tenant t WHERE t.code = 'scale-2001'`,
    );
    const plansQuery = `query($s: String!) { plans(search: $s, status: PUBLISHED, limit: 50) { total items { id title } } }`;
    const byTitle = (await s.gql(plansQuery, { s: "燃气安全" })).data!.plans;
    // Anonymous: the published plan, not the other department's draft.
    expect(byTitle.items.map((p: { id: string }) => p.id)).toEqual([planId]);
    // LIKE wildcards in the text are literal: "%" does not list every plan.
    expect((await s.gql(plansQuery, { s: "%" })).data!.plans.total).toBe(0);
    expect((await s.gql(plansQuery, { s: "例行抽查" })).data!.plans.total).toBe(120);
    // Too long a search text is refused with a typed error.
    expect(errorCode(await s.gql(plansQuery, { s: "燃".repeat(101) }))).toBe("BAD_USER_INPUT");
  } finally {
    await c.end();
  }
});
