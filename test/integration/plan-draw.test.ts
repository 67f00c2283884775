import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { commitmentOf } from "../../src/draw";
import { atFixtureClock } from "../helpers/fixture-clock";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";

/**
 * Seed 004 end to end: 平罗县发改局's 2023 plan (pipeline safety 50%, grain reserve 20%, grain safety 1%) run by a
 * planner through witnessed draws, verified offline, with voiding, recusal, embargo and concurrency.
 */
let s: TestServer;
let ids: DirectoryIds;
let planner: string;
let supervisor: string;
let planId: string;
const run = promisify(execFile);

const WITNESS = { witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" };
const TASK_FIELDS = `id status commitment`;
const DRAW_FIELDS = `id sequence status drawnCount populationSize sealDigest verification { valid differences }
  assignments { subjectId leaderId memberIds stratum }`;

async function createTask(
  name: string,
  item: string,
  tag: string,
  rule: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return s.gql(
    `mutation($i: NewTaskInput!) { createTask(input: $i) { ${TASK_FIELDS} } }`,
    {
      i: {
        planId,
        name,
        kind: "DIRECTED",
        itemIds: [ids.itemIds[item]],
        filters: { tags: [tag] },
        windowFrom: "2026-03-01",
        windowTo: "2026-09-30",
        samplingRule: rule,
        stratifyBy: "NONE",
        revisionReason: "测试：计划公布后新增任务（修订）",
        ...extra,
      },
    },
    planner,
  );
}

async function approvedTask(name: string, item: string, tag: string, rule: Record<string, unknown>, extra = {}) {
  const t = await createTask(name, item, tag, rule, extra);
  expect(t.errors).toBeUndefined();
  const a = await s.gql(
    `mutation($id: ID!) { approveTask(id: $id) { ${TASK_FIELDS} } }`,
    { id: t.data!.createTask.id },
    supervisor,
  );
  expect(a.errors).toBeUndefined();
  return a.data!.approveTask as { id: string; status: string; commitment: string };
}

/** Locks (v2; at once, with a recorded reason) unless already locked, then draws. */
const draw = async (taskId: string, entropy = "3-5-2-6", witness = WITNESS) => {
  const lock = await s.gql(
    `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "现场公开抽取，监督人员在场") { id } }`,
    { id: taskId },
    planner,
  );
  if (lock.errors && errorCode(lock) !== "CONFLICT") return lock;
  return s.gql(
    `mutation($i: DrawInput!) { drawTask(input: $i) { ${DRAW_FIELDS} } }`,
    { i: { taskId, witnessEntropy: entropy, ...witness } },
    planner,
  );
};

// The tasks' windows are 2026-03-01 to 2026-09-30: the draws run inside them (src/domain/plan/draw-rules).
atFixtureClock();

beforeAll(async () => {
  s = await startTestServer({ poolSize: 8 });
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 100_000,
    subjects: [
      { tag: "测试油气管道", count: 40, riskClasses: ["A", "B"] },
      { tag: "测试储备粮", count: 50 },
      { tag: "测试粮食经营", count: 300 },
      { tag: "测试已注销", count: 5, status: "CANCELLED" },
      { tag: "测试投诉对象", count: 2 }, // never in a random task: their inspection history stays empty
    ],
    inspectors: 10,
    categories: ["发展改革"],
    items: [
      { code: "DRC-001", name: "石油天然气管道保护的监督检查", itemClass: "KEY", requiredCategories: ["发展改革"] },
      { code: "DRC-002", name: "政府储备粮数量、质量和储存安全的监督检查", itemClass: "GENERAL", ratioCap: 0.3 },
      { code: "DRC-003", name: "粮食流通和粮食安全的监督检查", itemClass: "GENERAL", ratioCap: 0.05 },
    ],
  });
  planner = await s.login("wy-drc", "planner");
  supervisor = await s.login("wy-drc", "supervisor");
  const p = await s.gql(
    `mutation { createPlan(year: 2026, title: "2026年度“双随机、一公开”抽查计划") { id status dueDate } }`,
    {},
    planner,
  );
  planId = p.data!.createPlan.id;
  expect(p.data!.createPlan).toMatchObject({ status: "DRAFT", dueDate: "2026-01-31" });
});
afterAll(() => s.close());

describe("annual plan", () => {
  test("a task cannot be approved for drawing before its plan is approved (no random checks outside the plan)", async () => {
    const t = await createTask("计划外任务", "DRC-001", "测试油气管道", { default: { mode: "APPROX", percent: 50 } });
    const a = await s.gql(
      `mutation($id: ID!) { approveTask(id: $id) { id } }`,
      { id: t.data!.createTask.id },
      supervisor,
    );
    expect(errorCode(a)).toBe("RULE_VIOLATION");
  });

  test("DRAFT → SUBMITTED → returned with a reason → resubmitted → APPROVED → PUBLISHED, and then public", async () => {
    const move = (m: string, token: string, extra = "") =>
      s.gql(`mutation($id: ID!) { ${m}(id: $id${extra}) { status returnedReason } }`, { id: planId }, token);
    expect((await move("submitPlan", planner)).data!.submitPlan.status).toBe("SUBMITTED");
    expect(errorCode(await move("approvePlan", planner))).toBe("FORBIDDEN");
    expect(errorCode(await move("returnPlan", supervisor, `, reason: " "`))).toBe("BAD_USER_INPUT");
    expect((await move("returnPlan", supervisor, `, reason: "比例依据不足"`)).data!.returnPlan).toEqual({
      status: "DRAFT",
      returnedReason: "比例依据不足",
    });
    await move("submitPlan", planner);
    expect((await move("approvePlan", supervisor)).data!.approvePlan.status).toBe("APPROVED");
    expect(errorCode(await move("approvePlan", supervisor))).toBe("CONFLICT");
    expect((await move("publishPlan", planner)).data!.publishPlan.status).toBe("PUBLISHED");
    const anon = await s.gql(`query($id: ID!) { plan(id: $id) { title status department { name } } }`, { id: planId });
    expect(anon.data!.plan).toMatchObject({ status: "PUBLISHED", department: { name: "五原县发展和改革委员会" } });
    const filed = await s.gql(`mutation($id: ID!) { filePlan(id: $id) { filedAt } }`, { id: planId }, planner);
    expect(filed.data!.filePlan.filedAt).toBeTruthy();
  });
});

describe("the seed 004 plan, drawn and verified", () => {
  let pipelineTask: { id: string; commitment: string };
  let drawnRecord: Record<string, any>;

  test("sampling rules are checked: GENERAL caps and the tenant's 3% floor need a recorded override", async () => {
    const overCap = await createTask("储备粮", "DRC-002", "测试储备粮", { default: { mode: "APPROX", percent: 40 } });
    expect(errorCode(overCap)).toBe("RULE_VIOLATION");
    expect(overCap.errors![0].extensions).toMatchObject({ rule: "GENERAL_ITEM_RATIO_CAP" });
    const belowFloor = await createTask("粮食安全", "DRC-003", "测试粮食经营", {
      default: { mode: "MIN", percent: 1 },
    });
    expect(belowFloor.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "SAMPLING_FLOOR" });
    // Any client, signed in or not, names the cited rules by their Chinese titles.
    const rules = (await s.gql(`{ ruleCodes { code title } }`)).data!.ruleCodes as Array<{
      code: string;
      title: string;
    }>;
    expect(rules.find((r) => r.code === "SAMPLING_FLOOR")?.title).toMatch(/抽查比例不得低于/);
    expect(rules.find((r) => r.code === "GENERAL_ITEM_RATIO_CAP")?.title).toMatch(/上限/);
    const missingPercent = await createTask("x", "DRC-001", "测试油气管道", { default: { mode: "APPROX" } });
    expect(errorCode(missingPercent)).toBe("BAD_USER_INPUT");
    const foreignItem = await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId,
          name: "x",
          kind: "UNDIRECTED",
          itemIds: ["00000000-0000-4000-8000-000000000000"],
          windowFrom: "2026-03-01",
          windowTo: "2026-09-30",
          samplingRule: { default: { mode: "ALL" } },
          revisionReason: "测试：计划公布后新增任务（修订）",
        },
      },
      planner,
    );
    expect(foreignItem.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "itemIds" });
  });

  test("the preview gives each stratum's eligible and drawn counts and the rule checks as warnings", async () => {
    const preview = (item: string, tag: string, rule: Record<string, unknown>, stratifyBy = "NONE", token = planner) =>
      s.gql(
        `query($i: NewTaskInput!) { taskPreview(input: $i) {
          populationSize drawCount strata { stratum populationCount sampleSize } exclusions { reason count } warnings } }`,
        {
          i: {
            planId,
            name: "预览",
            kind: "DIRECTED",
            itemIds: [ids.itemIds[item]],
            filters: { tags: [tag] },
            windowFrom: "2026-03-01",
            windowTo: "2026-09-30",
            samplingRule: rule,
            stratifyBy,
          },
        },
        token,
      );
    const byClass = await preview(
      "DRC-001",
      "测试油气管道",
      {
        default: { mode: "APPROX", percent: 50 },
        strata: [{ stratum: "A", mode: "FIXED", count: 1 }],
      },
      "RISK_CLASS",
    );
    expect(byClass.errors).toBeUndefined();
    const p = byClass.data!.taskPreview;
    expect(p.populationSize).toBe(40);
    expect(p.strata.map((x: any) => x.stratum)).toEqual(["A", "B"]);
    const a = p.strata.find((x: any) => x.stratum === "A");
    const b = p.strata.find((x: any) => x.stratum === "B");
    expect(a.sampleSize).toBe(1);
    expect(b.sampleSize).toBe(Math.ceil(b.populationCount / 2));
    expect(p.drawCount).toBe(1 + b.sampleSize);
    expect(p.warnings).toEqual([]);
    const overCap = (await preview("DRC-002", "测试储备粮", { default: { mode: "APPROX", percent: 40 } })).data!
      .taskPreview;
    expect(overCap).toMatchObject({ populationSize: 50, drawCount: 20 });
    expect(overCap.warnings).toEqual([expect.stringContaining("DRC-002")]);
    expect(errorCode(await preview("DRC-001", "测试油气管道", { default: { mode: "ALL" } }, "NONE", supervisor))).toBe(
      "FORBIDDEN",
    );
  });

  test("approval publishes a commitment; the draw needs a witness who is a supervisor", async () => {
    pipelineTask = await approvedTask("油气管道安全检查", "DRC-001", "测试油气管道", {
      default: { mode: "APPROX", percent: 50 },
    });
    expect(pipelineTask.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(
      errorCode(await draw(pipelineTask.id, "1", { witnessUsername: "supervisor", witnessPassword: "wrong" })),
    ).toBe("FORBIDDEN"); // a typed refusal (rule DRAW_WITNESS), not UNAUTHENTICATED, which signs the operator out
    expect(
      errorCode(
        await draw(pipelineTask.id, "1", { witnessUsername: "inspector1", witnessPassword: "jointcheck-demo" }),
      ),
    ).toBe("FORBIDDEN");
    expect(errorCode(await draw(pipelineTask.id, "   "))).toBe("BAD_USER_INPUT");
    const asSupervisor = await s.gql(
      `mutation($i: DrawInput!) { drawTask(input: $i) { id } }`,
      { i: { taskId: pipelineTask.id, witnessEntropy: "1", ...WITNESS } },
      supervisor,
    );
    expect(errorCode(asSupervisor)).toBe("FORBIDDEN");
  });

  test("20 simultaneous draw requests on one task give exactly one draw; the rest get CONFLICT", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => draw(pipelineTask.id, `现场骰子 ${i}`)));
    const ok = results.filter((r) => r.data?.drawTask);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => errorCode(r) === "CONFLICT")).toHaveLength(19);
    const d = ok[0].data!.drawTask;
    expect(d).toMatchObject({
      sequence: 1,
      status: "VALID",
      populationSize: 40,
      drawnCount: 20,
      verification: { valid: true, differences: [] },
    });
    for (const a of d.assignments) {
      expect(a.memberIds.length).toBeGreaterThanOrEqual(2);
      expect(a.memberIds.length).toBeLessThanOrEqual(3);
      expect(a.memberIds).toContain(a.leaderId);
    }
    expect(new Set(d.assignments.map((a: any) => a.subjectId)).size).toBe(20);
    const r = await s.gql(`query($id: ID!) { draw(id: $id) { record } }`, { id: d.id }, planner);
    drawnRecord = r.data!.draw.record;
    expect(commitmentOf(drawnRecord.serverSeed)).toBe(pipelineTask.commitment);
  });

  test("the verify CLI accepts the exported record offline and rejects any altered field", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "jc-draw-"));
    const good = path.join(dir, "record.json");
    writeFileSync(good, JSON.stringify(drawnRecord));
    const cli = (file: string) =>
      run("node", ["-r", "./scripts/register.cjs", "src/cli/verify-draw.ts", file], {
        cwd: path.resolve(__dirname, "../.."),
      })
        .then((o) => ({ code: 0, out: o.stdout }))
        .catch((e) => ({ code: e.code as number, out: String(e.stdout) }));
    expect(await cli(good)).toMatchObject({ code: 0, out: expect.stringContaining("VALID") });
    const tampered = structuredClone(drawnRecord);
    tampered.drawn[0].key = tampered.population.strata[0].keys.find(
      (k: string) => !drawnRecord.drawn.some((d: any) => d.key === k),
    );
    const bad = path.join(dir, "tampered.json");
    writeFileSync(bad, JSON.stringify(tampered));
    expect(await cli(bad)).toMatchObject({ code: 1, out: expect.stringContaining("INVALID") });
  });

  test("a witnessed 递补 replaces a recused inspector from the same ranking and the record still verifies", async () => {
    const d = await s.gql(
      `query($id: ID!) { task(id: $id) { draws { id assignments { subjectId memberIds } } } }`,
      { id: pipelineTask.id },
      planner,
    );
    const drawId = d.data!.task.draws[0].id;
    const [{ id: assignmentId, member }] = await assignmentsOf(drawId);
    const r = await s.gql(
      `mutation($i: RecusalInput!) { recuseInspector(input: $i) { substituteId assignment { memberIds leaderId } } }`,
      {
        i: {
          assignmentId,
          inspectorId: member,
          reason: "SELF_DECLARED",
          note: "与该企业负责人系亲属关系",
          requestedBy: "本人",
        },
      },
      supervisor,
    );
    expect(r.errors).toBeUndefined();
    const { substituteId, assignment } = r.data!.recuseInspector;
    expect(assignment.memberIds).not.toContain(member);
    expect(assignment.memberIds).toContain(substituteId);
    const v = await s.gql(
      `query($id: ID!) { draw(id: $id) { verification { valid differences } record } }`,
      { id: drawId },
      planner,
    );
    expect(v.data!.draw.verification).toEqual({ valid: true, differences: [] });
    expect(v.data!.draw.record.substitutions).toHaveLength(1);
    const planners = await s.gql(
      `mutation($i: RecusalInput!) { recuseInspector(input: $i) { substituteId } }`,
      { i: { assignmentId, inspectorId: substituteId, reason: "ORDERED", note: "x", requestedBy: "x" } },
      planner,
    );
    expect(errorCode(planners)).toBe("FORBIDDEN");
  });

  test("no silent redraws: voiding needs a supervisor and a reason, both draws stay in the public history", async () => {
    const [first] = (
      await s.gql(`query($id: ID!) { task(id: $id) { draws { id } } }`, { id: pipelineTask.id }, planner)
    ).data!.task.draws;
    expect(
      errorCode(
        await s.gql(`mutation($id: ID!) { voidDraw(id: $id, reason: "重抽") { id } }`, { id: first.id }, planner),
      ),
    ).toBe("FORBIDDEN");
    expect(
      errorCode(
        await s.gql(`mutation($id: ID!) { voidDraw(id: $id, reason: " ") { id } }`, { id: first.id }, supervisor),
      ),
    ).toBe("BAD_USER_INPUT");
    const v = await s.gql(
      `mutation($id: ID!) { voidDraw(id: $id, reason: "名录数据导入错误，经批准重新抽取") { status voidReason } }`,
      { id: first.id },
      supervisor,
    );
    expect(v.data!.voidDraw).toEqual({ status: "VOIDED", voidReason: "名录数据导入错误，经批准重新抽取" });
    const task = await s.gql(
      `query($id: ID!) { task(id: $id) { status commitment } }`,
      { id: pipelineTask.id },
      planner,
    );
    expect(task.data!.task.status).toBe("APPROVED");
    expect(task.data!.task.commitment).not.toBe(pipelineTask.commitment);
    const second = await draw(pipelineTask.id, "6-6-1");
    expect(second.data!.drawTask).toMatchObject({ sequence: 2, status: "VALID" });
    const history = await s.gql(`query($id: ID!) { task(id: $id) { draws { sequence status } } }`, {
      id: pipelineTask.id,
    });
    expect(history.data!.task.draws).toEqual([
      { sequence: 1, status: "VOIDED" },
      { sequence: 2, status: "VALID" },
    ]);
    // The database itself refuses to rewrite a draw.
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [ids.tenantId]);
    await expect(c.query(`UPDATE draw SET record = '{}'::jsonb WHERE id = $1`, [first.id])).rejects.toThrow(
      /append-only/,
    );
    await c.query("ROLLBACK");
    await c.end();
  });

  test("grain reserve 20% and grain safety 1% (with a recorded override) are drawn with teams of at least 2", async () => {
    const reserve = await approvedTask("政府储备粮检查", "DRC-002", "测试储备粮", {
      default: { mode: "APPROX", percent: 20 },
    });
    const r = await draw(reserve.id);
    expect(r.data!.drawTask).toMatchObject({ populationSize: 50, drawnCount: 10, verification: { valid: true } });
    const safety = await approvedTask(
      "粮食安全检查",
      "DRC-003",
      "测试粮食经营",
      { default: { mode: "MIN", percent: 1 } },
      {
        policyOverrideReason: "按上级粮食和物资储备部门要求，粮食安全抽查比例为 1%",
      },
    );
    const g = await draw(safety.id);
    expect(g.data!.drawTask).toMatchObject({ populationSize: 300, drawnCount: 3, verification: { valid: true } });
    for (const a of g.data!.drawTask.assignments) expect(a.memberIds.length).toBeGreaterThanOrEqual(2);
  });

  test("the dashboard's counts per status and cursor pages of a draw's assignments agree with the whole list", async () => {
    const PAGE = `query($id: ID!, $after: String, $status: String) { task(id: $id) { draws { id
      assignmentPage(first: 2, after: $after, status: $status) { total totalIsEstimate items { id status }
        edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } } } }`;
    const all = await s.gql(
      `query($id: ID!) { task(id: $id) { draws { id status assignments { id status } assignmentCounts { status count } } } }`,
      { id: pipelineTask.id },
      planner,
    );
    expect(all.errors).toBeUndefined();
    const draws = all.data!.task.draws as Array<{
      id: string;
      status: string;
      assignments: Array<{ id: string; status: string }>;
      assignmentCounts: Array<{ status: string; count: number }>;
    }>;
    expect(draws.map((d) => d.status)).toEqual(["VOIDED", "VALID"]);
    for (const [i, d] of draws.entries()) {
      expect(d.assignments.length).toBeGreaterThan(2);
      const expected = new Map<string, number>();
      for (const a of d.assignments) expected.set(a.status, (expected.get(a.status) ?? 0) + 1);
      expect(d.assignmentCounts).toEqual(
        [...expected].sort(([a], [b]) => a.localeCompare(b)).map(([status, count]) => ({ status, count })),
      );
      for (const status of [null, d.assignments[0].status]) {
        const want = d.assignments.filter((a) => status === null || a.status === status).map((a) => a.id);
        const walked: string[] = [];
        let after: string | null = null;
        for (let n = 0; n < 100; n++) {
          const r: GqlResponse = await s.gql(PAGE, { id: pipelineTask.id, after, status }, planner);
          expect(r.errors).toBeUndefined();
          const page = r.data!.task.draws[i].assignmentPage;
          expect(page.total).toBe(want.length);
          expect(page.totalIsEstimate).toBe(false);
          expect(page.edges.map((e: any) => e.node.id)).toEqual(page.items.map((a: any) => a.id));
          expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
          walked.push(...page.items.map((a: any) => a.id));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect(walked).toEqual(want);
      }
    }
    // The draw's statuses: the voided draw's assignments are all cancelled.
    expect(draws[0].assignmentCounts).toEqual([{ status: "CANCELLED", count: draws[0].assignments.length }]);
  });
});

describe("bad input and visibility", () => {
  test("cancelled subjects are excluded and counted; an empty population is a RULE_VIOLATION with nothing written", async () => {
    const t = await approvedTask("测试已注销", "DRC-001", "测试已注销", { default: { mode: "ALL" } });
    const r = await draw(t.id);
    expect(r.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "EMPTY_POPULATION" });
    const after = await s.gql(`query($id: ID!) { task(id: $id) { status draws { id } } }`, { id: t.id }, planner);
    expect(after.data!.task).toEqual({ status: "APPROVED", draws: [] });
  });

  test("a team rule nobody satisfies → an INFEASIBLE attempt, kept and public, that names nobody in an error", async () => {
    const t = await approvedTask(
      "特殊资质",
      "DRC-001",
      "测试油气管道",
      { default: { mode: "FIXED", count: 2 } },
      {
        teamRule: { requiredCategories: ["特种设备"] },
      },
    );
    const r = await draw(t.id);
    expect(r.errors).toBeUndefined();
    expect(r.data!.drawTask).toMatchObject({ status: "INFEASIBLE", assignments: [], verification: { valid: true } });
    const after = await s.gql(
      `query($id: ID!) { task(id: $id) { status draws { status infeasibleTargets } } }`,
      { id: t.id },
      planner,
    );
    expect(after.data!.task).toEqual({ status: "APPROVED", draws: [{ status: "INFEASIBLE", infeasibleTargets: 2 }] });
  });

  test("during the embargo only the department sees the drawn list, and its reads are logged", async () => {
    const t = await approvedTask(
      "保密期任务",
      "DRC-001",
      "测试油气管道",
      { default: { mode: "FIXED", count: 3 } },
      { drawEmbargoDays: 30 },
    );
    const d = await draw(t.id);
    const id = d.data!.drawTask.id;
    expect(errorCode(await s.gql(`query($id: ID!) { draw(id: $id) { id } }`, { id }))).toBe("NOT_FOUND");
    const other = await s.login("wy-samr", "admin");
    expect(errorCode(await s.gql(`query($id: ID!) { draw(id: $id) { id } }`, { id }, other))).toBe("NOT_FOUND");
    await s.gql(`query($id: ID!) { draw(id: $id) { assignments { subjectId } } }`, { id }, planner);
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [ids.tenantId]);
    const log = await c.query(`SELECT actor FROM draw_access_log WHERE draw_id = $1`, [id]);
    await c.query("ROLLBACK");
    await c.end();
    expect(log.rows.length).toBeGreaterThan(0);
  });

  test("the printable record sheet names the operator, the witness and the seed parts", async () => {
    const { draws } = (
      await s.gql(
        `query($id: ID!) { task(id: $id) { draws { recordHtml } } }`,
        { id: (await firstDrawnTask()).id },
        planner,
      )
    ).data!.task;
    const html: string = draws[0].recordHtml;
    expect(html).toContain("选派（抽取）记录单");
    expect(html).toContain("计划员（计划制定人员）");
    expect(html).toContain("监督员（监督/审核人员）");
    expect(html).not.toMatch(/（(planner|supervisor)）/);
    expect(html).toContain("现场随机数");
  });
});

describe("指派 and complaint checks (non-random)", () => {
  const ASSIGN = `mutation($i: DirectAssignmentInput!) { assignDirectly(input: $i) { kind directReason memberIds leaderId } }`;

  test("a complaint check gets a named team under the same 回避 rules and is kept apart from random checks", async () => {
    const t = await createTask(
      "投诉举报核查",
      "DRC-001",
      "测试油气管道",
      { default: { mode: "ALL" } },
      { kind: "COMPLAINT" },
    );
    const taskId = t.data!.createTask.id;
    const [a, b, c3] = ids.inspectorIds;
    const subjectId = ids.subjectIds[395];
    const base = { taskId, subjectId, inspectorIds: [a, b], leaderId: a, reason: "12345热线投诉（编号 2026-0315）" };
    expect(errorCode(await s.gql(ASSIGN, { i: { ...base, reason: " " } }, planner))).toBe("BAD_USER_INPUT");
    expect(errorCode(await s.gql(ASSIGN, { i: { ...base, inspectorIds: [a] } }, planner))).toBe("BAD_USER_INPUT");
    // A declared conflict blocks the inspector, as in a draw.
    const c = new Client({ connectionString: s.db.ownerUrl });
    await c.connect();
    await c.query("BEGIN");
    await c.query(...transactionSettings(ids.tenantId)); // the tenant and the business date, as the server sets them
    const [{ id: admin }] = (
      await c.query(`SELECT id FROM app_user WHERE tenant_id = $1 AND username = 'admin'`, [ids.tenantId])
    ).rows;
    await c.query(
      `INSERT INTO inspector_conflict (tenant_id, inspector_id, subject_id, reason, declared_by) VALUES ($1, $2, $3, 'KINSHIP', $4)`,
      [ids.tenantId, b, subjectId, admin],
    );
    await c.query("COMMIT");
    await c.end();
    const blocked = await s.gql(ASSIGN, { i: base }, planner);
    expect(blocked.errors![0].extensions).toMatchObject({
      code: "RULE_VIOLATION",
      rule: "CONFLICT_OF_INTEREST",
      inspectorId: b,
    });
    // 附件7 counts random checks only: the complaint check changes neither its count nor its rows.
    const SUMMARY = `{ inspectionSummary(year: 2026) { drawn rows { subjectName } } }`;
    const [{ name }] = await s.superuser(`SELECT name FROM subject WHERE id = $1`, [subjectId]);
    const named = (r: any) => r.data!.inspectionSummary.rows.filter((x: any) => x.subjectName === name).length;
    const before = await s.gql(SUMMARY, {}, supervisor);
    expect(before.errors).toBeUndefined();
    const ok = await s.gql(ASSIGN, { i: { ...base, inspectorIds: [a, c3] } }, planner);
    expect(ok.data!.assignDirectly).toMatchObject({ kind: "COMPLAINT", leaderId: a, memberIds: [a, c3] });
    const after = await s.gql(SUMMARY, {}, supervisor);
    expect(before.data!.inspectionSummary.drawn).toBeGreaterThan(0); // the file's random draws are counted
    expect(after.data!.inspectionSummary.drawn).toBe(before.data!.inspectionSummary.drawn);
    expect(named(after)).toBe(named(before));
    expect(after.data!.inspectionSummary.rows).toHaveLength(before.data!.inspectionSummary.rows.length);
  });

  test("a random task refuses 指派 unless its team rule allows it", async () => {
    const t = await approvedTask("随机任务", "DRC-001", "测试油气管道", { default: { mode: "FIXED", count: 1 } });
    const [a, , c3] = ids.inspectorIds;
    const r = await s.gql(
      ASSIGN,
      { i: { taskId: t.id, subjectId: ids.subjectIds[396], inspectorIds: [a, c3], leaderId: a, reason: "专业需要" } },
      planner,
    );
    expect(r.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "DIRECT_ASSIGNMENT_NOT_ALLOWED" });
  });
});

describe("assignments reach inspectors live", () => {
  test("an inspector subscribed to myAssignments receives the new assignment right after the draw commits", async () => {
    // Two fixture inspectors in their own sub-library, one linked to the demo user inspector1: both are always drawn.
    const c = new Client({ connectionString: s.db.ownerUrl });
    await c.connect();
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [ids.tenantId]);
    const [{ id: userId }] = (
      await c.query(`SELECT id FROM app_user WHERE tenant_id = $1 AND username = 'inspector1'`, [ids.tenantId])
    ).rows;
    await c.query(`UPDATE inspector SET user_id = NULL WHERE user_id = $1`, [userId]);
    await c.query(`UPDATE inspector SET user_id = $1, sub_libraries = '{直播组}' WHERE id = $2`, [
      userId,
      ids.inspectorIds[8],
    ]);
    await c.query(`UPDATE inspector SET sub_libraries = '{直播组}', leader_eligible = true WHERE id = $1`, [
      ids.inspectorIds[9],
    ]);
    await c.query("COMMIT");
    await c.end();
    const token = await s.login("wy-drc", "inspector1");
    const client = s.ws(token);
    const received: any[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: `subscription { myAssignments { kind topic payload } }` },
        {
          next: (v) => {
            received.push(v.data?.myAssignments);
            if (received.length === 2) resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await new Promise((r) => setTimeout(r, 200)); // let the subscription register
    const t = await approvedTask(
      "实时推送",
      "DRC-001",
      "测试油气管道",
      { default: { mode: "FIXED", count: 2 } },
      {
        teamRule: { subLibrary: "直播组", minSize: 2, maxSize: 2 },
      },
    );
    expect((await draw(t.id)).errors).toBeUndefined();
    await done;
    for (const e of received)
      expect(e).toMatchObject({ topic: "ASSIGNMENT", payload: { change: "ASSIGNED", taskId: t.id } });
  });
});

async function firstDrawnTask() {
  const p = await s.gql(`query($id: ID!) { plan(id: $id) { tasks { id status } } }`, { id: planId }, planner);
  return p.data!.plan.tasks.find((t: { status: string }) => t.status === "DRAWN");
}

async function assignmentsOf(drawId: string): Promise<Array<{ id: string; member: string }>> {
  const c = new Client({ connectionString: s.db.appUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [ids.tenantId]);
    const r = await c.query(`SELECT id, member_ids FROM assignment WHERE draw_id = $1 ORDER BY id LIMIT 1`, [drawId]);
    await c.query("ROLLBACK");
    return r.rows.map((x) => ({ id: x.id, member: x.member_ids[x.member_ids.length - 1] }));
  } finally {
    await c.end();
  }
}

describe("department settings", () => {
  test("an ADMIN changes the plan due date, floor and exclusions; others cannot; bad values name the field", async () => {
    const admin = await s.login("wy-water", "admin");
    const r = await s.gql(
      `mutation { updateTenantSettings(input: { planDueMonthDay: "03-31", samplingFloorPercent: 5, exclusions: { yearlyCapAcrossDepartments: 3 } }) {
        planDueMonthDay samplingFloorPercent exclusions { yearlyCapAcrossDepartments excludeNonActive } } }`,
      {},
      admin,
    );
    expect(r.data!.updateTenantSettings).toEqual({
      planDueMonthDay: "03-31",
      samplingFloorPercent: 5,
      exclusions: { yearlyCapAcrossDepartments: 3, excludeNonActive: true },
    });
    const p = await s.gql(
      `mutation { createPlan(year: 2027, title: "2027年度计划") { dueDate } }`,
      {},
      await s.login("wy-water", "planner"),
    );
    expect(p.data!.createPlan.dueDate).toBe("2027-03-31");
    const bad = await s.gql(
      `mutation { updateTenantSettings(input: { planDueMonthDay: "02-30" }) { planDueMonthDay } }`,
      {},
      admin,
    );
    expect(bad.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "planDueMonthDay" });
    const planner = await s.login("wy-water", "planner");
    expect(
      errorCode(
        await s.gql(
          `mutation { updateTenantSettings(input: { drawEmbargoDays: 1 }) { drawEmbargoDays } }`,
          {},
          planner,
        ),
      ),
    ).toBe("FORBIDDEN");
    // Another department is unaffected.
    const other = await s.gql(`{ tenantSettings { planDueMonthDay } }`, {}, await s.login("wy-edu", "planner"));
    expect(other.data!.tenantSettings.planDueMonthDay).toBe("01-31");
  });
});
