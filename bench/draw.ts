import { Client } from "pg";
import { runtimeDataSource } from "../src/db/data-source";
import { transactionSettings } from "../src/db/tenant-transaction";
import {
  commitmentOf,
  type DrawRecordV2,
  freezePopulation,
  type InspectorDrawConfigInput,
  lockDrawV2,
  performDraw,
  performDrawV2,
  type SamplingRule,
  verifyDrawRecord,
} from "../src/draw";
import { generateServerSeed } from "../src/draw/server-seed";
import type { InspectionTaskEntity } from "../src/entities/plan/task.entity";
import { buildPopulation } from "../src/services/draw/population.service";
import { now } from "../src/time";
import { benchDatabase } from "./lib/database";
import { type Metric, report, timed } from "./lib/report";

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 1_000_000);
const STRATA = ["A", "B", "C", "D"];

/**
 * `npm run bench -- draw`: a 1M-subject directory in 4 risk strata, 10% excluded by inspection history, a 5%
 * stratified sample. (a) our draw: population query with exclusions, freeze + digest, ranking, writing the
 * selection; (b) the same population drawn by `ORDER BY random() LIMIT k` per stratum, writing the selection.
 * Also: inspector matching for 50,000 targets over 2,000 inspectors with 5,000 conflicts (v2, and the v1 ranking of
 * every candidate per target on 5,000 targets as the same-run baseline), and verifying both records.
 */
export async function run(): Promise<void> {
  const db = await benchDatabase();
  const owner = new Client({ connectionString: db.ownerUrl });
  await owner.connect();
  try {
    const tenantId = await seed(owner);
    const ds = runtimeDataSource(db.appUrl, 2);
    await ds.initialize();
    const task = benchTask(tenantId);
    const inTenant = <T>(fn: (m: typeof ds.manager) => Promise<T>) =>
      ds.transaction(async (m) => {
        await m.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
        return fn(m);
      });

    // (b) baseline first, then ours, then the baseline again: the mean of the two baselines is the reference.
    const baseline = () =>
      inTenant((m) =>
        timed(async () => {
          await m.query(`CREATE TEMP TABLE IF NOT EXISTS pick (subject_id uuid) ON COMMIT DROP`);
          for (const s of STRATA)
            await m.query(
              `INSERT INTO pick SELECT d.subject_id FROM directory_entry d JOIN subject su ON su.id = d.subject_id
                WHERE d.tenant_id = $1 AND d.risk_class = $2 AND su.status = 'ACTIVE'
                  AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.subject_id = d.subject_id AND a.created_at > now() - interval '6 months')
                ORDER BY random() LIMIT (SELECT ceil(count(*) * 0.05) FROM directory_entry WHERE tenant_id = $1 AND risk_class = $2)`,
              [tenantId, s],
            );
        }),
      );
    const b1 = await baseline();
    let record: DrawRecordV2 | undefined;
    // v2: lock (freeze + digests) and draw in one timing, as the lock would be taken a day before.
    // The JS part runs between two transactions (the runtime role's idle-in-transaction timeout is 60 s).
    const ours = await timed(async () => {
      const population = await inTenant((m) => buildPopulation(m, task));
      const r = drawV2(
        task.id,
        freezePopulation(population.subjects),
        task.samplingRule,
        [],
        population.exclusionCounts,
      );
      record = r;
      await inTenant(async (m) => {
        await m.query(`CREATE TEMP TABLE IF NOT EXISTS pick (subject_id uuid) ON COMMIT DROP`);
        await m.query(`INSERT INTO pick SELECT unnest($1::uuid[])`, [r.drawn.map((d) => d.key)]);
      });
    });
    const b2 = await baseline();
    const base = (b1.seconds + b2.seconds) / 2;
    const verify = await timed(async () => verifyDrawRecord(JSON.parse(JSON.stringify(record))));
    if (!verify.result.valid) throw new Error(`bench record does not verify: ${verify.result.differences[0]}`);
    const matching = await timed(async () => inspectorMatching(50_000));
    const matchingVerify = await timed(async () => verifyDrawRecord(JSON.parse(JSON.stringify(matching.result))));
    if (!matchingVerify.result.valid) throw new Error(`matching record: ${matchingVerify.result.differences[0]}`);
    const small = await timed(async () => inspectorMatching(5_000));
    const smallV1 = await timed(async () => inspectorMatchingV1(5_000));
    await ds.destroy();
    const metrics: Metric[] = [
      { metric: "population", value: record!.population.count, unit: "subjects" },
      { metric: "drawn", value: record!.drawn.length, unit: "subjects" },
      { metric: "our_draw", value: ours.seconds, unit: "s" },
      { metric: "order_by_random_baseline", value: base, unit: "s" },
      { metric: "ratio_ours_to_baseline", value: ours.seconds / base, unit: "x" },
      { metric: "verify_record", value: verify.seconds, unit: "s" },
      { metric: "v2_matching_50k_targets_2k_inspectors_5k_conflicts", value: matching.seconds, unit: "s" },
      { metric: "v2_matching_teams", value: matching.result.inspectorResults[0].teams.length, unit: "teams" },
      { metric: "v2_verify_matching_record", value: matchingVerify.seconds, unit: "s" },
      { metric: "v2_matching_5k_targets", value: small.seconds, unit: "s" },
      { metric: "v1_matching_5k_targets_baseline", value: smallV1.seconds, unit: "s" },
      { metric: "ratio_v2_to_v1_matching_5k", value: small.seconds / smallV1.seconds, unit: "x" },
    ];
    report("draw", metrics);
  } finally {
    await owner.end();
    await db.close();
  }
}

/** 1M subjects with directory entries (A/B/C/D), 10% with a recent assignment, 5% cancelled. Set-based SQL. */
async function seed(c: Client): Promise<string> {
  await c.query("BEGIN");
  await c.query(`SELECT set_config('app.roles', 'PLATFORM_ADMIN', true)`);
  const [{ id: tenantId }] = (
    await c.query(
      `INSERT INTO tenant (code, name, region_code, kind) VALUES ('bench', '基准测试部门', '150821', 'COUNTY_BUREAU') RETURNING id`,
    )
  ).rows;
  await c.query(...transactionSettings(tenantId, "", "ADMIN"));
  const [{ id: userId }] = (
    await c.query(
      `INSERT INTO app_user (tenant_id, username, display_name, password_hash, roles) VALUES ($1, 'bench', 'bench', 'x', '{ADMIN}') RETURNING id`,
      [tenantId],
    )
  ).rows;
  await c.query(
    `INSERT INTO subject (id, kind, name, status)
     SELECT gen_random_uuid(), 'ENTERPRISE', '企业' || g, CASE WHEN g % 20 = 0 THEN 'CANCELLED' ELSE 'ACTIVE' END
       FROM generate_series(1, $1) g`,
    [SUBJECTS],
  );
  await c.query(
    `INSERT INTO directory_entry (tenant_id, subject_id, risk_class)
     SELECT $1, id, (ARRAY['A','B','C','D'])[1 + (abs(hashtext(id::text)) % 4)] FROM subject`,
    [tenantId],
  );
  const [{ id: planId }] = (
    await c.query(
      `INSERT INTO annual_plan (tenant_id, year, title, due_date, created_by, status) VALUES ($1, 2026, 'bench', '2026-01-31', $2, 'APPROVED') RETURNING id`,
      [tenantId, userId],
    )
  ).rows;
  const [{ id: taskId }] = (
    await c.query(
      `INSERT INTO inspection_task (tenant_id, plan_id, name, kind, item_ids, window_from, window_to, sampling_rule, team_rule, exclusions, created_by)
       VALUES ($1, $2, 'history', 'UNDIRECTED', '{}', '2026-01-01', '2026-12-31', '{}', '{}', '{}', $3) RETURNING id`,
      [tenantId, planId, userId],
    )
  ).rows;
  const [{ id: inspectorId }] = (
    await c.query(
      `INSERT INTO inspector (tenant_id, name, certificate_no) VALUES ($1, '历史检查员', 'H-1') RETURNING id`,
      [tenantId],
    )
  ).rows;
  // The history draw's witness is somebody else than its operator (the database refuses otherwise: migration 0150).
  const [{ id: witnessId }] = (
    await c.query(
      `INSERT INTO app_user (tenant_id, username, display_name, password_hash, roles) VALUES ($1, 'bench-witness', 'bench', 'x', '{SUPERVISOR}') RETURNING id`,
      [tenantId],
    )
  ).rows;
  const [{ id: drawId }] = (
    await c.query(
      `INSERT INTO draw (tenant_id, task_id, sequence, record, seal_digest, population_size, drawn_count, operator_id, witness_id, drawn_at)
       VALUES ($1, $2, 1, '{}', 'x', 0, 0, $3, $4, now()) RETURNING id`,
      [tenantId, taskId, userId, witnessId],
    )
  ).rows;
  await c.query(
    `INSERT INTO assignment (tenant_id, task_id, draw_id, subject_id, stratum, leader_id, member_ids, window_from, window_to, created_at)
     SELECT $1, $2, $3, id, 'x', $4, ARRAY[$4::uuid], '2026-01-01', '2026-12-31', now() - interval '1 month'
       FROM subject WHERE abs(hashtext(id::text || 'h')) % 10 = 0`,
    [tenantId, taskId, drawId, inspectorId],
  );
  await c.query("COMMIT");
  await c.query("ANALYZE");
  return tenantId;
}

function benchTask(tenantId: string): InspectionTaskEntity {
  return {
    id: "00000000-0000-4000-8000-00000000be0c",
    tenantId,
    filters: {},
    samplingRule: { default: { mode: "APPROX", percent: 5 }, strata: {} },
    stratifyBy: "RISK_CLASS",
    exclusions: {
      inspectedBySelfWithinMonths: 6,
      inspectedByAnyWithinMonths: null,
      yearlyCapAcrossDepartments: 2,
      excludeNonActive: true,
    },
  } as unknown as InspectionTaskEntity;
}

function drawV2(
  taskId: string,
  population: ReturnType<typeof freezePopulation>,
  samplingRule: SamplingRule,
  inspectorDraws: InspectorDrawConfigInput[],
  exclusionCounts: Record<string, number> = {},
): DrawRecordV2 {
  const serverSeed = generateServerSeed();
  const lockedAt = now().toISOString();
  const lock = lockDrawV2({
    taskId,
    commitment: commitmentOf(serverSeed),
    lockedAt,
    drawNotBefore: lockedAt,
    immediateReason: "bench",
    population,
    samplingRule,
    exclusionCounts,
    inspectorDraws,
    recusalCap: 3,
  });
  return performDrawV2(lock, {
    serverSeed,
    witnessEntropy: "4-2-6",
    operator: "bench",
    witnesses: ["w"],
    drawnAt: lockedAt,
  });
}

/** `targets` drawn targets over a pool of 2,000 inspectors with 5,000 declared conflicts: teams of 2–3. */
function matchingInputs(targets: number) {
  const subjects = Array.from({ length: targets }, (_, i) => ({ key: `t${i}`, stratum: "A" }));
  const pool = Array.from({ length: 2_000 }, (_, i) => ({
    key: `i${i}`,
    status: "ACTIVE",
    categories: ["市场监管"],
    leaderEligible: i % 3 === 0,
  }));
  const conflicts = Array.from({ length: 5_000 }, (_, i) => ({
    inspectorKey: `i${i % 2000}`,
    subjectKey: `t${(i * 7) % targets}`,
  }));
  return {
    population: freezePopulation(subjects),
    samplingRule: { default: { mode: "ALL" }, strata: {} } as SamplingRule,
    inspectorDraws: [
      { departmentId: "bench", pool, conflicts, teamRule: { minSize: 2, maxSize: 3, requireLeader: true } },
    ],
  };
}

export function inspectorMatching(targets: number): DrawRecordV2 {
  const { population, samplingRule, inspectorDraws } = matchingInputs(targets);
  const record = drawV2("bench-matching", population, samplingRule, inspectorDraws);
  const failures = record.inspectorResults[0].failures.length;
  if (failures) throw new Error(`${failures} targets without a team`);
  return record;
}

/** The v1 algorithm (every candidate ranked for every target) on the same inputs: the baseline. */
export function inspectorMatchingV1(targets: number): number {
  const { population, samplingRule, inspectorDraws } = matchingInputs(targets);
  const { record, failures } = performDraw({
    taskId: "bench-matching",
    serverSeed: generateServerSeed(),
    witnessEntropy: "1",
    operator: "bench",
    witnesses: ["w"],
    drawnAt: now().toISOString(),
    population,
    samplingRule,
    inspectorDraws,
  });
  if (failures.length) throw new Error(`${failures.length} targets without a team`);
  return record.inspectorResults[0].teams.length;
}
