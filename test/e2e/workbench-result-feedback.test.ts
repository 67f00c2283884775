import type { Page } from "playwright-core";
import { runDemoWalkthrough } from "../../src/demo/walkthrough";
import { createLogger } from "../../src/logger";
import { type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { type Contexts, launchContexts } from "./contexts";
import { choose, goHash, signIn, toast } from "./workbench-ui";

/**
 * 检查结果反馈 in the browser (issues 13 and 14): wy-drc's rule is 5 working days (as 住建局's). A member of the team of
 * one of the walkthrough's published results opens 结果反馈 on a phone, sees the target as 待反馈 with the API's due
 * date, records 邮寄送达 today (a Beijing date) with the 邮寄单号, and sees it as 已反馈; the API has the feedback and
 * no more RESULT_FEEDBACK deadline for it. An inspector of another department, in a second context, sees none of
 * wy-drc's targets, and the API refuses it wy-drc's feedback.
 */
let s: TestServer;
let b: Contexts;
let assignmentId: string;
let subject: string;
let member: string;
const names: Record<string, string> = {};

const ok = <T = any>(r: GqlResponse, field: string): T => {
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data![field] as T;
};

const feedbackDeadline = async () =>
  ok<Array<{ assignmentId: string; kind: string; dueDate: string; state: string }>>(
    await s.gql(
      `{ inspectionDeadlines { assignmentId kind dueDate state } }`,
      {},
      await s.login("wy-drc", "supervisor"),
    ),
    "inspectionDeadlines",
  ).find((d) => d.kind === "RESULT_FEEDBACK" && d.assignmentId === assignmentId);

beforeAll(async () => {
  s = await startTestServer();
  await runDemoWalkthrough(s.url, s.db.ownerUrl, createLogger("error"));
  for (const k of ["wy-drc", "wy-samr"])
    names[k] = ok(await s.gql(`query($c: String!) { tenant(code: $c) { name } }`, { c: k }), "tenant").name;
  const supervisor = await s.login("wy-drc", "supervisor");
  const [result] = ok(
    await s.gql(`{ inspectionResults { items { assignmentId } } }`, {}, supervisor),
    "inspectionResults",
  ).items;
  assignmentId = result.assignmentId;
  subject = ok(
    await s.gql(`query($id: ID!) { assignment(id: $id) { subject { name } } }`, { id: assignmentId }, supervisor),
    "assignment",
  ).subject.name;
  [{ username: member }] = await s.superuser(
    `SELECT u.username FROM assignment a JOIN inspector i ON i.id = ANY (a.member_ids) JOIN app_user u ON u.id = i.user_id
      WHERE a.id = $1 ORDER BY u.username LIMIT 1`,
    [assignmentId],
  );
  ok(
    await s.gql(
      `mutation { updateTenantSettings(input: { inspectionDeadlines: { resultFeedbackWorkingDays: 5 } }) {
         inspectionDeadlines { resultFeedbackWorkingDays } } }`,
      {},
      await s.login("wy-drc", "admin"),
    ),
    "updateTenantSettings",
  );
  b = await launchContexts();
}, 180_000);
afterAll(async () => {
  await b?.close();
  await s?.close();
});

let page: Page;

test("the team member sees the target 待反馈 with its deadline, records 邮寄送达 and sees it 已反馈", async () => {
  const due = await feedbackDeadline();
  expect(due).toBeDefined();
  page = (await b.open("drc-member", { phone: true })).page;
  await signIn(page, s.url, names["wy-drc"], member);
  await goHash(page, "#/feedback");
  const card = page.locator(`[data-feedback="${subject}"]`);
  await card.waitFor();
  await card.locator('[data-feedback-status="PENDING"]').waitFor();
  const deadline = await card.locator("[data-deadline]").textContent();
  expect(deadline).toContain(`反馈期限：${due!.dueDate}`);
  expect(await card.locator("[data-deadline]").getAttribute("data-deadline")).toBe(due!.state);
  // The report's completion as a Beijing date.
  const [{ day }] = await s.superuser(
    `SELECT to_char(min(submitted_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM inspection_result
      WHERE assignment_id = $1`,
    [assignmentId],
  );
  expect(await card.locator("[data-reported]").textContent()).toContain(`检查报告完成：${day}`);
  await b.shot(page, "result-feedback-01-pending");

  await choose(page, card.locator('[data-field="feedback-method"]'), "邮寄送达");
  await card.locator('input[name="feedback-note"]').fill("EMS 1234567890");
  await card.locator('[data-action="record-feedback"]').click();
  await toast(page, "检查结果反馈已登记");
  await card.locator('[data-feedback-status="DONE"]').waitFor();
  const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
  const done = await card.locator("[data-feedback-done]").textContent();
  expect(done).toContain(`邮寄送达 · 送达日期 ${today}`);
  expect(done).toContain("EMS 1234567890");
  expect(done).toMatch(new RegExp(`登记于 ${today} \\d\\d:\\d\\d`));
  expect(await card.locator('[data-action="record-feedback"]').count()).toBe(0);
  await b.shot(page, "result-feedback-02-done");

  const saved = ok(
    await s.gql(
      `query($a: ID!) { resultFeedback(assignmentId: $a) { method deliveredOn note } }`,
      { a: assignmentId },
      await s.login("wy-drc", "supervisor"),
    ),
    "resultFeedback",
  );
  expect(saved).toEqual({ method: "MAIL", deliveredOn: today, note: "EMS 1234567890" });
  expect(await feedbackDeadline()).toBeUndefined();
});

test("an inspector of another department, in a second context, sees none of it; the API gives it nothing", async () => {
  const other = (await b.open("samr-inspector", { phone: true })).page;
  await signIn(other, s.url, names["wy-samr"], "inspector1");
  await goHash(other, "#/feedback");
  await other.locator(".wb-screen h2", { hasText: "检查结果反馈" }).waitFor();
  await other.waitForTimeout(500);
  expect(await other.locator(`[data-feedback="${subject}"]`).count()).toBe(0);
  const r = await s.gql(
    `query($a: ID!) { resultFeedback(assignmentId: $a) { id } }`,
    { a: assignmentId },
    await s.login("wy-samr", "inspector1"),
  );
  expect(r.data?.resultFeedback ?? null).toBeNull();
  // The member's screen still shows it, once (no second recording).
  await goHash(page, "#/");
  await goHash(page, "#/feedback");
  await page.locator(`[data-feedback="${subject}"] [data-feedback-status="DONE"]`).waitFor();
  expect(b.problems).toEqual([]);
});
