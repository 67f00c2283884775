import { clockFrom, resetClock, setClock } from "../../src/time";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import { asSuperuser, jointPartOf, publishResult, recordInspection } from "../helpers/inspection-steps";
import {
  approveAndDraw,
  confirm,
  createJointPlanAndTask,
  JOINT_TEST_CLOCK,
  type JointSetup,
  seedJointDepartments,
  WITNESS,
} from "../helpers/joint-fixture";

/**
 * Issue 5's Done-when over GraphQL: the coordinator (wy-samr) creates a joint plan and task, three departments
 * confirm (wy-drc initiates, wy-samr and wy-emerg join; wy-fire declines), wy-drc draws targets and every department's
 * inspectors from one seed, each target gets one visit with one merged checklist and notice, the visits are agreed
 * and completed, and the region report shows the department-visits avoided.
 */
const VISIT_STATUS = `query($id: ID!) { jointTask(id: $id) { visits { status pendingPublications } } }`;

let s: TestServer;
let setup: JointSetup;
let taskId: string;
let planId: string;

const TASK_QUERY = `query($id: ID!) { jointTask(id: $id) {
  status commitment initiatingDepartment { code }
  participations { department { code } status itemIds declineReason }
  draw { drawnCount record }
  targets { id subjectId leaderId team { leaderId members { id name certificateNo departmentId role rank } } }
  visits { id status targetId subjectId itemsChecked notice noticeHtml inspectionForm inspectionFormHtml
    checklist { lines { lineNo name owners { itemCode departmentName } } counts { itemsContributed lines duplicatesAvoided } } }
} }`;

const superuserCount = async (sql: string, params: unknown[] = []): Promise<number> =>
  Number((await s.superuser(sql, params))[0].n);

beforeAll(async () => {
  // The fixture window is 2026-06-01 to 2026-09-30: draws and visit dates run before it (src/domain/plan/draw-rules).
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 6 });
  setup = await seedJointDepartments(s, 300_000);
  const created = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
    { code: "wy-emerg", itemIds: [setup.emergEntryId] },
    { code: "wy-fire", itemIds: [] },
  ]);
  taskId = created.task.id;
  planId = created.plan.id;
  expect(created.plan.dueDate).toBe("2026-03-31");
  expect(created.task.status).toBe("INVITING");
});
afterAll(async () => {
  await s.close();
  resetClock();
});

describe("bad input", () => {
  test("a joint task needs at least two departments including the initiator", async () => {
    const r = await s.gql(
      `mutation($i: NewJointTaskInput!) { createJointTask(input: $i) { id } }`,
      {
        i: {
          planId,
          name: "单部门",
          initiatingDepartmentId: setup.tenants["wy-drc"],
          departments: [{ departmentId: setup.tenants["wy-samr"] }, { departmentId: setup.tenants["wy-emerg"] }],
          windowFrom: "2026-06-01",
          windowTo: "2026-09-30",
          samplingRule: { default: { mode: "ALL" }, strata: [] },
        },
      },
      await s.login("wy-samr", "admin"),
    );
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "departments" });
    const notCoordinator = await s.gql(
      `mutation { createJointPlan(year: 2026, title: "x") { id } }`,
      {},
      await s.login("wy-drc", "planner"),
    );
    expect(errorCode(notCoordinator)).toBe("FORBIDDEN");
  });

  test("drawing before every department has confirmed is a typed error and writes nothing", async () => {
    const d = await s.gql(
      `mutation($i: DrawInput!) { drawJointTask(input: $i) { id } }`,
      { i: { taskId, witnessEntropy: "1", ...WITNESS } },
      await s.login("wy-drc", "planner"),
    );
    expect(d.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "JOINT_NOT_CONFIRMED" });
    const a = await s.gql(
      `mutation($id: ID!) { approveJointTask(id: $id) { id } }`,
      { id: taskId },
      await s.login("wy-drc", "supervisor"),
    );
    expect(a.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "JOINT_NOT_CONFIRMED" });
    expect(await superuserCount(`SELECT count(*) AS n FROM joint_draw WHERE task_id = $1`, [taskId])).toBe(0);
    expect(await superuserCount(`SELECT count(*) AS n FROM joint_target WHERE task_id = $1`, [taskId])).toBe(0);
    expect(await superuserCount(`SELECT count(*) AS n FROM joint_task_seed WHERE task_id = $1`, [taskId])).toBe(0);
    expect(
      await superuserCount(`SELECT count(*) AS n FROM joint_task WHERE id = $1 AND status = 'INVITING'`, [taskId]),
    ).toBe(1);
  });

  test("a participant may only contribute its own published items; declining needs a reason", async () => {
    const foreign = await confirm(s, "wy-emerg", taskId, { itemIds: [setup.items["SAMR-J01"]] });
    expect(foreign.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "itemIds" });
    const noReason = await s.gql(
      `mutation($t: ID!) { declineJointParticipation(taskId: $t, reason: " ") { status } }`,
      { t: taskId },
      await s.login("wy-fire", "planner"),
    );
    expect(errorCode(noReason)).toBe("BAD_USER_INPUT");
    const initiatorDeclines = await s.gql(
      `mutation($t: ID!) { declineJointParticipation(taskId: $t, reason: "人手不足") { status } }`,
      { t: taskId },
      await s.login("wy-drc", "planner"),
    );
    expect(errorCode(initiatorDeclines)).toBe("CONFLICT");
  });
});

describe("the Done-when path", () => {
  test("three departments confirm their items, one declines with a reason", async () => {
    for (const code of ["wy-drc", "wy-samr"]) expect((await confirm(s, code, taskId)).errors).toBeUndefined();
    const emerg = await confirm(s, "wy-emerg", taskId, {
      teamRule: { subLibrary: "联合检查", minSize: 1, maxSize: 1 },
    });
    expect(emerg.data!.confirmJointParticipation).toEqual({ status: "CONFIRMED", itemIds: [setup.items["EMG-J01"]] });
    const fire = await s.gql(
      `mutation($t: ID!) { declineJointParticipation(taskId: $t, reason: "本季度承担专项整治任务") { status } }`,
      { t: taskId },
      await s.login("wy-fire", "planner"),
    );
    expect(fire.data!.declineJointParticipation.status).toBe("DECLINED");
    const t = await s.gql(TASK_QUERY, { id: taskId }, await s.login("wy-samr", "admin"));
    expect(t.data!.jointTask.participations.map((p: any) => [p.department.code, p.status])).toEqual([
      ["wy-drc", "CONFIRMED"],
      ["wy-emerg", "CONFIRMED"],
      ["wy-fire", "DECLINED"],
      ["wy-samr", "CONFIRMED"],
    ]);
  });

  test("only the initiator's supervisor approves; the initiator's planner draws once with a supervisor witness", async () => {
    const byCoordinator = await s.gql(
      `mutation($id: ID!) { approveJointTask(id: $id) { id } }`,
      { id: taskId },
      await s.login("wy-samr", "admin"),
    );
    expect(errorCode(byCoordinator)).toBe("FORBIDDEN");
    const badWitness = await s.gql(
      `mutation($i: DrawInput!) { drawJointTask(input: $i) { id } }`,
      { i: { taskId, witnessEntropy: "1", witnessUsername: "supervisor", witnessPassword: "x" } },
      await s.login("wy-drc", "planner"),
    );
    expect(errorCode(badWitness)).toBe("CONFLICT"); // not approved yet
    const { approve, draw } = await approveAndDraw(s, taskId);
    expect(approve.data!.approveJointTask).toMatchObject({
      status: "APPROVED",
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(draw.errors).toBeUndefined();
    expect(draw.data!.drawJointTask).toMatchObject({ drawnCount: 3, populationSize: 10 });
    const again = await approveAndDraw(s, taskId);
    expect(errorCode(again.draw)).toBe("CONFLICT");
  });

  test("one mixed team per target: each department's own inspectors, leader from the initiator, one seed", async () => {
    const t = (await s.gql(TASK_QUERY, { id: taskId }, await s.login("wy-drc", "planner"))).data!.jointTask;
    expect(t.status).toBe("DRAWN");
    const record = t.draw.record;
    // One seed, one inspector draw per department: the initiator first, then by department code.
    expect(record.inspectorResults.map((r: any) => r.departmentId)).toEqual([
      setup.tenants["wy-drc"],
      setup.tenants["wy-emerg"],
      setup.tenants["wy-samr"],
    ]);
    expect(t.targets).toHaveLength(3);
    for (const target of t.targets) {
      const members = target.team.members;
      const byDept = (code: string) => members.filter((m: any) => m.departmentId === setup.tenants[code]);
      expect(byDept("wy-drc").length).toBeGreaterThanOrEqual(1);
      expect(byDept("wy-samr").length).toBeGreaterThanOrEqual(1);
      expect(byDept("wy-emerg").map((m: any) => m.name)).toEqual(["检查员甲"]);
      expect(members.length).toBeGreaterThanOrEqual(3);
      const leader = members.find((m: any) => m.role === "LEADER");
      expect(leader.departmentId).toBe(setup.tenants["wy-drc"]);
      expect(target.leaderId).toBe(leader.id);
      for (const m of members) {
        expect(m.certificateNo).toBeTruthy();
        expect(Object.keys(m)).not.toEqual(expect.arrayContaining(["idNumberHash"]));
      }
    }
    expect(JSON.stringify(t)).not.toMatch(/id_number|idNumber/);
  });

  test("every target has one visit with one merged checklist, inspection form and notice", async () => {
    const t = (await s.gql(TASK_QUERY, { id: taskId }, await s.login("wy-emerg", "planner"))).data!.jointTask;
    expect(t.visits).toHaveLength(3);
    expect(new Set(t.visits.map((v: any) => v.subjectId))).toEqual(new Set(t.targets.map((x: any) => x.subjectId)));
    for (const v of t.visits) {
      expect(v.status).toBe("UNSCHEDULED");
      // DRC-J01 on its own line; SAMR-J01 and EMG-J01 are one matter in the joint list: one line, two owners.
      expect(v.checklist.lines.map((l: any) => l.owners.map((o: any) => o.itemCode))).toEqual([
        ["DRC-J01"],
        ["EMG-J01", "SAMR-J01"],
      ]);
      expect(v.checklist.counts).toEqual({ itemsContributed: 3, lines: 2, duplicatesAvoided: 1 });
      expect(v.itemsChecked).toBe(2);
      expect(v.notice.issuer).toBe("五原县发展和改革委员会");
      expect(v.notice.items).toHaveLength(2);
      expect(v.notice.inspectors[0].role).toBe("组长");
      expect(v.notice.inspectors.every((i: any) => i.certificateNo)).toBe(true);
      expect(v.noticeHtml).toContain("部门联合抽查检查通知书");
      expect(v.inspectionForm.rows).toHaveLength(2);
      expect(v.inspectionFormHtml).toContain("抽查情况记录表");
    }
  });

  test("visit dates: proposed, contested, resolved by the coordinator; the agreed date reaches the inspectors", async () => {
    const coordinator = await s.login("wy-samr", "admin");
    const [first, ...rest] = (await s.gql(TASK_QUERY, { id: taskId }, coordinator)).data!.jointTask.visits;
    const mut = (name: string, token: string, input: Record<string, unknown>) =>
      s.gql(
        `mutation($i: JointVisitDateInput!) { ${name}(input: $i) { status agreedDate pendingResponses } }`,
        { i: input },
        token,
      );
    const accept = async (code: string, visitId: string) =>
      s.gql(
        `mutation($v: ID!) { acceptJointVisitDate(visitId: $v) { status agreedDate } }`,
        { v: visitId },
        await s.login(code, "planner"),
      );
    const outside = await mut("proposeJointVisitDate", coordinator, { visitId: first.id, date: "2026-12-01" });
    expect(outside.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "date" });
    const p = await mut("proposeJointVisitDate", coordinator, { visitId: first.id, date: "2026-06-10" });
    expect(p.data!.proposeJointVisitDate.status).toBe("PROPOSED");
    // wy-samr is the coordinator and a participant: it has accepted its own date.
    expect(p.data!.proposeJointVisitDate.pendingResponses.sort()).toEqual(
      [setup.tenants["wy-drc"], setup.tenants["wy-emerg"]].sort(),
    );
    const other = await mut("proposeOtherJointVisitDate", await s.login("wy-emerg", "planner"), {
      visitId: first.id,
      date: "2026-06-12",
    });
    expect(other.data!.proposeOtherJointVisitDate.status).toBe("CONTESTED");
    const notCoordinator = await mut("resolveJointVisitDate", await s.login("wy-drc", "planner"), {
      visitId: first.id,
      date: "2026-06-12",
    });
    expect(errorCode(notCoordinator)).toBe("FORBIDDEN");
    const resolved = await mut("resolveJointVisitDate", coordinator, { visitId: first.id, date: "2026-06-12" });
    expect(resolved.data!.resolveJointVisitDate).toMatchObject({ status: "AGREED", agreedDate: "2026-06-12" });
    for (const v of rest) {
      await mut("proposeJointVisitDate", await s.login("wy-drc", "planner"), { visitId: v.id, date: "2026-07-01" });
      expect((await accept("wy-drc", v.id)).data!.acceptJointVisitDate.status).toBe("PROPOSED");
      expect((await accept("wy-emerg", v.id)).data!.acceptJointVisitDate).toEqual({
        status: "AGREED",
        agreedDate: "2026-07-01",
      });
    }
    const inspector = await s.login("wy-emerg", "inspector1");
    const mine = await s.gql(`{ myJointVisits { id agreedDate status } }`, {}, inspector);
    expect(mine.data!.myJointVisits.map((v: any) => v.agreedDate).sort()).toEqual([
      "2026-06-12",
      "2026-07-01",
      "2026-07-01",
    ]);
    const events = await s.gql(`{ myEvents(since: "0") { items { topic payload } } }`, {}, inspector);
    const payloads = events
      .data!.myEvents.items.filter((e: any) => e.topic === "ASSIGNMENT")
      .map((e: any) => e.payload);
    expect(payloads.filter((p: any) => p.change === "ASSIGNED" && p.jointTaskId === taskId)).toHaveLength(3);
    expect(payloads.filter((p: any) => p.change === "DATE_AGREED")).toHaveLength(3);
    const progress = await s.gql(
      `{ jointProgressEvents(since: "0", limit: 500) { items { payload } } }`,
      {},
      await s.login("wy-emerg", "planner"),
    );
    expect(progress.data!.jointProgressEvents.items.map((e: any) => e.payload.event)).toEqual(
      expect.arrayContaining(["INVITED", "CONFIRMED", "APPROVED", "DRAWN", "VISIT_RESOLVE"]),
    );
  });

  test("each participant publishes its part; the region report shows the department-visits avoided", async () => {
    const visits = (await s.gql(TASK_QUERY, { id: taskId }, await s.login("wy-samr", "admin"))).data!.jointTask.visits;
    // 谁检查、谁公示: a part is settled only by publishing its result (there is no flag to set by hand). The visits
    // took place on their agreed dates (2026-06-12, 2026-07-01): the one clock stands after them.
    setClock(clockFrom("2026-07-03T02:00:00Z"));
    const dates = await asSuperuser(s, async (c) =>
      Object.fromEntries(
        (await c.query(`SELECT id, agreed_date::text AS d FROM joint_visit WHERE task_id = $1`, [taskId])).rows.map(
          (r: { id: string; d: string }) => [r.id, r.d],
        ),
      ),
    );
    for (const v of visits)
      for (const code of ["wy-drc", "wy-samr", "wy-emerg"]) {
        const part = await jointPartOf(s, code, v.id);
        const { team } = await recordInspection(s, code, part, dates[v.id]);
        await publishResult(s, code, part, team[0]);
      }
    const settled = (await s.gql(VISIT_STATUS, { id: taskId }, await s.login("wy-samr", "admin"))).data!.jointTask;
    expect(settled.visits.map((v: { status: string; pendingPublications: string[] }) => v)).toEqual(
      visits.map(() => ({ status: "COMPLETE", pendingPublications: [] })),
    );
    const report = await s.gql(
      `{ jointRegionReport(year: 2026) { region { participatingDepartments targets visits visitsDone itemsChecked departmentVisitsAvoided }
         plans { plan { id } report { departmentVisitsAvoided } } } }`,
      {},
      await s.login("wy-samr", "admin"),
    );
    expect(report.data!.jointRegionReport.region).toEqual({
      participatingDepartments: 3,
      targets: 3,
      visits: 3,
      visitsDone: 3,
      itemsChecked: 6,
      departmentVisitsAvoided: 6,
    });
    expect(report.data!.jointRegionReport.plans.find((p: any) => p.plan.id === planId).report).toEqual({
      departmentVisitsAvoided: 6,
    });
  });

  test("the coordinator sees per department how many joint tasks it initiated and joined this year", async () => {
    const r = await s.gql(
      `{ jointParticipationCounts(year: 2026) { department { code } initiated joined meetsRequirement } }`,
      {},
      await s.login("wy-samr", "admin"),
    );
    const by = Object.fromEntries(r.data!.jointParticipationCounts.map((c: any) => [c.department.code, c]));
    expect(by["wy-drc"].initiated).toBeGreaterThanOrEqual(1);
    expect(by["wy-emerg"]).toMatchObject({ joined: 1, meetsRequirement: true });
    expect(by["wy-fire"]).toMatchObject({ joined: 0 });
    expect(by["wy-tax"]).toMatchObject({ initiated: 0, joined: 0, meetsRequirement: false });
    const notCoordinator = await s.gql(
      `{ jointParticipationCounts(year: 2026) { initiated } }`,
      {},
      await s.login("wy-drc", "planner"),
    );
    expect(errorCode(notCoordinator)).toBe("FORBIDDEN");
  });
});
