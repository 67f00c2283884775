import { runDemoWalkthrough } from "../../src/demo/walkthrough";
import { createLogger } from "../../src/logger";
import { chinaYear } from "../../src/time";
import { startTestServer, type TestServer } from "../helpers/harness";

/** The demo is built for the year it starts in (its task window is that whole year). */
const YEAR = chinaYear();

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

test("the demo walks from a published plan through a witnessed draw to a result the public can read", async () => {
  await runDemoWalkthrough(s.url, s.db.ownerUrl, createLogger("error"));
  const plans = await s.gql(`{ plans(year: ${YEAR}) { items { title status department { code } } } }`);
  expect(plans.data!.plans.items).toContainEqual(
    expect.objectContaining({ status: "PUBLISHED", department: { code: "wy-drc" } }),
  );
  const results = await s.gql(`{ publishedResults { total items { subjectName departmentName } } }`);
  expect(results.errors).toBeUndefined();
  // The clean result and the one with a problem found (followed up through a transfer to wy-samr).
  expect(results.data!.publishedResults.total).toBe(2);
  for (const r of results.data!.publishedResults.items) expect(r.departmentName).toBe("五原县发展和改革委员会");
  const draws = await s.gql(
    `{ plans(year: ${YEAR}, limit: 5) { items { tasks { draws { verification { valid } } } } } }`,
  );
  const verifications = draws.data!.plans.items.flatMap((p: any) =>
    p.tasks.flatMap((t: any) => t.draws.map((d: any) => d.verification.valid)),
  );
  expect(verifications).toEqual([true]);
});

test("a subject whose last check was clean is left out of the next draw for the interval (and counted)", async () => {
  const planner = await s.login("wy-drc", "planner");
  const plan = (await s.gql(`{ plans(year: ${YEAR}) { items { id tasks { itemIds } } } }`, {}, planner)).data!.plans
    .items[0];
  const t = await s.gql(
    `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
    {
      i: {
        planId: plan.id,
        name: "复查间隔验证",
        kind: "DIRECTED",
        itemIds: plan.tasks[0].itemIds,
        filters: { tags: ["油气管道"] },
        windowFrom: `${YEAR}-01-01`,
        windowTo: `${YEAR}-12-31`,
        samplingRule: { default: { mode: "ALL" } },
        stratifyBy: "NONE",
        revisionReason: "测试：计划公布后新增任务（修订）",
        teamRule: { subLibrary: "演示组", minSize: 2, maxSize: 2, requiredCategories: [], rotationMonths: 0 },
        // Only the clean-result rule: the other history exclusions would catch the subject first.
        exclusions: { inspectedBySelfWithinMonths: 0, yearlyCapAcrossDepartments: 5 },
      },
    },
    planner,
  );
  const supervisor = await s.login("wy-drc", "supervisor");
  await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: t.data!.createTask.id }, supervisor);
  const lock = await s.gql(
    `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "测试：当场抽取") { id } }`,
    { id: t.data!.createTask.id },
    planner,
  );
  expect(lock.errors).toBeUndefined();
  const d = await s.gql(
    `mutation($i: DrawInput!) { drawTask(input: $i) { record } }`,
    {
      i: {
        taskId: t.data!.createTask.id,
        witnessUsername: "supervisor",
        witnessPassword: "jointcheck-demo",
        witnessEntropy: "5",
      },
    },
    planner,
  );
  expect(d.errors).toBeUndefined();
  expect(d.data!.drawTask.record.config.exclusionCounts["上次检查未发现问题且未满间隔期"]).toBe(1);
});

test("the second target's problem is followed up through a transfer that wy-samr accepted (in its inbox and ledger)", async () => {
  const samr = await s.login("wy-samr", "supervisor");
  const inbox = await s.gql(
    `{ followUpInbox { total items { id kind status fromDepartmentId subjectName responseNote } } }`,
    {},
    samr,
  );
  expect(inbox.errors).toBeUndefined();
  const drc = (await s.gql(`{ tenant(code: "wy-drc") { id } }`)).data!.tenant.id;
  expect(inbox.data!.followUpInbox.items).toEqual([
    expect.objectContaining({
      kind: "TRANSFER",
      status: "ACCEPTED",
      fromDepartmentId: drc,
      responseNote: "已接收，立案查处",
    }),
  ]);
  const transferId = inbox.data!.followUpInbox.items[0].id;
  const theirs = await s.gql(`{ followUps(status: "OPEN") { items { sourceTransferId action dueState } } }`, {}, samr);
  expect(theirs.data!.followUps.items).toEqual([
    { sourceTransferId: transferId, action: "CASE_OPENED", dueState: "OK" },
  ]);
  // The transfer ticked wy-samr's dashboard (written by wy-drc into wy-samr's stream).
  const feed = await s.gql(`{ dashboardEvents { items { topic payload } } }`, {}, samr);
  expect(feed.data!.dashboardEvents.items).toContainEqual({
    topic: "TASK_PROGRESS",
    payload: expect.objectContaining({ event: "FOLLOW_UP_TRANSFER", transferId, fromDepartmentId: drc }),
  });
  const mine = await s.gql(`{ followUps { items { status action } } }`, {}, await s.login("wy-drc", "supervisor"));
  expect(mine.data!.followUps.items).toEqual([{ status: "CLOSED", action: "TRANSFER_DEPARTMENT" }]);
});
