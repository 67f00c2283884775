import { Client } from "pg";
import { PROBLEM, seedEstimateTask } from "../helpers/estimate-fixture";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * 行政处罚 on the follow-up ledger (issue 14): case number, decision and date; the 行政处罚信息 publication due 7 working
 * days after the decision and a received 移交 to be answered within 5, both in the department's deadline list.
 */
let s: TestServer;
let transports: Transport[];
let resultIds: string[];

beforeAll(async () => {
  s = await startTestServer();
  transports = transportsOf(s);
  const { taskId } = await seedEstimateTask(s.db.superuserUrl, {
    tenantCode: "wy-health",
    year: 2026,
    taskName: "医疗废物处置",
    publicAfter: null,
    strata: [{ stratum: "全部", population: 5, subjects: [{ result: PROBLEM }, { result: PROBLEM }] }],
  });
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  resultIds = (
    await c.query(
      `SELECT r.id FROM inspection_result r JOIN assignment a ON a.id = r.assignment_id WHERE a.task_id = $1 ORDER BY r.id`,
      [taskId],
    )
  ).rows.map((r: { id: string }) => r.id);
  await c.end();
});
afterAll(async () => {
  for (const t of transports) await t.close();
  await s.close();
});

const OPEN = `mutation($i: OpenFollowUpInput!) { openFollowUp(input: $i) { id } }`;
const CASE = `mutation($id: ID!, $n: String, $d: String, $on: String, $p: String) {
  recordFollowUpCase(id: $id, caseNumber: $n, decision: $d, decidedOn: $on, publishedOn: $p) {
    caseNumber penaltyDecision penaltyDecidedOn penaltyPublishedOn } }`;
const DEADLINES = `query($d: String) { inspectionDeadlines(today: $d) { kind followUpId transferId dueDate state } }`;

it.each([0, 1])("a penalty's publication is due 7 working days after the decision, until published (%#)", async (i) => {
  const t = transports[i];
  const planner = await s.login("wy-health", "planner");
  const open = await t.run(
    OPEN,
    {
      i: {
        resultId: resultIds[i],
        action: "ADMINISTRATIVE_PENALTY",
        responsiblePerson: "张科长",
        dueDate: "2026-12-31",
      },
    },
    planner,
  );
  const id = open.data!.openFollowUp.id;
  // Decision before a case number, and a decision dated in the future, are refused.
  expect(errorCode(await t.run(CASE, { id, d: "罚款五千元", on: "2026-11-02" }, planner))).toBe("BAD_USER_INPUT");
  expect(errorCode(await t.run(CASE, { id, n: "五卫罚〔2026〕1号", d: "罚款", on: "2099-01-01" }, planner))).toBe(
    "BAD_USER_INPUT",
  );
  const rec = await t.run(CASE, { id, n: `五卫罚〔2026〕${i + 1}号`, d: "罚款五千元", on: "2026-11-02" }, planner);
  expect(rec.data?.recordFollowUpCase).toMatchObject({ penaltyDecidedOn: "2026-11-02", penaltyPublishedOn: null });
  expect(errorCode(await t.run(CASE, { id, d: "再次", on: "2026-11-03" }, planner))).toBe("CONFLICT");
  // Monday 2 November + 7 working days = Wednesday 11 November (no holiday in between).
  const due = async (today: string) =>
    (await t.run(DEADLINES, { d: today }, planner)).data!.inspectionDeadlines.find(
      (x: any) => x.kind === "PENALTY_PUBLICATION" && x.followUpId === id,
    );
  expect(await due("2026-11-04")).toMatchObject({ dueDate: "2026-11-11", state: "OK" });
  expect((await due("2026-11-10")).state).toBe("DUE_SOON");
  expect((await due("2026-11-12")).state).toBe("OVERDUE");
  // Another department never sees it.
  const other = (await t.run(DEADLINES, { d: "2026-11-12" }, await s.login("wy-emerg", "planner"))).data!
    .inspectionDeadlines;
  expect(other.some((x: any) => x.followUpId === id)).toBe(false);
  await t.run(CASE, { id, p: "2026-11-10" }, planner);
  expect(await due("2026-11-12")).toBeUndefined();
});

it("case data only on case entries; the rule is the department's own setting", async () => {
  const planner = await s.login("wy-health", "planner");
  const open = await s.gql(
    OPEN,
    { i: { resultId: resultIds[0], action: "REINSPECTION", responsiblePerson: "李", dueDate: "2026-12-31" } },
    planner,
  );
  expect(errorCode(await s.gql(CASE, { id: open.data!.openFollowUp.id, n: "X1" }, planner))).toBe("RULE_VIOLATION");
  const admin = await s.login("wy-health", "admin");
  const set = await s.gql(
    `mutation { updateTenantSettings(input: { inspectionDeadlines: { penaltyPublishWorkingDays: 3, transferFeedbackWorkingDays: 2 } }) {
      inspectionDeadlines { penaltyPublishWorkingDays transferFeedbackWorkingDays } } }`,
    {},
    admin,
  );
  expect(set.data?.updateTenantSettings.inspectionDeadlines).toEqual({
    penaltyPublishWorkingDays: 3,
    transferFeedbackWorkingDays: 2,
  });
  expect(
    errorCode(
      await s.gql(
        `mutation { updateTenantSettings(input: { inspectionDeadlines: { penaltyPublishWorkingDays: 0 } }) { samplingFloorPercent } }`,
        {},
        admin,
      ),
    ),
  ).toBe("BAD_USER_INPUT");
  await s.gql(
    `mutation { updateTenantSettings(input: { inspectionDeadlines: { penaltyPublishWorkingDays: null, transferFeedbackWorkingDays: null } }) { samplingFloorPercent } }`,
    {},
    admin,
  );
});

it("a received 移交 is to be answered within 5 working days, in the receiver's list only", async () => {
  const planner = await s.login("wy-health", "planner");
  const open = await s.gql(
    OPEN,
    { i: { resultId: resultIds[1], action: "TRANSFER_DEPARTMENT", responsiblePerson: "王", dueDate: "2026-12-31" } },
    planner,
  );
  const emerg = (await s.gql(`{ tenant(code: "wy-emerg") { id } }`)).data!.tenant.id;
  const sent = await s.gql(
    `mutation($id: ID!, $to: ID!) { transferFollowUp(id: $id, toDepartmentId: $to, kind: TRANSFER, note: "涉及危化品储存") { id } }`,
    { id: open.data!.openFollowUp.id, to: emerg },
    planner,
  );
  const transferId = sent.data!.transferFollowUp.id;
  const receiver = await s.login("wy-emerg", "planner");
  const list = (await s.gql(DEADLINES, {}, receiver)).data!.inspectionDeadlines;
  const item = list.find((x: any) => x.kind === "TRANSFER_FEEDBACK" && x.transferId === transferId);
  expect(item).toBeTruthy();
  expect(item.state).toBe("OK");
  const senderList = (await s.gql(DEADLINES, {}, planner)).data!.inspectionDeadlines;
  expect(senderList.some((x: any) => x.transferId === transferId)).toBe(false);
  // Far enough ahead it is overdue; once returned it is gone.
  expect(
    (await s.gql(DEADLINES, { d: "2027-06-30" }, receiver)).data!.inspectionDeadlines.find(
      (x: any) => x.transferId === transferId,
    ).state,
  ).toBe("OVERDUE");
  await s.gql(
    `mutation($id: ID!) { returnFollowUpTransfer(id: $id, note: "不属本部门职责") { id } }`,
    { id: transferId },
    receiver,
  );
  expect(
    (await s.gql(DEADLINES, {}, receiver)).data!.inspectionDeadlines.some((x: any) => x.transferId === transferId),
  ).toBe(false);
  // The alert scan announces the new kinds (the table's CHECK accepts them).
  const penalty = await s.gql(
    OPEN,
    { i: { resultId: resultIds[1], action: "ADMINISTRATIVE_PENALTY", responsiblePerson: "王", dueDate: "2026-12-31" } },
    planner,
  );
  await s.gql(
    CASE,
    { id: penalty.data!.openFollowUp.id, n: "五卫罚〔2026〕9号", d: "警告", on: "2026-11-02" },
    planner,
  );
  const scan = await s.gql(
    `mutation { scanDeadlines(today: "2026-11-12") { flagged alerted { kind } } }`,
    {},
    await s.login("wy-health", "supervisor"),
  );
  expect(scan.errors).toBeUndefined();
  expect(scan.data!.scanDeadlines.alerted.map((a: any) => a.kind)).toContain("PENALTY_PUBLICATION");
});
