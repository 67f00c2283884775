import type { Client } from "pg";
import { chinaYear } from "../../src/time";

/** Sizes of a generated province (`npm run bench -- scale [subjects] [largeEntries] [tenants]`). */
export interface ScaleSizes {
  /** Shared registry rows (every one with a valid 统一社会信用代码). */
  subjects: number;
  /** Directory entries of the large department; the small one has a tenth. */
  large: number;
  /** Departments in all (the large and the small one included). */
  tenants: number;
  /** Directory entries of every other department. */
  others: number;
  /** Plan years, newest = the current year. */
  years: number;
  /** Tasks per department and year. */
  tasksPerYear: number;
}

export interface ScaleTenant {
  id: string;
  code: string;
  userId: string;
  entries: number;
}

/** Characters used for generated company names: a fragment of 2 of them matches about 1/1000 of the names. */
const NAME_CHARS =
  "华兴盛达宏泰鑫源恒昌隆丰瑞祥福安康佳美德新天宇金海龙凤春秋博远辉煌晨光明亮信诚和平顺利通宝永久长青绿洲蓝田红星白云";
const INDUSTRY_WORDS = [
  "商贸",
  "食品",
  "建材",
  "餐饮",
  "科技",
  "农牧",
  "汽车维修",
  "药店",
  "超市",
  "物流",
  "乳业",
  "种业",
];
const SUFFIXES = ["有限公司", "有限责任公司", "商店", "经营部", "农民专业合作社", "门市部"];
const REGIONS = ["五原县", "临河区", "杭锦后旗", "乌拉特前旗", "磴口县", "包头市", "呼和浩特市"];
const RISK = ["A", "B", "C", "D"];

/** A name fragment the bench searches for: two characters, like a clerk typing part of a name. */
export const SEARCH_FRAGMENT = NAME_CHARS.slice(4, 6);

/**
 * Fills the real tables of a migrated database in bulk (INSERT … SELECT generate_series, set-based), as the owner
 * with FORCE RLS lifted for the duration (restored afterwards; the runtime role is never exempt), then ANALYZEs.
 * Returns the large and the small department with an ADMIN each. Rows look like the province: valid credit codes,
 * Chinese names, four risk classes, five years of published plans with draws, assignments, results and publications.
 */
export async function generateProvince(
  c: Client,
  z: ScaleSizes,
  log: (s: string) => void,
): Promise<{ large: ScaleTenant; small: ScaleTenant }> {
  const tables = [
    "tenant",
    "app_user",
    "subject",
    "directory_entry",
    "inspector",
    "annual_plan",
    "inspection_task",
    "draw",
    "assignment",
    "inspection_record",
    "inspection_result",
    "result_publication",
  ];
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    const r = await c.query(sql, params);
    log(`  ${label}: ${r.rowCount ?? 0} rows, ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  for (const t of tables) await c.query(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`);
  try {
    await c.query(
      `CREATE TEMP TABLE gen_chars AS SELECT $1::text AS chars, $2::text[] AS words, $3::text[] AS suffixes,
      $4::text[] AS regions, $5::text[] AS risk`,
      [NAME_CHARS, INDUSTRY_WORDS, SUFFIXES, REGIONS, RISK],
    );
    // GB 32100 check character computed in SQL (the same rule as src/domain/credit-code.ts).
    // GB 32100 check character in SQL (the rule of src/domain/credit-code.ts): prefix 91150821 (weighted sum 413),
    // then n as 9 hex digits, whose values are their indexes in the code charset (0-9, A-F).
    await c.query(`CREATE FUNCTION pg_temp.credit_code(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT '91150821' || lpad(upper(to_hex(n)), 9, '0') || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
        ((31 - ((413 + ((n >> 32) & 15) * 20 + ((n >> 28) & 15) * 29 + ((n >> 24) & 15) * 25 + ((n >> 20) & 15) * 13 + ((n >> 16) & 15) * 8 + ((n >> 12) & 15) * 24 + ((n >> 8) & 15) * 10 + ((n >> 4) & 15) * 30 + ((n >> 0) & 15) * 28) % 31)::int) % 31) + 1, 1) $$`);

    await step(
      "tenant",
      `INSERT INTO tenant (id, code, name, region_code, kind)
       SELECT gen_random_uuid(), 'd' || i, '部门' || i, '150821', 'COUNTY_BUREAU' FROM generate_series(1, $1) i`,
      [z.tenants],
    );
    await step(
      "subject",
      `INSERT INTO subject (kind, name, credit_code, legal_representative, address, region_code, industry_code, status)
       SELECT 'ENTERPRISE',
         g.regions[1 + i % 7] || substr(g.chars, 1 + (i * 7) % length(g.chars), 1)
           || substr(g.chars, 1 + (i / 53) % length(g.chars), 1) || substr(g.chars, 1 + (i / 2809) % length(g.chars), 1)
           || g.words[1 + (i / 7) % 12] || g.suffixes[1 + i % 6],
         pg_temp.credit_code(i), '法人' || (i % 1000), '某街' || (i % 500) || '号',
         '150821' || lpad(((i % 12) + 1)::text, 3, '0'), 'F' || (51 + i % 2),
         CASE WHEN i % 50 = 0 THEN 'CANCELLED' ELSE 'ACTIVE' END
       FROM generate_series(1, $1) i, gen_chars g`,
      [z.subjects],
    );
    // Department k lists subjects starting at a different offset so directories overlap like real ones.
    await c.query(`CREATE TEMP TABLE gen_tenant AS
      SELECT t.id, t.code, substr(t.code, 2)::int AS k FROM tenant t WHERE t.code ~ '^d[0-9]+$'`);
    await c.query(
      `CREATE TEMP TABLE gen_subject AS SELECT id, row_number() OVER (ORDER BY credit_code) AS n FROM subject`,
    );
    await c.query(`CREATE UNIQUE INDEX ON gen_subject (n)`);
    await c.query(`ALTER TABLE gen_tenant ADD COLUMN entries int`);
    await c.query(`UPDATE gen_tenant SET entries = CASE k WHEN 1 THEN $1::int WHEN 2 THEN $2::int ELSE $3::int END`, [
      z.large,
      Math.max(1, Math.round(z.large / 10)),
      z.others,
    ]);
    await step(
      "directory_entry",
      `INSERT INTO directory_entry (tenant_id, subject_id, risk_class, tags, sub_libraries)
       SELECT t.id, s.id, (ARRAY['A','B','C','D'])[1 + j % 4],
         CASE WHEN j % 10 = 0 THEN ARRAY['食品'] ELSE '{}' END, '{}'
       FROM gen_tenant t CROSS JOIN LATERAL generate_series(0, t.entries - 1) j
       JOIN gen_subject s ON s.n = 1 + ((t.k * 7919 + j) % $1::int)`,
      [z.subjects],
    );
    await step(
      "inspector",
      `INSERT INTO inspector (tenant_id, name, certificate_no, enforcement_categories, status_since)
       SELECT t.id, '检查员' || j, 'C' || t.k || '-' || j, ARRAY['市场监管'], DATE '2020-01-01'
       FROM gen_tenant t, generate_series(1, CASE WHEN t.k <= 2 THEN 60 ELSE 6 END) j`,
    );
    const year = chinaYear();
    await step(
      "annual_plan",
      `INSERT INTO annual_plan (tenant_id, year, title, status, due_date, published_at, created_by)
       SELECT t.id, y, y || '年度抽查计划', CASE WHEN y < $1::int THEN 'CLOSED' ELSE 'PUBLISHED' END,
         make_date(y, 12, 31), make_timestamptz(y, 1, 15, 0, 0, 0), gen_random_uuid()
       FROM gen_tenant t, generate_series($1::int - $2::int + 1, $1::int) y`,
      [year, z.years],
    );
    await step(
      "inspection_task",
      `INSERT INTO inspection_task (tenant_id, plan_id, name, kind, item_ids, window_from, window_to, sampling_rule,
         team_rule, exclusions, status, created_by)
       SELECT p.tenant_id, p.id, p.year || '年第' || j || '批次', 'UNDIRECTED', '{}', make_date(p.year, 3, 1),
         make_date(p.year, 11, 30), '{"default": {"mode": "APPROX", "percent": 1}, "strata": {}}',
         '{"size": 2}', '{"inspectedBySelfWithinMonths": 6, "yearlyCapAcrossDepartments": 2, "excludeNonActive": true}',
         'DRAWN', p.created_by
       FROM annual_plan p, generate_series(1, $1::int) j`,
      [z.tasksPerYear],
    );
    // Each task draws 1 % of its department's directory; the record carries the frozen population like a real one.
    await c.query(`CREATE TEMP TABLE gen_task AS
      SELECT it.id, it.tenant_id, t.k, t.entries, row_number() OVER (PARTITION BY it.tenant_id ORDER BY it.id) AS m,
        p.year FROM inspection_task it JOIN annual_plan p ON p.id = it.plan_id JOIN gen_tenant t ON t.id = it.tenant_id`);
    await c.query(`ANALYZE gen_subject`);
    await c.query(
      `CREATE TEMP TABLE gen_members AS SELECT t.k, (SELECT jsonb_agg(jsonb_build_object('key', s.id,
      'stratum', 'A')) FROM gen_subject s WHERE s.n BETWEEN 1 + t.k * 7919 % $1::int
        AND least(t.entries, 20000) + t.k * 7919 % $1::int) AS members FROM gen_tenant t`,
      [z.subjects],
    );
    await step(
      "draw",
      `INSERT INTO draw (tenant_id, task_id, sequence, record, seal_digest, population_size, drawn_count, operator_id,
         witness_id, drawn_at)
       SELECT g.tenant_id, g.id, 1,
         jsonb_build_object('taskId', g.id, 'population', jsonb_build_object('count', g.entries, 'members',
           (SELECT members FROM gen_members WHERE k = g.k))),
         md5(g.id::text), g.entries, greatest(1, g.entries / 100), gen_random_uuid(), gen_random_uuid(),
         make_timestamptz(g.year, 3, 1, 2, 0, 0)
       FROM gen_task g`,
    );
    await step(
      "assignment",
      `INSERT INTO assignment (tenant_id, task_id, kind, draw_id, subject_id, stratum, leader_id, member_ids,
         window_from, window_to, status, inspected_on, created_at)
       SELECT g.tenant_id, g.id, 'RANDOM', d.id, s.id, 'A', i.id, ARRAY[i.id], make_date(g.year, 3, 1),
         make_date(g.year, 11, 30), CASE WHEN g.year < $2::int THEN 'RECORDED' ELSE 'ASSIGNED' END,
         CASE WHEN g.year < $2::int THEN make_date(g.year, 6, 1) END, make_timestamptz(g.year, 3, 1, 2, 0, 0)
       FROM gen_task g JOIN draw d ON d.task_id = g.id
         CROSS JOIN LATERAL generate_series(0, greatest(1, g.entries / 100) - 1) j
         JOIN gen_subject s ON s.n = 1 + ((g.k * 7919 + g.m * 101 + j * 97) % $1::int)
         CROSS JOIN LATERAL (SELECT id FROM inspector WHERE tenant_id = g.tenant_id ORDER BY id LIMIT 1) i`,
      [z.subjects, year],
    );
    await step(
      "inspection_record",
      `INSERT INTO inspection_record (tenant_id, assignment_id, subject_id, mode, inspected_on, target_signer_name,
         target_signed_at, recorded_at)
       SELECT a.tenant_id, a.id, a.subject_id, 'ON_SITE', a.inspected_on, '负责人', a.created_at, a.created_at
       FROM assignment a WHERE a.status = 'RECORDED'`,
    );
    const code = (await c.query(`SELECT code FROM result_code ORDER BY sort_order LIMIT 1`)).rows[0].code;
    await step(
      "inspection_result",
      `INSERT INTO inspection_result (tenant_id, assignment_id, subject_id, record_id, category_code, status, published_at,
         first_published_at, created_by)
       SELECT r.tenant_id, r.assignment_id, r.subject_id, r.id, $1, 'PUBLISHED', r.recorded_at + interval '5 days',
         r.recorded_at + interval '5 days', gen_random_uuid()
       FROM inspection_record r`,
      [code],
    );
    await step(
      "result_publication",
      `INSERT INTO result_publication (tenant_id, result_id, version, subject_name, credit_code, category_code,
         inspected_on, published_at, content)
       SELECT r.tenant_id, r.id, 1, s.name, s.credit_code, r.category_code, a.inspected_on, r.published_at,
         jsonb_build_object('subjectName', s.name, 'creditCode', s.credit_code, 'departmentName', t.name,
           'taskName', it.name, 'inspectedOn', a.inspected_on, 'categoryCode', r.category_code,
           'categoryName', '未发现问题', 'inspectors', '[]'::jsonb)
       FROM inspection_result r JOIN assignment a ON a.id = r.assignment_id JOIN subject s ON s.id = r.subject_id
         JOIN tenant t ON t.id = r.tenant_id JOIN inspection_task it ON it.id = a.task_id`,
    );
    await step(
      "app_user",
      `INSERT INTO app_user (tenant_id, username, display_name, password_hash, roles)
       SELECT id, 'admin', '管理员', 'x', ARRAY['ADMIN','PLANNER','SUPERVISOR'] FROM gen_tenant WHERE k <= 2`,
    );
    const rows = (
      await c.query(`SELECT t.id, t.code, t.entries, u.id AS user_id FROM gen_tenant t
        JOIN app_user u ON u.tenant_id = t.id WHERE t.k <= 2 ORDER BY t.k`)
    ).rows.map((r) => ({ id: r.id, code: r.code, entries: r.entries, userId: r.user_id }));
    const t = Date.now();
    await c.query("ANALYZE");
    log(`  ANALYZE: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return { large: rows[0], small: rows[1] };
  } finally {
    for (const t of tables) await c.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
  }
}
