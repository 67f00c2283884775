import { Client } from "pg";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import {
  approveAndDraw,
  confirm,
  createJointPlanAndTask,
  JOINT_TEST_CLOCK,
  type JointSetup,
  seedJointDepartments,
} from "../helpers/joint-fixture";

/**
 * Cross-tenant visibility of joint data is RLS keyed on joint_participation: a joint draw runs only under a published
 * plan, so wy-fire (declined) and wy-tax (never invited) read the public part (the plan, its task, the confirmed
 * participations, the draw record past its embargo) and zero rows of the seed, targets, teams and visits through every query, by id
 * too, over GraphQL and as the runtime role in SQL; the flag-gated policy branches cannot raise that.
 */
let s: TestServer;
let setup: JointSetup;
let taskId: string;
let planId: string;
let visitId: string;
let targetSubject: string;

beforeAll(async () => {
  // The fixture window is 2026-06-01 to 2026-09-30: draws and visit dates run before it (src/domain/plan/draw-rules).
  setClock(clockFrom(JOINT_TEST_CLOCK));
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
afterAll(async () => {
  await s.close();
  resetClock();
});

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
  test("reads the published plan and task but zero rows of targets, teams and visits, by id too", async () => {
    const token = await s.login(code, "planner");
    const task = await s.gql(
      `query($id: ID!) { jointTask(id: $id) { id targets { id } visits { id } draw { id } participations { status } } }`,
      { id: taskId },
      token,
    );
    expect(task.errors).toBeUndefined();
    // The draw record is public once its embargo (0 days for wy-drc) has passed; targets and visits never are.
    expect(task.data!.jointTask).toMatchObject({
      id: taskId,
      targets: [],
      visits: [],
      draw: { id: expect.any(String) },
    });
    expect(task.data!.jointTask.participations.map((p: any) => p.status)).toEqual(["CONFIRMED", "CONFIRMED"]);
    const plan = await s.gql(`query($id: ID!) { jointPlan(id: $id) { id status } }`, { id: planId }, token);
    expect(plan.data!.jointPlan).toEqual({ id: planId, status: "PUBLISHED" });
    const visit = await s.gql(`query($id: ID!) { jointVisit(id: $id) { id } }`, { id: visitId }, token);
    expect(errorCode(visit)).toBe("NOT_FOUND");
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
    expect(d.plans.items.map((p: any) => p.id)).toContain(planId);
    expect(d.tasks.items.map((t: any) => t.id)).toContain(taskId);
    expect(d.planTasks.total).toBe(1);
    expect(d.visits.total).toBe(0);
    expect(d.allVisits.items.map((v: any) => v.taskId)).not.toContain(taskId);
    expect(d.mine.items.map((p: any) => p.taskId)).not.toContain(taskId);
    expect(d.report.region).toEqual({ visits: 0, targets: 0 });
    // The published plan is listed in the report, with nothing of its visits.
    expect(d.report.plans.map((p: any) => p.plan.id)).toContain(planId);
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

  test("as the runtime role in SQL: only the public rows, and the definer-only flags do nothing", async () => {
    // plan, task, confirmed participations are public; seed, targets and visits are not; the draw only past its
    // embargo by the business clock (app.now), which this bare transaction does not set.
    const PUBLIC = [1, 1, 2, 0, 0, 0, 0, 0];
    await asRuntime(code, async (c) => {
      expect(await counts(c)).toEqual(PUBLIC);
      expect((await c.query(`SELECT joint_task_visible($1) AS v`, [taskId])).rows[0].v).toBe(false);
      await c.query(
        `SELECT set_config('app.joint_visibility', 'on', true), set_config('app.joint_pool_tenant', $1, true),
                set_config('app.joint_overlap', 'on', true)`,
        [setup.tenants["wy-drc"]],
      );
      expect(await counts(c)).toEqual(PUBLIC);
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
