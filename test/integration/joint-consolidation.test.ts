import { Client } from "pg";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { seedDirectory } from "../helpers/fixtures";
import { type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { recordAndPublish as publish } from "../helpers/inspection-steps";

/**
 * Issue 12 for a consolidation (一键合并 of a 重复检查 overlap, origin CONSOLIDATION), over HTTP: wy-drc and wy-samr
 * keep their own draws; each department's own assignment of the shared subject is its part of the joint visit, so
 * publishing its result settles its part, the visit completes once both are, and the public result is marked as
 * part of the joint visit.
 */
let s: TestServer;
let subjectId: string;
const tenants: Record<string, string> = {};
const items: Record<string, string> = {};
const WITNESS = { witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" };
const DATE = "2026-06-20";

const ok = (r: GqlResponse, key: string): any => {
  if (r.errors) throw new Error(`${key}: ${JSON.stringify(r.errors)}`);
  return (r.data as any)[key];
};

/** A department's own published plan and task over the tag, drawn (every subject, one team each). */
async function ownTaskDrawn(code: string, itemId: string, from: string, to: string): Promise<string> {
  const planner = await s.login(code, "planner");
  const supervisor = await s.login(code, "supervisor");
  const plan = ok(
    await s.gql(`mutation { createPlan(year: 2026, title: "自有计划") { id } }`, {}, planner),
    "createPlan",
  );
  ok(await s.gql(`mutation($id: ID!) { submitPlan(id: $id) { status } }`, { id: plan.id }, planner), "submitPlan");
  ok(await s.gql(`mutation($id: ID!) { approvePlan(id: $id) { status } }`, { id: plan.id }, supervisor), "approvePlan");
  ok(await s.gql(`mutation($id: ID!) { publishPlan(id: $id) { status } }`, { id: plan.id }, planner), "publishPlan");
  const task = ok(
    await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId: plan.id,
          name: `${code} 自有抽查任务`,
          kind: "DIRECTED",
          itemIds: [itemId],
          filters: { tags: ["合并测试"] },
          windowFrom: from,
          windowTo: to,
          samplingRule: { default: { mode: "ALL" }, strata: [] },
          stratifyBy: "NONE",
          revisionReason: "测试：计划公布后新增任务（修订）",
          drawEmbargoDays: 0,
        },
      },
      planner,
    ),
    "createTask",
  );
  ok(await s.gql(`mutation($id: ID!) { approveTask(id: $id) { status } }`, { id: task.id }, supervisor), "approveTask");
  ok(
    await s.gql(
      `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
      { id: task.id },
      planner,
    ),
    "lockDraw",
  );
  ok(
    await s.gql(
      `mutation($i: DrawInput!) { drawTask(input: $i) { id } }`,
      { i: { taskId: task.id, witnessEntropy: "7", ...WITNESS } },
      planner,
    ),
    "drawTask",
  );
  return task.id;
}

interface Own {
  id: string;
  tenant_id: string;
  leader_id: string;
  member_ids: string[];
}

/** The department's own assignment recorded on the visit date, its result approved and published. */
const recordAndPublish = (code: string, a: Own) => publish(s, code, a, DATE);

let visitId: string;
let own: Record<string, Own>;
let taskIds: string[];
let secondSubjectId: string;
const VISIT = `query($id: ID!) { jointVisit(id: $id) { status agreedDate publishedBy pendingPublications } }`;

beforeAll(async () => {
  // Draws and the visit date before the windows (2026-06-01 / 06-15 onwards); records after the visit day.
  setClock(clockFrom("2026-05-20T02:00:00Z"));
  s = await startTestServer({ poolSize: 4 });
  const drc = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 800_000,
    subjects: [{ tag: "合并测试", count: 2 }],
    inspectors: 2,
    categories: ["发展改革"],
    items: [{ code: "DRC-C1", name: "管道检查", itemClass: "KEY" }],
  });
  const samr = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-samr",
    codeOffset: 800_100,
    subjects: [],
    inspectors: 2,
    categories: ["市场监管"],
    items: [{ code: "SAMR-C1", name: "特种设备检查", itemClass: "KEY" }],
  });
  subjectId = drc.subjectIds[0];
  Object.assign(tenants, { "wy-drc": drc.tenantId, "wy-samr": samr.tenantId });
  Object.assign(items, { "wy-drc": drc.itemIds["DRC-C1"], "wy-samr": samr.itemIds["SAMR-C1"] });
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  await c.query("BEGIN");
  await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [samr.tenantId]);
  for (const subject of drc.subjectIds)
    await c.query(`INSERT INTO directory_entry (tenant_id, subject_id, tags) VALUES ($1, $2, '{合并测试}')`, [
      samr.tenantId,
      subject,
    ]);
  await c.query("COMMIT");
  await c.end();
  secondSubjectId = drc.subjectIds[1];
  taskIds = [
    await ownTaskDrawn("wy-drc", items["wy-drc"], "2026-06-01", "2026-07-31"),
    await ownTaskDrawn("wy-samr", items["wy-samr"], "2026-06-15", "2026-09-30"),
  ];
  const rows = await s.superuser<Own>(
    `SELECT id, tenant_id, leader_id, member_ids FROM assignment WHERE task_id = ANY ($1) AND subject_id = $2`,
    [taskIds, subjectId],
  );
  expect(rows).toHaveLength(2);
  own = Object.fromEntries(rows.map((r) => [r.tenant_id === drc.tenantId ? "wy-drc" : "wy-samr", r]));

  const coordinator = await s.login("wy-samr", "admin");
  const plan = ok(
    await s.gql(`mutation { createJointPlan(year: 2026, title: "合并检查") { id } }`, {}, coordinator),
    "createJointPlan",
  );
  const visit = ok(
    await s.gql(
      `mutation($i: ConsolidateOverlapInput!) { consolidateJointOverlap(input: $i) { id status } }`,
      { i: { planId: plan.id, subjectId, taskIds } },
      coordinator,
    ),
    "consolidateJointOverlap",
  );
  visitId = visit.id;
  ok(
    await s.gql(
      `mutation($i: JointVisitDateInput!) { proposeJointVisitDate(input: $i) { status } }`,
      { i: { visitId, date: DATE } },
      coordinator,
    ),
    "proposeJointVisitDate",
  );
  for (const code of ["wy-drc", "wy-samr"]) {
    const r = await s.gql(
      `mutation($v: ID!) { acceptJointVisitDate(visitId: $v) { status } }`,
      { v: visitId },
      await s.login(code, "planner"),
    );
    // The coordinator that inspects has accepted its own date already.
    if (r.errors && code !== "wy-samr") throw new Error(JSON.stringify(r.errors));
  }
  expect(ok(await s.gql(VISIT, { id: visitId }, coordinator), "jointVisit")).toMatchObject({
    status: "AGREED",
    agreedDate: DATE,
  });
  setClock(clockFrom("2026-06-22T02:00:00Z"));
});
afterAll(async () => {
  await s.close();
  resetClock();
});

test("each department's own assignment is its part: publishing settles it; the visit completes with both", async () => {
  const coordinator = await s.login("wy-samr", "admin");
  await recordAndPublish("wy-drc", own["wy-drc"]);
  const half = ok(await s.gql(VISIT, { id: visitId }, coordinator), "jointVisit");
  expect(half).toMatchObject({ status: "AGREED", publishedBy: [tenants["wy-drc"]] });
  expect(half.pendingPublications).toEqual([tenants["wy-samr"]]);
  // wy-drc's part is published: it can no longer record a reason for not publishing it.
  const late = await s.gql(
    `mutation($v: ID!) { recordJointPartNotPublished(visitId: $v, reason: "不予公示") { status } }`,
    { v: visitId },
    await s.login("wy-drc", "supervisor"),
  );
  expect(late.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  await recordAndPublish("wy-samr", own["wy-samr"]);
  const done = ok(await s.gql(VISIT, { id: visitId }, coordinator), "jointVisit");
  expect(done.status).toBe("COMPLETE");
  expect([...done.publishedBy].sort()).toEqual([tenants["wy-drc"], tenants["wy-samr"]].sort());
  expect(done.pendingPublications).toEqual([]);
});

test("a department that published before the date was agreed has its part settled when it is agreed", async () => {
  const coordinator = await s.login("wy-samr", "admin");
  const plan = ok(
    await s.gql(`mutation { createJointPlan(year: 2026, title: "合并检查（二）") { id } }`, {}, coordinator),
    "createJointPlan",
  );
  const visit = ok(
    await s.gql(
      `mutation($i: ConsolidateOverlapInput!) { consolidateJointOverlap(input: $i) { id } }`,
      { i: { planId: plan.id, subjectId: secondSubjectId, taskIds } },
      coordinator,
    ),
    "consolidateJointOverlap",
  );
  ok(
    await s.gql(
      `mutation($i: JointVisitDateInput!) { proposeJointVisitDate(input: $i) { status } }`,
      { i: { visitId: visit.id, date: "2026-06-25" } },
      coordinator,
    ),
    "proposeJointVisitDate",
  );
  // wy-drc inspects the subject on its own task before answering the proposed date, and publishes.
  const [drcOwn] = await s.superuser<Own>(
    `SELECT id, tenant_id, leader_id, member_ids FROM assignment WHERE task_id = $1 AND subject_id = $2`,
    [taskIds[0], secondSubjectId],
  );
  await publish(s, "wy-drc", drcOwn, "2026-06-21");
  const before = ok(await s.gql(VISIT, { id: visit.id }, coordinator), "jointVisit");
  expect(before).toMatchObject({ status: "PROPOSED", publishedBy: [] });
  ok(
    await s.gql(
      `mutation($v: ID!) { acceptJointVisitDate(visitId: $v) { status } }`,
      { v: visit.id },
      await s.login("wy-drc", "planner"),
    ),
    "acceptJointVisitDate",
  );
  const agreed = ok(await s.gql(VISIT, { id: visit.id }, coordinator), "jointVisit");
  expect(agreed).toMatchObject({ status: "AGREED", agreedDate: "2026-06-25", publishedBy: [tenants["wy-drc"]] });
  expect(agreed.pendingPublications).toEqual([tenants["wy-samr"]]);
});

test("the public reads both departments' results for the subject, marked as one joint visit", async () => {
  const r = ok(
    await s.gql(
      `{ publishedResults(limit: 100) { items { departmentId subjectName taskName
          jointVisit { visitId taskName departments { id } } } } }`,
    ),
    "publishedResults",
  );
  const mine = r.items.filter((i: any) => i.jointVisit?.visitId === visitId);
  expect(mine.map((i: any) => i.departmentId).sort()).toEqual([tenants["wy-drc"], tenants["wy-samr"]].sort());
  for (const i of mine) {
    expect(i.taskName).toBe(`${i.departmentId === tenants["wy-drc"] ? "wy-drc" : "wy-samr"} 自有抽查任务`);
    expect(i.jointVisit.taskName).toMatch(/^合并检查：/);
    expect(i.jointVisit.departments.map((d: any) => d.id).sort()).toEqual(
      [tenants["wy-drc"], tenants["wy-samr"]].sort(),
    );
  }
});
