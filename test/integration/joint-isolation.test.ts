import { Client } from "pg";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import {
  approveAndDraw,
  confirm,
  createJointPlanAndTask,
  type JointSetup,
  seedJointDepartments,
} from "../helpers/joint-fixture";

/**
 * Cross-tenant visibility of joint data is RLS keyed on joint_participation: wy-fire (declined) and wy-tax (never
 * invited) read zero rows of the task, its plan, participations, draw, targets, teams and visits through every query,
 * by id too, over GraphQL and as the runtime role in SQL; the flag-gated policy branches cannot be raised by it.
 */
let s: TestServer;
let setup: JointSetup;
let taskId: string;
let planId: string;
let visitId: string;
let targetSubject: string;

beforeAll(async () => {
  s = await startTestServer({ poolSize: 4 });
  setup = await seedJointDepartments(s, 400_000);
  const created = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
    { code: "wy-fire", itemIds: [] },
  ]);
  taskId = created.task.id;
  planId = created.plan.id;
  for (const code of ["wy-drc", "wy-samr"]) expect((await confirm(s, code, taskId)).errors).toBeUndefined();
  const declined = await s.gql(
    `mutation($t: ID!) { declineJointParticipation(taskId: $t, reason: "无相关执法职责") { status } }`,
    { t: taskId },
    await s.login("wy-fire", "planner"),
  );
  expect(declined.errors).toBeUndefined();
  const { draw } = await approveAndDraw(s, taskId);
  expect(draw.errors).toBeUndefined();
  const visits = await s.gql(
    `query($t: ID!) { jointVisits(taskId: $t) { items { id subjectId } } }`,
    { t: taskId },
    await s.login("wy-samr", "admin"),
  );
  visitId = visits.data!.jointVisits.items[0].id;
  targetSubject = visits.data!.jointVisits.items[0].subjectId;
  const proposed = await s.gql(
    `mutation($i: JointVisitDateInput!) { proposeJointVisitDate(input: $i) { status } }`,
    { i: { visitId, date: "2026-06-15" } },
    await s.login("wy-samr", "admin"),
  );
  expect(proposed.errors).toBeUndefined();
});
afterAll(() => s.close());

async function asRuntime<T>(tenantCode: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: s.db.appUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', 'ADMIN,PLANNER', true)`, [
      setup.tenants[tenantCode],
    ]);
    return await fn(c);
  } finally {
    await c.query("ROLLBACK").catch(() => undefined);
    await c.end();
  }
}

/** One query after the other: a pg client runs one query at a time (pg 8 deprecates queueing a second). */
const counts = async (c: Client) => {
  const out: number[] = [];
  for (const [sql, id] of [
    [`SELECT count(*) AS n FROM joint_plan WHERE id = $1`, planId],
    [`SELECT count(*) AS n FROM joint_task WHERE id = $1`, taskId],
    [`SELECT count(*) AS n FROM joint_participation WHERE task_id = $1`, taskId],
    [`SELECT count(*) AS n FROM joint_task_seed WHERE task_id = $1`, taskId],
    [`SELECT count(*) AS n FROM joint_draw WHERE task_id = $1`, taskId],
    [`SELECT count(*) AS n FROM joint_target WHERE task_id = $1`, taskId],
    [`SELECT count(*) AS n FROM joint_visit WHERE task_id = $1`, taskId],
    [`SELECT count(*) AS n FROM joint_visit WHERE id = $1`, visitId],
  ])
    out.push(Number((await c.query(sql, [id])).rows[0].n));
  return out;
};

describe.each(["wy-fire", "wy-tax"])("%s (declined / never invited)", (code) => {
  test("reads zero rows of the joint task through every GraphQL query, by id too", async () => {
    const token = await s.login(code, "planner");
    const byId = [
      [`query($id: ID!) { jointTask(id: $id) { id } }`, taskId],
      [`query($id: ID!) { jointPlan(id: $id) { id } }`, planId],
      [`query($id: ID!) { jointVisit(id: $id) { id } }`, visitId],
    ] as const;
    for (const [q, id] of byId) expect(errorCode(await s.gql(q, { id }, token))).toBe("NOT_FOUND");
    const lists = await s.gql(
      `query($p: ID!, $t: ID!) {
        plans: jointPlans(limit: 500) { items { id } }
        tasks: jointTasks(limit: 500) { items { id } }
        planTasks: jointTasks(planId: $p) { total }
        visits: jointVisits(taskId: $t) { total }
        allVisits: jointVisits(limit: 500) { items { taskId } }
        mine: myJointParticipations(limit: 500) { items { taskId } }
        report: jointRegionReport(year: 2026) { region { visits targets } plans { plan { id } } }
      }`,
      { p: planId, t: taskId },
      token,
    );
    expect(lists.errors).toBeUndefined();
    const d = lists.data!;
    expect(d.plans.items.map((p: any) => p.id)).not.toContain(planId);
    expect(d.tasks.items.map((t: any) => t.id)).not.toContain(taskId);
    expect(d.planTasks.total).toBe(0);
    expect(d.visits.total).toBe(0);
    expect(d.allVisits.items.map((v: any) => v.taskId)).not.toContain(taskId);
    expect(d.mine.items.map((p: any) => p.taskId)).not.toContain(taskId);
    expect(d.report.region).toEqual({ visits: 0, targets: 0 });
    expect(d.report.plans.map((p: any) => p.plan.id)).not.toContain(planId);
    const accept = await s.gql(`mutation($v: ID!) { acceptJointVisitDate(visitId: $v) { id } }`, { v: visitId }, token);
    expect(errorCode(accept)).toBe("NOT_FOUND");
    const confirmAgain = await s.gql(
      `mutation($i: ConfirmJointParticipationInput!) { confirmJointParticipation(input: $i) { id } }`,
      { i: { taskId } },
      token,
    );
    expect(errorCode(confirmAgain)).toBe("NOT_FOUND");
    const inspector = await s.gql(`{ myJointVisits { id } }`, {}, await s.login(code, "inspector1"));
    expect(inspector.data!.myJointVisits).toEqual([]);
  });

  test("as the runtime role in SQL: zero rows in every joint table, and the definer-only flags do nothing", async () => {
    await asRuntime(code, async (c) => {
      expect(await counts(c)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect((await c.query(`SELECT joint_task_visible($1) AS v`, [taskId])).rows[0].v).toBe(false);
      await c.query(
        `SELECT set_config('app.joint_visibility', 'on', true), set_config('app.joint_pool_tenant', $1, true),
                set_config('app.joint_overlap', 'on', true)`,
        [setup.tenants["wy-drc"]],
      );
      expect(await counts(c)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      const inspectors = await c.query(`SELECT count(*) AS n FROM inspector WHERE tenant_id = $1`, [
        setup.tenants["wy-drc"],
      ]);
      expect(Number(inspectors.rows[0].n)).toBe(0);
      const assignments = await c.query(`SELECT count(*) AS n FROM assignment WHERE tenant_id <> $1`, [
        setup.tenants[code],
      ]);
      expect(Number(assignments.rows[0].n)).toBe(0);
      await c.query("SAVEPOINT pool");
      await expect(
        c.query(`SELECT joint_inspector_pool($1, $2, current_date, 0)`, [taskId, setup.tenants["wy-drc"]]),
      ).rejects.toThrow(/joint_inspector_pool/);
      await c.query("ROLLBACK TO SAVEPOINT pool");
      await expect(c.query(`SELECT * FROM joint_overlap_pairs('2000-01-01', '2100-01-01')`)).rejects.toThrow(
        /coordinator only/,
      );
    });
  });
});

describe("participants", () => {
  test("a confirmed participant sees the task, its targets and visits, but never another department's inspectors", async () => {
    await asRuntime("wy-samr", async (c) => {
      const [plan, task, participations, seed, draw, targets, visits, visit] = await counts(c);
      expect({ plan, task, participations, seed, draw, targets, visits, visit }).toEqual({
        plan: 1,
        task: 1,
        participations: 3,
        seed: 0, // the secret seed is the initiating department's only
        draw: 1,
        targets: 3,
        visits: 3,
        visit: 1,
      });
      const inspectors = await c.query(`SELECT count(*) AS n FROM inspector WHERE tenant_id = $1`, [
        setup.tenants["wy-drc"],
      ]);
      expect(Number(inspectors.rows[0].n)).toBe(0);
      // Only the initiator may read a participant's pool, and only for an APPROVED task.
      await expect(
        c.query(`SELECT joint_inspector_pool($1, $2, current_date, 0)`, [taskId, setup.tenants["wy-drc"]]),
      ).rejects.toThrow(/joint_inspector_pool/);
    });
  });

  test("the participant's GraphQL view of the visit names the subject and the team without ID numbers", async () => {
    const r = await s.gql(
      `query($id: ID!) { jointVisit(id: $id) { subject { id name } target { team { members { name certificateNo departmentId } } } status } }`,
      { id: visitId },
      await s.login("wy-samr", "planner"),
    );
    expect(r.data!.jointVisit.subject.id).toBe(targetSubject);
    expect(r.data!.jointVisit.status).toBe("PROPOSED");
    expect(JSON.stringify(r.data)).not.toMatch(/idNumber|id_number|last4/i);
  });
});
