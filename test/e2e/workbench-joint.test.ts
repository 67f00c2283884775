import type { Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/harness";
import { jointPartOf, recordAndPublish } from "../helpers/inspection-steps";
import { type Contexts, launchContexts } from "./contexts";
import { choose, goHash, signIn, toast, typeDate } from "./workbench-ui";

/**
 * A joint plan from the coordinator's screens (seed 004: 发改委 initiates the pipeline check, 市场监管局 takes part):
 * the 市场监管局 (its admin) publishes its own item (事项清单, with the version diff), the coordinator (联席会议办公室 =
 * 市场监管局) creates the joint plan and task, both departments confirm their items on their invitation screens,
 * the coordinator publishes the plan, 发改委's supervisor approves and its planner draws in the ceremony with the
 * witness, the coordinator proposes the visit date and 发改委 accepts it. 发改委's inspectors record their part of the
 * visit and its supervisor publishes it (through the API: the inspector's and the supervisor's screens have their
 * own walk), 市场监管局's supervisor records on the screen why its part is not published, and the visit is
 * complete; the public reads 发改委's result marked as a joint visit; the county view shows the joint work. Every
 * other step is a click in Chromium.
 */
let s: TestServer;
let b: Contexts;
const SAMR = "五原县市场监督管理局";
const DRC = "五原县发展和改革委员会";
const chinaDate = (plusDays = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + plusDays * 86_400_000).toISOString().slice(0, 10);
const today = chinaDate();
const tomorrow = chinaDate(1);
const yearEnd = `${today.slice(0, 4)}-12-31`;

beforeAll(async () => {
  s = await startTestServer({ poolSize: 8 });
  b = await launchContexts();
});
afterAll(async () => {
  await b?.close();
  await s?.close();
});

let coordinator: Page;
let drcPlanner: Page;
let drcSupervisor: Page;
const TASK = "油气长输管道安全生产与压力管道联合检查";

test("市场监管局 adds an item to its list and publishes it; the diff to the previous version is shown", async () => {
  coordinator = (await b.open("coordinator")).page;
  await signIn(coordinator, s.url, SAMR, "admin");
  await goHash(coordinator, "#/items");
  const addItem = async (code: string, category: string, name: string, basis: string) => {
    await coordinator.click('[data-action="add-item"]');
    await coordinator.fill('input[name="code"]', code);
    await coordinator.fill('input[name="category"]', category);
    await coordinator.fill('input[name="name"]', name);
    await coordinator.fill('input[name="basisTitle"]', basis);
    await coordinator.click('[data-action="save-item"]');
    await toast(coordinator, "事项已保存到草稿");
  };
  // 第一版 with the pipeline item; then 第二版 adds a food item, and the draft shows what changes before publishing.
  await coordinator.click('[data-action="new-draft"]');
  await toast(coordinator, "已新建草稿");
  await addItem(
    "SAMR-101",
    "特种设备安全监督检查",
    "压力管道使用登记和定期检验情况的检查",
    "中华人民共和国特种设备安全法",
  );
  await coordinator.click('[data-action="publish"]');
  await toast(coordinator, "清单已发布");
  await coordinator.click('[data-action="new-draft"]');
  await toast(coordinator, "已新建草稿");
  await addItem("SAMR-102", "食品安全监督检查", "食品生产企业落实主体责任情况的检查", "中华人民共和国食品安全法");
  await coordinator.locator("[data-diff] .diff-added", { hasText: "SAMR-102" }).waitFor();
  await typeDate(coordinator, coordinator.locator(".wb-toolbar input").first(), tomorrow);
  await coordinator.click('[data-action="publish"]');
  await toast(coordinator, "清单已发布");
  await coordinator.locator("[data-diff] .diff-added", { hasText: "SAMR-102" }).waitFor();
  expect(await coordinator.locator("h3", { hasText: "第二版" }).count()).toBe(1);
  await b.shot(coordinator, "workbench-20-item-list");
});

test("the coordinator creates the joint plan and a task naming departments, items, scope and dates", async () => {
  await goHash(coordinator, "#/joint");
  await coordinator.click('[data-action="new-joint-plan"]');
  await coordinator.fill('input[name="jointPlanTitle"]', `五原县${today.slice(0, 4)}年度油气管道部门联合抽查计划`);
  await coordinator.click('[data-action="create-joint-plan"]');
  await toast(coordinator, "联合抽查计划已新建");
  await coordinator.click('[data-action="new-joint-task"]');
  await coordinator.fill('input[name="jointTaskName"]', TASK);
  await choose(coordinator, coordinator.locator('[data-field="initiator"]'), DRC);
  await choose(coordinator, coordinator.locator('[data-field="departments"]'), SAMR);
  await coordinator.locator('[data-item="DRC-001"]').click();
  await coordinator.locator('[data-item="SAMR-101"]').click();
  const dialog = coordinator.locator(".el-dialog");
  await typeDate(coordinator, dialog.locator('input[placeholder="开始日期"]'), today);
  await typeDate(coordinator, dialog.locator('input[placeholder="结束日期"]'), yearEnd);
  await coordinator.fill('input[name="jointTags"]', "油气管道");
  await b.shot(coordinator, "workbench-21-joint-task-form");
  await coordinator.click('[data-action="create-joint-task"]');
  await toast(coordinator, "已邀请参与部门");
  await coordinator.locator(`[data-joint-task="${TASK}"] [data-participation="INVITED"]`).first().waitFor();
});

test("both departments confirm on their invitation screens; the coordinator sees it and publishes the plan", async () => {
  drcPlanner = (await b.open("drc-planner")).page;
  await signIn(drcPlanner, s.url, DRC, "planner");
  await goHash(drcPlanner, "#/joint/invitations");
  const invitation = drcPlanner.locator(`[data-invitation="${TASK}"]`);
  await invitation.locator('[data-action="confirm-participation"]').click();
  await toast(drcPlanner, "已确认参与");
  await b.shot(drcPlanner, "workbench-22-joint-invitation");

  await goHash(coordinator, "#/joint/invitations");
  await coordinator.locator(`[data-invitation="${TASK}"] [data-action="confirm-participation"]`).click();
  await toast(coordinator, "已确认参与");

  await coordinator.goBack();
  await coordinator.reload();
  await coordinator.locator(`[data-joint-task="${TASK}"] [data-participation="CONFIRMED"]`).nth(1).waitFor();
  await coordinator.click('[data-action="publish-joint-plan"]');
  await toast(coordinator, "联合抽查计划已公布");
  await b.shot(coordinator, "workbench-23-joint-plan");
});

test("发改委's supervisor approves; its planner draws in the ceremony with the witness; teams mix departments", async () => {
  drcSupervisor = (await b.open("drc-supervisor")).page;
  await signIn(drcSupervisor, s.url, DRC, "supervisor");
  await goHash(drcSupervisor, "#/joint/invitations");
  await drcSupervisor.locator(`[data-invitation="${TASK}"] [data-action="approve-joint-task"]`).click();
  await toast(drcSupervisor, "随机种子承诺值已公布");

  await drcPlanner.reload();
  await drcPlanner.locator(`[data-invitation="${TASK}"] [data-action="joint-ceremony"]`).click();
  // v2: lock first (here at once, with the reason recorded on the draw), then the witness panel appears.
  await drcPlanner.locator("[data-ceremony] [data-lock-panel]").waitFor();
  await drcPlanner.fill('input[name="immediateReason"]', "演示：锁定后当场摇号");
  await drcPlanner.click('[data-action="lock"]');
  await drcPlanner.locator("[data-ceremony] [data-lock-digest]").waitFor();
  await drcPlanner.locator("[data-ceremony] [data-witness]").waitFor();
  await drcPlanner.fill('input[name="witnessUsername"]', "supervisor");
  await drcPlanner.fill('input[name="witnessPassword"]', "jointcheck-demo");
  await drcPlanner.fill('input[name="witnessEntropy"]', "6-1-4");
  await drcPlanner.click('[data-action="draw"]');
  await drcPlanner.locator("[data-reveal], [data-witness] [data-error]").first().waitFor();
  const refused = await drcPlanner.locator("[data-witness] [data-error]").count();
  if (refused)
    throw new Error(`draw refused: ${await drcPlanner.locator("[data-witness] [data-error]").textContent()}`);
  const team =
    (await drcPlanner.locator("[data-targets] .el-table__body tr").first().locator("td").nth(3).textContent()) ?? "";
  // One team from both departments: 发改委's certificate numbers (…09…) and 市场监管局's (…01…).
  expect(team).toMatch(/15082100\d{2}\d{3}.*、/);
  await b.shot(drcPlanner, "workbench-24-joint-ceremony");
});

let subjectName: string;

test("the coordinator dates the visit; 发改委 publishes its part, 市场监管局 records why not; the visit completes", async () => {
  await goHash(coordinator, "#/joint");
  await coordinator.locator("[data-joint-plan]", { hasText: "油气管道部门联合抽查计划" }).click();
  const visits = coordinator.locator(`[data-joint-task="${TASK}"] [data-visits] .el-table__body tr`);
  await visits.first().waitFor();
  const first = visits.first();
  // The visit is today: the parts are recorded on the agreed date, and an inspection date is never in the future.
  await typeDate(coordinator, first.locator("input"), today);
  await first.locator('[data-action="propose-date"]').click();
  await toast(coordinator, "已提出检查日期");

  // The coordinator's own department (市场监管局 takes part) agreed by proposing; 发改委 accepts on its screen.
  await goHash(drcPlanner, "#/joint/invitations");
  await drcPlanner.reload();
  await drcPlanner.locator(`[data-invitation="${TASK}"] [data-action="accept-date"]`).first().click();
  await toast(drcPlanner, "已接受检查日期");
  await drcPlanner.reload();
  const drcRow = drcPlanner.locator(`[data-invitation="${TASK}"] [data-visits] .el-table__body tr`, {
    has: drcPlanner.locator('[data-part="open"]'),
  });
  await drcRow.first().waitFor();
  // A planner may not settle the part without a result: only an administrator or supervisor records 不予公示.
  expect(await drcRow.first().locator('[data-action="part-not-published"]').count()).toBe(0);

  const admin = await s.login("wy-samr", "admin");
  const task = (
    await s.gql(`{ jointTasks(limit: 50) { items { name visits { id agreedDate subject { name } } } } }`, {}, admin)
  ).data?.jointTasks.items.find((t: { name: string }) => t.name === TASK);
  const visit = task.visits.find((v: { agreedDate: string | null }) => v.agreedDate === today);
  subjectName = visit.subject.name;
  await recordAndPublish(s, "wy-drc", await jointPartOf(s, "wy-drc", visit.id), today);

  await goHash(coordinator, "#/joint/invitations");
  await coordinator.reload();
  const samrRow = coordinator
    .locator(`[data-invitation="${TASK}"] [data-visits] .el-table__body tr`, {
      has: coordinator.locator('[data-part="open"]'),
    })
    .first();
  await samrRow.locator('[data-action="part-not-published"]').click();
  const box = coordinator.locator(".el-message-box");
  await box.locator("input").fill("检查对象压力管道已停用报废，本部门事项无检查内容");
  await box.locator(".el-message-box__btns .el-button--primary").click();
  await toast(coordinator, "已登记不予公示");
  await coordinator
    .locator(`[data-invitation="${TASK}"] [data-part="not-published"]`, { hasText: "已停用报废" })
    .waitFor();
  await drcPlanner.reload();
  await drcPlanner.locator(`[data-invitation="${TASK}"] [data-part="published"]`).first().waitFor();

  await goHash(coordinator, "#/joint");
  await coordinator.locator("[data-joint-plan]", { hasText: "油气管道部门联合抽查计划" }).click();
  await coordinator.locator(`[data-joint-task="${TASK}"] [data-visit-status="COMPLETE"]`).first().waitFor();
  await b.shot(coordinator, "workbench-25-joint-visit-complete");
});

test("the public reads 发改委's result marked as part of the joint visit, in the list and on the result page", async () => {
  const { page } = await b.open("public");
  await page.goto(`${s.url}/public`);
  await page.fill("#search-input", subjectName);
  await page.click("#search-form button[type=submit]");
  const item = page.locator("#result-list li", { hasText: subjectName }).first();
  await item.waitFor();
  expect(await item.locator("[data-joint-visit]").textContent()).toContain(
    `部门联合抽查（${DRC}、${SAMR} 同一次检查）`,
  );
  await item.locator("a").click();
  const joint = page.locator("[data-public-result] [data-joint-visit]");
  await joint.waitFor();
  expect(await joint.textContent()).toContain(TASK);
  expect(await joint.textContent()).toContain("同一次上门检查");
  expect(await page.locator("[data-public-result]").textContent()).toContain(DRC);
  await b.shot(page, "workbench-27-public-joint-result");
});

test("the county view charts plans and joint participation per department", async () => {
  await goHash(coordinator, "#/county");
  await coordinator.locator('[data-chart="各部门联合抽查"] canvas').waitFor();
  const row = coordinator.locator("[data-county-table] .el-table__body tr", { hasText: DRC });
  expect(await row.textContent()).toContain("已达到");
  expect(await coordinator.locator("[data-region]").textContent()).toMatch(/联合检查 \d+ 次（已完成 [1-9]/);
  // The design-weighted compliance estimate with its interval beside the raw rate (issue 15), county-wide first.
  const estimates = coordinator.locator("[data-estimates]");
  await estimates.locator(".el-table__body tr", { hasText: "全县合计" }).waitFor();
  expect(await estimates.textContent()).toMatch(/按抽样设计加权[\s\S]*置信区间[\s\S]*未加权发现问题率/);
  await b.shot(coordinator, "workbench-26-county");
});

test("no page logged a console error or a CSP violation during the joint walk", () => {
  expect(b.problems).toEqual([]);
});
