import { Client } from "pg";
import type { Page } from "playwright-core";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { lockDrawNow } from "../helpers/draw-lock";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { type Contexts, launchContexts } from "./contexts";
import { goHash, signIn, toast, typeDate } from "./workbench-ui";

/**
 * Issue 15's "done when", the firm's side in the browser: a firm on its phone scans the code of its notice (opens
 * the check page with no sign-in), sees its inspectors and draw, verifies the draw in the browser, books the visit
 * time with its 办事码 (the inspector accepts it on the assignment), asks for a recusal that the supervisor grants
 * from the queue (递补: the team on the firm's page changes), and confirms and rates the visit afterwards. The plan,
 * task and draw are set up through the API; every step of the firm, the inspector and the supervisor is a click.
 */
let s: TestServer;
let b: Contexts;
let ids: DirectoryIds;
let assignment: { id: string; leaderId: string; memberIds: string[] };
let verifyCode: string;
let firmCode: string;
const DRC = "五原县发展和改革委员会";
const WITNESS = { witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" };

const ok = <T = any>(r: GqlResponse, key: string): T => {
  expect(r.errors).toBeUndefined();
  return r.data![key] as T;
};

beforeAll(async () => {
  // The server's one clock (in this process): a visit window that is open whatever day the suite runs.
  setClock(clockFrom("2026-04-01T02:00:00Z"));
  s = await startTestServer({ poolSize: 8 });
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 620_000,
    subjects: [{ tag: "企业端演示", count: 1 }],
    inspectors: 4,
    categories: ["发展改革"],
    items: [{ code: "DRC-621", name: "石油天然气管道保护的监督检查", itemClass: "KEY" }],
  });
  const planner = await s.login("wy-drc", "planner");
  const supervisor = await s.login("wy-drc", "supervisor");
  const plan = ok(
    await s.gql(`mutation { createPlan(year: 2026, title: "2026年度抽查计划") { id } }`, {}, planner),
    "createPlan",
  );
  ok(await s.gql(`mutation($id: ID!) { submitPlan(id: $id) { status } }`, { id: plan.id }, planner), "submitPlan");
  ok(await s.gql(`mutation($id: ID!) { approvePlan(id: $id) { status } }`, { id: plan.id }, supervisor), "approvePlan");
  const task = ok(
    await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId: plan.id,
          name: "管道保护专项抽查",
          kind: "DIRECTED",
          itemIds: [ids.itemIds["DRC-621"]],
          filters: { tags: ["企业端演示"] },
          windowFrom: "2026-04-10",
          windowTo: "2026-06-30",
          samplingRule: { default: { mode: "ALL" } },
          stratifyBy: "NONE",
          teamRule: { minSize: 2, maxSize: 2 },
        },
      },
      planner,
    ),
    "createTask",
  );
  ok(await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: task.id }, supervisor), "approveTask");
  await lockDrawNow(s.gql, task.id, planner);
  const d = ok(
    await s.gql(
      `mutation($i: DrawInput!) { drawTask(input: $i) { assignments { id leaderId memberIds } } }`,
      { i: { taskId: task.id, witnessEntropy: "6-2-5", ...WITNESS } },
      planner,
    ),
    "drawTask",
  );
  assignment = d.assignments[0];
  // Test data: the demo account inspector1 is the team's leader.
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', 'ADMIN', true)`, [
      ids.tenantId,
    ]);
    const [u] = (
      await c.query(`SELECT id FROM app_user WHERE tenant_id = $1 AND username = 'inspector1'`, [ids.tenantId])
    ).rows;
    await c.query(`UPDATE inspector SET user_id = NULL WHERE user_id = $1`, [u.id]);
    await c.query(`UPDATE inspector SET user_id = $1 WHERE id = $2`, [u.id, assignment.leaderId]);
    await c.query("COMMIT");
  } finally {
    await c.end();
  }
  // The notice as printed: its codes are what the firm holds.
  const html = await (
    await fetch(`${s.url}/forms/notice/${assignment.id}`, { headers: { authorization: `Bearer ${planner}` } })
  ).text();
  verifyCode = /核验码：<b>([0-9A-Z-]+)<\/b>/.exec(html)![1].replace(/-/g, "");
  firmCode = /企业办事码：<b>([0-9A-Z-]+)<\/b>/.exec(html)![1];
  b = await launchContexts();
}, 120_000);
afterAll(async () => {
  await b?.close();
  await s?.close();
  resetClock();
});

let firm: Page;
let names: string[];

const reloadFirm = async () => {
  await firm.reload();
  await firm.locator("[data-visit-status]").waitFor();
};

test("the firm scans the notice's code: the visit is real, with its inspectors, and the draw verifies in the browser", async () => {
  firm = (await b.open("firm", { phone: true })).page;
  await firm.goto(`${s.url}/workbench#/visit/${verifyCode}`);
  await firm.locator('[data-visit-status="VALID"]').waitFor();
  const team = await firm.locator("[data-inspectors] tbody tr").allInnerTexts();
  expect(team).toHaveLength(2);
  expect(team[0]).toContain("（组长）");
  names = team.map((t) => t.split(/\s/)[0].replace("（组长）", ""));
  expect(await firm.locator('[data-firm="facts"]').textContent()).toContain("石油天然气管道保护的监督检查");
  // The task drew no 随行专家: the page says so rather than leaving the firm to wonder.
  await firm.locator('[data-firm="experts"] [data-experts-none]').waitFor();
  await b.shot(firm, "firm-01-check");
  await firm.click('[data-action="verify-draw"]');
  await firm.locator('[data-verdict="browser"]', { hasText: "验证通过" }).waitFor();
  await firm.locator('[data-verdict="server"]', { hasText: "验证通过" }).waitFor();
  await b.shot(firm, "firm-02-draw-verified");
  await firm.goBack();
  await firm.locator('[data-visit-status="VALID"]').waitFor();
});

test("with its 办事码 the firm books a time; the inspector accepts it and sees the agreed date", async () => {
  await firm.fill('input[name="firm-code"]', firmCode);
  await firm.click('[data-action="unlock"]');
  await firm.locator('[data-firm="booking"]').waitFor();
  await typeDate(firm, firm.locator('[data-firm="booking"] input'), "2026-05-10");
  await firm.click('[data-action="propose-date"]');
  await toast(firm, "已提出预约时间");
  await firm.locator('[data-booking-status="PROPOSED"]').waitFor();

  const inspector = (await b.open("inspector", { phone: true })).page;
  await signIn(inspector, s.url, DRC, "inspector1");
  await goHash(inspector, `/inspections/${assignment.id}`);
  await inspector.locator('[data-section="visit-code"] [data-qr]').waitFor();
  expect(await inspector.locator("[data-verify-code]").getAttribute("data-verify-code")).toBe(verifyCode);
  await inspector.click('[data-action="accept-firm-date"]');
  await toast(inspector, "已接受企业提出的时间");
  expect(await inspector.locator("[data-visit-date]").textContent()).toContain("2026-05-10");
  await b.shot(inspector, "firm-03-inspector-booking");

  await reloadFirm();
  await firm.locator('[data-booking-status="AGREED"]').waitFor();
  expect(await firm.locator("[data-agreed-date]").textContent()).toBe("2026-05-10");
  await inspector.context().close();
});

test("the firm asks for a recusal; the supervisor grants it from the queue; the team changes on the firm's page", async () => {
  const recused = names[1];
  await firm.locator('[data-field="recusal-inspector"]').click();
  await firm.locator(".el-select-dropdown__item:visible", { hasText: recused }).first().click();
  await firm.fill('textarea[name="recusal-reason"]', "该检查人员是我单位法定代表人的亲属");
  await firm.click('[data-action="request-recusal"]');
  await toast(firm, "回避申请已提交");
  await firm.locator('[data-request="PENDING"]').waitFor();
  await b.shot(firm, "firm-04-recusal-requested");

  const sup = (await b.open("supervisor")).page;
  await signIn(sup, s.url, DRC, "supervisor");
  await goHash(sup, "/queue");
  const row = sup.locator('[data-queue="firm-requests"] tbody tr', { hasText: "法定代表人的亲属" });
  await row.waitFor();
  expect(await row.textContent()).toContain(recused);
  await b.shot(sup, "firm-05-supervisor-queue");
  await row.locator('[data-action="grant-recusal"]').click();
  await sup.fill(".el-message-box input", "理由成立，准予回避");
  await sup.click(".el-message-box__btns .el-button--primary");
  await toast(sup, "已准予回避");
  await sup.context().close();

  await reloadFirm();
  await firm.locator('[data-request="GRANTED"]').waitFor();
  expect(await firm.locator('[data-request="GRANTED"]').textContent()).toContain(`申请${recused}回避`);
  const team = (await firm.locator("[data-inspectors] tbody tr").allInnerTexts()).join("\n");
  expect(team).toContain(names[0]);
  expect(team).not.toContain(recused);
});

test("after the visit the firm confirms it took place and rates it", async () => {
  const inspector = (await b.open("inspector-visit", { phone: true })).page;
  await signIn(inspector, s.url, DRC, "inspector1");
  await goHash(inspector, `/inspections/${assignment.id}`);
  await inspector.click('[data-action="accept"]');
  await toast(inspector, "已接收任务");
  await inspector.click('[data-action="start"]');
  await toast(inspector, "检查已开始");
  await inspector.context().close();

  await reloadFirm();
  await firm.click('[data-action="confirm-visit"]');
  await toast(firm, "已确认检查已进行");
  await firm.locator('[data-firm="after"] .el-rate__item').nth(4).click();
  await firm.fill('textarea[name="rating-comment"]', "检查规范，态度良好");
  await firm.click('[data-action="rate"]');
  await toast(firm, "评价已提交");
  await firm.locator('[data-rated="5"]').waitFor();
  await b.shot(firm, "firm-06-rated");
});

test("no page logged a console error or a CSP violation", () => {
  expect(b.problems).toEqual([]);
});
