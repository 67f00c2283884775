import type { Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/harness";
import { type Contexts, launchContexts } from "./contexts";
import { choose, goHash, signIn, toast, typeDate } from "./workbench-ui";

/**
 * The seeds' county rules on the workbench (issue 14's API, issue 13's screens): a planner opens a 专项检查, sets the
 * plan's required rounds (抽查频次), builds a directed task assigned from a higher level (上级下发, with the issuing
 * authority and 文号) inside the campaign, and sees the origin on the plan; the administrator adds the
 * department's own result category with its provincial code and maps a national one; a planner is refused the
 * result categories with the role they need. Every step is a click in Chromium; the API only checks the outcome.
 */
let s: TestServer;
let b: Contexts;
let planner: Page;
const HEALTH = "五原县卫生健康委员会";
const chinaDate = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const today = chinaDate();
const year = today.slice(0, 4);
const CAMPAIGN = `${year}年医疗机构依法执业专项检查`;
const AUTHORITY = "巴彦淖尔市卫生健康委员会";

beforeAll(async () => {
  s = await startTestServer({ poolSize: 6 });
  b = await launchContexts();
});
afterAll(async () => {
  await b?.close();
  await s?.close();
});

test("a planner opens a 专项检查 with its period and basis", async () => {
  planner = (await b.open("planner")).page;
  await signIn(planner, s.url, HEALTH, "planner");
  await goHash(planner, "#/campaigns");
  await planner.click('[data-action="new-campaign"]');
  await planner.fill('input[name="campaignName"]', CAMPAIGN);
  const dialog = planner.locator(".el-dialog");
  await typeDate(planner, dialog.locator('input[placeholder="开始日期"]'), `${year}-01-01`);
  await typeDate(planner, dialog.locator('input[placeholder="结束日期"]'), `${year}-12-31`);
  await planner.fill('input[name="campaignBasis"]', "巴卫健发〔2026〕12号");
  await planner.click('[data-action="create-campaign"]');
  await toast(planner, "专项已新建");
  await planner.locator(`[data-campaign-tasks="${CAMPAIGN}"]`, { hasText: "0（0）" }).waitFor();
  expect(await planner.locator("[data-campaigns]").textContent()).toContain("专项检查");
});

test("the plan's required rounds are set on the draft; a directed 上级下发 task joins the campaign", async () => {
  const token = await s.login("wy-health", "planner");
  const created = await s.gql(
    `mutation($y: Int!) { createPlan(year: $y, title: "医疗机构专项抽查计划") { id } }`,
    { y: Number(year) },
    token,
  );
  const planId = created.data!.createPlan.id;
  const items = await s.gql(`{ currentItemList(tenantCode: "wy-health") { items { code } } }`, {}, token);
  const itemCode = items.data!.currentItemList.items[0].code;

  await goHash(planner, `#/plans/${planId}`);
  const rounds = planner.locator("[data-rounds] input");
  await rounds.fill("2");
  await rounds.blur();
  await planner.click('[data-action="save-rounds"]');
  await toast(planner, "抽查频次已保存");
  const plan = await s.gql(`query($id: ID!) { plan(id: $id) { requiredRounds } }`, { id: planId }, token);
  expect(plan.data!.plan.requiredRounds).toBe(2);

  await planner.click('[data-action="new-task"]');
  await planner.fill('input[name="taskName"]', "上级交办医疗机构抽查");
  await planner.locator('label.el-radio-button:has(input[value="HIGHER_LEVEL"])').click();
  await planner.fill('input[name="originAuthority"]', AUTHORITY);
  await planner.fill('input[name="originReference"]', "巴卫健办〔2026〕30号");
  await planner.locator('label.el-radio-button:has(input[value="DIRECTED"])').click();
  await choose(planner, planner.locator('[data-field="campaign"]'), CAMPAIGN);
  await planner.fill('input[name="tags"]', "卫生健康");
  await planner.locator(`[data-item="${itemCode}"]`).click();
  await typeDate(planner, planner.locator('input[placeholder="开始日期"]'), today);
  await typeDate(planner, planner.locator('input[placeholder="结束日期"]'), `${year}-12-31`);
  await b.shot(planner, "workbench-50-task-origin-campaign");
  await planner.click('[data-action="create-task"]');
  await toast(planner, "抽查任务已新建");

  const task = (
    await s.gql(
      `query($id: ID!) { plan(id: $id) { tasks { origin originAuthority originReference campaignId kind } } }`,
      { id: planId },
      token,
    )
  ).data!.plan.tasks[0];
  expect(task).toMatchObject({
    origin: "HIGHER_LEVEL",
    originAuthority: AUTHORITY,
    originReference: "巴卫健办〔2026〕30号",
    kind: "DIRECTED",
  });
  expect(task.campaignId).toEqual(expect.any(String));

  await goHash(planner, `#/plans/${planId}`);
  const origin = planner.locator('[data-tasks] [data-origin="HIGHER_LEVEL"]');
  await origin.waitFor();
  expect(await origin.textContent()).toBe(`上级下发（${AUTHORITY}）专项`);
  await b.shot(planner, "workbench-51-plan-origin-rounds");
  await goHash(planner, "#/campaigns");
  await planner.locator(`[data-campaign-tasks="${CAMPAIGN}"]`, { hasText: "1（0）" }).waitFor();
});

test("the administrator adds an own result category and maps a national one; a planner is refused", async () => {
  const { page: admin } = await b.open("admin");
  await signIn(admin, s.url, HEALTH, "admin");
  await goHash(admin, "#/result-codes");
  await admin.locator('[data-code-row="NO_PROBLEM"]').waitFor();
  await admin.click('[data-action="new-result-code"]');
  await admin.fill('input[name="resultCode"]', "MOVED_OUT");
  await admin.fill('input[name="resultName"]', "已迁出");
  await admin.fill('input[name="provincialCode"]', "NM-HW-09");
  await admin.click('[data-action="add-result-code"]');
  await toast(admin, "结果类别已增加");
  const own = admin.locator("[data-result-codes] .el-table__body tr", { hasText: "MOVED_OUT" });
  expect(await own.textContent()).toContain("本部门");

  const row = admin.locator('[data-code-row="NO_PROBLEM"]');
  await row.locator("input").fill("NM-HW-01");
  await row.locator('[data-action="map-code"]').click();
  await toast(admin, "省级代码已保存");
  await admin.reload();
  await expect(admin.locator('[data-code-row="NO_PROBLEM"] input').inputValue()).resolves.toBe("NM-HW-01");
  await expect(admin.locator('[data-code-row="MOVED_OUT"] input').inputValue()).resolves.toBe("NM-HW-09");
  await b.shot(admin, "workbench-52-result-codes");

  // Another department does not see this department's own category.
  const other = await s.gql(`{ resultCodes { code } }`, {}, await s.login("wy-edu", "admin"));
  expect(other.data!.resultCodes.map((c: { code: string }) => c.code)).not.toContain("MOVED_OUT");

  await goHash(planner, "#/result-codes");
  expect(await planner.locator("[data-forbidden]").textContent()).toContain("此页面需要部门管理员角色");
});

test("no page logged a console error or a CSP violation", () => {
  expect(b.problems).toEqual([]);
});
