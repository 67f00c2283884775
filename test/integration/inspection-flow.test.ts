import ExcelJS from "exceljs";
import { Client } from "pg";
import type { EntityManager } from "typeorm";
import { nationalCalendar } from "../../src/calendar";
import { inspectionKpis } from "../../src/domain/inspection/kpis";
import { buildPopulation, type PopulationTask } from "../../src/services/draw/population.service";
import { withDefaults } from "../../src/services/system/tenant-settings.service";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { type DirectoryIds, seedDirectory, testCreditCode } from "../helpers/fixtures";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/**
 * Issue 6 end to end over GraphQL as the different roles: a drawn assignment is accepted, inspected (with a refusal
 * to sign), recorded, its result returned, resubmitted, approved and published (一公开, redacted), corrected after
 * publication; deadlines across National Day 2025; a follow-up transferred to and accepted by another department;
 * the summary table; and the audit chain still verifying.
 */
let s: TestServer;
let ids: DirectoryIds;
let planner: string;
let supervisor: string;
let leader: string;
let member: string;
let assignmentId: string;
let subjectId: string;
let resultId: string;
let creditCode: string;

const WITNESS = { witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

async function asOwner<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', 'ADMIN', true)`, [
      ids.tenantId,
    ]);
    const out = await fn(c);
    await c.query("COMMIT");
    return out;
  } finally {
    await c.end();
  }
}

const ok = <T = any>(r: { data?: any; errors?: unknown }, key: string): T => {
  expect(r.errors).toBeUndefined();
  return r.data[key] as T;
};

beforeAll(async () => {
  // Drawn and inspected on 2025-09-26 (Beijing): an inspection date lies between the draw and today.
  setClock(clockFrom("2025-09-26T02:00:00Z"));
  s = await startTestServer({ poolSize: 6 });
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 600_000,
    subjects: [{ tag: "测试结果公示", count: 3 }],
    inspectors: 4,
    categories: ["发展改革"],
    items: [{ code: "DRC-601", name: "石油天然气管道保护的监督检查", itemClass: "KEY" }],
  });
  planner = await s.login("wy-drc", "planner");
  supervisor = await s.login("wy-drc", "supervisor");
  const plan = ok(
    await s.gql(`mutation { createPlan(year: 2026, title: "2026年度抽查计划") { id } }`, {}, planner),
    "createPlan",
  );
  for (const [m, t] of [
    ["submitPlan", planner],
    ["approvePlan", supervisor],
    ["publishPlan", planner],
  ] as const)
    ok(await s.gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: plan.id }, t), m);
  const task = ok(
    await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId: plan.id,
          name: "管道保护专项抽查",
          kind: "DIRECTED",
          itemIds: [ids.itemIds["DRC-601"]],
          filters: { tags: ["测试结果公示"] },
          windowFrom: "2026-03-01",
          windowTo: "2026-09-30",
          samplingRule: { default: { mode: "ALL" } },
          stratifyBy: "NONE",
          revisionReason: "测试：计划公布后新增任务（修订）",
          teamRule: { minSize: 2, maxSize: 2 },
        },
      },
      planner,
    ),
    "createTask",
  );
  ok(await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: task.id }, supervisor), "approveTask");
  ok(
    await s.gql(
      `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
      { id: task.id },
      planner,
    ),
    "lockDraw",
  );
  const d = ok(
    await s.gql(
      `mutation($i: DrawInput!) { drawTask(input: $i) { assignments { id subjectId leaderId memberIds } } }`,
      { i: { taskId: task.id, witnessEntropy: "7-7-1", ...WITNESS } },
      planner,
    ),
    "drawTask",
  );
  const a = d.assignments[0];
  assignmentId = a.id;
  subjectId = a.subjectId;
  // Link the team to the demo accounts inspector1 (leader) and inspector2, and make the target an individual business.
  await asOwner(async (c) => {
    const users = (
      await c.query(`SELECT id, username FROM app_user WHERE tenant_id = $1 AND username LIKE 'inspector%'`, [
        ids.tenantId,
      ])
    ).rows;
    const uid = (n: string) => users.find((u) => u.username === n).id;
    await c.query(`UPDATE inspector SET user_id = NULL WHERE user_id = ANY ($1)`, [users.map((u) => u.id)]);
    const other = a.memberIds.find((m: string) => m !== a.leaderId);
    await c.query(`UPDATE inspector SET user_id = $1 WHERE id = $2`, [uid("inspector1"), a.leaderId]);
    await c.query(`UPDATE inspector SET user_id = $1 WHERE id = $2`, [uid("inspector2"), other]);
    const r = await c.query(
      `UPDATE subject SET kind = 'INDIVIDUAL_BUSINESS', name = '五原县王小明百货店', legal_representative = '王小明'
        WHERE id = $1 RETURNING credit_code`,
      [subjectId],
    );
    creditCode = r.rows[0].credit_code;
  });
  leader = await s.login("wy-drc", "inspector1");
  member = await s.login("wy-drc", "inspector2");
});
afterAll(async () => {
  await s.close();
  resetClock();
});

const REC = `id mode inspectedOn refusalReason refusalWitness inspectorSignoffs { inspectorId } lines { itemName legalBasis checked }`;

describe("inspection record (抽查情况记录表)", () => {
  test("members accept, the leader starts; only the team may act, only the leader may start", async () => {
    const stranger = await s.login("wy-drc", "planner");
    expect(
      errorCode(
        await s.gql(
          `mutation($id: ID!) { acceptAssignment(assignmentId: $id) { status } }`,
          { id: assignmentId },
          stranger,
        ),
      ),
    ).toBe("FORBIDDEN");
    const malformed = await s.gql(`mutation { acceptAssignment(assignmentId: "nope") { status } }`, {}, member);
    expect(malformed.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "assignmentId" });
    const acc = ok(
      await s.gql(
        `mutation($id: ID!) { acceptAssignment(assignmentId: $id) { status } }`,
        { id: assignmentId },
        member,
      ),
      "acceptAssignment",
    );
    expect(acc.status).toBe("ACCEPTED");
    const start = (t: string, input: object) =>
      s.gql(
        `mutation($id: ID!, $i: StartInspectionInput!) { startInspection(assignmentId: $id, input: $i) { status } }`,
        { id: assignmentId, i: input },
        t,
      );
    expect(errorCode(await start(member, { mode: "ON_SITE" }))).toBe("FORBIDDEN");
    const postal = await start(leader, { mode: "POSTAL" });
    expect(postal.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "materialsDue" });
    expect(ok(await start(leader, { mode: "ON_SITE" }), "startInspection").status).toBe("IN_PROGRESS");
    const mine = ok(await s.gql(`{ myInspectionAssignments { id } }`, {}, member), "myInspectionAssignments");
    expect(mine.map((x: any) => x.id)).toContain(assignmentId);
  });

  test("the record: lines of the task's items, a refusal to sign with a witness, both inspectors sign", async () => {
    const save = (input: object, t = leader) =>
      s.gql(
        `mutation($i: InspectionRecordInput!) { saveInspectionRecord(input: $i) { ${REC} } }`,
        { i: { assignmentId, ...input } },
        t,
      );
    const foreign = await save({ lines: [{ checkItemId: "00000000-0000-4000-8000-000000000000", checked: true }] });
    expect(foreign.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "lines[0].checkItemId" });
    // Not before the draw (2025-09-26), not after today (2025-09-26 on the test clock).
    for (const inspectedOn of ["2025-09-25", "2025-09-27", "2025-02-30"])
      expect((await save({ inspectedOn })).errors![0].extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "inspectedOn",
      });
    const rec = ok(
      await save({
        inspectedOn: "2025-09-26",
        situation: "现场检查管道保护措施，发现标识缺失。",
        handlingOpinion: "责令限期补设标识。",
        identityShown: true,
        noticeShown: true,
        lines: [{ checkItemId: ids.itemIds["DRC-601"], checked: true, result: "标识缺失", rectificationOrdered: true }],
      }),
      "saveInspectionRecord",
    );
    expect(rec.lines[0]).toMatchObject({
      itemName: "石油天然气管道保护的监督检查",
      legalBasis: expect.stringContaining("管道保护法"),
    });
    const complete = () =>
      s.gql(
        `mutation($id: ID!) { completeInspectionRecord(assignmentId: $id) { status } }`,
        { id: assignmentId },
        leader,
      );
    expect(errorCode(await complete())).toBe("RULE_VIOLATION");
    const sign = (input: object) =>
      s.gql(
        `mutation($i: TargetSignoffInput!) { recordTargetSignoff(input: $i) { ${REC} } }`,
        { i: { assignmentId, ...input } },
        leader,
      );
    expect((await sign({ refusalReason: "负责人拒绝签字" })).errors![0].extensions).toMatchObject({
      field: "refusalWitness",
    });
    const refused = ok(
      await sign({ refusalReason: "负责人拒绝签字", refusalWitness: "村委会主任李四" }),
      "recordTargetSignoff",
    );
    expect(refused).toMatchObject({ refusalReason: "负责人拒绝签字", refusalWitness: "村委会主任李四" });
    const signAs = (t: string) =>
      s.gql(`mutation($id: ID!) { signInspectionRecord(assignmentId: $id) { ${REC} } }`, { id: assignmentId }, t);
    ok(await signAs(leader), "signInspectionRecord");
    expect(errorCode(await complete())).toBe("RULE_VIOLATION"); // only one inspector signed
    expect(ok(await signAs(member), "signInspectionRecord").inspectorSignoffs).toHaveLength(2);
    expect(ok(await complete(), "completeInspectionRecord")).toEqual({ status: "RECORDED" });
  });

  test("evidence: type by magic bytes, SHA-256 stored, a new version never replaces the old one", async () => {
    const add = (input: object) =>
      s.gql(
        `mutation($i: AttachmentInput!) { addInspectionAttachment(input: $i) { id mimeType sha256 version supersedesId } }`,
        { i: { assignmentId, ...input } },
        member,
      );
    const text = await add({ fileName: "a.png", contentBase64: Buffer.from("not an image").toString("base64") });
    expect(text.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "contentBase64" });
    const v1 = ok(
      await add({ fileName: "现场照片.png", contentBase64: PNG.toString("base64"), latitude: 41.1, longitude: 108.3 }),
      "addInspectionAttachment",
    );
    expect(v1).toMatchObject({ mimeType: "image/png", version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const v2 = ok(
      await add({
        fileName: "现场照片.png",
        contentBase64: Buffer.concat([PNG, Buffer.from([1])]).toString("base64"),
        supersedesId: v1.id,
      }),
      "addInspectionAttachment",
    );
    expect(v2).toMatchObject({ version: 2, supersedesId: v1.id });
    expect(
      errorCode(await add({ fileName: "x.png", contentBase64: PNG.toString("base64"), supersedesId: v1.id })),
    ).toBe("CONFLICT");
    const rec = ok(
      await s.gql(
        `query($id: ID!) { inspectionRecord(assignmentId: $id) { attachments { id version } } }`,
        { id: assignmentId },
        supervisor,
      ),
      "inspectionRecord",
    );
    expect(rec.attachments.map((x: any) => x.version)).toEqual([1, 2]);
    const content = ok(
      await s.gql(
        `query($id: ID!) { inspectionAttachmentContent(id: $id) { contentBase64 } }`,
        { id: v1.id },
        supervisor,
      ),
      "inspectionAttachmentContent",
    );
    expect(Buffer.from(content.contentBase64, "base64").equals(PNG)).toBe(true);
  });
});

describe("deadlines on the working-day calendar", () => {
  test("report due 5 working days after 2025-09-26 is 2025-10-10 (National Day and 调休), overdue only after it", async () => {
    const q = (today: string) =>
      s.gql(
        `query($t: String) { inspectionDeadlines(today: $t) { assignmentId kind dueDate state } }`,
        { t: today },
        supervisor,
      );
    const mine = (r: any, kind: string) =>
      r.data.inspectionDeadlines.find((d: any) => d.assignmentId === assignmentId && d.kind === kind);
    const during = await q("2025-10-08");
    expect(mine(during, "REPORT")).toMatchObject({ dueDate: "2025-10-10", state: "DUE_SOON" });
    expect(mine(during, "PUBLICATION")).toMatchObject({ state: "OK" });
    expect(mine(await q("2025-10-13"), "REPORT")).toMatchObject({ state: "OVERDUE" });
    expect(errorCode(await q("2025-13-01"))).toBe("BAD_USER_INPUT");
  });
});

describe("result review and publication (一公开)", () => {
  const RES = `id status returnedReason version categoryCode`;
  const saveResult = (input: object) =>
    s.gql(
      `mutation($id: ID!, $i: ResultInput!) { saveInspectionResult(assignmentId: $id, input: $i) { ${RES} } }`,
      { id: assignmentId, i: input },
      leader,
    );
  const act = (m: string, t: string, extra = "") =>
    s.gql(`mutation($id: ID!) { ${m}(id: $id${extra}) { ${RES} } }`, { id: resultId }, t);

  test("drafted → submitted → returned (team told) → resubmitted → approved → published", async () => {
    expect((await saveResult({ categoryCode: "NOT_DISCLOSED" })).errors![0].extensions).toMatchObject({
      field: "problems",
    });
    expect((await saveResult({ categoryCode: "BOGUS" })).errors![0].extensions).toMatchObject({
      field: "categoryCode",
    });
    const draft = ok(
      await saveResult({ categoryCode: "PENDING_FOLLOW_UP", problems: "管道标识缺失" }),
      "saveInspectionResult",
    );
    resultId = draft.id;
    expect(ok(await act("submitInspectionResult", leader), "submitInspectionResult").status).toBe("SUBMITTED");
    expect(errorCode(await act("approveInspectionResult", planner))).toBe("FORBIDDEN");
    expect(errorCode(await act("returnInspectionResult", supervisor, `, reason: " "`))).toBe("BAD_USER_INPUT");
    const before = ok(await s.gql(`{ myEvents { nextCursor } }`, {}, member), "myEvents").nextCursor;
    const returned = ok(
      await act("returnInspectionResult", supervisor, `, reason: "存在问题描述不具体"`),
      "returnInspectionResult",
    );
    expect(returned).toMatchObject({ status: "RETURNED", returnedReason: "存在问题描述不具体" });
    const ev = ok(
      await s.gql(`query($s: String) { myEvents(since: $s) { items { topic payload } } }`, { s: before }, member),
      "myEvents",
    );
    expect(ev.items).toContainEqual({
      topic: "ASSIGNMENT",
      payload: expect.objectContaining({ change: "RESULT_RETURNED", resultId, reason: "存在问题描述不具体" }),
    });
    expect(errorCode(await act("publishInspectionResult", supervisor))).toBe("CONFLICT");
    ok(
      await saveResult({
        categoryCode: "PENDING_FOLLOW_UP",
        problems: "王小明经营的门店管道标识缺失，联系电话13912345678，身份证150821198001011234",
        handling: "涉及企业工艺参数，已责令整改",
        withheld: [{ field: "handling", kind: "COMMERCIAL_SECRET" }],
      }),
      "saveInspectionResult",
    );
    ok(await act("submitInspectionResult", leader), "submitInspectionResult");
    expect(ok(await act("approveInspectionResult", supervisor), "approveInspectionResult").status).toBe("APPROVED");
    const since = ok(await s.gql(`{ publicEvents { nextCursor } }`), "publicEvents").nextCursor;
    expect(ok(await act("publishInspectionResult", planner), "publishInspectionResult").status).toBe("PUBLISHED");
    const pub = ok(
      await s.gql(`query($s: String) { publicEvents(since: $s) { items { topic payload } } }`, { s: since }),
      "publicEvents",
    );
    expect(pub.items[0]).toMatchObject({ topic: "PUBLIC_RESULT", payload: { resultId, version: 1 } });
    // Published: no more edits through the draft path.
    expect(errorCode(await saveResult({ categoryCode: "NO_PROBLEM" }))).toBe("CONFLICT");
  });

  const PUB = `version subjectName creditCode legalRepresentative problems handling withheld { field note }
    categoryCode categoryName inspectors { name certificateNo } departmentName correctionReason changes supersededAt`;

  test("anonymous search shows the redacted snapshot; a withheld field carries its note", async () => {
    const r = ok(
      await s.gql(`query($c: String) { publishedResults(creditCode: $c) { total items { ${PUB} } } }`, {
        c: creditCode,
      }),
      "publishedResults",
    );
    expect(r.total).toBe(1);
    const p = r.items[0];
    expect(p).toMatchObject({
      subjectName: "五原县王**百货店",
      legalRepresentative: "王**",
      creditCode,
      categoryName: "发现问题待后续处理",
      departmentName: "五原县发展和改革委员会",
      handling: null,
      withheld: [{ field: "handling", note: "该项内容涉及商业秘密，依法不予公开" }],
    });
    expect(p.problems).not.toContain("13912345678");
    expect(p.problems).not.toContain("150821198001011234");
    expect(p.problems).not.toContain("王小明");
    expect(p.inspectors).toHaveLength(2);
    expect(JSON.stringify(p.inspectors)).not.toMatch(/id_?number/i);
    const byName = ok(
      await s.gql(`{ publishedResults(subjectName: "百货店", categoryCode: "PENDING_FOLLOW_UP") { total } }`),
      "publishedResults",
    );
    expect(byName.total).toBe(1);
    const malformed = await s.gql(`{ publishedResults(departmentId: "not-a-uuid") { total } }`);
    expect(malformed.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "departmentId" });
  });

  test("a correction after publication adds version 2 with what changed and why; version 1 stays visible", async () => {
    const correct = (t: string, reason: string) =>
      s.gql(
        `mutation($id: ID!, $i: ResultInput!, $r: String!) { correctInspectionResult(id: $id, input: $i, reason: $r) { ${RES} } }`,
        { id: resultId, i: { categoryCode: "CORRECTED", problems: "管道标识缺失，已整改", withheld: [] }, r: reason },
        t,
      );
    expect(errorCode(await correct(planner, "x"))).toBe("FORBIDDEN");
    expect(errorCode(await correct(supervisor, " "))).toBe("BAD_USER_INPUT");
    expect(ok(await correct(supervisor, "企业已完成整改，更正结果类别"), "correctInspectionResult")).toMatchObject({
      version: 2,
      status: "PUBLISHED",
    });
    const h = ok(
      await s.gql(`query($id: ID!) { publishedResultHistory(resultId: $id) { ${PUB} } }`, { id: resultId }),
      "publishedResultHistory",
    );
    expect(h).toHaveLength(2);
    expect(h[0]).toMatchObject({ version: 1, categoryCode: "PENDING_FOLLOW_UP", supersededAt: expect.any(String) });
    expect(h[1]).toMatchObject({
      version: 2,
      categoryCode: "CORRECTED",
      correctionReason: "企业已完成整改，更正结果类别",
      supersededAt: null,
    });
    expect(h[1].changes).toEqual(expect.arrayContaining(["categoryCode", "problems", "handling", "withheld"]));
    const current = ok(
      await s.gql(`query($c: String) { publishedResults(creditCode: $c) { total items { version } } }`, {
        c: creditCode,
      }),
      "publishedResults",
    );
    expect(current).toEqual({ total: 1, items: [{ version: 2 }] });
  });

  test("the export feed (JSON and CSV) carries publication and correction history, anonymously", async () => {
    const exp = (f: string) =>
      s.gql(
        `query($c: String) { exportPublishedResults(format: ${f}, creditCode: $c) { fileName mimeType contentBase64 } }`,
        { c: creditCode },
      );
    const json = JSON.parse(
      Buffer.from(ok(await exp("JSON"), "exportPublishedResults").contentBase64, "base64").toString(),
    );
    expect(json.format).toBe("jointcheck-results-v1");
    expect(json.records.map((r: any) => [r.version, r.categoryCode, !!r.supersededAt])).toEqual([
      [1, "PENDING_FOLLOW_UP", true],
      [2, "CORRECTED", false],
    ]);
    const csv = Buffer.from(ok(await exp("CSV"), "exportPublishedResults").contentBase64, "base64").toString();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain("统一社会信用代码");
    expect(lines).toHaveLength(3);
    expect(csv).not.toContain("王小明");
  });
});

describe("follow-up (后续处置) and transfers between departments", () => {
  let followUpId: string;
  let transferId: string;
  let samrId: string;

  test("a transfer appears in the receiver's inbox only, is accepted there, and the follow-up then closes", async () => {
    const open = (input: object) =>
      s.gql(
        `mutation($i: OpenFollowUpInput!) { openFollowUp(input: $i) { id status action } }`,
        { i: { resultId, responsiblePerson: "张科长", dueDate: "2026-06-30", ...input } },
        supervisor,
      );
    expect((await open({ action: "RECTIFY_BY_DEADLINE" })).errors![0].extensions).toMatchObject({
      field: "rectifyDeadline",
    });
    followUpId = ok(await open({ action: "TRANSFER_DEPARTMENT", description: "涉及市场监管职责" }), "openFollowUp").id;
    const depts = ok(await s.gql(`{ tenants { id code } }`, {}, supervisor), "tenants");
    samrId = depts.find((t: any) => t.code === "wy-samr").id;
    const t = ok(
      await s.gql(
        `mutation($id: ID!, $to: ID!) { transferFollowUp(id: $id, toDepartmentId: $to, kind: TRANSFER, note: "请依职责查处") { id status } }`,
        { id: followUpId, to: samrId },
        supervisor,
      ),
      "transferFollowUp",
    );
    transferId = t.id;
    const close = () =>
      s.gql(
        `mutation($id: ID!) { closeFollowUp(id: $id, note: "已移交市场监管局办结") { status } }`,
        { id: followUpId },
        supervisor,
      );
    expect(errorCode(await close())).toBe("RULE_VIOLATION");
    const samr = await s.login("wy-samr", "supervisor");
    const health = await s.login("wy-health", "supervisor");
    const inbox = (tok: string) =>
      s.gql(`{ followUpInbox(status: "PENDING") { total items { id kind subjectName note } } }`, {}, tok);
    expect(ok(await inbox(health), "followUpInbox").total).toBe(0);
    expect(ok(await inbox(samr), "followUpInbox").items).toEqual([
      { id: transferId, kind: "TRANSFER", subjectName: "五原县王小明百货店", note: "请依职责查处" },
    ]);
    // The sender cannot answer its own transfer; the receiver must name a responsible person.
    expect(
      errorCode(
        await s.gql(
          `mutation($id: ID!) { acceptFollowUpTransfer(id: $id) { status } }`,
          { id: transferId },
          supervisor,
        ),
      ),
    ).toBe("NOT_FOUND");
    expect(
      errorCode(
        await s.gql(`mutation($id: ID!) { acceptFollowUpTransfer(id: $id) { status } }`, { id: transferId }, samr),
      ),
    ).toBe("BAD_USER_INPUT");
    const accepted = ok(
      await s.gql(
        `mutation($id: ID!) { acceptFollowUpTransfer(id: $id, note: "已接收", responsiblePerson: "赵股长", dueDate: "2026-07-31") { status } }`,
        { id: transferId },
        samr,
      ),
      "acceptFollowUpTransfer",
    );
    expect(accepted.status).toBe("ACCEPTED");
    const theirs = ok(await s.gql(`{ followUps { items { action sourceTransferId status } } }`, {}, samr), "followUps");
    expect(theirs.items).toContainEqual({ action: "CASE_OPENED", sourceTransferId: transferId, status: "OPEN" });
    const out = ok(
      await s.gql(
        `query($f: ID) { followUpOutbox(followUpId: $f) { status responseNote } }`,
        { f: followUpId },
        supervisor,
      ),
      "followUpOutbox",
    );
    expect(out).toEqual([{ status: "ACCEPTED", responseNote: "已接收" }]);
    const closed = await s.gql(
      `mutation($id: ID!, $p: RiskProposalInput) { closeFollowUp(id: $id, note: "已移交市场监管局办结", riskProposal: $p) { status } }`,
      { id: followUpId, p: { riskClass: "C", departmentIds: [samrId] } },
      supervisor,
    );
    expect(ok(closed, "closeFollowUp").status).toBe("CLOSED");
    const proposal = ok(
      await s.gql(`{ followUpInbox(status: "PENDING") { items { id kind } } }`, {}, samr),
      "followUpInbox",
    );
    expect(proposal.items).toEqual([{ id: expect.any(String), kind: "RISK_CLASS_PROPOSAL" }]);
    const ret = await s.gql(
      `mutation($id: ID!) { returnFollowUpTransfer(id: $id, note: "该对象不在本局名录") { status } }`,
      { id: proposal.items[0].id },
      samr,
    );
    expect(ok(ret, "returnFollowUpTransfer").status).toBe("RETURNED");
  });
});

describe("reports and the audit trail", () => {
  test("抽查情况汇总表 with KPIs, as GraphQL and CSV/XLSX", async () => {
    const r = ok(
      await s.gql(
        `{ inspectionSummary(year: 2026) { drawn inspected published publishedOnTime followUpsOpen followUpsClosed
            coverageRate publicationRate followUpRate problemRate jointShare byCategory { code count } rows { subjectName publication } } }`,
        {},
        supervisor,
      ),
      "inspectionSummary",
    );
    expect(r).toMatchObject({
      drawn: 3,
      inspected: 1,
      published: 1,
      publicationRate: 1,
      followUpRate: 1,
      problemRate: 1,
      followUpsClosed: 1,
    });
    expect(r.coverageRate).toBeGreaterThan(0);
    expect(r.byCategory.find((c: any) => c.code === "CORRECTED").count).toBe(1);
    expect(r.rows.filter((x: any) => x.publication.startsWith("已公示"))).toHaveLength(1);
    expect(errorCode(await s.gql(`{ inspectionSummary(year: 2026) { drawn } }`, {}, member))).toBe("FORBIDDEN");
    for (const format of ["CSV", "XLSX"]) {
      const f = ok(
        await s.gql(
          `{ exportInspectionSummary(year: 2026, format: ${format}) { fileName contentBase64 } }`,
          {},
          supervisor,
        ),
        "exportInspectionSummary",
      );
      const buf = Buffer.from(f.contentBase64, "base64");
      if (format === "CSV")
        expect(buf.toString()).toContain("序号,市场主体名称,市场主体地址,检查人员,存在问题,结果公示,备注");
      else {
        // Title row, 填报单位, frozen header with filters, 序号 and totals as numbers, rates as percentages.
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(buf as unknown as ArrayBuffer);
        const sheet = wb.worksheets[0];
        expect(String(sheet.getCell("A1").value)).toContain("抽查情况汇总表");
        expect(String(sheet.getCell("A2").value)).toMatch(/^填报单位：.+　　填报时间：\d{4}年\d{2}月\d{2}日$/);
        expect(sheet.getRow(3).values).toEqual([
          undefined,
          ...["序号", "市场主体名称", "市场主体地址", "检查人员", "存在问题", "结果公示", "备注"],
        ]);
        expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
        expect(sheet.autoFilter).toBe("A3:G3");
        expect(sheet.getCell("A4").value).toBe(1);
        expect(sheet.getColumn(2).width).toBeGreaterThan(8);
        const drawnRow = sheet.getColumn(1).values.indexOf("抽取户数");
        expect(typeof sheet.getCell(drawnRow, 2).value).toBe("number");
        const rateRow = sheet.getColumn(1).values.indexOf("开展率");
        expect(sheet.getCell(rateRow, 4).numFmt).toBe("0.00%");
      }
    }
  });

  test("the summary's indicators, counted in SQL, equal the indicators of every assignment loaded one by one", async () => {
    const FIELDS = `drawn inspected published publishedOnTime overdue followUpsOpen followUpsClosed coverageRate
      publicationRate followUpRate problemRate byCategory { code count }`;
    // The oracle: the assignments of the year one row each (the query the summary ran before), through the same rules.
    const { facts, settings, overrides } = await asOwner(async (c) => ({
      facts: (
        await c.query(
          `SELECT a.id, (coalesce(d.drawn_at, a.created_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS drawn_on,
                  a.status, a.inspected_on::text AS inspected_on, r.status AS result_status, r.category_code,
                  (r.first_published_at AT TIME ZONE 'Asia/Shanghai')::date::text AS first_published_on,
                  (SELECT count(*) FROM follow_up f JOIN inspection_result x ON x.id = f.result_id
                    WHERE x.assignment_id = a.id AND f.status = 'OPEN')::int AS open,
                  (SELECT count(*) FROM follow_up f JOIN inspection_result x ON x.id = f.result_id
                    WHERE x.assignment_id = a.id AND f.status = 'CLOSED')::int AS closed
             FROM assignment a LEFT JOIN draw d ON d.id = a.draw_id JOIN inspection_task k ON k.id = a.task_id
             JOIN annual_plan p ON p.id = k.plan_id LEFT JOIN inspection_result r ON r.assignment_id = a.id
            WHERE a.tenant_id = $1 AND a.status <> 'CANCELLED' AND (d.id IS NULL OR d.status = 'VALID') AND p.year = 2026`,
          [ids.tenantId],
        )
      ).rows,
      settings: (await c.query(`SELECT settings FROM tenant WHERE id = $1`, [ids.tenantId])).rows[0].settings,
      overrides: Number((await c.query(`SELECT count(*) AS n FROM calendar_day_override`)).rows[0].n),
    }));
    expect(overrides).toBe(0);
    expect(facts.length).toBeGreaterThan(2);
    const summary = (await s.gql(`{ inspectionSummary(year: 2026) { rows { no } } }`, {}, supervisor)).data!
      .inspectionSummary;
    expect(summary.rows).toHaveLength(facts.length);
    for (const today of ["2026-06-01", "2026-12-31", "2027-06-30"]) {
      const expected = inspectionKpis(
        facts.map((f) => ({
          key: f.id,
          drawnOn: f.drawn_on,
          assignmentStatus: f.status,
          inspectedOn: f.inspected_on,
          resultStatus: f.result_status,
          categoryCode: f.category_code,
          firstPublishedOn: f.first_published_on,
          followUpsOpen: f.open,
          followUpsClosed: f.closed,
        })),
        { covered: 0, total: 0 },
        today,
        nationalCalendar(),
        withDefaults(settings ?? {}).inspectionDeadlines,
      );
      const got = ok(
        await s.gql(
          `query($d: String) { inspectionSummary(year: 2026, today: $d) { ${FIELDS} } }`,
          { d: today },
          supervisor,
        ),
        "inspectionSummary",
      );
      const { coverageRate, byCategory, ...numbers } = got;
      const { coverageRate: _c, byCategory: cats, ...want } = expected;
      expect(numbers).toEqual(want);
      expect(byCategory).toEqual(cats.map((c) => ({ code: c.code, count: c.count })));
      expect(coverageRate).toBeGreaterThan(0);
    }
  });

  test("the population's exclusions, read by tenant-bounded CTEs, equal the per-entry subqueries they replaced", async () => {
    // The oracle: the exclusion CASE as it was, one correlated subquery per entry (bound to the same parameters).
    const OLD = `WITH any_recent AS (SELECT subject_id FROM subject_inspection_stats(coalesce($9::timestamptz, 'infinity'))),
            this_year AS (SELECT subject_id, checks FROM subject_inspection_stats($10::timestamptz))
       SELECT d.subject_id AS key, CASE
           WHEN $11 AND s.status <> 'ACTIVE' THEN 'NON_ACTIVE'
           WHEN $8::timestamptz IS NOT NULL AND EXISTS (
             SELECT 1 FROM assignment a WHERE a.tenant_id = d.tenant_id AND a.subject_id = d.subject_id
               AND a.status <> 'CANCELLED' AND a.created_at >= $8::timestamptz) THEN 'INSPECTED_BY_SELF'
           WHEN $9::timestamptz IS NOT NULL AND ar.subject_id IS NOT NULL THEN 'INSPECTED_BY_ANY'
           WHEN $12::int IS NOT NULL AND ty.checks >= $12::int THEN 'YEARLY_CAP'
           WHEN $13::timestamptz IS NOT NULL AND (
             SELECT NOT rc.problem_found FROM inspection_result r JOIN result_code rc ON rc.code = r.category_code
              WHERE r.tenant_id = d.tenant_id AND r.subject_id = d.subject_id AND r.status = 'PUBLISHED'
              ORDER BY r.first_published_at DESC LIMIT 1) AND EXISTS (
             SELECT 1 FROM inspection_result r WHERE r.tenant_id = d.tenant_id AND r.subject_id = d.subject_id
               AND r.status = 'PUBLISHED' AND r.first_published_at >= $13::timestamptz) THEN 'CLEAN_RESULT'
         END AS excluded
       FROM directory_entry d JOIN subject s ON s.id = d.subject_id
       LEFT JOIN any_recent ar ON ar.subject_id = d.subject_id
       LEFT JOIN this_year ty ON ty.subject_id = d.subject_id
       WHERE d.tenant_id = $1
         AND ($2::text[] IS NULL OR s.kind = ANY ($2))
         AND ($3::text[] IS NULL OR s.region_code = ANY ($3))
         AND ($4::text[] IS NULL OR s.industry_code LIKE ANY (SELECT c || '%' FROM unnest($4::text[]) c))
         AND ($5::text[] IS NULL OR d.tags && $5)
         AND ($6::text[] IS NULL OR d.sub_libraries && $6)
         AND ($7::text[] IS NULL OR d.risk_class = ANY ($7))`;
    const on = {
      inspectedBySelfWithinMonths: 12,
      inspectedByAnyWithinMonths: 12,
      yearlyCapAcrossDepartments: 1,
      excludeNonActive: true,
      cleanResultWithinMonths: 12,
    };
    const off = {
      inspectedBySelfWithinMonths: null,
      inspectedByAnyWithinMonths: null,
      yearlyCapAcrossDepartments: null,
      excludeNonActive: false,
      cleanResultWithinMonths: null,
    };
    const variants = [
      on,
      { ...off, inspectedBySelfWithinMonths: 12 },
      { ...off, cleanResultWithinMonths: 12 },
      { ...off, cleanResultWithinMonths: 1200 },
      off,
    ];
    const reasons = new Set<string>();
    for (const exclusions of variants) {
      let statement: { text: string; values: unknown[] } | undefined;
      const capture = {
        query: async (text: string, values: unknown[]) => {
          statement = { text, values };
          return [];
        },
      } as unknown as EntityManager;
      await buildPopulation(capture, {
        tenantId: ids.tenantId,
        filters: {},
        samplingRule: { default: { mode: "ALL" }, strata: {} },
        stratifyBy: "NONE",
        exclusions,
      } as unknown as PopulationTask);
      const c = new Client({ connectionString: s.db.appUrl });
      await c.connect();
      try {
        await c.query("BEGIN");
        await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [ids.tenantId]);
        const byKey = (rows: Array<{ key: string; excluded: string | null }>) =>
          rows.map((r) => `${r.key}:${r.excluded}`).sort();
        const now = byKey((await c.query(statement!.text, statement!.values)).rows);
        const before = byKey((await c.query(OLD, statement!.values)).rows);
        expect(now).toEqual(before);
        expect(now.length).toBeGreaterThan(0);
        for (const k of now) reasons.add(k.split(":")[1]);
      } finally {
        await c.query("ROLLBACK").catch(() => undefined);
        await c.end();
      }
    }
    expect(reasons).toContain("INSPECTED_BY_SELF");
  });

  test("the audit chains of both departments still verify after the whole flow", async () => {
    for (const t of [supervisor, await s.login("wy-samr", "supervisor")]) {
      const v = ok(
        await s.gql(`{ verifyAuditChain { valid checked firstBroken { seq } } }`, {}, t),
        "verifyAuditChain",
      );
      expect(v).toMatchObject({ valid: true, firstBroken: null });
      expect(v.checked).toBeGreaterThan(2);
    }
    const ev = ok(await s.gql(`{ auditEvents(limit: 200) { items { action } } }`, {}, supervisor), "auditEvents");
    const actions = ev.items.map((e: any) => e.action);
    for (const a of [
      "inspection.accept",
      "inspection.target_refuse",
      "inspection.complete",
      "result.return",
      "result.publish",
      "result.correct",
      "follow_up_transfer.send",
      "follow_up.close",
    ])
      expect(actions).toContain(a);
  });
});

test("the published credit code is the drawn subject's (fixture offset)", () => {
  expect([testCreditCode(600_001), testCreditCode(600_002), testCreditCode(600_003)]).toContain(creditCode);
});

describe("isolation of every new table (runtime role, RLS)", () => {
  const TENANT_TABLES = [
    "result_code_mapping",
    "inspection_record",
    "inspection_attachment",
    "inspection_result",
    "follow_up",
  ];

  async function counts(tenantCode: string | null): Promise<Record<string, number>> {
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    try {
      await c.query("BEGIN");
      if (tenantCode) {
        const t = ok(await s.gql(`query($c: String!) { tenant(code: $c) { id } }`, { c: tenantCode }), "tenant");
        await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [t.id]);
      }
      const out: Record<string, number> = {};
      for (const table of [...TENANT_TABLES, "follow_up_transfer", "result_publication", "result_code"])
        out[table] = (await c.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
      await c.query("ROLLBACK");
      return out;
    } finally {
      await c.end();
    }
  }

  test("tenant tables are visible to their department only; transfers to sender and receiver; publications to all", async () => {
    const admin = await s.login("wy-drc", "admin");
    ok(
      await s.gql(
        `mutation { mapResultCode(code: "NO_PROBLEM", provincialCode: "NM-01") { code provincialCode } }`,
        {},
        admin,
      ),
      "mapResultCode",
    );
    const drc = await counts("wy-drc");
    const samr = await counts("wy-samr");
    const health = await counts("wy-health");
    const anon = await counts(null);
    for (const t of TENANT_TABLES) {
      expect(drc[t]).toBeGreaterThan(0);
      expect(health[t]).toBe(0);
      expect(anon[t]).toBe(0);
    }
    expect(samr.follow_up).toBe(1); // the one opened from the accepted transfer
    expect([
      drc.follow_up_transfer,
      samr.follow_up_transfer,
      health.follow_up_transfer,
      anon.follow_up_transfer,
    ]).toEqual([2, 2, 0, 0]);
    expect([health.result_publication, anon.result_publication]).toEqual([2, 2]);
    expect(anon.result_code).toBe(10);
  });

  test("another department can neither alter a publication nor forge one, and published versions are immutable", async () => {
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    try {
      const health = ok(await s.gql(`{ tenant(code: "wy-health") { id } }`), "tenant");
      await c.query("BEGIN");
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [health.id]);
      expect((await c.query(`UPDATE result_publication SET superseded_at = now()`)).rowCount).toBe(0);
      await expect(
        c.query(
          `INSERT INTO result_publication (tenant_id, result_id, version, subject_name, category_code, inspected_on, content)
           VALUES ($1, $2, 9, 'x', 'OTHER', '2025-01-01', '{}')`,
          [ids.tenantId, resultId],
        ),
      ).rejects.toThrow(/row-level security/);
      await c.query("ROLLBACK");
      await c.query("BEGIN");
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [ids.tenantId]);
      await expect(
        c.query(`UPDATE result_publication SET subject_name = '篡改' WHERE result_id = $1`, [resultId]),
      ).rejects.toThrow(/immutable/);
      await c.query("ROLLBACK");
      await c.query("BEGIN");
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [ids.tenantId]);
      await expect(c.query(`UPDATE inspection_attachment SET sha256 = repeat('0', 64)`)).rejects.toThrow(
        /permission denied/,
      );
      await c.query("ROLLBACK");
    } finally {
      await c.end();
    }
  });
});
