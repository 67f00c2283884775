import { Client } from "pg";
import { creditCodeCheckCharacter } from "../../src/domain/credit-code";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/**
 * The shared subject registry's write rules (docs/REGISTRY.md): the steward and the coordinator change set master
 * fields and the status; other departments only fill empty fields; nothing the input did not mention is erased;
 * every change is in the history with its department. Over the API (adds, explicit changes, imports) and as the
 * runtime role in SQL.
 */
let s: TestServer;
let health: string;
let emerg: string;
let samr: string;
const tenants: Record<string, string> = {};

const code = (body: string) => {
  const first17 = `91150821${body}`;
  return first17 + creditCodeCheckCharacter(first17);
};
const SUBJECT_FIELDS = `id name creditCode legalRepresentative address industryCode status
  steward { code } changes { action note department { code } fields { field from to } }`;
const ADD = `mutation($i: NewDirectoryEntryInput!) { addDirectoryEntry(input: $i) { id subject { ${SUBJECT_FIELDS} } } }`;
const UPDATE = `mutation($id: ID!, $i: SubjectInput!, $note: String) {
  updateSubject(entryId: $id, input: $i, note: $note) { ${SUBJECT_FIELDS} } }`;
const SUBJECT = `query($id: ID!) { subject(id: $id) { ${SUBJECT_FIELDS} } }`;
const IMPORT = `mutation($i: ImportFileInput!) { importFile(input: $i) { inserted updated committed rejections { row reason } } }`;
const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(",")).join("\n")).toString("base64");

beforeAll(async () => {
  s = await startTestServer();
  [health, emerg, samr] = await Promise.all([
    s.login("wy-health", "admin"),
    s.login("wy-emerg", "admin"),
    s.login("wy-samr", "admin"),
  ]);
  const r = await s.gql<{ tenants: Array<{ id: string; code: string }> }>(`{ tenants { id code } }`, {}, samr);
  for (const t of r.data!.tenants) tenants[t.code] = t.id;
});
afterAll(() => s.close());

async function register(name: string, body: string, extra: Record<string, unknown> = {}) {
  const r = await s.gql(
    ADD,
    { i: { subject: { kind: "ENTERPRISE", name, creditCode: code(body), address: "五原县隆兴昌镇1号", ...extra } } },
    health,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.addDirectoryEntry as { id: string; subject: Record<string, any> };
}

test("another department's add matches the subject, keeps its set fields, fills empty ones, and is in the history", async () => {
  const mine = await register("五原县共享规则测试有限公司", "MA0REG001");
  expect(mine.subject.steward.code).toBe("wy-health");
  const theirs = await s.gql(
    ADD,
    {
      i: {
        subject: {
          kind: "ENTERPRISE",
          name: "改了名的公司",
          creditCode: code("MA0REG001"),
          legalRepresentative: "王五",
          status: "REVOKED",
        },
      },
    },
    emerg,
  );
  expect(theirs.errors).toBeUndefined();
  const subject = theirs.data!.addDirectoryEntry.subject;
  expect(subject).toMatchObject({
    id: mine.subject.id,
    name: "五原县共享规则测试有限公司",
    address: "五原县隆兴昌镇1号",
    legalRepresentative: "王五",
    status: "ACTIVE",
    steward: { code: "wy-health" },
  });
  expect(subject.changes).toEqual([
    { action: "REGISTER", note: null, department: { code: "wy-health" }, fields: [] },
    {
      action: "UPDATE",
      note: null,
      department: { code: "wy-emerg" },
      fields: [{ field: "legal_representative", from: null, to: "王五" }],
    },
  ]);
  // The fill is in the filling department's own audit trail.
  const events = await s.gql(`{ auditEvents(limit: 5) { items { action entityId } } }`, {}, emerg);
  expect(events.data!.auditEvents.items.map((e: { action: string }) => e.action)).toContain("subject.fill");
});

test("only the steward or the coordinator changes set fields and the status; others get FORBIDDEN naming the fields", async () => {
  const mine = await register("五原县状态规则测试有限公司", "MA0REG002");
  const added = await s.gql(
    ADD,
    { i: { subject: { kind: "ENTERPRISE", name: "x", creditCode: code("MA0REG002") } } },
    emerg,
  );
  const theirEntry = added.data!.addDirectoryEntry.id;
  const renamed = await s.gql(
    UPDATE,
    { id: theirEntry, i: { kind: "ENTERPRISE", name: "别的名字", status: "REVOKED" } },
    emerg,
  );
  expect(errorCode(renamed)).toBe("FORBIDDEN");
  expect(renamed.errors![0].message).toContain("五原县卫生健康委员会");
  expect(renamed.errors![0].message).toContain("名称");
  expect(renamed.errors![0].message).toContain("状态");
  const unchanged = await s.gql(SUBJECT, { id: mine.subject.id }, emerg);
  expect(unchanged.data!.subject).toMatchObject({ name: "五原县状态规则测试有限公司", status: "ACTIVE" });
  // Filling an empty field is allowed to anyone listing the subject.
  const filled = await s.gql(
    UPDATE,
    { id: theirEntry, i: { kind: "ENTERPRISE", name: "五原县状态规则测试有限公司", industryCode: "C1311" } },
    emerg,
  );
  expect(filled.errors).toBeUndefined();
  expect(filled.data!.updateSubject.industryCode).toBe("C1311");

  // The coordinator (市场监督管理局) may change the status; the history names it and keeps the note.
  const coord = await s.gql(
    ADD,
    { i: { subject: { kind: "ENTERPRISE", name: "x", creditCode: code("MA0REG002") } } },
    samr,
  );
  const revoked = await s.gql(
    UPDATE,
    {
      id: coord.data!.addDirectoryEntry.id,
      i: { kind: "ENTERPRISE", name: "五原县状态规则测试有限公司", status: "REVOKED" },
      note: "吊销营业执照",
    },
    samr,
  );
  expect(revoked.errors).toBeUndefined();
  expect(revoked.data!.updateSubject.status).toBe("REVOKED");
  expect(revoked.data!.updateSubject.changes.at(-1)).toEqual({
    action: "UPDATE",
    note: "吊销营业执照",
    department: { code: "wy-samr" },
    fields: [{ field: "status", from: "ACTIVE", to: "REVOKED" }],
  });
});

test("an explicit change keeps every field it does not mention; an explicit null erases (steward only)", async () => {
  const mine = await register("五原县留空规则测试有限公司", "MA0REG003", {
    legalRepresentative: "张三",
    industryCode: "F5211",
  });
  const r = await s.gql(
    UPDATE,
    { id: mine.id, i: { kind: "ENTERPRISE", name: "五原县留空规则测试有限公司（更名）", address: null } },
    health,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.updateSubject).toMatchObject({
    name: "五原县留空规则测试有限公司（更名）",
    creditCode: code("MA0REG003"),
    legalRepresentative: "张三",
    industryCode: "F5211",
    address: null,
  });
  // Another department cannot erase.
  const theirs = await s.gql(
    ADD,
    { i: { subject: { kind: "ENTERPRISE", name: "x", creditCode: code("MA0REG003") } } },
    emerg,
  );
  const erase = await s.gql(
    UPDATE,
    {
      id: theirs.data!.addDirectoryEntry.id,
      i: { kind: "ENTERPRISE", name: "五原县留空规则测试有限公司（更名）", legalRepresentative: null },
    },
    emerg,
  );
  expect(errorCode(erase)).toBe("FORBIDDEN");
});

test("imports follow the same rules: another department's file fills only; the steward's refreshes; empty cells never erase", async () => {
  const mine = await register("五原县导入规则测试有限公司", "MA0REG004", { legalRepresentative: "李四" });
  const header = ["对象类型", "名称", "统一社会信用代码", "法定代表人（负责人）", "行业代码", "状态"];
  const theirs = await s.gql(
    IMPORT,
    {
      i: {
        kind: "SUBJECTS",
        format: "CSV",
        contentBase64: csv([header, ["企业", "导入改名", code("MA0REG004"), "", "C1311", "吊销"]]),
      },
    },
    emerg,
  );
  expect(theirs.data!.importFile).toMatchObject({ inserted: 1, committed: true, rejections: [] });
  let now = (await s.gql(SUBJECT, { id: mine.subject.id }, health)).data!.subject;
  expect(now).toMatchObject({
    name: "五原县导入规则测试有限公司",
    legalRepresentative: "李四",
    industryCode: "C1311",
    status: "ACTIVE",
  });
  expect(now.changes.at(-1)).toMatchObject({ department: { code: "wy-emerg" }, note: "批量导入" });

  const steward = await s.gql(
    IMPORT,
    {
      i: {
        kind: "SUBJECTS",
        format: "CSV",
        contentBase64: csv([header, ["企业", "五原县导入规则测试有限公司（新）", code("MA0REG004"), "", "", ""]]),
      },
    },
    health,
  );
  expect(steward.data!.importFile).toMatchObject({ updated: 1, committed: true });
  now = (await s.gql(SUBJECT, { id: mine.subject.id }, health)).data!.subject;
  expect(now).toMatchObject({
    name: "五原县导入规则测试有限公司（新）",
    legalRepresentative: "李四",
    industryCode: "C1311",
    status: "ACTIVE",
  });
});

async function asRuntime<T>(tenantCode: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: s.db.appUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', 'ADMIN', true)`, [
      tenants[tenantCode],
    ]);
    return await fn(c);
  } finally {
    await c.query("ROLLBACK").catch(() => undefined);
    await c.end();
  }
}

const sqlError = async (c: Client, sql: string, params: unknown[] = []) => {
  await c.query("SAVEPOINT probe");
  try {
    await c.query(sql, params);
    await c.query("RELEASE SAVEPOINT probe");
    return null;
  } catch (e) {
    await c.query("ROLLBACK TO SAVEPOINT probe");
    return (e as { code?: string; message: string }).code ?? (e as Error).message;
  }
};

test("as the runtime role in SQL: the rules hold and the history cannot be written or forged", async () => {
  const mine = await register("五原县数据库规则测试有限公司", "MA0REG005");
  const id = mine.subject.id;
  await asRuntime("wy-emerg", async (c) => {
    expect(await sqlError(c, "UPDATE subject SET name = 'x' WHERE id = $1", [id])).toBe("42501");
    expect(await sqlError(c, "UPDATE subject SET status = 'REVOKED' WHERE id = $1", [id])).toBe("42501");
    expect(await sqlError(c, "UPDATE subject SET address = NULL WHERE id = $1", [id])).toBe("42501");
    expect(await sqlError(c, "UPDATE subject SET steward_tenant_id = app_tenant_id() WHERE id = $1", [id])).toBe(
      "42501",
    );
    // Filling an empty field is allowed, and recorded with this department.
    expect(await sqlError(c, "UPDATE subject SET region_code = '150821' WHERE id = $1", [id])).toBeNull();
    const { rows } = await c.query(
      "SELECT tenant_id, changes FROM subject_change WHERE subject_id = $1 ORDER BY id DESC LIMIT 1",
      [id],
    );
    expect(rows[0]).toEqual({
      tenant_id: tenants["wy-emerg"],
      changes: { region_code: { from: null, to: "150821" } },
    });
    expect(
      await sqlError(c, "INSERT INTO subject_change (subject_id, tenant_id, action) VALUES ($1, $2, 'UPDATE')", [
        id,
        tenants["wy-health"],
      ]),
    ).toBe("42501");
    expect(
      await sqlError(
        c,
        "INSERT INTO subject_status_history (subject_id, status, changed_by_tenant_id) VALUES ($1, 'REVOKED', app_tenant_id())",
        [id],
      ),
    ).toBe("42501");
    expect(await sqlError(c, "UPDATE subject_change SET note = 'x' WHERE subject_id = $1", [id])).toBe("42501");
    // A new subject's steward is the inserting department, whatever it claims.
    expect(
      await sqlError(c, "INSERT INTO subject (kind, name, steward_tenant_id) VALUES ('PLACE', '冒名登记', $1)", [
        tenants["wy-health"],
      ]),
    ).toBe("42501");
  });
  await asRuntime("wy-health", async (c) => {
    // The steward may change what it registered.
    expect(
      await sqlError(c, "UPDATE subject SET name = '五原县数据库规则测试有限公司（更名）' WHERE id = $1", [id]),
    ).toBeNull();
  });
});

test("identity: one subject per registration number and per name + address without codes", async () => {
  const reg = { kind: "INDIVIDUAL_BUSINESS", name: "五原县老王修车铺", registrationNo: "150821600123456" };
  const a = await s.gql(ADD, { i: { subject: reg } }, health);
  const b = await s.gql(ADD, { i: { subject: { ...reg, name: "老王修车" } } }, emerg);
  expect(a.errors).toBeUndefined();
  expect(b.errors).toBeUndefined();
  expect(b.data!.addDirectoryEntry.subject.id).toBe(a.data!.addDirectoryEntry.subject.id);
  // A credit code arriving later with the same registration number is the same subject (its code is filled).
  const c = await s.gql(ADD, { i: { subject: { ...reg, creditCode: code("MA0REG006") } } }, samr);
  expect(c.data!.addDirectoryEntry.subject).toMatchObject({
    id: a.data!.addDirectoryEntry.subject.id,
    creditCode: code("MA0REG006"),
  });
  const place = { kind: "PLACE", name: "五原县人民广场", address: "五原县新公中镇" };
  const p1 = await s.gql(ADD, { i: { subject: place } }, health);
  const p2 = await s.gql(ADD, { i: { subject: place } }, emerg);
  expect(p2.data!.addDirectoryEntry.subject.id).toBe(p1.data!.addDirectoryEntry.subject.id);
  // The same registration number under another credit code is a conflict, not a second subject.
  const clash = await s.gql(
    ADD,
    { i: { subject: { ...reg, name: "别家", creditCode: code("MA0REG007") } } },
    await s.login("wy-tax", "admin"),
  );
  expect(errorCode(clash)).toBe("CONFLICT");
  expect(clash.errors![0].extensions!.field).toBe("registrationNo");
});

test("the coordinator hands a subject's stewardship over to another department of its region, with a reason in the history", async () => {
  const entry = await register("五原县移交维护测试有限公司", "MA0REG090");
  const HANDOVER = `mutation($s: ID!, $t: ID!, $n: String!) {
    handOverSubjectStewardship(subjectId: $s, toDepartmentId: $t, note: $n) { ${SUBJECT_FIELDS} } }`;
  const vars = { s: entry.subject.id, t: tenants["wy-emerg"], n: "经营范围调整为危险化学品经营，由应急管理局维护" };
  // Only the coordinator's administrator: not the steward, not another department, not the coordinator's planner.
  for (const token of [health, emerg, await s.login("wy-samr", "planner")]) {
    const refused = await s.gql(HANDOVER, vars, token);
    expect({ code: errorCode(refused), message: refused.errors?.[0]?.message }).toMatchObject({ code: "FORBIDDEN" });
  }
  expect(errorCode(await s.gql(HANDOVER, { ...vars, n: "  " }, samr))).toBe("BAD_USER_INPUT");
  expect(errorCode(await s.gql(HANDOVER, { ...vars, t: tenants["dlt-samr"] }, samr))).toBe("BAD_USER_INPUT");
  expect(errorCode(await s.gql(HANDOVER, { ...vars, t: tenants["wy-health"] }, samr))).toBe("CONFLICT");
  expect(errorCode(await s.gql(HANDOVER, { ...vars, s: "00000000-0000-4000-8000-000000000000" }, samr))).toBe(
    "NOT_FOUND",
  );

  const r = await s.gql(HANDOVER, vars, samr);
  expect(r.errors).toBeUndefined();
  const handed = r.data!.handOverSubjectStewardship;
  expect(handed.steward.code).toBe("wy-emerg");
  expect(handed.changes.at(-1)).toMatchObject({
    action: "UPDATE",
    note: vars.n,
    department: { code: "wy-samr" },
    fields: [{ field: "steward_tenant_id" }],
  });
  // The old steward now only fills empty fields; the new one changes set fields.
  const byHealth = await s.gql(
    UPDATE,
    { id: entry.id, i: { kind: "ENTERPRISE", name: "五原县移交维护测试（改名）有限公司" } },
    health,
  );
  expect(errorCode(byHealth)).toBe("FORBIDDEN");
  const emergEntry = await s.gql(
    ADD,
    { i: { subject: { kind: "ENTERPRISE", name: "五原县移交维护测试有限公司", creditCode: code("MA0REG090") } } },
    emerg,
  );
  expect(emergEntry.errors).toBeUndefined();
  const byEmerg = await s.gql(
    UPDATE,
    {
      id: emergEntry.data!.addDirectoryEntry.id,
      i: { kind: "ENTERPRISE", name: "五原县移交维护测试（改名）有限公司" },
    },
    emerg,
  );
  expect(byEmerg.errors).toBeUndefined();
  expect(byEmerg.data!.updateSubject.name).toBe("五原县移交维护测试（改名）有限公司");
});
