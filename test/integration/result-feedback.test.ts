import { runDemoWalkthrough } from "../../src/demo/walkthrough";
import { createLogger } from "../../src/logger";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/**
 * 检查结果反馈 (issue 14; seed 000 住建局实施细则 第十八条: 检查报告完成后5个工作日内向被检查对象反馈检查结果): a
 * department whose rule is 5 working days (as 住建局's) sees a RESULT_FEEDBACK deadline from the China date the report
 * was completed until the team records the delivery (直接送达/邮寄送达); a department without the rule (0, the default)
 * sees none. Dates at the boundary: 16:00 UTC is midnight in Beijing, for the report's completion and for "today".
 * Base state: the demo walkthrough (wy-drc: two published results).
 */
let s: TestServer;
let results: Array<{ id: string; assignmentId: string }>;
let member: string;

const ok = <T = any>(r: { data?: any; errors?: unknown }, key: string): T => {
  expect(r.errors).toBeUndefined();
  return r.data[key] as T;
};

const feedbackItems = async (code = "wy-drc") =>
  ok<any[]>(
    await s.gql(`{ inspectionDeadlines { assignmentId kind dueDate state } }`, {}, await s.login(code, "supervisor")),
    "inspectionDeadlines",
  ).filter((d) => d.kind === "RESULT_FEEDBACK");

const record = async (assignmentId: string, deliveredOn: string, method = "MAIL", username = member) =>
  s.gql(
    `mutation($a: ID!, $m: FeedbackMethod!, $d: String!) {
       recordResultFeedback(assignmentId: $a, method: $m, deliveredOn: $d, note: "EMS 1234") {
         assignmentId method deliveredOn note } }`,
    { a: assignmentId, m: method, d: deliveredOn },
    await s.login("wy-drc", username),
  );

beforeAll(async () => {
  s = await startTestServer();
  await runDemoWalkthrough(s.url, s.db.ownerUrl, createLogger("error"));
  results = ok<any>(
    await s.gql(`{ inspectionResults { items { id assignmentId } } }`, {}, await s.login("wy-drc", "supervisor")),
    "inspectionResults",
  ).items;
  expect(results).toHaveLength(2);
  // Report A completed Thursday 2026-12-03 23:59:59 in Beijing; report B one second later, Friday 00:00:00.
  await s.superuser(`UPDATE inspection_result SET submitted_at = $2 WHERE id = $1`, [
    results[0].id,
    "2026-12-03T15:59:59Z",
  ]);
  await s.superuser(`UPDATE inspection_result SET submitted_at = $2 WHERE id = $1`, [
    results[1].id,
    "2026-12-03T16:00:00Z",
  ]);
  const members = await s.superuser<{ username: string }>(
    `SELECT u.username FROM assignment a JOIN inspector i ON i.id = ANY (a.member_ids) JOIN app_user u ON u.id = i.user_id
      WHERE a.id = $1 ORDER BY u.username`,
    [results[0].assignmentId],
  );
  member = members[0].username;
  const admin = await s.login("wy-drc", "admin");
  const set = await s.gql(
    `mutation { updateTenantSettings(input: { inspectionDeadlines: { resultFeedbackWorkingDays: 5 } }) {
       inspectionDeadlines { resultFeedbackWorkingDays } } }`,
    {},
    admin,
  );
  expect(ok<any>(set, "updateTenantSettings").inspectionDeadlines.resultFeedbackWorkingDays).toBe(5);
});
afterAll(async () => {
  resetClock();
  await s.close();
});

test("the rule is per department: 0 (none) by default, 0–60 accepted", async () => {
  const samr = ok<any>(
    await s.gql(
      `{ tenantSettings { inspectionDeadlines { resultFeedbackWorkingDays } } }`,
      {},
      await s.login("wy-samr", "admin"),
    ),
    "tenantSettings",
  );
  expect(samr.inspectionDeadlines.resultFeedbackWorkingDays).toBe(0);
  const bad = await s.gql(
    `mutation { updateTenantSettings(input: { inspectionDeadlines: { resultFeedbackWorkingDays: 61 } }) { drawEmbargoDays } }`,
    {},
    await s.login("wy-drc", "admin"),
  );
  expect(errorCode(bad)).toBe("BAD_USER_INPUT");
  expect(JSON.stringify(bad.errors)).toContain("检查结果反馈期限");
});

test("due 5 working days after the report's China date; overdue from 00:00 Beijing the day after", async () => {
  setClock(clockFrom("2026-12-10T15:59:30Z")); // Thursday 23:59:30 in Beijing
  const before = await feedbackItems();
  const byAssignment = (items: any[], k: number) => items.find((d) => d.assignmentId === results[k].assignmentId);
  // A: Thursday 12-03 + 5 working days = Thursday 12-10; B (Friday 12-04 in Beijing) = Friday 12-11.
  expect(byAssignment(before, 0)).toMatchObject({ dueDate: "2026-12-10", state: "DUE_SOON" });
  expect(byAssignment(before, 1)).toMatchObject({ dueDate: "2026-12-11", state: "DUE_SOON" });
  setClock(clockFrom("2026-12-10T16:00:00Z")); // Friday 00:00 in Beijing
  const after = await feedbackItems();
  expect(byAssignment(after, 0)).toMatchObject({ dueDate: "2026-12-10", state: "OVERDUE" });
  expect(byAssignment(after, 1)).toMatchObject({ dueDate: "2026-12-11", state: "DUE_SOON" });
  // The dashboard alert names the kind in Chinese (deadline_alert accepts the new kind).
  const scan = ok<any>(
    await s.gql(
      `mutation { scanDeadlines { alerted { kind assignmentId state } } }`,
      {},
      await s.login("wy-drc", "supervisor"),
    ),
    "scanDeadlines",
  );
  expect(scan.alerted).toContainEqual({
    kind: "RESULT_FEEDBACK",
    assignmentId: results[0].assignmentId,
    state: "OVERDUE",
  });
  // A department without the rule has no such items.
  expect(await feedbackItems("wy-samr")).toEqual([]);
});

test("the team records the delivery once, dated between the report and today; the item closes", async () => {
  setClock(clockFrom("2026-12-10T16:00:00Z"));
  const a = results[0].assignmentId;
  const early = await record(a, "2026-12-02");
  expect(errorCode(early)).toBe("RULE_VIOLATION");
  expect(early.errors![0].extensions).toMatchObject({ rule: "FEEDBACK_DATE", reportedOn: "2026-12-03" });
  expect(early.errors![0].message).toContain("送达日期");
  const future = await record(a, "2026-12-12");
  expect(errorCode(future)).toBe("RULE_VIOLATION");
  // Someone outside the team may not record it.
  const outsider = await s.gql(
    `mutation($a: ID!) { recordResultFeedback(assignmentId: $a, method: DIRECT, deliveredOn: "2026-12-04") { id } }`,
    { a },
    await s.login("wy-drc", "supervisor"),
  );
  expect(["FORBIDDEN", "UNAUTHENTICATED"]).toContain(errorCode(outsider));

  const done = await record(a, "2026-12-03");
  expect(ok<any>(done, "recordResultFeedback")).toEqual({
    assignmentId: a,
    method: "MAIL",
    deliveredOn: "2026-12-03",
    note: "EMS 1234",
  });
  const items = await feedbackItems();
  expect(items.map((d) => d.assignmentId)).toEqual([results[1].assignmentId]);
  expect(errorCode(await record(a, "2026-12-04", "DIRECT"))).toBe("CONFLICT");
  const read = ok<any>(
    await s.gql(
      `query($a: ID!) { resultFeedback(assignmentId: $a) { method deliveredOn } }`,
      { a },
      await s.login("wy-drc", "supervisor"),
    ),
    "resultFeedback",
  );
  expect(read).toEqual({ method: "MAIL", deliveredOn: "2026-12-03" });
  // Another department does not see it (RLS).
  const other = await s.gql(
    `query($a: ID!) { resultFeedback(assignmentId: $a) { method } }`,
    { a },
    await s.login("wy-samr", "supervisor"),
  );
  expect(other.data?.resultFeedback ?? null).toBeNull();
});

test("no feedback before the report is completed", async () => {
  // Result B back to a draft (as if returned before submission): its report is not completed.
  const b = results[1];
  const [{ status }] = await s.superuser<{ status: string }>(`SELECT status FROM inspection_result WHERE id = $1`, [
    b.id,
  ]);
  const setStatus = (to: string) =>
    s.superuser(
      `SET session_replication_role = replica; UPDATE inspection_result SET status = '${to}' WHERE id = '${b.id}';
       SET session_replication_role = origin`,
    );
  const [{ username }] = await s.superuser<{ username: string }>(
    `SELECT u.username FROM assignment a JOIN inspector i ON i.id = ANY (a.member_ids) JOIN app_user u ON u.id = i.user_id
      WHERE a.id = $1 ORDER BY u.username LIMIT 1`,
    [b.assignmentId],
  );
  await setStatus("DRAFT");
  try {
    expect((await feedbackItems()).map((d) => d.assignmentId)).not.toContain(b.assignmentId);
    const r = await record(b.assignmentId, "2026-12-10", "DIRECT", username);
    expect(errorCode(r)).toBe("RULE_VIOLATION");
    expect(r.errors![0].extensions).toMatchObject({ rule: "FEEDBACK_BEFORE_REPORT" });
  } finally {
    await setStatus(status);
  }
});
