import { Client } from "pg";
import { chinaToday } from "../../src/time";
import { lockDrawNow } from "../helpers/draw-lock";
import { atFixtureClock } from "../helpers/fixture-clock";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * 审核与编制分离: a person who holds every role (inspector, planner and supervisor) still cannot approve the plan,
 * task or result they authored or submitted, over HTTP and over graphql-ws; another supervisor can. The database
 * refuses the same write as the runtime role, whatever the service does.
 */
let s: TestServer;
let ids: DirectoryIds;
let transports: Transport[];
let planner: string;
let supervisor: string;
let dual: string;
let member: string;
let planId: string;
let taskId: string;
let assignmentId: string;
let resultId: string;

const WITNESS = { witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" };

async function asOwner<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', 'ADMIN', true)`, [
      ids.tenantId,
    ]);
    const out = await fn(c);
    await c.query("COMMIT");
    return out;
  } finally {
    await c.end();
  }
}

const ok = <T = any>(r: GqlResponse, key: string): T => {
  expect(r.errors).toBeUndefined();
  return r.data![key] as T;
};
const gql = (query: string, id: string, token: string) => s.gql(query, { id }, token);

/** The maker's approval fails on both transports with the one typed error; the status does not move. */
async function refusedOnBothTransports(mutation: string, id: string): Promise<void> {
  for (const t of transports) {
    const r = await t.run(`mutation($id: ID!) { ${mutation}(id: $id) { id } }`, { id }, dual);
    expect({ transport: t.name, code: errorCode(r) }).toEqual({ transport: t.name, code: "RULE_VIOLATION" });
    expect(r.errors![0].extensions).toMatchObject({ rule: "MAKER_CHECKER" });
    expect(r.errors![0].message).toMatch(/不能审核本人编制或提交的/);
  }
}

// The task windows are 2026-03-01 to 2026-09-30: the draws run inside them (src/domain/plan/draw-rules).
atFixtureClock();

beforeAll(async () => {
  s = await startTestServer({ poolSize: 6 });
  transports = transportsOf(s);
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 700_000,
    subjects: [{ tag: "测试审核分离", count: 2 }],
    inspectors: 4,
    categories: ["发展改革"],
    items: [{ code: "DRC-701", name: "石油天然气管道保护的监督检查", itemClass: "KEY" }],
  });
  // inspector1 holds every role of the flow: inspector (team leader), planner and supervisor.
  await asOwner((c) =>
    c.query(
      `UPDATE app_user SET roles = ARRAY['INSPECTOR','PLANNER','SUPERVISOR'] WHERE tenant_id = $1 AND username = 'inspector1'`,
      [ids.tenantId],
    ),
  );
  planner = await s.login("wy-drc", "planner");
  supervisor = await s.login("wy-drc", "supervisor");
  dual = await s.login("wy-drc", "inspector1");
  member = await s.login("wy-drc", "inspector2");
});
afterAll(async () => {
  for (const t of transports ?? []) await t.close();
  await s?.close();
});

describe("nobody approves what they submitted, even holding both roles", () => {
  test("annual plan: the author who submitted it cannot approve it; another supervisor can", async () => {
    planId = ok(
      await s.gql(`mutation { createPlan(year: 2026, title: "审核分离测试计划") { id } }`, {}, dual),
      "createPlan",
    ).id;
    ok(await gql(`mutation($id: ID!) { submitPlan(id: $id) { status } }`, planId, dual), "submitPlan");
    await refusedOnBothTransports("approvePlan", planId);
    expect(ok(await gql(`query($id: ID!) { plan(id: $id) { status } }`, planId, dual), "plan").status).toBe(
      "SUBMITTED",
    );
    expect(
      ok(await gql(`mutation($id: ID!) { approvePlan(id: $id) { status } }`, planId, supervisor), "approvePlan"),
    ).toEqual({ status: "APPROVED" });
  });

  test("a plan written by one person and submitted by another is approved by neither", async () => {
    const other = ok(
      await s.gql(`mutation { createPlan(year: 2027, title: "他人提交的计划") { id } }`, {}, dual),
      "createPlan",
    );
    ok(await gql(`mutation($id: ID!) { submitPlan(id: $id) { status } }`, other.id, planner), "submitPlan");
    await refusedOnBothTransports("approvePlan", other.id);
  });

  test("task: its author cannot approve it (approval commits the draw's seed); another supervisor can", async () => {
    taskId = ok(
      await s.gql(
        `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
        {
          i: {
            planId,
            name: "审核分离测试任务",
            kind: "DIRECTED",
            itemIds: [ids.itemIds["DRC-701"]],
            filters: { tags: ["测试审核分离"] },
            windowFrom: "2026-03-01",
            windowTo: "2026-09-30",
            samplingRule: { default: { mode: "ALL" } },
            stratifyBy: "NONE",
            teamRule: { minSize: 2, maxSize: 2 },
          },
        },
        dual,
      ),
      "createTask",
    ).id;
    await refusedOnBothTransports("approveTask", taskId);
    const t = ok(await gql(`query($id: ID!) { task(id: $id) { status commitment } }`, taskId, dual), "task");
    expect(t).toEqual({ status: "DRAFT", commitment: null });
    expect(
      ok(await gql(`mutation($id: ID!) { approveTask(id: $id) { status } }`, taskId, supervisor), "approveTask"),
    ).toEqual({ status: "APPROVED" });
  });

  test("result: the team leader who submitted it cannot approve it; another supervisor can", async () => {
    await lockDrawNow(s.gql, taskId, planner);
    const d = ok(
      await s.gql(
        `mutation($i: DrawInput!) { drawTask(input: $i) { assignments { id leaderId memberIds } } }`,
        { i: { taskId, witnessEntropy: "4-2", ...WITNESS } },
        planner,
      ),
      "drawTask",
    );
    const a = d.assignments[0];
    assignmentId = a.id;
    await asOwner(async (c) => {
      const users = (
        await c.query(`SELECT id, username FROM app_user WHERE tenant_id = $1 AND username LIKE 'inspector%'`, [
          ids.tenantId,
        ])
      ).rows;
      const uid = (n: string) => users.find((u) => u.username === n).id;
      await c.query(`UPDATE inspector SET user_id = NULL WHERE user_id = ANY ($1)`, [users.map((u) => u.id)]);
      await c.query(`UPDATE inspector SET user_id = $1 WHERE id = $2`, [uid("inspector1"), a.leaderId]);
      const other = a.memberIds.find((m: string) => m !== a.leaderId);
      await c.query(`UPDATE inspector SET user_id = $1 WHERE id = $2`, [uid("inspector2"), other]);
    });
    const on = (m: string, token: string, extra = "") =>
      s.gql(`mutation($id: ID!) { ${m}(assignmentId: $id${extra}) { assignmentId } }`, { id: assignmentId }, token);
    ok(
      await s.gql(
        `mutation($id: ID!) { acceptAssignment(assignmentId: $id) { status } }`,
        { id: assignmentId },
        member,
      ),
      "acceptAssignment",
    );
    ok(
      await s.gql(
        `mutation($id: ID!) { startInspection(assignmentId: $id, input: { mode: ON_SITE }) { status } }`,
        { id: assignmentId },
        dual,
      ),
      "startInspection",
    );
    ok(
      await s.gql(
        `mutation($i: InspectionRecordInput!) { saveInspectionRecord(input: $i) { assignmentId } }`,
        {
          i: {
            assignmentId,
            inspectedOn: chinaToday(),
            situation: "现场检查管道标识，未发现问题。",
            handlingOpinion: "无",
            identityShown: true,
            noticeShown: true,
            lines: [
              { checkItemId: ids.itemIds["DRC-701"], checked: true, result: "符合", rectificationOrdered: false },
            ],
          },
        },
        dual,
      ),
      "saveInspectionRecord",
    );
    ok(
      await s.gql(
        `mutation($i: TargetSignoffInput!) { recordTargetSignoff(input: $i) { assignmentId } }`,
        { i: { assignmentId, signerName: "王经理", signerRole: "企业负责人" } },
        dual,
      ),
      "recordTargetSignoff",
    );
    for (const t of [dual, member]) ok(await on("signInspectionRecord", t), "signInspectionRecord");
    ok(
      await s.gql(
        `mutation($id: ID!) { completeInspectionRecord(assignmentId: $id) { status } }`,
        { id: assignmentId },
        dual,
      ),
      "completeInspectionRecord",
    );
    resultId = ok(
      await s.gql(
        `mutation($id: ID!) { saveInspectionResult(assignmentId: $id, input: { categoryCode: "NO_PROBLEM" }) { id } }`,
        { id: assignmentId },
        dual,
      ),
      "saveInspectionResult",
    ).id;
    ok(
      await gql(`mutation($id: ID!) { submitInspectionResult(id: $id) { status } }`, resultId, dual),
      "submitInspectionResult",
    );
    await refusedOnBothTransports("approveInspectionResult", resultId);
    const approved = ok(
      await gql(`mutation($id: ID!) { approveInspectionResult(id: $id) { status } }`, resultId, supervisor),
      "approveInspectionResult",
    );
    expect(approved).toEqual({ status: "APPROVED" });
  });
});

describe("the database floor (runtime role)", () => {
  /** As the runtime role, in the department's transaction: a direct write that sets approved_by to a maker. */
  async function asRuntime(sql: string, params: unknown[]): Promise<{ code?: string }> {
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    try {
      await c.query("BEGIN");
      await c.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', 'ADMIN', true)`, [
        ids.tenantId,
      ]);
      await c.query(sql, params);
      await c.query("ROLLBACK");
      return {};
    } catch (e) {
      return { code: (e as { code?: string }).code };
    } finally {
      await c.end();
    }
  }

  test.each([
    ["annual_plan", "submitted_by", () => planId],
    ["annual_plan", "created_by", () => planId],
    ["inspection_task", "created_by", () => taskId],
    ["inspection_result", "submitted_by", () => resultId],
  ])("%s: approved_by = %s is refused", async (table, maker, id) => {
    const r = await asRuntime(`UPDATE ${table} SET approved_by = ${maker} WHERE id = $1`, [id()]);
    expect(r.code).toBe("JC001");
  });

  test("the same trigger guards every approvable table, joint tasks included", async () => {
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    const { rows } = await c.query(
      `SELECT tgrelid::regclass::text AS t FROM pg_trigger WHERE tgname LIKE '%_maker_checker' ORDER BY 1`,
    );
    await c.end();
    expect(rows.map((r) => r.t)).toEqual(["annual_plan", "inspection_result", "inspection_task", "joint_task"]);
  });

  test("another approver passes the trigger (the floor refuses makers only)", async () => {
    const r = await asRuntime(`UPDATE annual_plan SET approved_by = gen_random_uuid() WHERE id = $1`, [planId]);
    expect(r).toEqual({});
  });
});
