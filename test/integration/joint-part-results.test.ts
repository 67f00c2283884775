import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { jointPartOf, recordInspection, type TeamAssignment } from "../helpers/inspection-steps";
import {
  approveAndDraw,
  confirm,
  createJointPlanAndTask,
  JOINT_TEST_CLOCK,
  type JointSetup,
  seedJointDepartments,
} from "../helpers/joint-fixture";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * Issue 12 (一个结果流程): a department's part of a joint visit goes through the department's own result pipeline,
 * so evidence, 更正, 后续处置 and the working-day deadlines behave on a JOINT part as on a RANDOM task: readable and
 * writable by the owning department only, the correction public with the original kept, the follow-up tracked until
 * closed, and the publication deadline counted in working days in the department's deadline list.
 */
let s: TestServer;
let setup: JointSetup;
let taskId: string;
let visitId: string;
let transports: Transport[];
let drcPart: TeamAssignment;
let samrPart: TeamAssignment;
let drcResultId: string;
let attachmentId: string;
let followUpId: string;
// Wednesday; 20 working days later is Wednesday 2026-07-29 (four weekends), not 07-21 (20 calendar days).
const DATE = "2026-07-01";
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

const ok = <T = any>(r: GqlResponse, field: string): T => {
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data![field] as T;
};

beforeAll(async () => {
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 6 });
  transports = transportsOf(s);
  setup = await seedJointDepartments(s, 610_000);
  const created = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
    { code: "wy-emerg", itemIds: [setup.emergEntryId] },
  ]);
  taskId = created.task.id;
  for (const code of ["wy-drc", "wy-samr"]) expect((await confirm(s, code, taskId)).errors).toBeUndefined();
  expect(
    (await confirm(s, "wy-emerg", taskId, { teamRule: { subLibrary: "联合检查", minSize: 1, maxSize: 1 } })).errors,
  ).toBeUndefined();
  expect((await approveAndDraw(s, taskId)).draw.errors).toBeUndefined();
  const coordinator = await s.login("wy-samr", "admin");
  const visits = ok(
    await s.gql(`query($id: ID!) { jointTask(id: $id) { visits { id } } }`, { id: taskId }, coordinator),
    "jointTask",
  ).visits;
  visitId = visits[0].id;
  ok(
    await s.gql(
      `mutation($i: JointVisitDateInput!) { proposeJointVisitDate(input: $i) { status } }`,
      { i: { visitId, date: DATE } },
      coordinator,
    ),
    "proposeJointVisitDate",
  );
  for (const code of ["wy-drc", "wy-emerg"])
    ok(
      await s.gql(
        `mutation($v: ID!) { acceptJointVisitDate(visitId: $v) { status } }`,
        { v: visitId },
        await s.login(code, "planner"),
      ),
      "acceptJointVisitDate",
    );
  // The visit day has passed: parts are recorded on it (an inspection date is never in the future).
  setClock(clockFrom("2026-07-02T02:00:00Z"));
  drcPart = await jointPartOf(s, "wy-drc", visitId);
  samrPart = await jointPartOf(s, "wy-samr", visitId);
  const drc = await recordInspection(s, "wy-drc", drcPart, DATE);
  expect(ok(drc.completed, "completeInspectionRecord")).toEqual({ status: "RECORDED" });
  const samr = await recordInspection(s, "wy-samr", samrPart, DATE);
  expect(ok(samr.completed, "completeInspectionRecord")).toEqual({ status: "RECORDED" });
  attachmentId = ok(
    await s.gql(
      `mutation($i: AttachmentInput!) { addInspectionAttachment(input: $i) { id } }`,
      { i: { assignmentId: drcPart.id, fileName: "联合检查现场照片.png", contentBase64: PNG.toString("base64") } },
      drc.team[0],
    ),
    "addInspectionAttachment",
  ).id;
  // wy-drc's part found a problem: result drafted, submitted, approved and published by its supervisor.
  drcResultId = ok(
    await s.gql(
      `mutation($id: ID!) { saveInspectionResult(assignmentId: $id, input: { categoryCode: "PENDING_FOLLOW_UP", problems: "管道标识缺失" }) { id } }`,
      { id: drcPart.id },
      drc.team[0],
    ),
    "saveInspectionResult",
  ).id;
  const step = async (m: string, t: string) =>
    ok(await s.gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: drcResultId }, t), m);
  await step("submitInspectionResult", drc.team[0]);
  const supervisor = await s.login("wy-drc", "supervisor");
  expect(await step("approveInspectionResult", supervisor)).toEqual({ status: "APPROVED" });
  expect(await step("publishInspectionResult", supervisor)).toEqual({ status: "PUBLISHED" });
});
afterAll(async () => {
  resetClock();
  for (const t of transports ?? []) await t.close();
  await s.close();
});

describe("a department's part of a joint visit on the department's result pipeline", () => {
  test("evidence of the part: the owning department reads it after approval; another participant and the public do not", async () => {
    const CONTENT = `query($id: ID!) { inspectionAttachmentContent(id: $id) { contentBase64 } }`;
    const RECORD = `query($id: ID!) { inspectionRecord(assignmentId: $id) { attachments { id } } }`;
    const owner = await s.login("wy-drc", "supervisor");
    for (const t of transports) {
      const content = ok(await t.run(CONTENT, { id: attachmentId }, owner), "inspectionAttachmentContent");
      expect(Buffer.from(content.contentBase64, "base64").equals(PNG)).toBe(true);
      expect(ok(await t.run(RECORD, { id: drcPart.id }, owner), "inspectionRecord").attachments).toEqual([
        { id: attachmentId },
      ]);
      for (const code of ["wy-samr", "wy-emerg"]) {
        const other = await s.login(code, "supervisor");
        expect(errorCode(await t.run(CONTENT, { id: attachmentId }, other))).toBe("NOT_FOUND");
        const rec = await t.run(RECORD, { id: drcPart.id }, other);
        // Not found, or no record at all: never wy-drc's record and its evidence.
        expect(rec.data?.inspectionRecord ?? null).toBeNull();
      }
      const anonymous = await t.run(CONTENT, { id: attachmentId });
      expect(anonymous.data?.inspectionAttachmentContent ?? null).toBeNull();
      expect(["UNAUTHENTICATED", "FORBIDDEN"]).toContain(errorCode(anonymous));
    }
    // The database agrees (RLS, as the runtime role): only wy-drc's tenant sees the evidence row.
    const count = async (code: string) => {
      const c = new Client({ connectionString: s.db.appUrl });
      await c.connect();
      try {
        await c.query("BEGIN");
        await c.query(...transactionSettings(setup.tenants[code]));
        const r = await c.query(`SELECT count(*)::int AS n FROM inspection_attachment WHERE id = $1`, [attachmentId]);
        await c.query("ROLLBACK");
        return r.rows[0].n as number;
      } finally {
        await c.end();
      }
    };
    expect(await count("wy-samr")).toBe(0);
    expect(await count("wy-emerg")).toBe(0);
    expect(await count("wy-drc")).toBe(1);
  });

  test("更正: the department corrects its published part; the public shows the correction, the original stays; another participant cannot", async () => {
    const CORRECT = `mutation($id: ID!, $i: ResultInput!, $r: String!) { correctInspectionResult(id: $id, input: $i, reason: $r) { version status } }`;
    const input = { categoryCode: "CORRECTED", problems: "管道标识缺失，已当场整改", withheld: [] };
    for (const code of ["wy-samr", "wy-emerg"])
      expect(
        errorCode(
          await s.gql(CORRECT, { id: drcResultId, i: input, r: "越权更正" }, await s.login(code, "supervisor")),
        ),
      ).toBe("NOT_FOUND");
    const corrected = ok(
      await s.gql(
        CORRECT,
        { id: drcResultId, i: input, r: "企业已完成整改，更正结果类别" },
        await s.login("wy-drc", "supervisor"),
      ),
      "correctInspectionResult",
    );
    expect(corrected).toEqual({ version: 2, status: "PUBLISHED" });
    const history = ok(
      await s.gql(
        `query($id: ID!) { publishedResultHistory(resultId: $id) { version categoryCode correctionReason supersededAt changes } }`,
        { id: drcResultId },
      ),
      "publishedResultHistory",
    );
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({
      version: 1,
      categoryCode: "PENDING_FOLLOW_UP",
      supersededAt: expect.any(String),
    });
    expect(history[1]).toMatchObject({
      version: 2,
      categoryCode: "CORRECTED",
      correctionReason: "企业已完成整改，更正结果类别",
      supersededAt: null,
    });
    const pub = ok(
      await s.gql(
        `query($d: ID) { publishedResults(departmentId: $d, limit: 100) { items { version categoryCode correctionReason jointVisit { visitId } } } }`,
        { d: setup.tenants["wy-drc"] },
      ),
      "publishedResults",
    );
    expect(pub.items.filter((i: any) => i.jointVisit?.visitId === visitId)).toEqual([
      {
        version: 2,
        categoryCode: "CORRECTED",
        correctionReason: "企业已完成整改，更正结果类别",
        jointVisit: { visitId },
      },
    ]);
    // The audit trail holds the publication and the correction (with the digest of what stood before it).
    const trail = await s.superuser<{ action: string; before_digest: string | null; summary: string | null }>(
      `SELECT action, before_digest, summary FROM audit_event
        WHERE tenant_id = $1 AND entity_type = 'inspection_result' AND entity_id = $2 ORDER BY seq`,
      [setup.tenants["wy-drc"], drcResultId],
    );
    const correction = trail.find((r) => r.action === "result.correct");
    expect(correction?.before_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(correction?.summary).toContain('"version":2');
    expect(trail.map((r) => r.action).indexOf("result.correct")).toBeGreaterThan(0);
  });

  test("后续处置 on the part: opened on its problem result, tracked in its deadlines until closed; a second close is refused", async () => {
    const supervisor = await s.login("wy-drc", "supervisor");
    followUpId = ok(
      await s.gql(
        `mutation($i: OpenFollowUpInput!) { openFollowUp(input: $i) { id status } }`,
        { i: { resultId: drcResultId, action: "REINSPECTION", responsiblePerson: "张科长", dueDate: "2026-07-10" } },
        supervisor,
      ),
      "openFollowUp",
    ).id;
    const open = ok(
      await s.gql(`{ followUps(status: "OPEN") { items { id resultId status } } }`, {}, supervisor),
      "followUps",
    );
    expect(open.items).toContainEqual({ id: followUpId, resultId: drcResultId, status: "OPEN" });
    const deadlines = (t: string, task?: string) =>
      s.gql(
        `query($t: String, $task: ID) { inspectionDeadlines(today: $t, taskId: $task) { kind assignmentId followUpId dueDate state } }`,
        { t, task },
        supervisor,
      );
    // Tracked in the department's list, also when asked for the joint task (as a follow-up of a RANDOM task is).
    for (const task of [undefined, taskId]) {
      const items = ok(await deadlines("2026-07-13", task), "inspectionDeadlines");
      expect(items).toContainEqual({
        kind: "FOLLOW_UP",
        assignmentId: drcPart.id,
        followUpId,
        dueDate: "2026-07-10",
        state: "OVERDUE",
      });
    }
    const samrClose = await s.gql(
      `mutation($id: ID!) { closeFollowUp(id: $id, note: "越权办结") { status } }`,
      { id: followUpId },
      await s.login("wy-samr", "supervisor"),
    );
    expect(errorCode(samrClose)).toBe("NOT_FOUND");
    const close = () =>
      s.gql(
        `mutation($id: ID!) { closeFollowUp(id: $id, note: "复查已整改") { status closingNote } }`,
        { id: followUpId },
        supervisor,
      );
    expect(ok(await close(), "closeFollowUp")).toEqual({ status: "CLOSED", closingNote: "复查已整改" });
    const again = await close();
    expect(again.errors![0].extensions).toMatchObject({
      code: "CONFLICT",
      rule: "INVALID_TRANSITION",
      lifecycle: expect.any(String),
      from: "CLOSED",
    });
    for (const task of [undefined, taskId])
      expect(
        ok(await deadlines("2026-07-13", task), "inspectionDeadlines").filter((d: any) => d.followUpId === followUpId),
      ).toEqual([]);
  });

  test("the part's publication deadline counts working days from the visit date and is flagged like a RANDOM task's", async () => {
    const planner = await s.login("wy-samr", "supervisor");
    const mine = async (today: string, task?: string) =>
      ok(
        await s.gql(
          `query($t: String, $task: ID) { inspectionDeadlines(today: $t, taskId: $task) { kind assignmentId dueDate state approximate } }`,
          { t: today, task },
          planner,
        ),
        "inspectionDeadlines",
      ).filter((d: any) => d.assignmentId === samrPart.id);
    const pub = (list: any[]) => list.find((d) => d.kind === "PUBLICATION");
    const report = (list: any[]) => list.find((d) => d.kind === "REPORT");
    for (const task of [undefined, taskId]) {
      // 5 working days after Wednesday 07-01 is Wednesday 07-08 (not 07-06); 20 is 07-29 (not 07-21).
      expect(report(await mine("2026-07-02", task))).toMatchObject({ dueDate: "2026-07-08", state: "OK" });
      expect(pub(await mine("2026-07-21", task))).toMatchObject({
        dueDate: "2026-07-29",
        state: "OK",
        approximate: false,
      });
      expect(pub(await mine("2026-07-27", task))).toMatchObject({ state: "DUE_SOON" });
      expect(pub(await mine("2026-07-29", task))).toMatchObject({ state: "DUE_SOON" });
      expect(pub(await mine("2026-07-30", task))).toMatchObject({ state: "OVERDUE" });
    }
    // A part not yet started: its notice deadline counts 3 working days from the draw on the one clock (Wednesday
    // 2026-05-20 → Monday 05-25 over the weekend), as a RANDOM task's assignment counts from its draw.
    const waiting = ok(
      await s.gql(
        `query($t: String, $task: ID) { inspectionDeadlines(today: $t, taskId: $task) { kind assignmentId dueDate state } }`,
        { t: "2026-05-22", task: taskId },
        planner,
      ),
      "inspectionDeadlines",
    ).filter((d: any) => d.kind === "NOTICE");
    expect(waiting.length).toBeGreaterThan(0);
    for (const d of waiting) expect(d).toMatchObject({ dueDate: "2026-05-25", state: "DUE_SOON" });
    // The 附件7 summary's overdue count flags the part once its report deadline (07-08) has passed, as for a RANDOM task.
    const overdue = async (today: string) =>
      ok(
        await s.gql(
          `query($t: String, $task: ID) { inspectionSummary(year: 2026, taskId: $task, today: $t) { overdue } }`,
          { t: today, task: taskId },
          planner,
        ),
        "inspectionSummary",
      ).overdue;
    // The parts not yet started are overdue since 05-26 (their notice); the recorded one joins them on 07-09.
    expect(await overdue("2026-07-08")).toBe(waiting.length);
    expect(await overdue("2026-07-09")).toBe(waiting.length + 1);
    // The published part (wy-drc) has no publication deadline left.
    const drc = ok(
      await s.gql(
        `query($t: String) { inspectionDeadlines(today: $t) { kind assignmentId } }`,
        { t: "2026-07-30" },
        await s.login("wy-drc", "supervisor"),
      ),
      "inspectionDeadlines",
    );
    expect(drc.filter((d: any) => d.assignmentId === drcPart.id && d.kind === "PUBLICATION")).toEqual([]);
    // Another participant's list never holds wy-samr's part.
    expect(drc.filter((d: any) => d.assignmentId === samrPart.id)).toEqual([]);
  });
});
