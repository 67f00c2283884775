import { Client } from "pg";
import { clockFrom, now, setClock } from "../../src/time";
import { atFixtureClock } from "../helpers/fixture-clock";
import { seedDirectory } from "../helpers/fixtures";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/**
 * 消除重复检查: wy-drc and wy-samr each draw the same three subjects in their own tasks with overlapping windows; the
 * coordinator sees the overlaps (aggregated across tenants by a narrow function) and consolidates one in one click.
 */
let s: TestServer;
let subjectIds: string[];
let embargoedSubjects: string[];
let tenants: { drc: string; samr: string };
const WITNESS = { witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" };

async function ownTaskDrawn(
  code: string,
  itemId: string,
  from: string,
  to: string,
  opts: { publish?: boolean; embargoDays?: number; tag?: string; year?: number } = {},
): Promise<string> {
  const planner = await s.login(code, "planner");
  const supervisor = await s.login(code, "supervisor");
  const gql = async (q: string, v: Record<string, unknown>, t: string) => {
    const r = await s.gql(q, v, t);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const plan = (
    await gql(
      `mutation($y: Int!) { createPlan(year: $y, title: "自有计划") { id } }`,
      { y: opts.year ?? 2026 },
      planner,
    )
  ).createPlan.id;
  await gql(`mutation($id: ID!) { submitPlan(id: $id) { status } }`, { id: plan }, planner);
  await gql(`mutation($id: ID!) { approvePlan(id: $id) { status } }`, { id: plan }, supervisor);
  await gql(`mutation($id: ID!) { publishPlan(id: $id) { status } }`, { id: plan }, planner);
  const task = (
    await gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId: plan,
          name: "自有抽查任务",
          kind: "DIRECTED",
          itemIds: [itemId],
          filters: { tags: [opts.tag ?? "重叠测试"] },
          windowFrom: from,
          windowTo: to,
          samplingRule: { default: { mode: "ALL" }, strata: [] },
          stratifyBy: "NONE",
          revisionReason: "测试：计划公布后新增任务（修订）",
          drawEmbargoDays: opts.embargoDays ?? 0,
        },
      },
      planner,
    )
  ).createTask.id;
  await gql(`mutation($id: ID!) { approveTask(id: $id) { status } }`, { id: task }, supervisor);
  await gql(
    `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
    { id: task },
    planner,
  );
  await gql(
    `mutation($i: DrawInput!) { drawTask(input: $i) { id } }`,
    { i: { taskId: task, witnessEntropy: "6", ...WITNESS } },
    planner,
  );
  return task;
}

// The 2026 windows end on 2026-07-31 and 2026-09-30: the draws run before (src/domain/plan/draw-rules).
const restoreClock = atFixtureClock();

beforeAll(async () => {
  s = await startTestServer({ poolSize: 4 });
  const drc = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 500_000,
    subjects: [
      { tag: "重叠测试", count: 3 },
      { tag: "禁期测试", count: 2 },
    ],
    inspectors: 4,
    categories: ["发展改革"],
    items: [{ code: "DRC-O1", name: "管道检查", itemClass: "KEY" }],
  });
  const samr = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-samr",
    codeOffset: 500_100,
    subjects: [],
    inspectors: 4,
    categories: ["市场监管"],
    items: [{ code: "SAMR-O1", name: "特种设备检查", itemClass: "KEY" }],
  });
  subjectIds = drc.subjectIds.slice(0, 3);
  embargoedSubjects = drc.subjectIds.slice(3);
  tenants = { drc: drc.tenantId, samr: samr.tenantId };
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  await c.query("BEGIN");
  await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [samr.tenantId]);
  await c.query(
    `INSERT INTO directory_entry (tenant_id, subject_id, tags) SELECT $1, unnest($2::uuid[]), '{重叠测试}'`,
    [samr.tenantId, subjectIds],
  );
  await c.query(
    `INSERT INTO directory_entry (tenant_id, subject_id, tags) SELECT $1, unnest($2::uuid[]), '{禁期测试}'`,
    [samr.tenantId, embargoedSubjects],
  );
  await c.query("COMMIT");
  await c.end();
  // wy-drc's plan is published (its draws are public); the coordinator's own pairs count whether public or not.
  await ownTaskDrawn("wy-drc", drc.itemIds["DRC-O1"], "2026-05-01", "2026-07-31", { publish: true });
  await ownTaskDrawn("wy-samr", samr.itemIds["SAMR-O1"], "2026-07-01", "2026-09-30");
  // 2027: wy-drc's draw of 禁期测试 is under a 30-day embargo.
  const y2027 = { tag: "禁期测试", year: 2027 };
  await ownTaskDrawn("wy-drc", drc.itemIds["DRC-O1"], "2027-05-01", "2027-07-31", {
    ...y2027,
    publish: true,
    embargoDays: 30,
  });
  await ownTaskDrawn("wy-samr", samr.itemIds["SAMR-O1"], "2027-06-01", "2027-08-31", y2027);
});
afterAll(() => s.close());

test("the coordinator sees the overlaps and consolidates one into a joint visit; others may not look", async () => {
  const admin = await s.login("wy-samr", "admin");
  const q = `{ jointOverlaps(from: "2026-01-01", to: "2026-12-31") { subjectId departmentIds windowFrom windowTo visitsAvoided tasks { taskId } } }`;
  const r = await s.gql(q, {}, admin);
  expect(r.errors).toBeUndefined();
  const mine = r.data!.jointOverlaps.filter((c: any) => subjectIds.includes(c.subjectId));
  expect(mine).toHaveLength(3);
  expect(mine[0]).toMatchObject({ windowFrom: "2026-07-01", windowTo: "2026-07-31", visitsAvoided: 1 });
  expect(errorCode(await s.gql(q, {}, await s.login("wy-drc", "admin")))).toBe("FORBIDDEN");

  const plan = await s.gql(`mutation { createJointPlan(year: 2026, title: "合并检查") { id } }`, {}, admin);
  const c = mine[0];
  const merged = await s.gql(
    `mutation($i: ConsolidateOverlapInput!) { consolidateJointOverlap(input: $i) {
       id status participantIds itemsChecked checklist { counts { lines } } notice } }`,
    {
      i: { planId: plan.data!.createJointPlan.id, subjectId: c.subjectId, taskIds: c.tasks.map((t: any) => t.taskId) },
    },
    admin,
  );
  expect(merged.errors).toBeUndefined();
  expect(merged.data!.consolidateJointOverlap).toMatchObject({ status: "UNSCHEDULED", itemsChecked: 2 });
  expect(merged.data!.consolidateJointOverlap.participantIds.sort()).toEqual([...c.departmentIds].sort());
  // The visit is shared with both departments; the overlap is gone from the list.
  const seen = await s.gql(
    `query($id: ID!) { jointVisit(id: $id) { id } }`,
    { id: merged.data!.consolidateJointOverlap.id },
    await s.login("wy-drc", "planner"),
  );
  expect(seen.data!.jointVisit.id).toBe(merged.data!.consolidateJointOverlap.id);
  const after = (await s.gql(q, {}, admin)).data!.jointOverlaps.filter((x: any) => subjectIds.includes(x.subjectId));
  expect(after.map((x: any) => x.subjectId)).not.toContain(c.subjectId);
  expect(after).toHaveLength(2);
});

test("consolidating into a published joint plan is a public revision: refused without a reason, recorded with one", async () => {
  const admin = await s.login("wy-samr", "admin");
  const q = `{ jointOverlaps(from: "2026-01-01", to: "2026-12-31") { subjectId tasks { taskId } } }`;
  const [c] = (await s.gql(q, {}, admin)).data!.jointOverlaps.filter((x: any) => subjectIds.includes(x.subjectId));
  const plans = (await s.gql(`{ jointPlans(year: 2026) { items { id title } } }`, {}, admin)).data!.jointPlans.items;
  const planId = plans.find((p: any) => p.title === "合并检查").id;
  expect(
    (await s.gql(`mutation($id: ID!) { publishJointPlan(id: $id) { status } }`, { id: planId }, admin)).errors,
  ).toBeUndefined();
  const consolidate = (revisionReason?: string) =>
    s.gql(
      `mutation($i: ConsolidateOverlapInput!) { consolidateJointOverlap(input: $i) { id } }`,
      { i: { planId, subjectId: c.subjectId, taskIds: c.tasks.map((t: any) => t.taskId), revisionReason } },
      admin,
    );
  const refused = await consolidate();
  expect(refused.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "PLAN_PUBLISHED_FROZEN" });
  const merged = await consolidate("发现重复检查，合并为一次联合检查以减少打扰");
  expect(merged.errors).toBeUndefined();
  const pub = await s.gql(
    `query($id: ID!) { jointPlan(id: $id) { revisions { number reason changes { kind name after } } } }`,
    { id: planId },
  );
  expect(pub.data!.jointPlan.revisions).toMatchObject([
    {
      number: 1,
      reason: "发现重复检查，合并为一次联合检查以减少打扰",
      changes: [
        {
          kind: "CONSOLIDATION_ADDED",
          name: expect.stringContaining("合并检查："),
          after: { consolidatedTaskIds: expect.arrayContaining(c.tasks.map((t: any) => t.taskId)) },
        },
      ],
    },
  ]);
});

test("another department's embargoed task stays out of the coordinator's overlap view until its draw is public", async () => {
  const q = `{ jointOverlaps(from: "2027-01-01", to: "2027-12-31") { subjectId departmentIds tasks { taskId } } }`;
  const overlaps = async () => {
    // Signed in at the clock's instant (a token from before the move would have expired).
    const login = await s.gql(
      `mutation { login(tenantCode: "wy-samr", username: "admin", password: "jointcheck-demo") { token } }`,
    );
    const r = await s.gql(q, {}, login.data!.login.token);
    expect(r.errors).toBeUndefined();
    return r.data!.jointOverlaps.filter((x: any) => embargoedSubjects.includes(x.subjectId));
  };
  expect(await overlaps()).toEqual([]);
  setClock(clockFrom(new Date(now().getTime() + 31 * 86_400_000)));
  try {
    const after = await overlaps();
    expect(after).toHaveLength(2);
    for (const o of after) expect([...o.departmentIds].sort()).toEqual([tenants.drc, tenants.samr].sort());
  } finally {
    restoreClock();
  }
});
