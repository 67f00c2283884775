import type { Locator, Page } from "playwright-core";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import {
  approveAndDraw,
  confirm,
  createJointPlanAndTask,
  JOINT_TEST_CLOCK,
  type JointSetup,
  seedJointDepartments,
} from "../helpers/joint-fixture";
import { type Contexts, launchContexts } from "./contexts";
import { goHash, signIn, toast } from "./workbench-ui";

/**
 * 回避 on a joint task's 联合检查组 screen, in the browser (issues 13 and 14): 发改委 initiates, 市场监管局 takes part
 * with a 随行专家 drawn from its two experts. 市场监管局's supervisor recuses its expert (reason required, the
 * dialog refuses an empty one): the other expert appears on screen and in the API; recusing that one too is the API's
 * typed error, shown in Chinese, and nothing changes. 发改委's supervisor, in a second browser context, has no 回避 on
 * 市场监管局's people, recuses one of its own inspectors and sees the 递补 inspector; 市场监管局's screen shows the
 * change when it opens the screen again. A department taking no part (税务局) is refused the teams (the API gives it
 * none); 市场监管局's planner sees them without 回避 (a supervisor's). The draw is set up over the API.
 */
let s: TestServer;
let b: Contexts;
let setup: JointSetup;
let taskId: string;
const names: Record<string, string> = {};

const TASK = `query($id: ID!) { jointTask(id: $id) {
  targets { id status team { leaderId members { id name departmentId } experts { id name departmentId } } }
  visits { targetId subject { name } }
  draw { verification { valid } substitutions { personKind recusedId substituteId reasonCode reasonNote } } } }`;

interface ApiTarget {
  id: string;
  status: string;
  team: {
    leaderId: string;
    members: Array<{ id: string; name: string; departmentId: string }>;
    experts: Array<{ id: string; name: string; departmentId: string }>;
  };
}

const ok = <T = any>(r: GqlResponse, field: string): T => {
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data![field] as T;
};

const task = async () =>
  ok<{
    targets: ApiTarget[];
    visits: Array<{ targetId: string; subject: { name: string } }>;
    draw: {
      verification: { valid: boolean };
      substitutions: Array<{ personKind: string; recusedId: string; substituteId: string; reasonNote: string }>;
    };
  }>(await s.gql(TASK, { id: taskId }, await s.login("wy-drc", "planner")), "jointTask");

beforeAll(async () => {
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 6 });
  setup = await seedJointDepartments(s, 730_000);
  for (const k of ["wy-drc", "wy-samr", "wy-tax"])
    names[k] = ok(await s.gql(`query($c: String!) { tenant(code: $c) { name } }`, { c: k }), "tenant").name;
  // Every fixture department has a 测试检查员1–4: the rows are found by name, so each name says its department.
  await s.superuser(
    `UPDATE inspector i SET name = i.name || '（' || t.code || '）' FROM tenant t
      WHERE t.id = i.tenant_id AND i.name LIKE '测试检查员%'`,
  );
  // 市场监管局's linked people inspector1 and inspector2 are its two external experts (专家库), on duty.
  const experts = await s.superuser(
    `UPDATE inspector i SET is_external_expert = true, sub_libraries = '{专家库}', status = 'ON_DUTY',
           name = '外聘专家' || u.username
       FROM app_user u WHERE u.id = i.user_id AND i.tenant_id = $1 AND u.username IN ('inspector1', 'inspector2')
     RETURNING i.id`,
    [setup.tenants["wy-samr"]],
  );
  expect(experts).toHaveLength(2);
  const created = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
  ]);
  taskId = created.task.id;
  ok(await confirm(s, "wy-drc", taskId), "confirmJointParticipation");
  ok(
    await confirm(s, "wy-samr", taskId, { teamRule: { experts: { count: 1, subLibrary: "专家库" } } }),
    "confirmJointParticipation",
  );
  expect(ok((await approveAndDraw(s, taskId)).draw, "drawJointTask").drawnCount).toBe(3);
  b = await launchContexts();
}, 180_000);
afterAll(async () => {
  await b?.close();
  await s?.close();
  resetClock();
});

let samr: Page;
let drc: Page;
let first: { id: string; subject: string };

const card = (page: Page, subject: string) => page.locator(`[data-target="${subject}"]`);
const row = (table: Locator, name: string) => table.locator(".el-table__body tbody tr", { hasText: name });
const people = async (table: Locator) =>
  (await table.locator(".el-table__body tbody tr [data-person]").allInnerTexts()).map((t) =>
    t.replace("（组长）", "").trim(),
  );

/** Clicks 回避 on the person's row, gives the reason and approves. */
async function recuse(page: Page, table: Locator, name: string, note: string, requestedBy: string) {
  await row(table, name).locator('[data-action="recuse"]').click();
  const form = page.locator("[data-recusal-form]");
  await form.waitFor();
  await page.fill('textarea[name="recusal-note"]', note);
  await page.fill('input[name="recusal-requested-by"]', requestedBy);
  await page.click('[data-action="confirm-recusal"]');
}

test("市场监管局's supervisor recuses its 随行专家: a reason is required, then the other expert is on screen and in the API", async () => {
  const before = await task();
  const t0 = before.targets.find((t) => t.status === "ACTIVE")!;
  first = { id: t0.id, subject: before.visits.find((v) => v.targetId === t0.id)!.subject.name };
  const [expert] = t0.team.experts;
  expect(expert.departmentId).toBe(setup.tenants["wy-samr"]);

  samr = (await b.open("samr-supervisor")).page;
  await signIn(samr, s.url, names["wy-samr"], "supervisor");
  await goHash(samr, "#/joint/invitations");
  await samr.locator('[data-action="joint-teams"]').first().click();
  const experts = card(samr, first.subject).locator("[data-experts]");
  await experts.waitFor();
  expect(await people(experts)).toEqual([expert.name]);
  // 回避 only on 市场监管局's own people: none on 发改委's inspectors.
  const members = card(samr, first.subject).locator("[data-members]");
  for (const m of t0.team.members)
    expect([m.name, await row(members, m.name).locator('[data-action="recuse"]').count()]).toEqual([
      m.name,
      m.departmentId === setup.tenants["wy-samr"] ? 1 : 0,
    ]);
  await b.shot(samr, "joint-recusal-01-teams");

  // No reason, no recusal: the dialog says so in Chinese and nothing is sent.
  await row(experts, expert.name).locator('[data-action="recuse"]').click();
  await samr.locator("[data-recusal-form]").waitFor();
  await samr.click('[data-action="confirm-recusal"]');
  await samr.locator("[data-form-problem]", { hasText: "请填写回避理由" }).waitFor();
  expect(await samr.locator('textarea[name="recusal-note"]').getAttribute("maxlength")).toBe("500");
  await b.shot(samr, "joint-recusal-02-reason-required");
  await samr.keyboard.press("Escape");
  await samr.locator("[data-recusal-form]").waitFor({ state: "hidden" });
  expect((await task()).draw.substitutions).toEqual([]);

  await recuse(samr, experts, expert.name, "该专家曾为被检查对象提供咨询服务", "本人");
  await toast(samr, `${expert.name}已回避`);
  const after = await task();
  const t1 = after.targets.find((t) => t.id === first.id)!;
  const [substitute] = t1.team.experts;
  expect(substitute.id).not.toBe(expert.id);
  expect(substitute.departmentId).toBe(setup.tenants["wy-samr"]);
  expect(after.draw.substitutions).toEqual([
    expect.objectContaining({
      personKind: "EXPERT",
      recusedId: expert.id,
      substituteId: substitute.id,
      reasonNote: "该专家曾为被检查对象提供咨询服务",
    }),
  ]);
  expect(after.draw.verification.valid).toBe(true);
  await row(experts, substitute.name).waitFor();
  expect(await people(experts)).toEqual([substitute.name]);
  // The members did not change; the record lists the 回避 with both names.
  expect(t1.team.members).toEqual(t0.team.members);
  const record = await samr.locator("[data-substitutions] .el-table__body tbody tr").allInnerTexts();
  expect(record).toHaveLength(1);
  for (const text of ["随行专家", expert.name, substitute.name, names["wy-samr"], "该专家曾为被检查对象提供咨询服务"])
    expect(record[0]).toContain(text);
  await b.shot(samr, "joint-recusal-03-expert-replaced");
});

test("recusing the replacement with no expert left shows the API's typed error in Chinese; nothing changes", async () => {
  const t = (await task()).targets.find((x) => x.id === first.id)!;
  const [expert] = t.team.experts;
  const experts = card(samr, first.subject).locator("[data-experts]");
  await recuse(samr, experts, expert.name, "企业申请回避", "被检查对象");
  await toast(samr, "按锁定时的人员库和排序找不到符合规则的递补人员");
  // The dialog stays open for the clerk; the team is unchanged on screen and in the API.
  await samr.keyboard.press("Escape");
  expect(await people(experts)).toEqual([expert.name]);
  const after = await task();
  expect(after.targets.find((x) => x.id === first.id)!.team.experts).toEqual(t.team.experts);
  expect(after.draw.substitutions).toHaveLength(1);
});

test("发改委's supervisor, in a second context, recuses one of its inspectors; the 递补 inspector shows on both screens", async () => {
  const t = (await task()).targets.find((x) => x.id === first.id)!;
  const own = t.team.members.filter((m) => m.departmentId === setup.tenants["wy-drc"]);
  const recused = own.find((m) => m.id !== t.team.leaderId) ?? own[0];

  drc = (await b.open("drc-supervisor")).page;
  await signIn(drc, s.url, names["wy-drc"], "supervisor");
  await goHash(drc, `#/joint/tasks/${taskId}/teams`);
  const members = card(drc, first.subject).locator("[data-members]");
  await members.waitFor();
  // 发改委 may not recuse 市场监管局's expert.
  const experts = card(drc, first.subject).locator("[data-experts]");
  expect(await experts.locator('[data-action="recuse"]').count()).toBe(0);

  await recuse(drc, members, recused.name, "该检查人员与被检查对象负责人系近亲属", "本人");
  await toast(drc, `${recused.name}已回避`);
  const after = (await task()).targets.find((x) => x.id === first.id)!;
  const ids = after.team.members.map((m) => m.id);
  expect(ids).not.toContain(recused.id);
  const [substitute] = after.team.members.filter((m) => !t.team.members.some((x) => x.id === m.id));
  expect(substitute.departmentId).toBe(setup.tenants["wy-drc"]);
  expect(after.team.members).toHaveLength(t.team.members.length);
  await row(members, substitute.name).waitFor();
  expect((await people(members)).sort()).toEqual(after.team.members.map((m) => m.name).sort());
  await b.shot(drc, "joint-recusal-04-inspector-replaced");

  // 市场监管局's screen, opened again, shows 发改委's 递补 inspector and both 回避 in the record. (Not a reload: the
  // server's clock is the fixture's, so the browser would find the stored token expired.)
  await goHash(samr, "#/joint/invitations");
  await samr.locator('[data-action="joint-teams"]').first().click();
  const samrMembers = card(samr, first.subject).locator("[data-members]");
  await row(samrMembers, substitute.name).waitFor();
  expect(await row(samrMembers, recused.name).count()).toBe(0);
  expect(await row(samrMembers, substitute.name).locator('[data-action="recuse"]').count()).toBe(0);
  const record = await samr.locator("[data-substitutions] .el-table__body tbody tr").allInnerTexts();
  expect(record).toHaveLength(2);
  expect(record[1]).toContain("执法检查人员");
  expect(record[1]).toContain(substitute.name);
  expect(record[1]).toContain(names["wy-drc"]);
  expect((await task()).draw.verification.valid).toBe(true);
});

test("a department that takes no part is refused the teams; 市场监管局's planner sees them without 回避", async () => {
  const t = (await task()).targets.find((x) => x.id === first.id)!;
  const tax = (await b.open("tax-supervisor")).page;
  await signIn(tax, s.url, names["wy-tax"], "supervisor");
  await goHash(tax, `#/joint/tasks/${taskId}/teams`);
  await tax.locator("[data-refused]", { hasText: "本部门未参与该联合抽查任务" }).waitFor();
  expect(await tax.locator("[data-target]").count()).toBe(0);
  expect(await tax.locator('[data-action="recuse"]').count()).toBe(0);
  await b.shot(tax, "joint-recusal-05-refused");
  // The API agrees: the published task is public, its teams are not.
  const seen = ok(
    await s.gql(
      `query($id: ID!) { jointTask(id: $id) { targets { id } } }`,
      { id: taskId },
      await s.login("wy-tax", "supervisor"),
    ),
    "jointTask",
  );
  expect(seen.targets).toEqual([]);
  // 市场监管局's planner (not a supervisor) has none either.
  const planner = (await b.open("samr-planner")).page;
  await signIn(planner, s.url, names["wy-samr"], "planner");
  await goHash(planner, `#/joint/tasks/${taskId}/teams`);
  const members = card(planner, first.subject).locator("[data-members]");
  await members.waitFor();
  expect((await people(members)).sort()).toEqual(t.team.members.map((m) => m.name).sort());
  expect(await planner.locator('[data-action="recuse"]').count()).toBe(0);
  expect(b.problems).toEqual([]);
});
