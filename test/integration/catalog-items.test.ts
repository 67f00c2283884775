import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/** 一单: versioned item lists, publishing, public reads, diffs, immutability and the joint list. */
let s: TestServer;
let admin: string;

const ITEM = {
  code: "36115082199001",
  category: "放射卫生",
  name: "对医疗机构开展放射诊疗活动监督检查",
  content: "<p>检查内容</p>",
  methods: ["ON_SITE", "WRITTEN"],
  legalBasis: [{ kind: "LAW", title: "中华人民共和国职业病防治法", articles: "第六十二条", text: "" }],
  targetKinds: ["PUBLIC_INSTITUTION"],
  itemClass: "GENERAL",
  ratioCap: 0.3,
  defaultRatio: 0.05,
  cooperatingTenantCodes: ["wy-samr"],
};
const SAVE = `mutation($i: CheckItemInput!) { saveCheckItem(input: $i) { id code ratioCap listVersionId cooperatingDepartments { code } } }`;
const VERSIONS = `query($t: String!) { itemListVersions(tenantCode: $t) { id versionNo label status effectiveDate draftChangeOverdue items { code name methods itemClass legalBasis { kind title articles } initiatingDepartment { code } } } }`;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login("wy-health", "admin");
});
afterAll(() => s.close());

test("the demo publishes the seeds' lists, readable by anonymous users", async () => {
  const r = await s.gql(VERSIONS, { t: "wy-health" });
  expect(r.errors).toBeUndefined();
  const [v1] = r.data!.itemListVersions;
  expect(v1).toMatchObject({ versionNo: 1, label: "第一版", status: "PUBLISHED", effectiveDate: "2025-01-01" });
  expect(v1.items.map((i: any) => i.code)).toEqual([
    "36115082101005",
    "36115082104002",
    "36115082103002",
    "36115082102006",
  ]);
  expect(v1.items[0].legalBasis[0]).toEqual({
    kind: "LAW",
    title: "中华人民共和国职业病防治法",
    articles: "第六十二条、第八十七条",
  });
  const drc = await s.gql(VERSIONS, { t: "wy-drc" });
  expect(drc.data!.itemListVersions[0].items.map((i: any) => i.itemClass)).toEqual(["KEY", "KEY", "GENERAL"]);
});

test("an ADMIN edits a draft and publishes 第二版; the diff and both versions are public", async () => {
  const saved = await s.gql(SAVE, { i: ITEM }, admin);
  expect(saved.errors).toBeUndefined();
  expect(saved.data!.saveCheckItem.cooperatingDepartments).toEqual([{ code: "wy-samr" }]);
  const removed = await s.gql(`query { itemListDraft { items { id code } } }`, {}, admin);
  const old = removed.data!.itemListDraft.items.find((i: any) => i.code === "36115082104002");
  expect(
    (await s.gql(`mutation($id: ID!) { removeCheckItem(id: $id) { code } }`, { id: old.id }, admin)).errors,
  ).toBeUndefined();
  // Anonymous users do not see the draft.
  const anon = await s.gql(VERSIONS, { t: "wy-health" });
  expect(anon.data!.itemListVersions.map((v: any) => v.status)).toEqual(["PUBLISHED"]);
  const own = await s.gql(VERSIONS, { t: "wy-health" }, admin);
  expect(own.data!.itemListVersions[0]).toMatchObject({ status: "DRAFT", versionNo: 2, draftChangeOverdue: false });

  const pub = await s.gql(`mutation { publishItemList(effectiveDate: "2026-01-01") { id label status } }`, {}, admin);
  expect(pub.data!.publishItemList).toMatchObject({ label: "第二版", status: "PUBLISHED" });
  const versions = (await s.gql(VERSIONS, { t: "wy-health" })).data!.itemListVersions;
  expect(versions.map((v: any) => v.label)).toEqual(["第二版", "第一版"]);
  const diff = await s.gql(
    `query($a: ID!, $b: ID!) { itemListDiff(fromVersionId: $a, toVersionId: $b) { added { code } removed { code } changed { code } } }`,
    { a: versions[1].id, b: versions[0].id },
  );
  expect(diff.data!.itemListDiff).toEqual({
    added: [{ code: ITEM.code }],
    removed: [{ code: "36115082104002" }],
    changed: [],
  });
});

test("published versions never change: the API refuses and so does the database", async () => {
  const v = (await s.gql(VERSIONS, { t: "wy-justice" })).data!.itemListVersions[0];
  const justice = await s.login("wy-justice", "admin");
  const items = (await s.gql(`query($id: ID!) { itemListVersion(id: $id) { items { id } } }`, { id: v.id })).data!
    .itemListVersion.items;
  const r = await s.gql(
    `mutation($id: ID!, $i: CheckItemInput!) { updateCheckItem(id: $id, input: $i) { id } }`,
    { id: items[0].id, i: ITEM },
    justice,
  );
  expect(errorCode(r)).toBe("RULE_VIOLATION");
  expect(r.errors![0].extensions!.field).toBe("listVersionId");
  const { Client } = await import("pg");
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    const { rows } = await c.query("SELECT tenant_id FROM item_list_version WHERE id = $1", [v.id]);
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [rows[0].tenant_id]);
    await expect(c.query("UPDATE check_item SET name = '篡改' WHERE list_version_id = $1", [v.id])).rejects.toThrow(
      /immutable/,
    );
    await c.query("ROLLBACK");
    await c.query("BEGIN");
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [rows[0].tenant_id]);
    await expect(c.query("DELETE FROM item_list_version WHERE id = $1", [v.id])).rejects.toThrow(/immutable/);
  } finally {
    await c.query("ROLLBACK");
    await c.end();
  }
});

describe("bad input gets a typed error naming the field, and nothing is written", () => {
  test.each([
    ["GENERAL without a ratio cap", { ratioCap: null }, "ratioCap"],
    ["a ratio above 100%", { ratioCap: 1.5 }, "ratioCap"],
    ["a default ratio of 0", { defaultRatio: 0 }, "defaultRatio"],
    ["KEY with a cap", { itemClass: "KEY" }, "ratioCap"],
    ["an unknown department", { cooperatingTenantCodes: ["nope"] }, "cooperatingTenantCodes"],
    ["a malformed code", { code: "代码 1" }, "code"],
  ])("%s", async (_label, patch, field) => {
    const r = await s.gql(SAVE, { i: { ...ITEM, code: "X-1", ...patch } }, admin);
    expect(errorCode(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0].extensions!.field).toBe(field);
    const draft = await s.gql(`{ itemListDraft { items { code } } }`, {}, admin);
    expect((draft.data!.itemListDraft?.items ?? []).map((i: any) => i.code)).not.toContain("X-1");
  });

  test("an unknown method is rejected by the schema", async () => {
    const r = await s.gql(SAVE, { i: { ...ITEM, methods: ["TELEPATHY"] } }, admin);
    expect(r.errors).toBeDefined();
    expect(r.data).toBeFalsy();
  });
});

test("a draft change left unpublished beyond the tenant's working-day setting is flagged", async () => {
  const edu = await s.login("wy-edu", "admin");
  await s.gql(SAVE, { i: { ...ITEM, cooperatingTenantCodes: [] } }, edu);
  const { Client } = await import("pg");
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  await c.query(
    "UPDATE item_list_version SET draft_changed_at = now() - interval '30 days' WHERE tenant_id = (SELECT id FROM tenant WHERE code = 'wy-edu')",
  );
  await c.end();
  const r = await s.gql(`{ itemListDraft { draftChangeOverdue } }`, {}, edu);
  expect(r.data!.itemListDraft.draftChangeOverdue).toBe(true);
});

test("the coordinator keeps the joint item list of departments' published items", async () => {
  const drc = (await s.gql(VERSIONS.replace("items { code", "items { id code"), { t: "wy-drc" })).data!
    .itemListVersions[0];
  const samr = await s.login("wy-samr", "admin");
  const add = await s.gql(
    `mutation($i: JointItemEntryInput!) { addJointItemEntry(input: $i) { id industry equivalenceKey department { code } item { code } } }`,
    { i: { industry: "粮食流通", checkItemId: drc.items[1].id, equivalenceKey: "grain-reserve" } },
    samr,
  );
  expect(add.data!.addJointItemEntry).toMatchObject({
    industry: "粮食流通",
    department: { code: "wy-drc" },
    item: { code: "DRC-002" },
  });
  const notCoordinator = await s.gql(
    `mutation($i: JointItemEntryInput!) { addJointItemEntry(input: $i) { id } }`,
    { i: { industry: "x", checkItemId: drc.items[0].id, equivalenceKey: "k" } },
    admin,
  );
  expect(errorCode(notCoordinator)).toBe("FORBIDDEN");
  const list = await s.gql(`{ jointItemList { industry item { name } } }`, {}, admin);
  expect(list.data!.jointItemList).toHaveLength(1);
  // Public (seed 001: the joint list is published): anonymous visitors read the same list.
  expect((await s.gql(`{ jointItemList { industry } }`)).data!.jointItemList).toHaveLength(1);
});

test("the published list exports as CSV and XLSX with Chinese headers", async () => {
  const v = (await s.gql(VERSIONS, { t: "wy-drc" })).data!.itemListVersions[0];
  const csv = await s.gql(
    `query($id: ID!) { exportItemList(versionId: $id, format: CSV) { fileName contentBase64 } }`,
    { id: v.id },
  );
  const text = Buffer.from(csv.data!.exportItemList.contentBase64, "base64").toString("utf8");
  expect(text.startsWith("\uFEFF抽查事项编码,抽查类别,抽查事项")).toBe(true);
  expect(text).toContain("【行政法规】《粮食流通管理条例》第三十八条");
  const xlsx = await s.gql(`query($id: ID!) { exportItemList(versionId: $id, format: XLSX) { fileName mimeType } }`, {
    id: v.id,
  });
  expect(xlsx.data!.exportItemList.fileName).toBe("五原县发展和改革委员会随机抽查事项清单（第一版）.xlsx");
});
