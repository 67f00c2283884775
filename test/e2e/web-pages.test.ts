import { Client } from "pg";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../src/demo/departments";
import { chinaYear } from "../../src/time";
import { todayInChina } from "../../src/web/client/dom";
import { CLEAN, PROBLEM, seedEstimateTask } from "../helpers/estimate-fixture";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/harness";
import { type Browser, horizontalOverflow, launchBrowser, loadTiming } from "./browser";

/**
 * The web pages in a real headless Chromium: /dashboard (sign in, live counters, an inspector's live
 * assignments and notices) and /public (search, item lists and plans, a draw verified in the browser).
 * Another client changes data through the GraphQL API while the pages are open.
 */
/**
 * The pages run in a browser on the real clock (its session expiry and embargo checks read Date.now()), so this file
 * keeps the real clock: its plan is this year's and the task's window is the whole year, open whatever day it runs (a
 * draw is refused once the task window has ended, src/domain/plan/draw-rules).
 */
const YEAR = chinaYear();
const PLAN_TITLE = `${YEAR}年度交通运输抽查计划`;
let s: TestServer;
let b: Browser;
let ids: DirectoryIds;
let planner: string;
let supervisor: string;
let taskId: string;
let drawId: string;
let inspectorUserId: string;
const TENANT = "wy-trans";
const PHONE = { width: 375, height: 812 };

async function gqlOk(query: string, vars: Record<string, unknown>, token?: string) {
  const r = await s.gql(query, vars, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!;
}

/** Two fixture inspectors in their own sub-library, one linked to the demo user inspector1: both are drawn. */
async function linkInspector1(): Promise<string> {
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [ids.tenantId]);
    const [{ id: userId }] = (
      await c.query(`SELECT id FROM app_user WHERE tenant_id = $1 AND username = 'inspector1'`, [ids.tenantId])
    ).rows;
    await c.query(`UPDATE inspector SET user_id = NULL WHERE user_id = $1`, [userId]);
    await c.query(`UPDATE inspector SET user_id = $1, sub_libraries = '{网页组}' WHERE id = $2`, [
      userId,
      ids.inspectorIds[0],
    ]);
    await c.query(`UPDATE inspector SET sub_libraries = '{网页组}', leader_eligible = true WHERE id = $1`, [
      ids.inspectorIds[1],
    ]);
    await c.query("COMMIT");
    return userId;
  } finally {
    await c.end();
  }
}

async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${s.url}/dashboard`);
  await page.fill('input[name="tenantCode"]', TENANT);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
}

const counter = (page: Page, key: string) => page.locator(`[data-counter="${key}"] .value`).first();

beforeAll(async () => {
  s = await startTestServer({ poolSize: 8 });
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: TENANT,
    codeOffset: 300_000,
    subjects: [{ tag: "道路运输", count: 12 }],
    inspectors: 4,
    categories: ["交通运输"],
    items: [{ code: "JT-901", name: "道路运输经营者经营行为的监督检查", itemClass: "KEY" }],
  });
  inspectorUserId = await linkInspector1();
  planner = await s.login(TENANT, "planner");
  supervisor = await s.login(TENANT, "supervisor");
  const planId = (
    await gqlOk(
      `mutation($y: Int!, $t: String!) { createPlan(year: $y, title: $t) { id } }`,
      { y: YEAR, t: PLAN_TITLE },
      planner,
    )
  ).createPlan.id;
  for (const [m, token] of [
    ["submitPlan", planner],
    ["approvePlan", supervisor],
    ["publishPlan", planner],
  ] as const)
    await gqlOk(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: planId }, token);
  const task = await gqlOk(
    `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
    {
      i: {
        planId,
        name: "道路运输经营行为检查",
        kind: "UNDIRECTED",
        itemIds: [ids.itemIds["JT-901"]],
        windowFrom: `${YEAR}-01-01`,
        windowTo: `${YEAR}-12-31`,
        samplingRule: { default: { mode: "FIXED", count: 2 } },
        stratifyBy: "NONE",
        revisionReason: "根据上级部署补充道路运输检查",
        teamRule: { subLibrary: "网页组", minSize: 2, maxSize: 2 },
        drawEmbargoDays: 0,
      },
    },
    planner,
  );
  taskId = task.createTask.id;
  await gqlOk(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: taskId }, supervisor);
  b = await launchBrowser();
});

afterAll(async () => {
  await b?.close();
  await s?.close();
});

describe("/dashboard", () => {
  let supervisorPage: Page;
  let inspectorPage: Page;

  test("a wrong password is refused with a Chinese message on the sign-in form", async () => {
    const page = await b.page();
    await signIn(page, "supervisor", "wrong-password-1");
    const timing = await loadTiming(page);
    console.log(`/dashboard navigation timing: ${JSON.stringify(timing)} ms`);
    expect(timing.load).toBeLessThan(3000); // a stall guard; load times are reported, not asserted tightly, on shared CI machines
    const error = page.locator("#login-error");
    await error.waitFor({ state: "visible" });
    expect(await error.textContent()).toMatch(/[\u4e00-\u9fa5]/);
    expect(await page.locator("#app").isHidden()).toBe(true);
    await page.close();
  });

  test("a supervisor signs in and sees the department's counters; a draw by another client changes them live", async () => {
    supervisorPage = await b.page();
    await signIn(supervisorPage, "supervisor");
    await supervisorPage.locator("#dept").filter({ hasText: "交通运输" }).waitFor();
    await supervisorPage.locator('#link[data-state="connected"]').waitFor();
    await expect(counter(supervisorPage, "assigned").textContent()).resolves.toBe("0");
    expect(await supervisorPage.locator("#counters [data-counter]").count()).toBe(7);
    await expect(counter(supervisorPage, "overdue").textContent()).resolves.toBe("0");

    inspectorPage = await b.page();
    await signIn(inspectorPage, "inspector1");
    await inspectorPage.locator("#mine-card").waitFor({ state: "visible" });
    await inspectorPage.locator('#link[data-state="connected"]').waitFor();
    expect(await inspectorPage.locator("#progress-card").isHidden()).toBe(true);
    // A marker that a reload would lose: the updates below must arrive without one.
    for (const p of [supervisorPage, inspectorPage]) await p.evaluate(() => Object.assign(window, { __noReload: 1 }));

    await gqlOk(
      `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
      { id: taskId },
      planner,
    );
    const drawn = await gqlOk(
      `mutation($i: DrawInput!) { drawTask(input: $i) { id drawnCount } }`,
      { i: { taskId, witnessEntropy: "4-1-6", witnessUsername: "supervisor", witnessPassword: DEMO_PASSWORD } },
      planner,
    );
    drawId = drawn.drawTask.id;
    expect(drawn.drawTask.drawnCount).toBe(2);

    await supervisorPage.waitForFunction(
      () => document.querySelector('[data-counter="assigned"] .value')?.textContent === "2",
      null,
      { timeout: 5000 },
    );
    await expect(counter(supervisorPage, "drawn").textContent()).resolves.toBe("1");
    await supervisorPage.locator('#events li[data-topic="TASK_PROGRESS"]').first().waitFor();
    expect(await supervisorPage.locator("#chart svg rect.bar-assigned").getAttribute("width")).not.toBe("0");

    await inspectorPage.locator('#mine li[data-topic="ASSIGNMENT"]').nth(1).waitFor({ timeout: 5000 });
    expect(await inspectorPage.locator("#mine").textContent()).toContain("新分配检查任务");
    await expect(counter(inspectorPage, "my-assignments").textContent()).resolves.toBe("2");
    for (const p of [supervisorPage, inspectorPage])
      expect(await p.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
    await b.shot(supervisorPage, "dashboard-supervisor");
  });

  test("a notice sent through the API appears on the inspector's page and ticks the supervisor's event count", async () => {
    const before = Number(await supervisorPage.locator("#event-count").textContent());
    await gqlOk(
      `mutation($u: [ID!]!, $m: String!) { sendNotice(userIds: $u, message: $m) { recipients } }`,
      { u: [inspectorUserId], m: "请于周五前完成道路运输检查准备" },
      supervisor,
    );
    await inspectorPage
      .locator('#mine li[data-topic="NOTICE"]')
      .filter({ hasText: "周五前完成" })
      .waitFor({ timeout: 5000 });
    await expect(counter(inspectorPage, "my-notices").textContent()).resolves.toBe("1");
    await supervisorPage.waitForFunction(
      (n) => Number(document.getElementById("event-count")?.textContent) > n,
      before,
      { timeout: 5000 },
    );
    await b.shot(inspectorPage, "dashboard-inspector");
  });

  test("after a reload the session and the events so far are back (catch-up through myEvents)", async () => {
    await inspectorPage.reload();
    await inspectorPage.locator('#mine li[data-topic="NOTICE"]').waitFor();
    expect(await inspectorPage.locator('#mine li[data-topic="ASSIGNMENT"]').count()).toBe(2);
    await expect(counter(inspectorPage, "my-assignments").textContent()).resolves.toBe("2");
  });

  test("at phone width (375 px) the signed-in dashboard has no horizontal scroll", async () => {
    await supervisorPage.setViewportSize(PHONE);
    await supervisorPage.reload();
    await counter(supervisorPage, "assigned").waitFor();
    expect(await horizontalOverflow(supervisorPage)).toBeLessThanOrEqual(0);
    await b.shot(supervisorPage, "dashboard-phone");
  });
});

describe("/public", () => {
  test("loads in under a second and lists a department's published item list and plan with its draw and revision", async () => {
    const page = await b.page();
    await page.goto(`${s.url}/public`);
    const timing = await loadTiming(page);
    console.log(`/public navigation timing: ${JSON.stringify(timing)} ms`);
    expect(timing.load).toBeLessThan(3000); // a stall guard; load times are reported, not asserted tightly, on shared CI machines
    await page.selectOption("#dept-select", TENANT);
    await page.locator("#dept-body .items").filter({ hasText: "JT-901" }).waitFor();
    await page.locator("#dept-body .plans").filter({ hasText: PLAN_TITLE }).waitFor();
    await page.locator(`a[data-draw="${drawId}"]`).waitFor();
    // The task was added after publication: the plan shows it as a public revision with its reason (计划修订).
    const revision = page.locator('#dept-body .revisions [data-revision="1"]');
    await revision.waitFor();
    expect(await revision.textContent()).toContain("理由：根据上级部署补充道路运输检查");
    expect(await revision.textContent()).toContain("新增抽查任务“道路运输经营行为检查”");
    await page.close();
  });

  test("the compliance estimate shows its interval and the raw rate beside it, with a plain explanation", async () => {
    // Strata sampled at different ratios: 1 problem in 2 of a stratum of 10, 0 in 2 of a stratum of 90.
    const year = Number(todayInChina().slice(0, 4));
    const { tenantId } = await seedEstimateTask(s.db.superuserUrl, {
      tenantCode: "wy-health",
      year,
      taskName: "公共场所卫生（公示估计）",
      publicAfter: new Date(Date.now() - 86_400_000),
      strata: [
        { stratum: "重点", population: 10, subjects: [{ result: PROBLEM }, { result: CLEAN }] },
        { stratum: "一般", population: 90, subjects: [{ result: CLEAN }, { result: CLEAN }] },
      ],
    });
    const page = await b.page();
    await page.goto(`${s.url}/public`);
    const row = page.locator(`#estimate-rows tr[data-estimate="${tenantId}"]`);
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    expect(cells[0]).toBe("五原县卫生健康委员会");
    expect(cells[1]).toBe("5.0%"); // 0.1 × 1/2 + 0.9 × 0: weighted by the strata's shares
    expect(cells[2]).toMatch(/^\d+\.\d% – \d+\.\d%$/);
    expect(cells[3]).toBe("25.0%"); // 1 of 4: the raw rate, biased here
    expect(cells[4]).toBe("4／4");
    const explain = await page.locator("#estimate-explain").textContent();
    expect(explain).toContain("约有 95% 的区间会包含真实比例");
    expect(explain).toContain("投诉举报核查和指派检查不计");
    await b.shot(page, "public-estimates");
    await page.setViewportSize(PHONE);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.close();
  });

  test("search by name finds the item and plan; results search degrades to 暂无公示结果; a bad credit code gets a hint", async () => {
    const page = await b.page();
    await page.goto(`${s.url}/public`);
    await page.fill("#search-input", "道路运输");
    await page.click('#search-form button[type="submit"]');
    await page.locator("#search-results").waitFor({ state: "visible" });
    expect(await page.locator("#result-list").textContent()).toContain("暂无公示结果");
    const matches = await page.locator("#match-list").textContent();
    expect(matches).toContain("道路运输经营者经营行为的监督检查");
    expect(matches).toContain(PLAN_TITLE);
    await b.shot(page, "public-search");
    await page.fill("#search-input", "91150820000000001X");
    await page.click('#search-form button[type="submit"]');
    await page.locator("#search-hint").filter({ hasText: "统一社会信用代码" }).waitFor();
    await page.close();
  });

  test("a draw record opened from the plan verifies in the browser (验证通过) next to the server's verification", async () => {
    const page = await b.page();
    await page.goto(`${s.url}/public`);
    await page.selectOption("#dept-select", TENANT);
    await page.click(`a[data-draw="${drawId}"]`);
    const browserVerdict = page.locator('[data-verdict="browser"]');
    await browserVerdict.waitFor();
    expect(await browserVerdict.textContent()).toContain("验证通过");
    expect(await page.locator('[data-verdict="server"]').textContent()).toContain("验证通过");
    await b.shot(page, "public-draw-verified");
    await page.close();
  });

  test("the browser's own computation catches a record altered on the way (the server's verdict is not copied)", async () => {
    const page = await b.page();
    await page.route("**/graphql", async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      const record = body.data?.draw?.record;
      if (record) record.witnessEntropy = "6-6-6";
      await route.fulfill({ response, json: body });
    });
    await page.goto(`${s.url}/public#draw=${drawId}`);
    const browserVerdict = page.locator('[data-verdict="browser"]');
    await browserVerdict.waitFor();
    expect(await browserVerdict.textContent()).toContain("验证未通过");
    expect(await page.locator('[data-verdict="server"]').textContent()).toContain("验证通过");
    expect(await page.locator(".differences").textContent()).toMatch(/seed|witnessEntropy|sealDigest/);
    await page.close();
  });

  test("at phone width (375 px) the public page and an open draw record have no horizontal scroll", async () => {
    const page = await b.page(PHONE);
    await page.goto(`${s.url}/public#draw=${drawId}`);
    await page.locator('[data-verdict="browser"]').waitFor();
    await page.locator("#dept-body .items").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await b.shot(page, "public-phone");
    await page.close();
  });
});

describe("serving", () => {
  test("pages and assets have their content types, a strict CSP and cache headers; an unchanged page answers 304", async () => {
    const page = await fetch(`${s.url}/dashboard`);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|\son\w+=|style=/);
    const script = /src="(\/assets\/dashboard-[^"]+\.js)"/.exec(html)![1];
    const js = await fetch(`${s.url}${script}`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const css = /href="(\/assets\/style-[^"]+\.css)"/.exec(html)![1];
    expect((await fetch(`${s.url}${css}`)).headers.get("content-type")).toBe("text/css; charset=utf-8");
    const again = await fetch(`${s.url}/dashboard`, { headers: { "if-none-match": page.headers.get("etag")! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${s.url}/assets/nope.js`)).status).toBe(404);
  });

  test("no page logged a console error or a CSP violation during the run", () => {
    expect(b.problems).toEqual([]);
  });
});
