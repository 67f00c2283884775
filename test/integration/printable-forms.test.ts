import { FORM_CONTENT_SECURITY_POLICY } from "../../src/web/forms-route";
import { atFixtureClock } from "../helpers/fixture-clock";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/**
 * Printable forms by URL (/forms/<kind>/<id>): 检查通知书 and 抽查情况记录表 per assignment, the 选派（抽取）记录单 and
 * the 汇总表. A browser opens them through a 5-minute link from `formLink`; API clients send their bearer token.
 */
let s: TestServer;
let ids: DirectoryIds;
let planner: string;
let drawId: string;
let assignmentId: string;
let subjectName: string;
const TENANT = "wy-water";

async function ok(query: string, vars: Record<string, unknown>, token?: string) {
  const r = await s.gql(query, vars, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!;
}
const link = async (kind: string, id: string, token = planner) =>
  (await ok(`query($k: String!, $id: ID!) { formLink(kind: $k, id: $id) }`, { k: kind, id }, token)).formLink as string;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${s.url}${path}`, { headers });

// The task window is 2026-04-01 to 2026-10-31: the draw runs before it ends (src/domain/plan/draw-rules).
atFixtureClock();

beforeAll(async () => {
  s = await startTestServer({ poolSize: 6 });
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: TENANT,
    codeOffset: 410_000,
    subjects: [{ tag: "取水户", count: 4 }],
    inspectors: 3,
    categories: ["水利"],
    items: [{ code: "SL-901", name: "取水许可监督检查", itemClass: "KEY" }],
  });
  planner = await s.login(TENANT, "planner");
  const supervisor = await s.login(TENANT, "supervisor");
  const planId = (await ok(`mutation { createPlan(year: 2026, title: "2026年度水利抽查计划") { id } }`, {}, planner))
    .createPlan.id;
  for (const [m, t] of [
    ["submitPlan", planner],
    ["approvePlan", supervisor],
    ["publishPlan", planner],
  ] as const)
    await ok(`mutation($id: ID!) { ${m}(id: $id) { id } }`, { id: planId }, t);
  const taskId = (
    await ok(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId,
          name: "取水许可检查",
          kind: "UNDIRECTED",
          itemIds: [ids.itemIds["SL-901"]],
          windowFrom: "2026-04-01",
          windowTo: "2026-10-31",
          samplingRule: { default: { mode: "FIXED", count: 2 } },
          stratifyBy: "NONE",
          revisionReason: "测试：计划公布后新增任务（修订）",
          teamRule: { minSize: 2, maxSize: 2 },
        },
      },
      planner,
    )
  ).createTask.id;
  await ok(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: taskId }, supervisor);
  await ok(
    `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
    { id: taskId },
    planner,
  );
  const d = await ok(
    `mutation($i: DrawInput!) { drawTask(input: $i) { id assignments { id subject { name } } } }`,
    { i: { taskId, witnessEntropy: "4-4-1", witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" } },
    planner,
  );
  drawId = d.drawTask.id;
  assignmentId = d.drawTask.assignments[0].id;
  subjectName = d.drawTask.assignments[0].subject.name;
});
afterAll(() => s.close());

test("a form link opens the 检查通知书 without a header, under the forms' own script-free policy", async () => {
  const url = await link("notice", assignmentId);
  expect(url).toMatch(/^\/forms\/notice\/[0-9a-f-]+\?t=/);
  const res = await get(url);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-security-policy")).toBe(FORM_CONTENT_SECURITY_POLICY);
  expect(res.headers.get("cache-control")).toBe("no-store");
  const html = await res.text();
  expect(html).toContain("检查通知书");
  expect(html).toContain(subjectName);
  expect(html).toContain("取水许可监督检查");
  expect(html).not.toMatch(/<script/i);
});

test("抽查情况记录表, 选派（抽取）记录单 and 汇总表 (with 填报单位) are served the same way", async () => {
  // The record is evidence: the team and the department's ADMIN/SUPERVISOR only (the planner's link is refused).
  expect((await get(await link("record", assignmentId))).status).toBe(403);
  const record = await (await get(await link("record", assignmentId, await s.login(TENANT, "supervisor")))).text();
  expect(record).toContain("抽查情况记录表");
  expect(record).toContain("是□否□");
  const sheet = await (await get(await link("draw-record", drawId))).text();
  expect(sheet).toContain("选派（抽取）记录单");
  expect(sheet).toContain("4-4-1");
  const summary = await (await get(await link("summary", "2026"))).text();
  expect(summary).toContain("抽查情况汇总表");
  expect(summary).toMatch(/填报单位：五原县[^<]+局/);
  expect(summary).toContain(subjectName);
});

test("API clients use their bearer token; no credential, another form or a forged token are refused", async () => {
  const withHeader = await get(`/forms/notice/${assignmentId}`, { authorization: `Bearer ${planner}` });
  expect(withHeader.status).toBe(200);
  expect((await get(`/forms/notice/${assignmentId}`)).status).toBe(401);
  const noticeLink = await link("notice", assignmentId);
  const token = new URL(noticeLink, s.url).searchParams.get("t")!;
  // The token is for that one form: not for the record of the same assignment, not another kind, not forged.
  expect((await get(`/forms/record/${assignmentId}?t=${token}`)).status).toBe(401);
  expect((await get(`/forms/notice/${assignmentId}?t=${token}x`)).status).toBe(401);
  expect((await get(`/forms/nothing/${assignmentId}?t=${token}`)).status).toBe(404);
  // An access token in the query string is not a form token (a different audience) ...
  expect((await get(`/forms/notice/${assignmentId}?t=${planner}`)).status).toBe(401);
  // ... and a form token opens no API.
  expect(errorCode(await s.gql(`{ me { id } }`, {}, token))).toBe("UNAUTHENTICATED");
});

test("another department's user gets a link but the form is not found for them (RLS), as for the public", async () => {
  const other = await s.login("wy-health", "planner");
  const res = await get(await link("notice", assignmentId, other));
  expect(res.status).toBe(404);
  expect(await res.text()).toContain("未找到");
  expect(errorCode(await s.gql(`{ formLink(kind: "notice", id: "${assignmentId}") }`))).toBe("UNAUTHENTICATED");
});
