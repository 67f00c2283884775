import { deflateSync } from "node:zlib";
import { Client } from "pg";
import type { BrowserContext, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/harness";
import { type Contexts, launchContexts } from "./contexts";
import { choose, goHash, signIn, toast, typeDate } from "./workbench-ui";

/**
 * Seed 004 through the screens alone: 五原县发展和改革委员会 (the demo home of 平罗县发改局's item list) plans the
 * pipeline-safety check (DRC-001, 定向 on 油气管道, about 50%), a supervisor approves plan and task (which commits
 * the seed), the draw runs in the ceremony with the witness's entropy, an inspector on a phone records the visit
 * with a photo taken while offline, both inspectors sign, the result is approved and published, and an anonymous
 * visitor finds it and verifies the draw. No GraphQL call is made by the test: every step is a click.
 */
let s: TestServer;
let b: Contexts;
const DRC = "五原县发展和改革委员会";
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const yearEnd = `${today.slice(0, 4)}-12-31`;

/** A small valid PNG (a grey 8×8 square), as a phone camera would hand over a file. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const x of buf) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 8, 0, 0, 0, 8, 8, 0, 0, 0, 0]);
  const raw = Buffer.concat(Array.from({ length: 8 }, () => Buffer.from([0, ...Array(8).fill(0x99)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * Test data, not a step of the walk: the demo users inspector1 and inspector2 (检查员甲, 检查员乙) form the
 * department's 演示组 sub-library, so that the team drawn for every target is theirs (as `npm start`'s demo does).
 */
async function demoTeam(ownerUrl: string): Promise<void> {
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    const [{ id }] = (await c.query(`SELECT id FROM tenant WHERE code = 'wy-drc'`)).rows;
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [id]);
    await c.query(
      `UPDATE inspector i SET sub_libraries = array_append(i.sub_libraries, '演示组'), leader_eligible = true
         FROM app_user u WHERE u.id = i.user_id AND u.username IN ('inspector1', 'inspector2') AND i.tenant_id = $1`,
      [id],
    );
    await c.query("COMMIT");
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  s = await startTestServer({ poolSize: 8 });
  await demoTeam(s.db.ownerUrl);
  b = await launchContexts();
});
afterAll(async () => {
  await b?.close();
  await s?.close();
});

let planner: Page;
let supervisor: Page;
let leader: { context: BrowserContext; page: Page };
let member: Page;
let subjectName = "";
let publicDrawHref = "";

test("sign-in picks the department from a list; roles are shown; a screen another role needs says which", async () => {
  const p = await b.open("planner");
  planner = p.page;
  await planner.goto(`${s.url}/`);
  expect(planner.url()).toBe(`${s.url}/workbench`);
  await planner.locator(".wb-signin").waitFor();
  await b.shot(planner, "workbench-01-sign-in");
  await signIn(planner, s.url, DRC, "planner");
  await expect(planner.locator("[data-who]").textContent()).resolves.toContain(DRC);
  expect(await planner.locator('[data-role="PLANNER"]').textContent()).toBe("计划制定人员");
  await b.shot(planner, "workbench-02-home");
  await goHash(planner, "#/queue");
  const refusal = await planner.locator("[data-forbidden]").textContent();
  expect(refusal).toContain("此页面需要监督/审核人员角色");
});

test("the planner drafts the annual plan and submits it; the supervisor approves it from the queue", async () => {
  await goHash(planner, "#/plans");
  await planner.click('[data-action="new-plan"]');
  await planner.fill('input[name="planTitle"]', `${today.slice(0, 4)}年度“双随机、一公开”抽查工作计划（油气管道）`);
  await planner.click('[data-action="create-plan"]');
  await planner.locator('[data-action="submit-plan"]').click();
  await toast(planner, "已提交审批");

  supervisor = (await b.open("supervisor")).page;
  await signIn(supervisor, s.url, DRC, "supervisor");
  await goHash(supervisor, "#/queue");
  await supervisor.locator('[data-queue="plans"] [data-action="approve-plan"]').first().click();
  await toast(supervisor, "计划已批准");
  await b.shot(supervisor, "workbench-03-supervisor-queue");

  await planner.reload();
  await planner.locator('[data-action="publish-plan"]').click();
  await toast(planner, "计划已公布");
  await b.shot(planner, "workbench-04-plan");
});

test("the task is built with the sampling-rule builder; the preview shows the stratum's size and draw count", async () => {
  const planHash = new URL(planner.url()).hash;
  await planner.click('[data-action="new-task"]');
  await planner.fill('input[name="taskName"]', "油气长输管道安全检查");
  await planner.locator('label.el-radio-button:has(input[value="DIRECTED"])').click();
  await planner.fill('input[name="tags"]', "油气管道");
  await planner.locator('[data-item="DRC-001"]').click();
  await typeDate(planner, planner.locator('input[placeholder="开始日期"]'), today);
  await typeDate(planner, planner.locator('input[placeholder="结束日期"]'), yearEnd);
  const percent = planner.locator('[data-field="percent"] input');
  await percent.fill("50");
  await percent.blur();
  await planner.fill('input[name="subLibrary"]', "演示组");
  // The plan is published: the new task is a public revision with its reason.
  await planner.fill('input[name="revisionReason"]', "根据年度工作部署新增油气管道安全检查");
  await planner.locator("[data-preview] [data-draw-count]").waitFor();
  await planner.waitForFunction(() => {
    const n = Number(document.querySelector("[data-population]")?.textContent);
    const d = Number(document.querySelector("[data-draw-count]")?.textContent);
    return n > 0 && d === Math.ceil(n / 2);
  });
  await b.shot(planner, "workbench-05-task-builder");
  await planner.click('[data-action="create-task"]');
  await toast(planner, "抽查任务已新建");
  await planner.locator("[data-commitment]").waitFor();
  expect(await planner.locator("[data-commitment]").textContent()).toContain("批准后生成");
  // The plan was published: the new task is its first public revision, shown on the plan with the reason.
  const taskHash = new URL(planner.url()).hash;
  await goHash(planner, planHash);
  const revisions = planner.locator("[data-revisions]");
  await revisions.waitFor();
  expect(await revisions.textContent()).toContain("根据年度工作部署新增油气管道安全检查");
  expect(await revisions.textContent()).toContain("新增抽查任务“油气长输管道安全检查”");
  await goHash(planner, taskHash);
  await planner.locator("[data-commitment]").waitFor();
});

test("the supervisor approves the task (the seed's commitment is published); the ceremony draws with the witness", async () => {
  await supervisor.reload();
  await supervisor.locator('[data-queue="tasks"] [data-action="approve-task"]').first().click();
  await toast(supervisor, "随机种子承诺值已公布");
  await supervisor.locator("[data-commitment]").waitFor();
  const commitment = (await supervisor.locator("[data-commitment]").textContent())?.trim() ?? "";
  expect(commitment).toMatch(/^[0-9a-f]{64}$/);

  await planner.reload();
  await planner.click('[data-action="ceremony"]');
  // v2: lock first (here at once, with the reason recorded on the draw), then the witness panel appears.
  await planner.locator("[data-ceremony] [data-lock-panel]").waitFor();
  await planner.fill('input[name="immediateReason"]', "演示：锁定后当场摇号");
  await planner.click('[data-action="lock"]');
  await planner.locator("[data-ceremony] [data-lock-digest]").waitFor();
  await planner.locator("[data-ceremony] [data-witness]").waitFor();
  expect((await planner.locator("[data-ceremony] [data-commitment]").textContent())?.trim()).toBe(commitment);
  await b.shot(planner, "workbench-06-ceremony-before");
  // The witness (现场监督人) confirms with their own credentials and the dice rolled in the room.
  await planner.fill('input[name="witnessUsername"]', "supervisor");
  await planner.fill('input[name="witnessPassword"]', "jointcheck-demo");
  await planner.fill('input[name="witnessEntropy"]', "3-5-2-6");
  await planner.click('[data-action="draw"]');
  await planner.locator("[data-reveal], [data-witness] [data-error]").first().waitFor();
  const refused = await planner.locator("[data-witness] [data-error]").count();
  if (refused) throw new Error(`draw refused: ${await planner.locator("[data-witness] [data-error]").textContent()}`);
  expect(await planner.locator("[data-entropy]").textContent()).toBe("3-5-2-6");
  expect(await planner.locator("[data-qr]").getAttribute("src")).toMatch(/^data:image\/png;base64,/);
  const firstRow = planner.locator("[data-targets] .el-table__body tr").first();
  subjectName = (await firstRow.locator("td").nth(1).textContent())?.trim() ?? "";
  expect(subjectName).toMatch(/管道/);
  publicDrawHref = (await planner.locator('a:has-text("公开核验页")').getAttribute("href")) ?? "";
  await b.shot(planner, "workbench-07-ceremony-reveal");
  const [form] = await Promise.all([planner.context().waitForEvent("page"), planner.click('[data-action="print"]')]);
  await form.waitForURL(/\/forms\/draw-record\//);
  expect(await form.content()).toContain("选派（抽取）记录单");
  await b.shot(form, "workbench-08-form-draw-record");
  await form.close();
});

test("on a phone the inspector records the visit, takes a photo while offline, and the draft is sent when back online", async () => {
  // Which demo inspector leads this team is the draw's choice: the entry screen names the 组长.
  const first = await b.open("inspector1", { phone: true });
  await signIn(first.page, s.url, DRC, "inspector1");
  await goHash(first.page, "#/inspections");
  await first.page.locator(`[data-assignment="${subjectName}"]`).click();
  await first.page.locator("[data-entry]").waitFor();
  const team = first.page.locator("p", { hasText: "检查组：" });
  await team.filter({ hasText: /检查员[甲乙]（组长）/ }).waitFor();
  const teamLine = (await team.textContent()) ?? "";
  const leaderIsFirst = /检查员甲（组长）/.test(teamLine);
  const second = await b.open("inspector2", { phone: true });
  await signIn(second.page, s.url, DRC, "inspector2");
  await goHash(second.page, "#/inspections");
  await second.page.locator(`[data-assignment="${subjectName}"]`).click();
  leader = leaderIsFirst ? first : second;
  member = (leaderIsFirst ? second : first).page;
  const l = leader.page;
  await b.shot(l, "workbench-09-inspector-assignment");

  await l.click('[data-action="accept"]');
  await toast(l, "已接收任务");
  await l.click('[data-action="start"]');
  await toast(l, "检查已开始");
  await l.fill('input[name="result-0"]', "管道巡护、应急预案和隐患台账符合要求");
  await l.fill('textarea[name="situation"]', "现场核查油气长输管道巡护记录、应急预案和隐患排查台账，未发现问题。");
  await l.fill('textarea[name="handlingOpinion"]', "无");

  await leader.context.setOffline(true);
  await l.locator("[data-offline]").waitFor();
  await l.click('[data-action="save-record"]');
  await toast(l, "记录已保存在本机");
  await l
    .locator('input[data-field="photo"]')
    .setInputFiles({ name: "管道现场.png", mimeType: "image/png", buffer: png() });
  await toast(l, "照片已保存在本机");
  await l.locator("[data-pending]").waitFor();
  await b.shot(l, "workbench-10-inspector-offline");
  // A reload while offline keeps the draft on the device (localStorage), not only in the page.
  expect(
    await l.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("jointcheck.draft.")).length),
  ).toBe(1);

  await leader.context.setOffline(false);
  await toast(l, "离线保存的记录和照片已发送");
  await l.locator('[data-attachment="管道现场.png"]').waitFor();
  await l.locator("[data-pending]").waitFor({ state: "detached" });
  expect(await l.inputValue('input[name="result-0"]')).toBe("管道巡护、应急预案和隐患台账符合要求");

  await l.fill('input[name="signerName"]', "王某某");
  await l.click('[data-action="signoff"]');
  await toast(l, "已记录");
  await l.click('[data-action="sign"]');
  await toast(l, "已签字");
  await member.reload();
  await member.locator('[data-action="sign"]').click();
  await toast(member, "已签字");
  await l.reload();
  await l.click('[data-action="complete"]');
  await toast(l, "记录已完成");
  await choose(l, l.locator('[data-field="category"]'), "未发现问题");
  await l.fill('textarea[name="handling"]', "未发现问题，无需处理");
  await l.click('[data-action="save-result"]');
  await toast(l, "结果已保存");
  await l.click('[data-action="submit-result"]');
  await toast(l, "已提交审核");
  await l.locator('[data-result-status="SUBMITTED"]').waitFor();
  await b.shot(l, "workbench-11-inspector-result");
});

test("the supervisor approves and publishes; the public finds the result and verifies the draw", async () => {
  await goHash(supervisor, "#/queue");
  await supervisor.reload();
  await supervisor.locator('[data-queue="results"] [data-action="approve-result"]').first().click();
  await toast(supervisor, "结果已批准");
  await supervisor.locator('[data-queue="publish"] [data-action="publish-result"]').first().click();
  await toast(supervisor, "结果已公示");

  const anon = (await b.open("public")).page;
  await anon.goto(`${s.url}/public`);
  await anon.fill("#search-input", subjectName);
  await anon.press("#search-input", "Enter");
  await anon.locator("#result-list a", { hasText: subjectName }).click();
  await anon.locator("[data-public-result]").waitFor();
  const page = (await anon.locator("[data-public-result]").textContent()) ?? "";
  expect(page).toContain(subjectName);
  expect(await anon.locator("[data-category]").textContent()).toBe("未发现问题");
  expect(page).toContain("检查员甲");
  await b.shot(anon, "workbench-12-public-result");

  await anon.goto(publicDrawHref);
  await anon.locator('[data-verdict="browser"]').waitFor();
  expect(await anon.locator('[data-verdict="browser"]').textContent()).toContain("验证通过");
  expect(await anon.locator('[data-verdict="server"]').textContent()).toContain("验证通过");
  await b.shot(anon, "workbench-13-public-draw");
});

test("no page logged a console error or a CSP violation during the walk", () => {
  expect(b.problems).toEqual([]);
});
