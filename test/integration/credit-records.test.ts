import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { seedEstimateTask } from "../helpers/estimate-fixture";
import { startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * 信用记录 (issue 14): a published problem result, a 列入经营异常名录 follow-up and a published penalty each write a
 * public credit entry for the subject; a correction supersedes it. Checked over both transports and as the runtime role.
 */
let s: TestServer;
let transports: Transport[];
let rows: Array<{ result_id: string; subject_id: string }>;

beforeAll(async () => {
  s = await startTestServer();
  transports = transportsOf(s);
  const { taskId } = await seedEstimateTask(s.db.superuserUrl, {
    tenantCode: "wy-health",
    year: 2026,
    taskName: "信用记录",
    publicAfter: null,
    strata: [
      {
        stratum: "全部",
        population: 6,
        subjects: [{ result: "APPROVED" }, { result: "APPROVED" }, { result: "APPROVED" }],
      },
    ],
  });
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  rows = (
    await c.query(
      `SELECT r.id AS result_id, r.subject_id FROM inspection_result r JOIN assignment a ON a.id = r.assignment_id
        WHERE a.task_id = $1 ORDER BY r.id`,
      [taskId],
    )
  ).rows;
  // Results 0 and 2 found a problem (approved as such); result 1 found none.
  await c.query(
    `UPDATE inspection_result SET category_code = 'CORRECTED', problems = '未建立台账' WHERE id = ANY ($1)`,
    [[rows[0].result_id, rows[2].result_id]],
  );
  await c.end();
});
afterAll(async () => {
  for (const t of transports) await t.close();
  await s.close();
});

const RECORDS = `query($id: ID!) { creditRecords(subjectId: $id) { kind basis recordedOn supersededAt sourcePublicationId department { code } } }`;
const PUBLISH = `mutation($id: ID!) { publishInspectionResult(id: $id) { status } }`;

it.each([0, 1])("publishing a problem result writes a public entry; a clean one does not (%#)", async (i) => {
  const t = transports[i];
  const supervisor = await s.login("wy-health", "supervisor");
  const r = rows[i];
  expect((await t.run(PUBLISH, { id: r.result_id }, supervisor)).data?.publishInspectionResult.status).toBe(
    "PUBLISHED",
  );
  const anonymous = await t.run(RECORDS, { id: r.subject_id });
  expect(anonymous.errors).toBeUndefined();
  if (i === 0) {
    expect(anonymous.data!.creditRecords).toEqual([
      expect.objectContaining({
        kind: "INSPECTION_PROBLEM",
        supersededAt: null,
        department: { code: "wy-health" },
        basis: expect.stringContaining("发现问题已责令改正"),
      }),
    ]);
  } else expect(anonymous.data!.creditRecords).toEqual([]);
});

it("a correction to a clean category supersedes the entry", async () => {
  const r = rows[0];
  const corrected = await s.gql(
    `mutation($id: ID!) { correctInspectionResult(id: $id, input: { categoryCode: "NO_PROBLEM" }, reason: "复核无问题") { version } }`,
    { id: r.result_id },
    await s.login("wy-health", "supervisor"),
  );
  expect(corrected.errors).toBeUndefined();
  const list = (await s.gql(RECORDS, { id: r.subject_id })).data!.creditRecords;
  expect(list).toHaveLength(1);
  expect(list[0].supersededAt).not.toBeNull();
});

it("a 列入经营异常名录 follow-up and a published penalty write their entries", async () => {
  const r = rows[2];
  const planner = await s.login("wy-health", "planner");
  await s.gql(PUBLISH, { id: r.result_id }, await s.login("wy-health", "supervisor"));
  const open = (action: string) =>
    s.gql(
      `mutation($i: OpenFollowUpInput!) { openFollowUp(input: $i) { id } }`,
      {
        i: { resultId: r.result_id, action, responsiblePerson: "赵", dueDate: "2026-12-31", description: "未按期年报" },
      },
      planner,
    );
  await open("CREDIT_LISTING");
  const penalty = (await open("ADMINISTRATIVE_PENALTY")).data!.openFollowUp.id;
  await s.gql(
    `mutation($id: ID!) { recordFollowUpCase(id: $id, caseNumber: "五卫罚〔2026〕3号", decision: "罚款二千元", decidedOn: "2026-11-02") { id } }`,
    { id: penalty },
    planner,
  );
  const kinds = async () =>
    ((await s.gql(RECORDS, { id: r.subject_id })).data!.creditRecords as Array<{ kind: string }>)
      .map((x) => x.kind)
      .sort();
  expect(await kinds()).toEqual(["ABNORMAL_LIST", "INSPECTION_PROBLEM"]); // the penalty is not public yet
  await s.gql(
    `mutation($id: ID!) { recordFollowUpCase(id: $id, publishedOn: "2026-11-05") { id } }`,
    { id: penalty },
    planner,
  );
  expect(await kinds()).toEqual(["ABNORMAL_LIST", "ADMINISTRATIVE_PENALTY", "INSPECTION_PROBLEM"]);
});

it("as the runtime role: another department cannot write, supersede or alter a department's entries", async () => {
  const c = new Client({ connectionString: s.db.appUrl });
  await c.connect();
  try {
    const id = async (code: string) => (await c.query(`SELECT id FROM tenant WHERE code = $1`, [code])).rows[0].id;
    const health = await id("wy-health");
    const emerg = await id("wy-emerg");
    await c.query("BEGIN");
    await c.query(...transactionSettings(emerg, "", "ADMIN"));
    await expect(
      c.query(
        `INSERT INTO credit_record (tenant_id, subject_id, kind, basis, recorded_on, source_follow_up_id)
         SELECT $1, subject_id, 'ABNORMAL_LIST', '伪造', '2026-11-01', source_follow_up_id FROM credit_record LIMIT 1`,
        [health],
      ),
    ).rejects.toThrow(/row-level security/);
    await c.query("ROLLBACK");
    await c.query("BEGIN");
    await c.query(...transactionSettings(emerg, "", "ADMIN"));
    expect(
      (await c.query(`UPDATE credit_record SET superseded_at = now() WHERE tenant_id = $1`, [health])).rowCount,
    ).toBe(0);
    await c.query("ROLLBACK");
    await c.query("BEGIN");
    await c.query(...transactionSettings(health, "", "ADMIN"));
    await expect(c.query(`UPDATE credit_record SET basis = '改写' WHERE tenant_id = $1`, [health])).rejects.toThrow(
      /immutable/,
    );
    await c.query("ROLLBACK");
  } finally {
    await c.end();
  }
});
