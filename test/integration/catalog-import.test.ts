import { readFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "../helpers/harness";

/** Building a department's 一单两库 from the sample files through GraphQL, and the import rules. */
let s: TestServer;
let admin: string;
const sample = (name: string) => readFileSync(path.resolve(__dirname, "../../samples", name)).toString("base64");
const IMPORT = `mutation($i: ImportFileInput!) { importFile(input: $i) { totalRows inserted updated committed rejections { row column reason } } }`;

beforeAll(async () => {
  s = await startTestServer();
  const root = await s.login("platform", "root");
  const created = await s.gql(
    `mutation { createTenant(input: { code: "wy-pilot", name: "五原县试点局", regionCode: "150821", kind: COUNTY_BUREAU,
      admin: { username: "admin", displayName: "管理员", password: "pilot-password-1", roles: [ADMIN] } }) { tenant { id } } }`,
    {},
    root,
  );
  expect(created.errors).toBeUndefined();
  admin = await s.login("wy-pilot", "admin", "pilot-password-1");
});
afterAll(() => s.close());

test("an ADMIN builds 一单两库 from the sample files, publishes the list, and the public reads it", async () => {
  const subjects = await s.gql(
    IMPORT,
    { i: { kind: "SUBJECTS", format: "CSV", contentBase64: sample("subjects-wy-health.csv") } },
    admin,
  );
  // The demo already registered these subjects (shared registry): they are matched by credit code, not duplicated.
  expect(subjects.data!.importFile).toMatchObject({
    totalRows: 20,
    inserted: 20,
    updated: 0,
    committed: true,
    rejections: [],
  });
  const inspectors = await s.gql(
    IMPORT,
    { i: { kind: "INSPECTORS", format: "XLSX", contentBase64: sample("inspectors-wy-health.xlsx") } },
    admin,
  );
  expect(inspectors.data!.importFile).toMatchObject({ totalRows: 6, inserted: 6, committed: true });
  const items = await s.gql(
    IMPORT,
    { i: { kind: "ITEMS", format: "XLSX", contentBase64: sample("items-wy-drc.xlsx") } },
    admin,
  );
  expect(items.data!.importFile).toMatchObject({ totalRows: 3, inserted: 3, committed: true });
  expect(
    (await s.gql(`mutation { publishItemList(effectiveDate: "2026-01-01") { label } }`, {}, admin)).data!
      .publishItemList.label,
  ).toBe("第一版");

  const pub = await s.gql(
    `{ currentItemList(tenantCode: "wy-pilot") { items { code itemClass ratioCap defaultRatio legalBasis { kind title articles } initiatingDepartment { code } cooperatingDepartments { code } } } }`,
  );
  expect(pub.data!.currentItemList.items[1]).toEqual({
    code: "DRC-002",
    itemClass: "KEY",
    ratioCap: null,
    defaultRatio: 0.2,
    legalBasis: [
      {
        kind: "ADMINISTRATIVE_REGULATION",
        title: "粮食流通管理条例",
        articles: "第十七条、第二十条、第二十一条、第二十三条",
      },
    ],
    initiatingDepartment: { code: "wy-drc" },
    cooperatingDepartments: [{ code: "wy-samr" }],
  });
  const dir = await s.gql(
    `{ directoryEntries(limit: 100) { total items { subLibraries subject { creditCode } } } inspectors { total items { idNumberLast4 } } }`,
    {},
    admin,
  );
  expect(dir.data!.directoryEntries.total).toBe(20);
  expect(dir.data!.directoryEntries.items[0].subLibraries).toEqual(["对公共场所卫生监督"]);
  expect(dir.data!.inspectors.items.every((i: any) => /^[0-9]{3}[0-9X]$/.test(i.idNumberLast4))).toBe(true);
  const health = await s.login("wy-health", "admin");
  const shared = await s.gql(
    `query($q: String!) { subjects(filter: { search: $q }) { total } }`,
    { q: dir.data!.directoryEntries.items[0].subject.creditCode },
    health,
  );
  expect(shared.data!.subjects.total).toBe(1);

  // Re-importing the same file updates rather than duplicates.
  const again = await s.gql(
    IMPORT,
    { i: { kind: "SUBJECTS", format: "XLSX", contentBase64: sample("subjects-wy-health.xlsx") } },
    admin,
  );
  expect(again.data!.importFile).toMatchObject({ inserted: 0, updated: 20, committed: true });
});

const CSV = (rows: string[]) =>
  Buffer.from(`对象类型,名称,统一社会信用代码,状态,行业标签\n${rows.join("\n")}\n`).toString("base64");

test("all-or-nothing: one bad row → nothing written, every rejected row reported with row, column and reason", async () => {
  const file = CSV([
    "个体工商户,五原县甲理发店,,存续,公共场所",
    "企业,五原县乙公司,91150821MA0XXXXX00,存续,",
    "外星企业,五原县丙公司,,存续,",
    "",
    "企业,五原县丁公司,,休眠,",
  ]);
  const r = await s.gql(IMPORT, { i: { kind: "SUBJECTS", format: "CSV", contentBase64: file } }, admin);
  expect(r.data!.importFile.committed).toBe(false);
  expect(r.data!.importFile.totalRows).toBe(4);
  expect(r.data!.importFile.rejections.map((x: any) => [x.row, x.column])).toEqual([
    [3, "统一社会信用代码"],
    [4, "对象类型"],
    [6, "状态"],
  ]);
  expect(r.data!.importFile.rejections[1].reason).toContain("外星企业");
  const none = await s.gql(`{ directoryEntries(filter: { search: "五原县甲理发店" }) { total } }`, {}, admin);
  expect(none.data!.directoryEntries.total).toBe(0);

  const valid = await s.gql(
    IMPORT,
    { i: { kind: "SUBJECTS", format: "CSV", mode: "VALID_ROWS", contentBase64: file } },
    admin,
  );
  expect(valid.data!.importFile).toMatchObject({ inserted: 1, committed: true });
  const one = await s.gql(
    `{ directoryEntries(filter: { search: "五原县甲理发店" }) { items { tags subject { kind } } } }`,
    {},
    admin,
  );
  expect(one.data!.directoryEntries.items).toEqual([{ tags: ["公共场所"], subject: { kind: "INDIVIDUAL_BUSINESS" } }]);
});

test("duplicates inside a file, unknown columns and bad items are reported; blank rows are skipped", async () => {
  const dup = CSV(["企业,五原县戊公司,,存续,", "企业,五原县戊公司,,存续,"]);
  const r = await s.gql(IMPORT, { i: { kind: "SUBJECTS", format: "CSV", contentBase64: dup } }, admin);
  expect(r.data!.importFile.rejections).toEqual([
    { row: 3, column: "统一社会信用代码", reason: "与第2行是同一检查对象，请合并后再导入" },
  ]);
  const unknown = Buffer.from("对象类型,名称,颜色\n企业,甲,红\n").toString("base64");
  const u = await s.gql(IMPORT, { i: { kind: "SUBJECTS", format: "CSV", contentBase64: unknown } }, admin);
  expect(u.data!.importFile.rejections).toEqual([
    { row: 1, column: "颜色", reason: "无法识别的列“颜色”，请对照模板表头" },
  ]);
  const items = Buffer.from(
    "序号,检查事项名称,抽查类别,抽查方式,检查依据,事项类别\n1,对律师进行监督检查,法律服务,实地检查,【法律】《中华人民共和国律师法》第四条,一般\n4,,,,,\n5,对某事项,类别,瞎查,【法律】《某法》,重点\n",
  ).toString("base64");
  const i = await s.gql(IMPORT, { i: { kind: "ITEMS", format: "CSV", contentBase64: items } }, admin);
  expect(i.data!.importFile.totalRows).toBe(2);
  expect(i.data!.importFile.rejections.map((x: any) => [x.row, x.column])).toEqual([
    [2, "抽查比例上限"],
    [4, "检查方式"],
  ]);
  const draft = await s.gql(`{ itemListDraft { id } }`, {}, admin);
  expect(draft.data!.itemListDraft).toBeNull();
});

test("适用行业: an items file names the industries an item applies to; a bad code is refused by row and column", async () => {
  const header = "抽查事项编码,抽查类别,抽查事项,检查方式,检查依据,事项类别,适用行业";
  const bad = Buffer.from(
    `${header}\nIND-01,食品安全,对食品生产者的监督检查,实地检查,【法律】《中华人民共和国食品安全法》第一百一十条,重点,C13、X99\n`,
  ).toString("base64");
  const refused = await s.gql(IMPORT, { i: { kind: "ITEMS", format: "CSV", contentBase64: bad } }, admin);
  expect(refused.data!.importFile.rejections).toEqual([
    { row: 2, column: "适用行业", reason: "“X99”：行业代码应为国民经济行业分类代码，如 C、C13 或 1311" },
  ]);
  const good = Buffer.from(
    `${header}\nIND-01,食品安全,对食品生产者的监督检查,实地检查,【法律】《中华人民共和国食品安全法》第一百一十条,重点,c13、１４、C13\nIND-02,食品安全,对食品经营者的监督检查,实地检查,【法律】《中华人民共和国食品安全法》第一百一十条,重点,\n`,
  ).toString("base64");
  const r = await s.gql(IMPORT, { i: { kind: "ITEMS", format: "CSV", contentBase64: good } }, admin);
  expect(r.data!.importFile).toMatchObject({ inserted: 2, committed: true, rejections: [] });
  const draft = await s.gql(`{ itemListDraft { items { code targetIndustryCodes } } }`, {}, admin);
  const codes = Object.fromEntries(
    draft.data!.itemListDraft.items.map((i: { code: string; targetIndustryCodes: string[] }) => [
      i.code,
      i.targetIndustryCodes,
    ]),
  );
  // Normalised (upper case, half-width), each once; an empty cell = every industry.
  expect(codes["IND-01"]).toEqual(["C13", "14"]);
  expect(codes["IND-02"]).toEqual([]);
});
