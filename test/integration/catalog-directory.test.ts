import pg from "pg";
import { creditCodeCheckCharacter } from "../../src/domain/credit-code";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/** 两库: the shared subject registry, directory entries, inspectors, conflicts; DataLoader statement counts. */
let s: TestServer;
let admin: string;

const code = (body: string) => {
  const first17 = `91150821${body}`;
  return first17 + creditCodeCheckCharacter(first17);
};
const ADD = `mutation($i: NewDirectoryEntryInput!) { addDirectoryEntry(input: $i) { id riskClass tags subject { id name creditCode status } } }`;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login("wy-health", "admin");
});
afterAll(() => s.close());

test("adding a subject dedupes by credit code across departments; the subject is shared, entries are not", async () => {
  const cc = code("MA0TXWT01");
  const a = await s.gql(
    ADD,
    {
      i: {
        subject: { kind: "ENTERPRISE", name: "五原县测试诊所有限公司", creditCode: cc },
        entry: { riskClass: "B", tags: ["医疗机构"] },
      },
    },
    admin,
  );
  expect(a.errors).toBeUndefined();
  const samr = await s.login("wy-samr", "admin");
  const b = await s.gql(
    ADD,
    {
      i: {
        subject: { kind: "ENTERPRISE", name: "五原县测试诊所有限公司", creditCode: cc.toLowerCase() },
        entry: { riskClass: "C" },
      },
    },
    samr,
  );
  expect(b.data!.addDirectoryEntry.subject.id).toBe(a.data!.addDirectoryEntry.subject.id);
  expect(b.data!.addDirectoryEntry.riskClass).toBe("C");
  const again = await s.gql(ADD, { i: { subject: { kind: "ENTERPRISE", name: "重复", creditCode: cc } } }, admin);
  expect(errorCode(again)).toBe("CONFLICT");
});

test("invalid credit code, region and dates are typed errors naming the field", async () => {
  const bad = await s.gql(
    ADD,
    { i: { subject: { kind: "ENTERPRISE", name: "甲", creditCode: "91150821MA0TEST010" } } },
    admin,
  );
  expect(errorCode(bad)).toBe("BAD_USER_INPUT");
  expect(bad.errors![0].extensions!.field).toBe("creditCode");
  const region = await s.gql(ADD, { i: { subject: { kind: "PLACE", name: "乙", regionCode: "15" } } }, admin);
  expect(region.errors![0].extensions!.field).toBe("regionCode");
  const date = await s.gql(
    ADD,
    { i: { subject: { kind: "PLACE", name: "丙" }, entry: { supervisedSince: "2024-02-30" } } },
    admin,
  );
  expect(date.errors![0].extensions!.field).toBe("entry.supervisedSince");
  const none = await s.gql(`{ subjects(filter: { search: "丙" }) { total } }`, {}, admin);
  expect(none.data!.subjects.total).toBe(0);
});

test("status changes keep a history; 注销 subjects are not drawable but stay visible", async () => {
  // A subject this department registered (its steward may change the status; see shared-registry.test.ts).
  const added = await s.gql(
    ADD,
    { i: { subject: { kind: "ENTERPRISE", name: "五原县注销测试诊所", creditCode: code("MA0TXWT02") } } },
    admin,
  );
  const e = {
    id: added.data!.addDirectoryEntry.id,
    subject: { ...added.data!.addDirectoryEntry.subject, kind: "ENTERPRISE" },
  };
  const r = await s.gql(
    `mutation($id: ID!, $i: SubjectInput!) { updateSubject(entryId: $id, input: $i, note: "市场监管部门通报注销") { status drawable statusHistory { status note } } }`,
    {
      id: e.id,
      i: { kind: e.subject.kind, name: e.subject.name, creditCode: e.subject.creditCode, status: "CANCELLED" },
    },
    admin,
  );
  expect(r.data!.updateSubject).toEqual({
    status: "CANCELLED",
    drawable: false,
    statusHistory: [{ status: "CANCELLED", note: "市场监管部门通报注销" }],
  });
  const drawable = await s.gql(
    `query($q: String!) { directoryEntries(filter: { search: $q, drawableOnly: true }) { total } }`,
    { q: e.subject.name },
    admin,
  );
  expect(drawable.data!.directoryEntries.total).toBe(0);
  const visible = await s.gql(
    `query($q: String!) { directoryEntries(filter: { search: $q }) { total } }`,
    { q: e.subject.name },
    admin,
  );
  expect(visible.data!.directoryEntries.total).toBe(1);
});

test("directory filters: kind, tag, class and text search on name and credit code", async () => {
  const all = await s.gql(
    `{ directoryEntries(limit: 500) { total items { subject { kind creditCode } riskClass tags } } }`,
    {},
    admin,
  );
  const { total, items } = all.data!.directoryEntries;
  expect(total).toBeGreaterThan(100);
  const pub = await s.gql(
    `{ directoryEntries(limit: 500, filter: { kind: PUBLIC_INSTITUTION }) { total } }`,
    {},
    admin,
  );
  expect(pub.data!.directoryEntries.total).toBe(
    items.filter((i: any) => i.subject.kind === "PUBLIC_INSTITUTION").length,
  );
  const a = await s.gql(
    `{ directoryEntries(limit: 500, filter: { riskClass: "A", tag: "公共场所" }) { total } }`,
    {},
    admin,
  );
  expect(a.data!.directoryEntries.total).toBe(
    items.filter((i: any) => i.riskClass === "A" && i.tags.includes("公共场所")).length,
  );
  const cc = items.find((i: any) => i.subject.creditCode).subject.creditCode;
  const byCode = await s.gql(
    `query($q: String!) { directoryEntries(filter: { search: $q }) { items { subject { creditCode } } } }`,
    { q: cc.slice(0, 14) },
    admin,
  );
  expect(byCode.data!.directoryEntries.items.map((i: any) => i.subject.creditCode)).toContain(cc);
});

test("listing directory entries with subjects and tags issues a fixed number of statements whatever the page size", async () => {
  const counted = async (limit: number) => {
    const original = pg.Client.prototype.query;
    let n = 0;
    pg.Client.prototype.query = function (this: pg.Client, ...args: any[]) {
      n++;
      return (original as any).apply(this, args);
    } as any;
    try {
      const r = await s.gql(
        `query($l: Int!) { directoryEntries(limit: $l) { total items { tags subject { name creditCode statusHistory { status } } } } }`,
        { l: limit },
        admin,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!.directoryEntries.items.length).toBe(Math.min(limit, r.data!.directoryEntries.total));
      return n;
    } finally {
      pg.Client.prototype.query = original;
    }
  };
  await s.login("wy-health", "admin");
  const few = await counted(5);
  const many = await counted(500);
  expect(many).toBe(few);
  expect(few).toBeGreaterThanOrEqual(6); // BEGIN, settings, user, count, page, subjects, history, COMMIT
  expect(many).toBeLessThanOrEqual(12);
});

describe("inspectors", () => {
  const INSPECTOR = {
    name: "赵立新",
    gender: "MALE",
    idNumber: "11010519491231002X",
    certificateNo: "15082100990001",
    enforcementCategories: ["卫生健康"],
    post: "ENFORCEMENT",
    expertise: ["放射卫生"],
    regionCode: "150821",
  };
  const CREATE = `mutation($i: InspectorInput!) { createInspector(input: $i) { id idNumberLast4 certificateNo status statusSince } }`;

  test("the identity number is validated, never returned, stored only as a keyed hash and last four", async () => {
    const r = await s.gql(CREATE, { i: INSPECTOR }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data!.createInspector.idNumberLast4).toBe("002X");
    expect(JSON.stringify(r)).not.toContain("11010519491231002X");
    const c = new pg.Client({ connectionString: s.db.superuserUrl });
    await c.connect();
    const { rows } = await c.query("SELECT row_to_json(i)::text AS j FROM inspector i WHERE id = $1", [
      r.data!.createInspector.id,
    ]);
    await c.end();
    expect(rows[0].j).not.toContain("19491231");
    const bad = await s.gql(
      CREATE,
      { i: { ...INSPECTOR, certificateNo: "X2", idNumber: "110105194912310021" } },
      admin,
    );
    expect(bad.errors![0].extensions!.field).toBe("idNumber");
    expect(bad.errors![0].message).not.toContain("110105194912310021");
  });

  test("duplicate 执法证号 is a conflict naming the field", async () => {
    const r = await s.gql(CREATE, { i: { ...INSPECTOR, idNumber: null } }, admin);
    expect(errorCode(r)).toBe("CONFLICT");
    expect(r.errors![0].extensions!.field).toBe("certificateNo");
  });

  test("demo inspectors are linked to inspector1/inspector2; an inspector declares a conflict for themself only", async () => {
    const me = await s.login("wy-health", "inspector1");
    const mine = await s.gql(`{ myInspector { id name enforcementCategories } }`, {}, me);
    expect(mine.data!.myInspector).toMatchObject({ name: "检查员甲", enforcementCategories: ["卫生健康"] });
    const list = await s.gql(`{ inspectors(limit: 50) { total items { id name userId } } }`, {}, admin);
    expect(list.data!.inspectors.total).toBeGreaterThanOrEqual(6);
    const other = list.data!.inspectors.items.find((i: any) => i.name === "检查员乙");
    const subject = (await s.gql(`{ directoryEntries(limit: 1) { items { subject { id } } } }`, {}, admin)).data!
      .directoryEntries.items[0].subject.id;
    const DECLARE = `mutation($i: ConflictInput!) { declareConflict(input: $i) { id reason validTo inspector { name } subject { id } } }`;
    const ok = await s.gql(
      DECLARE,
      { i: { inspectorId: mine.data!.myInspector.id, subjectId: subject, reason: "KINSHIP" } },
      me,
    );
    expect(ok.data!.declareConflict).toMatchObject({ reason: "KINSHIP", inspector: { name: "检查员甲" } });
    const notMine = await s.gql(DECLARE, { i: { inspectorId: other.id, subjectId: subject, reason: "OTHER" } }, me);
    expect(errorCode(notMine)).toBe("FORBIDDEN");
    const active = await s.gql(`query($s: ID!) { inspectorConflicts(subjectId: $s) { total } }`, { s: subject }, admin);
    expect(active.data!.inspectorConflicts.total).toBe(1);
  });

  test("an inspector lent to another department's sub-library is readable there, not writable", async () => {
    const list = await s.gql(`{ inspectors(limit: 1) { items { id certificateNo name } } }`, {}, admin);
    const lent = list.data!.inspectors.items[0];
    const share = await s.gql(
      `mutation($i: InspectorShareInput!) { shareInspector(input: $i) { id subLibrary partner { code } } }`,
      { i: { inspectorId: lent.id, partnerTenantCode: "wy-samr", subLibrary: "医疗机构联合检查" } },
      admin,
    );
    expect(share.data!.shareInspector.partner.code).toBe("wy-samr");
    const samr = await s.login("wy-samr", "admin");
    const seen = await s.gql(
      `{ inspectors(limit: 100, filter: { includeLent: true }) { items { id department { code } } } }`,
      {},
      samr,
    );
    expect(seen.data!.inspectors.items.find((i: any) => i.id === lent.id)?.department.code).toBe("wy-health");
    const own = await s.gql(`{ inspectors(limit: 100) { items { id } } }`, {}, samr);
    expect(own.data!.inspectors.items.map((i: any) => i.id)).not.toContain(lent.id);
    const write = await s.gql(
      `mutation($id: ID!, $i: InspectorInput!) { updateInspector(id: $id, input: $i) { id } }`,
      { id: lent.id, i: { name: "篡改", certificateNo: lent.certificateNo } },
      samr,
    );
    expect(errorCode(write)).toBe("NOT_FOUND");
  });
});
