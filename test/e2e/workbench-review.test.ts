import type { Page } from "playwright-core";
import { runDemoWalkthrough } from "../../src/demo/walkthrough";
import { createLogger } from "../../src/logger";
import { chinaToday } from "../../src/time";
import { lockDrawNow } from "../helpers/draw-lock";
import { type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { recordInspection, type TeamAssignment } from "../helpers/inspection-steps";
import { type Contexts, launchContexts } from "./contexts";
import { goHash, signIn, toast } from "./workbench-ui";

/**
 * Screens no other browser test reaches, on the demo walkthrough's data (wy-drc: a published plan, a clean and a
 * problem result published): the task builder's per-stratum (分层) preview, a supervisor's 退回 of a submitted
 * result seen by the inspector in a second context, the coordinator's county view (开展率 / 公示率 / overdue flags
 * against the API's rollup), and the public page of a corrected result with its 更正 on the timeline.
 */
let s: TestServer;
let b: Contexts;
let planId: string;
const DRC = "五原县发展和改革委员会";
const SAMR = "五原县市场监督管理局";

const ok = <T = any>(r: GqlResponse, field: string): T => {
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data![field] as T;
};

beforeAll(async () => {
  s = await startTestServer({ poolSize: 6 });
  await runDemoWalkthrough(s.url, s.db.ownerUrl, createLogger("error"));
  const [plan] = ok<{ items: Array<{ id: string }> }>(
    await s.gql(`{ plans { items { id } } }`, {}, await s.login("wy-drc", "planner")),
    "plans",
  ).items;
  planId = plan.id;
  b = await launchContexts();
}, 180_000);
afterAll(async () => {
  await b?.close();
  await s?.close();
});

/** The preview's per-stratum rows as the clerk sees them: stratum, 可抽取户数, 将抽取户数. */
const strata = (page: Page) =>
  page.$$eval("[data-preview] .el-table__body tr", (trs) =>
    trs.map((tr) => {
      const [stratum, population, sample] = [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? "");
      return { stratum, population: Number(population), sample: Number(sample) };
    }),
  );

/** Waits until the preview shows, for every stratum, the sample size `expected` says (APPROX: p% rounded up). */
async function previewMatches(page: Page, expected: (stratum: string, population: number) => number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await strata(page);
    const drawCount = Number(await page.locator("[data-draw-count]").textContent());
    const good =
      rows.length > 0 &&
      rows.every((r) => r.sample === expected(r.stratum, r.population)) &&
      drawCount === rows.reduce((n, r) => n + r.sample, 0);
    if (good) return rows;
    if (Date.now() > deadline)
      throw new Error(`preview never matched: ${JSON.stringify(rows)} (drawCount ${drawCount})`);
    await page.waitForTimeout(200);
  }
}

test("task builder: stratified by 风险等级, one stratum's own ratio changes its 将抽取户数 and only its", async () => {
  const { page } = await b.open("drc-planner");
  await signIn(page, s.url, DRC, "planner");
  await goHash(page, `#/plans/${planId}/new-task`);
  await page.locator('[data-item="DRC-001"]').click();
  await page.locator('label.el-radio-button:has(input[value="RISK_CLASS"])').click();
  // The default rule (5% 左右, rounded up) applies to every stratum.
  const approx = (p: number) => (_: string, n: number) => Math.ceil((n * p) / 100);
  const initial = await previewMatches(page, approx(5));
  // A stratum large enough that 5%, 50% and 100% give three different counts.
  const big = initial.find((r) => r.population >= 3 && Math.ceil(r.population / 20) < Math.ceil(r.population / 2));
  expect(big).toBeDefined();
  expect(initial.length).toBeGreaterThan(1);
  await b.shot(page, "review-01-strata-default");

  await page.getByRole("button", { name: "添加分层规则" }).click();
  const row = page.locator(".wb-toolbar:has(.wb-stratum-name)");
  await row.locator(".wb-stratum-name input").fill(big!.stratum);
  const percent = row.locator('[data-field="percent"] input');
  await percent.fill("50");
  await percent.blur();
  const own = (p: number) => (stratum: string, n: number) =>
    stratum === big!.stratum ? Math.ceil((n * p) / 100) : Math.ceil((n * 5) / 100);
  const half = await previewMatches(page, own(50));
  expect(half.find((r) => r.stratum === big!.stratum)?.sample).toBe(Math.ceil(big!.population / 2));
  await b.shot(page, "review-02-strata-50");

  await percent.fill("100");
  await percent.blur();
  const all = await previewMatches(page, own(100));
  expect(all.find((r) => r.stratum === big!.stratum)?.sample).toBe(big!.population);
  // The other strata kept the default ratio.
  for (const r of all.filter((x) => x.stratum !== big!.stratum))
    expect(r.sample).toBe(initial.find((x) => x.stratum === r.stratum)?.sample);
});

test("the supervisor returns a submitted result with a reason; the inspector, in a second context, sees it 已退回 with the reason", async () => {
  // A new wy-drc task (a revision of the published plan) drawn over the API, recorded by its team, submitted.
  const planner = await s.login("wy-drc", "planner");
  const supervisor = await s.login("wy-drc", "supervisor");
  const [item] = ok<{ items: Array<{ id: string; code: string }> }>(
    await s.gql(`{ currentItemList(tenantCode: "wy-drc") { items { id code } } }`),
    "currentItemList",
  ).items.filter((i) => i.code === "DRC-001");
  const year = chinaToday().slice(0, 4);
  const task = ok<{ id: string }>(
    await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId,
          name: "退回测试抽查",
          kind: "UNDIRECTED",
          itemIds: [item.id],
          windowFrom: `${year}-01-01`,
          windowTo: `${year}-12-31`,
          samplingRule: { default: { mode: "FIXED", count: 1 } },
          stratifyBy: "NONE",
          teamRule: { subLibrary: "演示组", minSize: 2, maxSize: 2, requiredCategories: [] },
          revisionReason: "测试：新增任务以检验退回",
        },
      },
      planner,
    ),
    "createTask",
  );
  ok(await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: task.id }, supervisor), "approveTask");
  await lockDrawNow(s.gql.bind(s), task.id, planner);
  const [drawn] = ok<{ assignments: Array<{ id: string }> }>(
    await s.gql(
      `mutation($i: DrawInput!) { drawTask(input: $i) { assignments { id } } }`,
      {
        i: {
          taskId: task.id,
          witnessUsername: "supervisor",
          witnessPassword: "jointcheck-demo",
          witnessEntropy: "1-2-3",
        },
      },
      planner,
    ),
    "drawTask",
  ).assignments;
  const [a] = await s.superuser<TeamAssignment>(
    `SELECT id, tenant_id, leader_id, member_ids FROM assignment WHERE id = $1`,
    [drawn.id],
  );
  const { team } = await recordInspection(s, "wy-drc", a, chinaToday());
  const saved = ok<{ id: string }>(
    await s.gql(
      `mutation($id: ID!) { saveInspectionResult(assignmentId: $id, input: { categoryCode: "NO_PROBLEM" }) { id } }`,
      { id: a.id },
      team[0],
    ),
    "saveInspectionResult",
  );
  ok(
    await s.gql(`mutation($id: ID!) { submitInspectionResult(id: $id) { status } }`, { id: saved.id }, team[0]),
    "submit",
  );
  const subject = ok<{ subject: { name: string } }>(
    await s.gql(`query($id: ID!) { assignment(id: $id) { subject { name } } }`, { id: a.id }, supervisor),
    "assignment",
  ).subject.name;

  const { page } = await b.open("drc-supervisor");
  await signIn(page, s.url, DRC, "supervisor");
  await goHash(page, "#/queue");
  const queued = page.locator('[data-queue="results"] .el-table__body tr', { hasText: subject });
  await queued.waitFor();
  await queued.getByRole("button", { name: "退回" }).click();
  const box = page.locator(".el-message-box");
  await box.locator("input").fill("现场检查记录未附照片，请补充后重新提交");
  await box.getByRole("button", { name: "退回" }).click();
  await toast(page, "已退回");
  await queued.waitFor({ state: "detached" });
  await b.shot(page, "review-03-queue-returned");

  // The leader (inspector1 after recordInspection) on a phone, a separate context.
  const inspector = (await b.open("drc-leader", { phone: true })).page;
  await signIn(inspector, s.url, DRC, "inspector1");
  await goHash(inspector, `#/inspections/${a.id}`);
  await inspector.locator('[data-result-status="RETURNED"]').waitFor();
  const card =
    (await inspector.locator(".wb-record", { has: inspector.locator("[data-result-status]") }).textContent()) ?? "";
  expect(card).toContain("已退回");
  expect(card).toContain("退回原因：现场检查记录未附照片，请补充后重新提交");
  await b.shot(inspector, "review-04-inspector-returned");
  const back = ok<{ status: string; returnedReason: string }>(
    await s.gql(`query($id: ID!) { inspectionResult(id: $id) { status returnedReason } }`, { id: saved.id }, team[0]),
    "inspectionResult",
  );
  expect(back).toEqual({ status: "RETURNED", returnedReason: "现场检查记录未附照片，请补充后重新提交" });
});

test("the coordinator's county view shows each department's 开展率, 公示率, filing and overdue flags as the rollup says", async () => {
  const { page } = await b.open("coordinator");
  await signIn(page, s.url, SAMR, "admin");
  await goHash(page, "#/county");
  const year = Number(chinaToday().slice(0, 4));
  const roll = ok<{
    departments: Array<{
      department: { name: string };
      filing: string;
      coverageRate: number | null;
      publicationRate: number | null;
      overdueItems: number;
    }>;
  }>(
    await s.gql(
      `query($y: Int!) { countyRollup(year: $y) { departments { department { name } filing coverageRate publicationRate overdueItems } } }`,
      { y: year },
      await s.login("wy-samr", "admin"),
    ),
    "countyRollup",
  );
  const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
  const table = page.locator("[data-county-table]");
  await table.locator(".el-table__body tr").first().waitFor();
  const headers = await table.locator(".el-table__header th").allInnerTexts();
  const col = (name: string) => headers.findIndex((h) => h.trim() === name);
  expect(col("开展率")).toBeGreaterThan(0);
  expect(col("公示率")).toBeGreaterThan(0);
  const rows = await table.locator(".el-table__body tr").evaluateAll((trs) =>
    trs.map((tr) =>
      [...tr.querySelectorAll("td")].map((td) => ({
        text: td.textContent?.trim() ?? "",
        danger: Boolean(td.querySelector(".el-tag--danger")),
      })),
    ),
  );
  expect(rows.length).toBe(roll.departments.length);
  const FILING: Record<string, string> = {
    FILED: "已备案",
    FILED_LATE: "逾期后备案",
    PENDING: "未备案",
    OVERDUE: "逾期未备案",
  };
  for (const d of roll.departments) {
    const cells = rows.find((r) => r[0].text === d.department.name);
    expect(cells).toBeDefined();
    expect(cells![col("开展率")].text).toBe(pct(d.coverageRate));
    expect(cells![col("公示率")].text).toBe(pct(d.publicationRate));
    expect(cells![col("备案")]).toEqual({ text: FILING[d.filing], danger: d.filing === "OVERDUE" });
    expect(cells![col("逾期事项")]).toEqual({ text: String(d.overdueItems), danger: d.overdueItems > 0 });
  }
  // Not vacuous: wy-drc has drawn and published (rates are numbers), and some department is flagged overdue.
  const drc = rows.find((r) => r[0].text === DRC)!;
  expect(drc[col("开展率")].text).toMatch(/^\d+\.\d%$/);
  expect(drc[col("公示率")].text).toMatch(/^\d+\.\d%$/);
  expect(rows.some((r) => r.some((c) => c.danger))).toBe(true);
  await b.shot(page, "review-05-county");
});

test("the public page of a corrected result shows its problems and the 更正 on the timeline", async () => {
  const supervisor = await s.login("wy-drc", "supervisor");
  const items = ok<{ items: Array<{ id: string; problems: string; status: string; categoryCode: string }> }>(
    await s.gql(`{ inspectionResults { items { id problems status categoryCode } } }`, {}, supervisor),
    "inspectionResults",
  ).items;
  const withProblems = items.find((r) => r.status === "PUBLISHED" && r.problems);
  expect(withProblems).toBeDefined();
  ok(
    await s.gql(
      `mutation($id: ID!, $i: ResultInput!, $r: String!) { correctInspectionResult(id: $id, input: $i, reason: $r) { version } }`,
      {
        id: withProblems!.id,
        i: {
          categoryCode: withProblems!.categoryCode,
          problems: "管道穿越段警示标识缺失（3处），巡护记录不完整",
          handling: "责令限期补设标识，并移送市场监督管理局",
        },
        r: "复核现场照片，补充缺失标识数量",
      },
      supervisor,
    ),
    "correctInspectionResult",
  );

  const { page } = await b.open("public");
  await page.goto(`${s.url}/workbench#/public/results/${withProblems!.id}`);
  const shown = page.locator("[data-public-result]");
  await shown.waitFor();
  expect(await shown.locator("h2").textContent()).toContain("已更正（第 2 版）");
  expect(await shown.textContent()).toContain("管道穿越段警示标识缺失（3处），巡护记录不完整");
  // The timeline is rendered (Element Plus's items, visible), first publication and the correction.
  const entries = page.locator("[data-history] .el-timeline-item");
  await entries.nth(1).waitFor({ state: "visible" });
  expect(await entries.count()).toBe(2);
  expect((await page.locator("[data-history]").boundingBox())?.height).toBeGreaterThan(40);
  const texts = await entries.allInnerTexts();
  expect(texts.some((t) => t.includes("首次公示") && t.includes("已被新版本取代"))).toBe(true);
  const correction = page.locator("[data-history] [data-correction]");
  await correction.waitFor({ state: "visible" });
  const c = (await correction.textContent()) ?? "";
  expect(c).toContain("更正");
  expect(c).toContain("第 2 版：复核现场照片，补充缺失标识数量");
  expect(c).toContain("存在问题");
  await b.shot(page, "review-06-public-corrected");
});

test("no page logged a console error or a CSP violation", () => {
  expect(b.problems).toEqual([]);
});
