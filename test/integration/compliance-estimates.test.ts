import ExcelJS from "exceljs";
import { Client } from "pg";
import { runDemoWalkthrough } from "../../src/demo/walkthrough";
import { createLogger } from "../../src/logger";
import {
  CLEAN,
  type FixtureSubject,
  PROBLEM,
  seedEstimateTask,
  seedOtherCountyDepartment,
  times,
} from "../helpers/estimate-fixture";
import { errorCode, startTestServer, type TestServer, take } from "../helpers/harness";

/**
 * 合规估计 from the database (issue 15): the estimate per task and pooled, who sees which draws, the XLSX export, and
 * the definer function as the runtime role.
 *
 * Data: the demo walkthrough (through the real API: 五原县发改委's published plan, a witnessed draw, one clean and one
 * problem result published) and tasks written directly (test/helpers/estimate-fixture.ts):
 * - wy-samr 食品经营 — the worked example of docs/ESTIMATES.md §8: A/B/C/D at 3/5/10/20 %, one D result approved but
 *   not published (pending), one A result corrected from clean to a problem, two 指派 with problems (never counted);
 * - wy-samr, a task with a formula-like name, its draw still embargoed (the department sees it, nobody else);
 * - wy-samr, a voided draw (counted nowhere);
 * - wy-health, a plan not published (its own staff only) and a complaint task (counted nowhere);
 * - wq-samr, a department of another county (public, outside wy-samr's county view).
 */
let s: TestServer;
const ids: Record<string, string> = {};
const YEAR = 2026;
const PAST = new Date("2026-01-01T00:00:00Z");
const FUTURE = new Date("2099-01-01T00:00:00Z");

const f5211 = (result: FixtureSubject["result"], region = "150821101"): FixtureSubject => ({
  industry: "F5211",
  region,
  result,
});
const h6210 = (result: FixtureSubject["result"], region = "150821101"): FixtureSubject => ({
  industry: "H6210",
  region,
  result,
});

beforeAll(async () => {
  s = await startTestServer({ poolSize: 6 });
  await runDemoWalkthrough(s.url, s.db.ownerUrl, createLogger("error"));
  ids.wqSamr = await seedOtherCountyDepartment(s.db.superuserUrl, "wq-samr");
  const su = s.db.superuserUrl;
  const food = await seedEstimateTask(su, {
    tenantCode: "wy-samr",
    year: YEAR,
    taskName: "食品经营抽查（信用分类）",
    publicAfter: PAST,
    strata: [
      {
        stratum: "A",
        population: 600,
        subjects: [
          f5211([CLEAN, PROBLEM], "150821100"),
          ...times(9, f5211(CLEAN, "150821100")),
          ...times(8, h6210(CLEAN, "150821100")),
        ],
      },
      { stratum: "B", population: 300, subjects: [...times(2, f5211(PROBLEM)), ...times(13, f5211(CLEAN))] },
      { stratum: "C", population: 80, subjects: [...times(2, h6210(PROBLEM)), ...times(6, h6210(CLEAN))] },
      {
        stratum: "D",
        population: 20,
        subjects: [...times(2, f5211(PROBLEM)), f5211(CLEAN), f5211("APPROVED")],
      },
    ],
    direct: times(2, f5211(PROBLEM)),
  });
  ids.food = food.taskId;
  ids.samr = food.tenantId;
  ids.embargoed = (
    await seedEstimateTask(su, {
      tenantCode: "wy-samr",
      year: YEAR,
      taskName: '=HYPERLINK("http://example.invalid","点我")',
      publicAfter: FUTURE,
      strata: [{ stratum: "+分层", population: 50, subjects: [f5211(PROBLEM), ...times(4, f5211(CLEAN))] }],
    })
  ).taskId;
  ids.voided = (
    await seedEstimateTask(su, {
      tenantCode: "wy-samr",
      year: YEAR,
      taskName: "作废的抽取",
      drawStatus: "VOIDED",
      publicAfter: PAST,
      strata: [{ stratum: "全部", population: 100, subjects: times(3, f5211(PROBLEM)) }],
    })
  ).taskId;
  const unpublished = await seedEstimateTask(su, {
    tenantCode: "wy-health",
    year: YEAR,
    taskName: "医疗机构抽查（计划未公开）",
    planStatus: "APPROVED",
    publicAfter: PAST,
    strata: [{ stratum: "全部", population: 40, subjects: [h6210(PROBLEM), ...times(3, h6210(CLEAN))] }],
  });
  ids.unpublished = unpublished.taskId;
  ids.health = unpublished.tenantId;
  ids.complaint = (
    await seedEstimateTask(su, {
      tenantCode: "wy-health",
      year: YEAR,
      taskName: "投诉举报核查",
      taskKind: "COMPLAINT",
      publicAfter: PAST,
      strata: [{ stratum: "全部", population: 10, subjects: times(2, h6210(PROBLEM)) }],
    })
  ).taskId;
  ids.otherCounty = (
    await seedEstimateTask(su, {
      tenantCode: "wq-samr",
      year: YEAR,
      taskName: "外县抽查",
      publicAfter: PAST,
      strata: [
        {
          stratum: "全部",
          population: 200,
          subjects: [...times(5, f5211(PROBLEM, "150823100")), ...times(5, f5211(CLEAN, "150823100"))],
        },
      ],
    })
  ).taskId;
  const drc = await s.gql(`{ tenant(code: "wy-drc") { id } }`);
  ids.drc = drc.data?.tenant?.id;
});
afterAll(() => s.close());

const ESTIMATE = `population populationSampled populationCovered estimatedSize drawn published pending problems
  estimate lower upper standardError rawRate confidenceLevel bounds { lower upper cleanEstimate problemEstimate } notes`;
const REPORT = `year scope confidenceLevel
  overall { tasks estimate { ${ESTIMATE} } }
  tasks { taskId taskName departmentId departmentName drawId
          strata { stratum population drawn selectionProbability weight published pending problems rate }
          estimate { ${ESTIMATE} } }
  byDepartment { key label tasks estimate { ${ESTIMATE} } }
  byIndustry { key label tasks estimate { ${ESTIMATE} } }
  byRegion { key label tasks estimate { ${ESTIMATE} } }`;

const query = (args: string) => `{ complianceEstimates(${args}) { ${REPORT} } }`;

async function report(args: string, token?: string) {
  const r = await s.gql(query(args), {}, token);
  expect(r.errors).toBeUndefined();
  return r.data!.complianceEstimates;
}

const taskIds = (r: { tasks: Array<{ taskId: string }> }) => r.tasks.map((t) => t.taskId).sort();

describe("per task, from published results", () => {
  test("the worked example: weighted estimate, score interval, raw rate, pending and bounds", async () => {
    const r = await report(`year: ${YEAR}`);
    const food = r.tasks.find((t: { taskId: string }) => t.taskId === ids.food);
    expect(food).toMatchObject({ taskName: "食品经营抽查（信用分类）", departmentName: "五原县市场监督管理局" });
    expect(food.strata).toEqual([
      {
        stratum: "A",
        population: 600,
        drawn: 18,
        selectionProbability: 0.03,
        weight: 0.6,
        published: 18,
        pending: 0,
        problems: 1,
        rate: 1 / 18,
      },
      {
        stratum: "B",
        population: 300,
        drawn: 15,
        selectionProbability: 0.05,
        weight: 0.3,
        published: 15,
        pending: 0,
        problems: 2,
        rate: 2 / 15,
      },
      {
        stratum: "C",
        population: 80,
        drawn: 8,
        selectionProbability: 0.1,
        weight: 0.08,
        published: 8,
        pending: 0,
        problems: 2,
        rate: 0.25,
      },
      {
        stratum: "D",
        population: 20,
        drawn: 4,
        selectionProbability: 0.2,
        weight: 0.02,
        published: 3,
        pending: 1,
        problems: 2,
        rate: 2 / 3,
      },
    ]);
    const e = food.estimate;
    // 指派 are not drawn: 45 drawn, not 47; the approved-but-unpublished D result is pending, not clean.
    expect(e).toMatchObject({ population: 1000, drawn: 45, published: 44, pending: 1, problems: 7 });
    expect(e.estimate).toBeCloseTo(0.106667, 6);
    expect(e.lower).toBeCloseTo(0.052043, 6);
    expect(e.upper).toBeCloseTo(0.237809, 6);
    expect(e.standardError).toBeCloseTo(0.042938, 6);
    expect(e.rawRate).toBeCloseTo(7 / 44, 12);
    expect(e.bounds.cleanEstimate).toBeCloseTo(0.103333, 6);
    expect(e.bounds.problemEstimate).toBeCloseTo(0.108333, 6);
    expect(e.notes[0]).toContain("尚有 1 户结果待公示");
  });

  test("the demo's task drawn and published through the real API: 2 drawn, 1 clean, 1 with a problem", async () => {
    const r = await report(`year: ${YEAR}, departmentId: "${ids.drc}"`);
    expect(r.tasks).toHaveLength(1);
    const [t] = r.tasks;
    expect(t.estimate).toMatchObject({ drawn: 2, published: 2, pending: 0, problems: 1, estimate: 0.5, rawRate: 0.5 });
    expect(t.strata).toHaveLength(1);
    expect(t.strata[0].drawn).toBe(2);
    expect(t.estimate.population).toBe(t.strata[0].population);
    expect(t.estimate.lower).toBeGreaterThan(0);
    expect(t.estimate.upper).toBeLessThan(1);
  });

  test("one task by id; 90 % narrows the interval", async () => {
    const r95 = await report(`year: ${YEAR}, taskId: "${ids.food}"`);
    const r90 = await report(`year: ${YEAR}, taskId: "${ids.food}", confidenceLevel: 0.9`);
    expect(taskIds(r95)).toEqual([ids.food]);
    expect(r90.confidenceLevel).toBe(0.9);
    expect(r90.tasks[0].estimate.lower).toBeGreaterThan(r95.tasks[0].estimate.lower);
    expect(r90.tasks[0].estimate.upper).toBeLessThan(r95.tasks[0].estimate.upper);
  });
});

describe("pooled per department, industry and region", () => {
  test("an industry is a domain across strata (ratio estimate with the draws' weights)", async () => {
    const r = await report(`year: ${YEAR}, departmentId: "${ids.samr}"`);
    const byKey = Object.fromEntries(r.byIndustry.map((g: { key: string }) => [g.key, g]));
    expect(Object.keys(byKey)).toEqual(["F", "H"]);
    expect(byKey.F).toMatchObject({ label: "F 批发和零售业", tasks: 1 });
    expect(byKey.F.estimate).toMatchObject({ drawn: 29, published: 28, pending: 1, problems: 5 });
    // Σ (N/r)·y_d / Σ (N/r)·r_d over A, B, D (C has no F subject).
    const f = (600 / 18 + (300 / 15) * 2 + (20 / 3) * 2) / ((600 / 18) * 10 + (300 / 15) * 15 + (20 / 3) * 3);
    expect(byKey.F.estimate.estimate).toBeCloseTo(f, 12);
    const h = ((80 / 8) * 2) / ((600 / 18) * 8 + (80 / 8) * 8);
    expect(byKey.H.estimate.estimate).toBeCloseTo(h, 12);
    expect(byKey.H.estimate.rawRate).toBeCloseTo(2 / 16, 12);
  });

  test("regions by township code", async () => {
    const r = await report(`year: ${YEAR}, departmentId: "${ids.samr}"`);
    expect(r.byRegion.map((g: { key: string }) => g.key)).toEqual(["150821100", "150821101"]);
    expect(r.byRegion[0].estimate).toMatchObject({ drawn: 18, published: 18, problems: 1 });
    const county = await report(`year: ${YEAR}, departmentId: "${ids.samr}", regionLevel: COUNTY`);
    expect(county.byRegion.map((g: { key: string }) => g.key)).toEqual(["150821"]);
    expect(county.byRegion[0].estimate.drawn).toBe(45);
  });

  test("the public year: every department's published draws pooled as strata", async () => {
    const r = await report(`year: ${YEAR}`);
    expect(taskIds(r)).toEqual(expect.arrayContaining([ids.food, ids.otherCounty]));
    expect(r.byDepartment.map((d: { label: string }) => d.label)).toEqual(
      expect.arrayContaining(["五原县市场监督管理局", "五原县发展和改革委员会", "乌拉特前旗市场监督管理局"]),
    );
    const samr = r.byDepartment.find((d: { key: string }) => d.key === ids.samr);
    expect(samr.tasks).toBe(1);
    expect(samr.estimate.estimate).toBeCloseTo(0.106667, 6);
    const total = r.tasks.reduce((t: number, x: { estimate: { population: number } }) => t + x.estimate.population, 0);
    expect(r.overall.estimate.population).toBe(total);
    expect(r.overall.tasks).toBe(r.tasks.length);
  });
});

describe("what each caller sees (tenancy)", () => {
  const hidden = () => [ids.embargoed, ids.voided, ids.unpublished, ids.complaint];

  test("anonymous over HTTP: only published plans' draws past their embargo, every county", async () => {
    const r = await report(`year: ${YEAR}`);
    expect(r.scope).toBe("PUBLIC");
    for (const id of hidden()) expect(taskIds(r)).not.toContain(id);
    expect(taskIds(r)).toContain(ids.otherCounty);
  });

  test("anonymous over graphql-ws: the same report", async () => {
    const http = await report(`year: ${YEAR}`);
    const [ws] = await take<{ complianceEstimates: unknown }>(s.ws(), query(`year: ${YEAR}`), 1);
    expect(ws.complianceEstimates).toEqual(http);
  });

  test("anonymous callers cannot ask for a department's or a county's scope", async () => {
    for (const scope of ["DEPARTMENT", "COUNTY"])
      expect(errorCode(await s.gql(query(`year: ${YEAR}, scope: ${scope}`)))).toBe("UNAUTHENTICATED");
    const [ws] = await Promise.allSettled([take(s.ws(), query(`year: ${YEAR}, scope: DEPARTMENT`), 1)]);
    expect(ws).toMatchObject({
      status: "rejected",
      reason: {
        errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }) })],
      },
    });
  });

  test("a department: its own draws, the embargoed one included; never another department's", async () => {
    const planner = await s.login("wy-samr", "planner");
    const r = await report(`year: ${YEAR}, scope: DEPARTMENT`, planner);
    expect(taskIds(r)).toEqual([ids.embargoed, ids.food].sort());
    expect(r.byDepartment.map((d: { key: string }) => d.key)).toEqual([ids.samr]);
    const health = await report(`year: ${YEAR}, scope: DEPARTMENT`, await s.login("wy-health", "supervisor"));
    // Its own unpublished plan counts for it; the complaint task never does.
    expect(taskIds(health)).toEqual([ids.unpublished]);
    const other = await s.gql(query(`year: ${YEAR}, scope: DEPARTMENT, departmentId: "${ids.health}"`), {}, planner);
    expect(errorCode(other)).toBe("FORBIDDEN");
  });

  test("over graphql-ws the department's scope is the same", async () => {
    const planner = await s.login("wy-samr", "planner");
    const [ws] = await take<{ complianceEstimates: { tasks: Array<{ taskId: string }> } }>(
      s.ws(planner),
      query(`year: ${YEAR}, scope: DEPARTMENT`),
      1,
    );
    expect(taskIds(ws.complianceEstimates)).toEqual([ids.embargoed, ids.food].sort());
  });

  test("an inspector is not staff for the estimates", async () => {
    const inspector = await s.login("wy-samr", "inspector1");
    expect(errorCode(await s.gql(query(`year: ${YEAR}, scope: DEPARTMENT`), {}, inspector))).toBe("FORBIDDEN");
  });

  test("the coordinator's county: its region's departments, published data only; other counties stay out", async () => {
    const coordinator = await s.login("wy-samr", "admin");
    const r = await report(`year: ${YEAR}, scope: COUNTY`, coordinator);
    expect(taskIds(r)).toContain(ids.food);
    expect(r.tasks.map((t: { departmentId: string }) => t.departmentId)).toContain(ids.drc);
    for (const id of [...hidden(), ids.otherCounty]) expect(taskIds(r)).not.toContain(id);
    const outside = await s.gql(query(`year: ${YEAR}, scope: COUNTY, departmentId: "${ids.wqSamr}"`), {}, coordinator);
    expect(errorCode(outside)).toBe("FORBIDDEN");
    const notCoordinator = await s.gql(query(`year: ${YEAR}, scope: COUNTY`), {}, await s.login("wy-drc", "planner"));
    expect(errorCode(notCoordinator)).toBe("FORBIDDEN");
    expect(notCoordinator.errors![0].message).toContain("联席会议办公室");
  });

  test("bad input is a typed error with a message a clerk can act on", async () => {
    const year = await s.gql(query(`year: 1999`));
    expect(year.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "year" });
    const level = await s.gql(query(`year: ${YEAR}, confidenceLevel: 1.5`));
    expect(level.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "confidenceLevel" });
    const dept = await s.gql(query(`year: ${YEAR}, departmentId: "not-an-id"`));
    expect(dept.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "departmentId" });
    expect(dept.errors![0].message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("XLSX export", () => {
  async function workbook(args: string, token?: string) {
    const r = await s.gql(`{ exportComplianceEstimates(${args}) { fileName mimeType contentBase64 } }`, {}, token);
    expect(r.errors).toBeUndefined();
    const f = r.data!.exportComplianceEstimates;
    expect(f.fileName).toBe(`合规估计-${YEAR}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.contentBase64, "base64") as unknown as ArrayBuffer);
    return wb;
  }

  test("sheets with a frozen header, numbers as numbers, percentages formatted", async () => {
    const wb = await workbook(`year: ${YEAR}`);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["按任务", "分层明细", "按部门", "按行业", "按地区", "说明"]);
    const tasks = wb.getWorksheet("按任务")!;
    expect(tasks.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const header = (tasks.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    let foodRow: ExcelJS.Row | undefined;
    tasks.eachRow((row, n) => {
      if (n > 1 && row.getCell(col("任务")).value === "食品经营抽查（信用分类）") foodRow = row;
    });
    expect(foodRow).toBeDefined();
    expect(foodRow!.getCell(col("抽取数")).value).toBe(45);
    expect(foodRow!.getCell(col("待公示")).value).toBe(1);
    const estimate = foodRow!.getCell(col("加权估计"));
    expect(typeof estimate.value).toBe("number");
    expect(estimate.value as number).toBeCloseTo(0.106667, 6);
    expect(estimate.numFmt).toBe("0.00%");
    expect(foodRow!.getCell(col("未加权发现问题率")).value as number).toBeCloseTo(7 / 44, 12);
  });

  test("formula-like names stay text (the department's own export, with the embargoed task)", async () => {
    const wb = await workbook(`year: ${YEAR}, scope: DEPARTMENT`, await s.login("wy-samr", "planner"));
    const cells: ExcelJS.Cell[] = [];
    for (const sheet of wb.worksheets) sheet.eachRow((row) => row.eachCell((c) => cells.push(c)));
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    const texts = cells.map((c) => c.value).filter((v): v is string => typeof v === "string");
    expect(texts).toContain(`'=HYPERLINK("http://example.invalid","点我")`);
    expect(texts).toContain("'+分层");
    expect(texts.some((t) => /^[=+\-@]/.test(t))).toBe(false);
  });

  test("the export follows the same scope rules", async () => {
    expect(errorCode(await s.gql(`{ exportComplianceEstimates(year: ${YEAR}, scope: COUNTY) { fileName } }`))).toBe(
      "UNAUTHENTICATED",
    );
  });
});

describe("compliance_tallies as the runtime role", () => {
  async function runtime<T>(tenantId: string, roles: string, fn: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    try {
      await c.query("BEGIN");
      await c.query(
        `SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', $2, true),
                set_config('app.now', $3, true), set_config('app.business_date', $4, true)`,
        [tenantId, roles, new Date().toISOString(), new Date().toISOString().slice(0, 10)],
      );
      return await fn(c);
    } finally {
      await c.query("ROLLBACK").catch(() => undefined);
      await c.end();
    }
  }
  const tasksOf = (rows: Array<{ task_id: string }>) => [...new Set(rows.map((r) => r.task_id))].sort();

  test("public tallies for anyone; own tallies only for a department's staff", async () => {
    const pub = await runtime("", "", (c) => c.query(`SELECT * FROM compliance_tallies(${YEAR}, false, NULL)`));
    expect(tasksOf(pub.rows)).toContain(ids.food);
    expect(tasksOf(pub.rows)).not.toContain(ids.embargoed);
    await expect(
      runtime("", "", (c) => c.query(`SELECT * FROM compliance_tallies(${YEAR}, true, NULL)`)),
    ).rejects.toMatchObject({ code: "42501" });
    await expect(
      runtime(ids.samr, "INSPECTOR", (c) => c.query(`SELECT * FROM compliance_tallies(${YEAR}, true, NULL)`)),
    ).rejects.toMatchObject({ code: "42501" });
    const own = await runtime(ids.samr, "VIEWER", (c) =>
      c.query(`SELECT * FROM compliance_tallies(${YEAR}, true, NULL)`),
    );
    expect(tasksOf(own.rows)).toEqual([ids.embargoed, ids.food].sort());
    // Another department's own tallies cannot be asked for: p_tenants narrows, it never widens.
    const narrowed = await runtime(ids.samr, "VIEWER", (c) =>
      c.query(`SELECT * FROM compliance_tallies(${YEAR}, true, $1::uuid[])`, [[ids.health]]),
    );
    expect(narrowed.rows).toEqual([]);
  });

  test("setting the definer's flag as the runtime role opens nothing", async () => {
    const counts = await runtime(ids.health, "ADMIN", async (c) => {
      await c.query(`SELECT set_config('app.compliance_tallies', 'on', true)`);
      const a = await c.query(`SELECT count(*)::int AS n FROM assignment WHERE tenant_id <> $1`, [ids.health]);
      const r = await c.query(`SELECT count(*)::int AS n FROM inspection_result WHERE tenant_id <> $1`, [ids.health]);
      return [a.rows[0].n, r.rows[0].n];
    });
    expect(counts).toEqual([0, 0]);
    const anonymousSubjects = await runtime("", "", async (c) => {
      await c.query(`SELECT set_config('app.compliance_tallies', 'on', true)`);
      return (await c.query(`SELECT count(*)::int AS n FROM subject`)).rows[0].n;
    });
    expect(anonymousSubjects).toBe(0);
  });

  test("temporary objects named like what the function reads neither run as the owner nor change the result", async () => {
    const honest = await runtime("", "", (c) =>
      c.query(`SELECT * FROM compliance_tallies(${YEAR}, false, NULL) ORDER BY 1, 2, 3, 4, 5, 6`),
    );
    const shadowed = await runtime("", "", async (c) => {
      // A view that records who reads it: if the definer resolved a bare name to it, the owner would run the spy.
      await c.query(`CREATE TEMP TABLE probe (who text)`);
      await c.query(`GRANT ALL ON pg_temp.probe TO PUBLIC`);
      await c.query(
        `CREATE FUNCTION pg_temp.spy() RETURNS boolean LANGUAGE sql AS $$ INSERT INTO pg_temp.probe VALUES (current_user) RETURNING true $$`,
      );
      for (const t of [
        "assignment",
        "draw",
        "inspection_task",
        "annual_plan",
        "subject",
        "inspection_result",
        "result_publication",
        "result_code",
      ])
        await c.query(`CREATE TEMP VIEW ${t} AS SELECT * FROM public.${t} WHERE (SELECT pg_temp.spy())`);
      await c.query(
        `CREATE FUNCTION pg_temp.app_now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT 'infinity'::timestamptz $$`,
      );
      await c.query(
        `CREATE FUNCTION pg_temp.app_tenant_id() RETURNS uuid LANGUAGE sql AS $$ SELECT '${ids.samr}'::uuid $$`,
      );
      const rows = await c.query(`SELECT * FROM compliance_tallies(${YEAR}, false, NULL) ORDER BY 1, 2, 3, 4, 5, 6`);
      expect((await c.query(`SELECT who FROM pg_temp.probe`)).rows).toEqual([]);
      await c.query("SAVEPOINT own");
      await expect(c.query(`SELECT * FROM compliance_tallies(${YEAR}, true, NULL)`)).rejects.toMatchObject({
        code: "42501",
      });
      await c.query("ROLLBACK TO SAVEPOINT own");
      // The probe is real: a bare name in this session does reach the view and runs the spy.
      await c.query(`SELECT count(*) FROM assignment`);
      expect((await c.query(`SELECT who FROM pg_temp.probe`)).rows).not.toEqual([]);
      return rows;
    });
    expect(shadowed.rows).toEqual(honest.rows);
    expect(honest.rows.length).toBeGreaterThan(0);
  });

  test("the function is hardened: pinned search_path, no PUBLIC execute, granted to the runtime group", async () => {
    const c = new Client({ connectionString: s.db.superuserUrl });
    await c.connect();
    try {
      const { rows } = await c.query(
        `SELECT p.prosecdef, p.proconfig, has_function_privilege('public', p.oid, 'EXECUTE') AS public_exec,
                has_function_privilege('jointcheck_runtime', p.oid, 'EXECUTE') AS runtime_exec
           FROM pg_proc p WHERE p.proname = 'compliance_tallies'`,
      );
      expect(rows).toEqual([
        {
          prosecdef: true,
          proconfig: ["search_path=pg_catalog, public, pg_temp"],
          public_exec: false,
          runtime_exec: true,
        },
      ]);
    } finally {
      await c.end();
    }
  });
});
