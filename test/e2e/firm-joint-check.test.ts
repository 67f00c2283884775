import type { Page } from "playwright-core";
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

/**
 * 检查核验 of a JOINT visit in the browser (issues 13 and 15): 发改委 initiates, 市场监管局 takes part and draws a
 * 随行专家 beside its inspectors. The firm opens the code of the joint notice on its phone and sees both departments'
 * inspectors with 执法证号, the expert with their department (no 执法证号), and — with its 办事码 — the 办理记录 that
 * merges both departments' parts: its booking in 发改委's part, its recusal request and 市场监管局's decision in
 * 市场监管局's. A second browser context (anonymous, then with another firm's 办事码) sees the public facts only:
 * no 办理记录, no firm actions. The plan, the draw and the firm's earlier steps are set up through the API.
 */
let s: TestServer;
let b: Contexts;
let setup: JointSetup;
let code: string;
let firmCode: string;
let otherFirmCode: string;
let expert: { id: string; name: string };
let recused: string;
const names: Record<string, string> = {};

const ok = <T = any>(r: GqlResponse, field: string): T => {
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data![field] as T;
};

/** The codes printed on a visit's joint notice (the initiating department's print). */
async function noticeCodes(visitId: string): Promise<{ code: string; firmCode: string }> {
  const html = await (
    await fetch(`${s.url}/forms/joint-notice/${visitId}`, {
      headers: { authorization: `Bearer ${await s.login("wy-drc", "planner")}` },
    })
  ).text();
  return {
    code: /核验码：<b>([0-9A-Z-]+)<\/b>/.exec(html)![1],
    firmCode: /企业办事码：<b>([0-9A-Z-]+)<\/b>/.exec(html)![1],
  };
}

beforeAll(async () => {
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 6 });
  setup = await seedJointDepartments(s, 710_000);
  for (const k of ["wy-drc", "wy-samr"])
    names[k] = ok(await s.gql(`query($c: String!) { tenant(code: $c) { name } }`, { c: k }), "tenant").name;
  // One of 市场监管局's people is an external expert in its sub-library 专家库 (never an enforcement inspector).
  [expert] = await s.superuser(
    `UPDATE inspector SET is_external_expert = true, sub_libraries = '{专家库}'
      WHERE id = (SELECT id FROM inspector WHERE tenant_id = $1 ORDER BY id DESC LIMIT 1) RETURNING id, name`,
    [setup.tenants["wy-samr"]],
  );
  const { task } = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
  ]);
  ok(await confirm(s, "wy-drc", task.id), "confirmJointParticipation");
  ok(
    await confirm(s, "wy-samr", task.id, { teamRule: { experts: { count: 1, subLibrary: "专家库" } } }),
    "confirmJointParticipation",
  );
  ok((await approveAndDraw(s, task.id)).draw, "drawJointTask");
  const visits = ok(
    await s.gql(
      `query($t: ID!) { jointVisits(taskId: $t) { items { id targetId } } }`,
      { t: task.id },
      await s.login("wy-drc", "planner"),
    ),
    "jointVisits",
  ).items;
  ({ code, firmCode } = await noticeCodes(visits[0].id));
  otherFirmCode = (await noticeCodes(visits[1].id)).firmCode;

  // The firm's earlier steps: a date proposed (发改委's part), a recusal of a 市场监管局 inspector that its
  // supervisor does not grant (市场监管局's part).
  const [samrPart] = await s.superuser<{ member_ids: string[] }>(
    `SELECT member_ids FROM assignment WHERE joint_target_id = $1 AND tenant_id = $2`,
    [visits[0].targetId, setup.tenants["wy-samr"]],
  );
  recused = samrPart.member_ids[0];
  ok(
    await s.gql(
      `mutation($c: String!, $f: String!) { firmProposeVisitDate(code: $c, firmCode: $f, date: "2026-07-06") { status } }`,
      { c: code, f: firmCode },
    ),
    "firmProposeVisitDate",
  );
  ok(
    await s.gql(
      `mutation($c: String!, $f: String!, $p: ID!) {
        firmRequestRecusal(code: $c, firmCode: $f, inspectorId: $p, reason: "该检查人员曾在我公司任职") { status } }`,
      { c: code, f: firmCode, p: recused },
    ),
    "firmRequestRecusal",
  );
  const sup = await s.login("wy-samr", "supervisor");
  const [req] = ok(await s.gql(`query { firmRequests(status: "PENDING") { id } }`, {}, sup), "firmRequests");
  ok(
    await s.gql(
      `mutation($id: ID!) { decideFirmRequest(id: $id, grant: false, note: "经核实不存在利害关系") { status } }`,
      { id: req.id },
      sup,
    ),
    "decideFirmRequest",
  );
  b = await launchContexts();
}, 180_000);
afterAll(async () => {
  await b?.close();
  await s?.close();
  resetClock();
});

let firm: Page;

const rows = async (page: Page, table: string) =>
  page.locator(`[data-${table}] .el-table__body tbody tr`).allInnerTexts();

test("the firm sees both departments' inspectors and the expert of the joint visit", async () => {
  const facts = ok(
    await s.gql(
      `query($c: String!) { visitCheck(code: $c) { facts { joint { departments { department
         inspectors { name certificateNo } } } } } }`,
      { c: code },
    ),
    "visitCheck",
  ).facts;
  expect(facts.joint.departments.map((d: { department: string }) => d.department)).toEqual([
    names["wy-drc"],
    names["wy-samr"],
  ]);

  firm = (await b.open("firm", { phone: true })).page;
  await firm.goto(`${s.url}/workbench#/visit/${code.replace(/-/g, "")}`);
  await firm.locator('[data-visit-status="VALID"]').waitFor();
  const team = await rows(firm, "inspectors");
  for (const d of facts.joint.departments)
    for (const p of d.inspectors) {
      const row = team.find((t) => t.includes(p.name));
      expect([p.name, row]).toEqual([p.name, expect.stringContaining(p.certificateNo)]);
      expect(row).toContain(d.department);
    }
  expect(team).toHaveLength(facts.joint.departments.flatMap((d: { inspectors: unknown[] }) => d.inspectors).length);
  expect(team.join("\n")).not.toContain(expert.name);

  const experts = await rows(firm, "experts");
  expect(experts).toHaveLength(1);
  expect(experts[0]).toContain(expert.name);
  expect(experts[0]).toContain(names["wy-samr"]);
  const [cert] = await s.superuser(`SELECT certificate_no FROM inspector WHERE id = $1`, [expert.id]);
  expect(await firm.locator('[data-firm="experts"]').textContent()).not.toContain(cert.certificate_no);
  // Without the 办事码 nobody sees the firm's 办理记录.
  expect(await firm.locator('[data-firm="history"]').count()).toBe(0);
  await b.shot(firm, "firm-joint-01-check");
});

test("with its 办事码 the firm sees the 办理记录 merged from both departments' parts, in Chinese", async () => {
  await firm.fill('input[name="firm-code"]', firmCode);
  await firm.click('[data-action="unlock"]');
  await firm.locator("[data-history]").waitFor();
  // One line per step, oldest first: 日期 (Beijing time), 部门, 办理结果.
  const history = await firm.locator("[data-history] [data-history-kind]").allInnerTexts();
  const [recusedName] = await s.superuser(`SELECT name FROM inspector WHERE id = $1`, [recused]);
  const line = (text: string) => history.find((h) => h.includes(text));
  expect(history).toHaveLength(3);
  expect(line("企业预约检查日期 2026-07-06")).toContain(`部门：${names["wy-drc"]}`);
  expect(line(`企业申请检查人员${recusedName.name}回避`)).toContain(`部门：${names["wy-samr"]}`);
  expect(line("不予回避")).toContain("办理结果：不予回避（经核实不存在利害关系）");
  expect(line("不予回避")).toContain(`部门：${names["wy-samr"]}`);
  expect(await firm.locator("[data-history] [data-history-kind]").last().getAttribute("data-history-kind")).toBe(
    "REQUEST_REJECTED",
  );
  // Dates in Beijing time (the server's clock: 2026-05-20 10:00 in Beijing).
  for (const h of history) expect(h).toMatch(/日期：\s*2026-05-20 10:\d\d/);
  await b.shot(firm, "firm-joint-02-history");
});

test("a second context, anonymous or with another firm's 办事码, sees no 办理记录", async () => {
  const other = (await b.open("other-firm", { phone: true })).page;
  await other.goto(`${s.url}/workbench#/visit/${code.replace(/-/g, "")}`);
  await other.locator('[data-visit-status="VALID"]').waitFor();
  // The public facts are the same for anyone (the visit is real); the firm's part is not there.
  await other.locator('[data-firm="unlock"]').waitFor();
  for (const part of ["history", "booking", "recusal", "after", "result"])
    expect([part, await other.locator(`[data-firm="${part}"]`).count()]).toEqual([part, 0]);
  const body = await other.locator("[data-visit-check]").innerText();
  expect(body).not.toContain("不予回避");
  expect(body).not.toContain("企业预约检查日期");

  await other.fill('input[name="firm-code"]', otherFirmCode);
  await other.click('[data-action="unlock"]');
  await other.locator("[data-error]", { hasText: "办事码不正确" }).waitFor();
  await other.locator('[data-visit-status="VALID"]').waitFor();
  expect(await other.locator('[data-firm="history"]').count()).toBe(0);
  expect(await other.locator("[data-visit-check]").innerText()).not.toContain("不予回避");
  // The other firm's code did not unlock it in this tab either (nothing kept for a later reload).
  await other.reload();
  await other.locator('[data-firm="unlock"]').waitFor();
  expect(await other.locator('[data-firm="history"]').count()).toBe(0);
  await b.shot(other, "firm-joint-03-other-context");
  await other.context().close();

  // The first firm's page is unaffected.
  await firm.reload();
  await firm.locator("[data-history]").waitFor();
});

test("no page logged a console error or a CSP violation", () => {
  expect(b.problems).toEqual([]);
});
