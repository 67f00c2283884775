import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { clockFrom, now, setClock } from "../../src/time";
import { lockDrawNow } from "../helpers/draw-lock";
import { atFixtureClock } from "../helpers/fixture-clock";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import { httpTransport, type Transport, wsTransport } from "../helpers/transports";

/**
 * Need-to-know (issue 10 §4), over HTTP and graphql-ws, as the department's roles, another department and the
 * anonymous public:
 * - the record and its evidence are for the assigned team and the department's ADMIN and SUPERVISOR only;
 * - a draw record is public only once its plan is published and the task's embargo has passed;
 * - public records name people by name and role, never by login name.
 */
let s: TestServer;
let ids: DirectoryIds;
let assignmentId: string;
let attachmentId: string;
let openDraw: string;
let embargoedDraw: string;
let planId: string;
const tokens: Record<string, string> = {};
const WITNESS = { witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

const ok = <T = any>(r: { data?: any; errors?: unknown }, key: string): T => {
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data[key] as T;
};

async function drawnTask(tag: string, embargoDays: number): Promise<{ drawId: string; assignments: any[] }> {
  const task = ok(
    await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId,
          name: `知悉范围测试${tag}`,
          kind: "DIRECTED",
          itemIds: [ids.itemIds["DRC-NK1"]],
          filters: { tags: [tag] },
          windowFrom: "2026-03-01",
          windowTo: "2026-09-30",
          samplingRule: { default: { mode: "ALL" } },
          stratifyBy: "NONE",
          revisionReason: "测试：计划公布后新增任务（修订）",
          teamRule: { minSize: 2, maxSize: 2 },
          drawEmbargoDays: embargoDays,
        },
      },
      tokens.planner,
    ),
    "createTask",
  );
  ok(
    await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: task.id }, tokens.supervisor),
    "approveTask",
  );
  await lockDrawNow(s.gql, task.id, tokens.planner);
  const d = ok(
    await s.gql(
      `mutation($i: DrawInput!) { drawTask(input: $i) { id assignments { id leaderId memberIds } } }`,
      { i: { taskId: task.id, witnessEntropy: "3-1-4", ...WITNESS } },
      tokens.planner,
    ),
    "drawTask",
  );
  return { drawId: d.id, assignments: d.assignments };
}

// The task windows are 2026-03-01 to 2026-09-30: the draws run inside them (src/domain/plan/draw-rules).
const restoreClock = atFixtureClock();

beforeAll(async () => {
  s = await startTestServer({ poolSize: 4 });
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 610_000,
    subjects: [
      { tag: "知悉甲", count: 1 },
      { tag: "知悉乙", count: 1 },
    ],
    inspectors: 4,
    categories: ["发展改革"],
    items: [{ code: "DRC-NK1", name: "管道保护检查", itemClass: "KEY" }],
  });
  for (const u of ["admin", "planner", "supervisor"]) tokens[u] = await s.login("wy-drc", u);
  planId = ok(
    await s.gql(`mutation { createPlan(year: 2026, title: "知悉范围测试计划") { id } }`, {}, tokens.planner),
    "createPlan",
  ).id;
  ok(
    await s.gql(`mutation($id: ID!) { submitPlan(id: $id) { status } }`, { id: planId }, tokens.planner),
    "submitPlan",
  );
  ok(
    await s.gql(`mutation($id: ID!) { approvePlan(id: $id) { status } }`, { id: planId }, tokens.supervisor),
    "approvePlan",
  );
  const open = await drawnTask("知悉甲", 0);
  const embargoed = await drawnTask("知悉乙", 30);
  openDraw = open.drawId;
  embargoedDraw = embargoed.drawId;
  const a = open.assignments[0];
  assignmentId = a.id;
  // inspector1 leads the team; inspector2 is an inspector of the department outside it.
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(...transactionSettings(ids.tenantId, "", "ADMIN"));
    const users = (
      await c.query(`SELECT id, username FROM app_user WHERE tenant_id = $1 AND username LIKE 'inspector%'`, [
        ids.tenantId,
      ])
    ).rows;
    const uid = (n: string) => users.find((u) => u.username === n).id;
    await c.query(`UPDATE inspector SET user_id = NULL WHERE user_id = ANY ($1)`, [users.map((u) => u.id)]);
    const outsider = (
      await c.query(`SELECT id FROM inspector WHERE tenant_id = $1 AND NOT id = ANY ($2) LIMIT 1`, [
        ids.tenantId,
        a.memberIds,
      ])
    ).rows[0].id;
    await c.query(`UPDATE inspector SET user_id = $1 WHERE id = $2`, [uid("inspector1"), a.leaderId]);
    await c.query(`UPDATE inspector SET user_id = $1 WHERE id = $2`, [uid("inspector2"), outsider]);
    await c.query("COMMIT");
  } finally {
    await c.end();
  }
  tokens.team = await s.login("wy-drc", "inspector1");
  tokens.otherInspector = await s.login("wy-drc", "inspector2");
  tokens.otherDepartment = await s.login("wy-samr", "admin");
  ok(
    await s.gql(
      `mutation($id: ID!) { acceptAssignment(assignmentId: $id) { status } }`,
      { id: assignmentId },
      tokens.team,
    ),
    "acceptAssignment",
  );
  ok(
    await s.gql(
      `mutation($id: ID!) { startInspection(assignmentId: $id, input: { mode: ON_SITE }) { status } }`,
      { id: assignmentId },
      tokens.team,
    ),
    "startInspection",
  );
  attachmentId = ok(
    await s.gql(
      `mutation($i: AttachmentInput!) { addInspectionAttachment(input: $i) { id } }`,
      { i: { assignmentId, fileName: "现场照片.png", contentBase64: PNG.toString("base64") } },
      tokens.team,
    ),
    "addInspectionAttachment",
  ).id;
});
afterAll(() => s.close());
afterEach(() => restoreClock());

const transports: Array<[string, () => Transport]> = [
  ["http", () => httpTransport(s)],
  ["ws", () => wsTransport(s)],
];

describe.each(transports)("over %s", (_name, make) => {
  let tr: Transport;
  beforeAll(() => {
    tr = make();
  });
  afterAll(() => tr.close());

  const readers: Array<[string, string | undefined]> = [
    ["the team", "UNDEFINED_OK"],
    ["the department's SUPERVISOR", "UNDEFINED_OK"],
    ["the department's ADMIN", "UNDEFINED_OK"],
    ["the department's PLANNER", "FORBIDDEN"],
    ["an inspector outside the team", "FORBIDDEN"],
    ["another department's ADMIN", "NOT_FOUND"],
    ["the anonymous public", "UNAUTHENTICATED"],
  ];
  const tokenOf: Record<string, () => string | undefined> = {
    "the team": () => tokens.team,
    "the department's SUPERVISOR": () => tokens.supervisor,
    "the department's ADMIN": () => tokens.admin,
    "the department's PLANNER": () => tokens.planner,
    "an inspector outside the team": () => tokens.otherInspector,
    "another department's ADMIN": () => tokens.otherDepartment,
    "the anonymous public": () => undefined,
  };

  test.each(readers)("evidence: %s → %s", async (who, expected) => {
    const token = tokenOf[who]();
    const record = await tr.run(
      `query($id: ID!) { inspectionRecord(assignmentId: $id) { id attachments { id } } }`,
      { id: assignmentId },
      token,
    );
    const content = await tr.run(
      `query($id: ID!) { inspectionAttachmentContent(id: $id) { contentBase64 } }`,
      { id: attachmentId },
      token,
    );
    if (expected === "UNDEFINED_OK") {
      expect(record.errors).toBeUndefined();
      expect(record.data!.inspectionRecord.attachments.map((x: any) => x.id)).toEqual([attachmentId]);
      expect(content.errors).toBeUndefined();
      expect(Buffer.from(content.data!.inspectionAttachmentContent.contentBase64, "base64").equals(PNG)).toBe(true);
    } else {
      expect([errorCode(record), errorCode(content)]).toEqual([expected, expected]);
      expect(JSON.stringify([record.data, content.data])).not.toContain(attachmentId);
    }
  });

  test("a draw record is public only once its plan is published and the embargo has passed", async () => {
    const q = `query($id: ID!) { draw(id: $id) { id record } }`;
    const seen = async (id: string, token?: string) => {
      const r = await tr.run(q, { id }, token);
      return r.errors ? errorCode(r) : "VISIBLE";
    };
    // Protocol v2 draws only under a published plan; records drawn earlier under an approved plan still exist, so
    // the plan is set back to APPROVED here: embargo 0 is not enough then.
    await setPlanStatus("APPROVED");
    try {
      expect(await seen(openDraw)).toBe("NOT_FOUND");
      expect(await seen(openDraw, tokens.otherDepartment)).toBe("NOT_FOUND");
      expect(await seen(openDraw, tokens.planner)).toBe("VISIBLE");
    } finally {
      await setPlanStatus("PUBLISHED");
    }
  });
});

async function setPlanStatus(status: string): Promise<void> {
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    // The owner is bound by FORCE ROW LEVEL SECURITY too: lifted for this one statement, in one transaction.
    await c.query("BEGIN");
    await c.query("ALTER TABLE annual_plan NO FORCE ROW LEVEL SECURITY");
    const r = await c.query("UPDATE annual_plan SET status = $1 WHERE id = $2", [status, planId]);
    await c.query("ALTER TABLE annual_plan FORCE ROW LEVEL SECURITY");
    await c.query("COMMIT");
    expect(r.rowCount).toBe(1);
  } finally {
    await c.end();
  }
}

test("the printed 抽查情况记录表 (GET /forms/record) follows the same rule", async () => {
  const form = (token?: string) =>
    fetch(`${s.url}/forms/record/${assignmentId}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect((await form(tokens.team)).status).toBe(200);
  expect((await form(tokens.supervisor)).status).toBe(200);
  expect((await form(tokens.planner)).status).toBe(403);
  expect((await form(tokens.otherInspector)).status).toBe(403);
  expect((await form(tokens.otherDepartment)).status).toBe(404);
  expect((await form()).status).toBe(401);
});

describe("after the plan is published", () => {
  beforeAll(async () => {
    const p = await s.gql(`query($id: ID!) { plan(id: $id) { status } }`, { id: planId }, tokens.planner);
    expect(p.data?.plan.status).toBe("PUBLISHED"); // published before the lock (test/helpers/draw-lock.ts)
  });

  test.each(transports)(
    "over %s: the draw past its embargo is public, the embargoed one only after it",
    async (_n, make) => {
      const tr = make();
      try {
        const q = `query($id: ID!) { draw(id: $id) { id record } }`;
        const seen = async (id: string, token?: string) => {
          const r = await tr.run(q, { id }, token);
          return r.errors ? errorCode(r) : "VISIBLE";
        };
        expect(await seen(openDraw)).toBe("VISIBLE");
        expect(await seen(openDraw, tokens.otherDepartment)).toBe("VISIBLE");
        expect(await seen(embargoedDraw)).toBe("NOT_FOUND");
        expect(await seen(embargoedDraw, tokens.otherDepartment)).toBe("NOT_FOUND");
        setClock(clockFrom(new Date(now().getTime() + 31 * 86_400_000)));
        expect(await seen(embargoedDraw)).toBe("VISIBLE");
      } finally {
        await tr.close();
      }
    },
  );

  test("the public record names the operator and the witness by name and role, never by login name", async () => {
    const r = await s.gql(`query($id: ID!) { draw(id: $id) { record recordHtml } }`, { id: openDraw });
    expect(r.errors).toBeUndefined();
    const { record, recordHtml } = r.data!.draw;
    expect(record.operator).toBe("计划员（计划制定人员）");
    expect(record.witnesses).toEqual(["监督员（监督/审核人员）"]);
    for (const text of [JSON.stringify(record), recordHtml])
      expect(text).not.toMatch(/（(planner|supervisor|admin)）|"(planner|supervisor)"/);
  });
});
