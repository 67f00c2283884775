import { randomUUID } from "node:crypto";
import { Client } from "pg";

/** One drawn subject of a fixture task and what became of its result. */
export interface FixtureSubject {
  industry?: string | null;
  region?: string | null;
  /**
   * NONE: no result yet; APPROVED: approved, not yet published (pending); a result code: published with it;
   * [before, after]: published with `before`, then corrected to `after` (the old version superseded).
   */
  result?: "NONE" | "APPROVED" | string | [string, string];
}

export interface FixtureTask {
  tenantCode: string;
  year: number;
  taskName: string;
  planStatus?: "PUBLISHED" | "APPROVED";
  taskKind?: "DIRECTED" | "UNDIRECTED" | "COMPLAINT";
  drawStatus?: "VALID" | "VOIDED";
  /** When the drawn list becomes public; null never. */
  publicAfter: Date | null;
  /** The record's strata: population N_h and the drawn subjects (n_h = subjects.length unless `drawn` says). */
  strata: Array<{ stratum: string; population: number; drawn?: number; subjects: FixtureSubject[] }>;
  /** 指派 assignments in the same task (never counted). */
  direct?: FixtureSubject[];
}

export const PROBLEM = "CORRECTED";
export const CLEAN = "NO_PROBLEM";

/** Repeats a subject spec. */
export const times = (n: number, s: FixtureSubject): FixtureSubject[] => Array.from({ length: n }, () => ({ ...s }));

/**
 * Writes a drawn task directly as the superuser (the estimate reads rows; how they were produced through the API is
 * tested in the areas that produce them): plan, task, a draw whose record carries the strata, random assignments, and
 * results with their publications. Returns the ids.
 */
export async function seedEstimateTask(
  superuserUrl: string,
  f: FixtureTask,
): Promise<{ tenantId: string; taskId: string; drawId: string; planId: string }> {
  const c = new Client({ connectionString: superuserUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    const one = async (sql: string, params: unknown[]) => (await c.query(sql, params)).rows[0];
    const { id: tenantId } = await one(`SELECT id FROM tenant WHERE code = $1`, [f.tenantCode]);
    const { id: inspectorId } = await one(`SELECT id FROM inspector WHERE tenant_id = $1 ORDER BY id LIMIT 1`, [
      tenantId,
    ]);
    const maker = randomUUID();
    const checker = randomUUID();
    const { id: planId } = await one(
      `INSERT INTO annual_plan (tenant_id, year, title, status, due_date, created_by, approved_by, approved_at, published_at)
       VALUES ($1, $2, $3, $4, make_date($2, 3, 31), $5, $6, now(), CASE WHEN $4 = 'PUBLISHED' THEN now() END) RETURNING id`,
      [tenantId, f.year, `${f.year}年度抽查计划（${f.taskName}）`, f.planStatus ?? "PUBLISHED", maker, checker],
    );
    const rule = { default: { mode: "ALL" }, strata: {} };
    const team = { minSize: 1, maxSize: 1, requiredCategories: [], subLibrary: null, requireLeader: false };
    const { id: taskId } = await one(
      `INSERT INTO inspection_task (tenant_id, plan_id, name, kind, item_ids, window_from, window_to, sampling_rule,
         team_rule, exclusions, status, created_by, approved_by, approved_at)
       VALUES ($1, $2, $3, $4, '{}', make_date($5, 3, 1), make_date($5, 11, 30), $6, $7, '{}', 'DRAWN', $8, $9, now())
       RETURNING id`,
      [tenantId, planId, f.taskName, f.taskKind ?? "DIRECTED", f.year, rule, team, maker, checker],
    );
    const stratumSizes = f.strata.map((s) => ({
      stratum: s.stratum,
      populationCount: s.population,
      size: s.drawn ?? s.subjects.length,
    }));
    const drawnCount = stratumSizes.reduce((t, s) => t + s.size, 0);
    const population = f.strata.reduce((t, s) => t + s.population, 0);
    const record = { algorithm: "jc-draw-v1", taskId, stratumSizes, drawn: [], population: { count: population } };
    const { id: drawId } = await one(
      `INSERT INTO draw (tenant_id, task_id, sequence, status, record, seal_digest, population_size, drawn_count,
         operator_id, witness_id, drawn_at, public_after, void_reason, voided_by, voided_at)
       VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, make_timestamptz($10, 3, 2, 9, 0, 0, 'Asia/Shanghai'), $11,
         CASE WHEN $3 = 'VOIDED' THEN '测试作废' END, CASE WHEN $3 = 'VOIDED' THEN $9::uuid END,
         CASE WHEN $3 = 'VOIDED' THEN now() END)
       RETURNING id`,
      [
        tenantId,
        taskId,
        f.drawStatus ?? "VALID",
        record,
        "0".repeat(64),
        population,
        drawnCount,
        maker,
        checker,
        f.year,
        f.publicAfter,
      ],
    );
    let n = 0;
    const subject = async (s: FixtureSubject, stratum: string, kind: "RANDOM" | "DIRECT") => {
      n += 1;
      const { id: subjectId } = await one(
        `INSERT INTO subject (kind, name, region_code, industry_code) VALUES ('ENTERPRISE', $1, $2, $3) RETURNING id`,
        [`${f.taskName}·对象${n}`, s.region === undefined ? "150821100" : s.region, s.industry ?? null],
      );
      const { id: assignmentId } = await one(
        `INSERT INTO assignment (tenant_id, task_id, kind, draw_id, direct_reason, assigned_by, subject_id, stratum,
           leader_id, member_ids, window_from, window_to, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ARRAY[$9::uuid], make_date($10, 3, 1), make_date($10, 11, 30),
           $11) RETURNING id`,
        [
          tenantId,
          taskId,
          kind,
          kind === "RANDOM" ? drawId : null,
          kind === "DIRECT" ? "测试指派" : null,
          kind === "DIRECT" ? maker : null,
          subjectId,
          stratum,
          inspectorId,
          f.year,
          f.drawStatus === "VOIDED" && kind === "RANDOM" ? "CANCELLED" : "RECORDED",
        ],
      );
      const result = s.result ?? "NONE";
      if (result === "NONE") return;
      const { id: recordId } = await one(
        `INSERT INTO inspection_record (tenant_id, assignment_id, subject_id, inspected_on, recorded_at, refusal_reason)
         VALUES ($1, $2, $3, make_date($4, 6, 1), now(), '测试') RETURNING id`,
        [tenantId, assignmentId, subjectId, f.year],
      );
      const [first, corrected] = Array.isArray(result) ? result : [result === "APPROVED" ? CLEAN : result, null];
      const published = result !== "APPROVED";
      const final = corrected ?? first;
      const { id: resultId } = await one(
        `INSERT INTO inspection_result (tenant_id, assignment_id, subject_id, record_id, category_code, status, version,
           submitted_at, approved_at, approved_by, published_at, first_published_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now(), $8, CASE WHEN $9 THEN now() END, CASE WHEN $9 THEN now() END,
           $10) RETURNING id`,
        [
          tenantId,
          assignmentId,
          subjectId,
          recordId,
          final,
          published ? "PUBLISHED" : "APPROVED",
          corrected ? 2 : 1,
          checker,
          published,
          maker,
        ],
      );
      if (!published) return;
      const publish = (version: number, code: string, superseded: boolean) =>
        c.query(
          `INSERT INTO result_publication (tenant_id, result_id, version, subject_name, category_code, inspected_on,
             content, superseded_at)
           VALUES ($1, $2, $3, $4, $5, make_date($6, 6, 1), '{}', CASE WHEN $7 THEN now() END)`,
          [tenantId, resultId, version, `${f.taskName}·对象${n}`, code, f.year, superseded],
        );
      await publish(1, first, corrected !== null);
      if (corrected) await publish(2, corrected, false);
    };
    for (const s of f.strata) for (const x of s.subjects) await subject(x, s.stratum, "RANDOM");
    for (const x of f.direct ?? []) await subject(x, f.strata[0]?.stratum ?? "全部", "DIRECT");
    await c.query("COMMIT");
    return { tenantId, taskId, drawId, planId };
  } finally {
    await c.end();
  }
}

/** A new department in another county (region 150822), for the county boundary. */
export async function seedOtherCountyDepartment(superuserUrl: string, code: string): Promise<string> {
  const c = new Client({ connectionString: superuserUrl });
  await c.connect();
  try {
    const { rows } = await c.query(
      `INSERT INTO tenant (code, name, region_code, kind) VALUES ($1, '乌拉特前旗市场监督管理局', '150823', 'COUNTY_BUREAU')
       RETURNING id`,
      [code],
    );
    await c.query(
      `INSERT INTO inspector (tenant_id, name, certificate_no, status_since) VALUES ($1, '测试员', 'T-0001', '2026-01-01')`,
      [rows[0].id],
    );
    return rows[0].id;
  } finally {
    await c.end();
  }
}
