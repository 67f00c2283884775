import { startTestServer, type TestServer } from "../helpers/harness";
import { type Contexts, launchContexts } from "./contexts";
import { goHash, signIn, toast } from "./workbench-ui";

/**
 * Editing an item of the draft list on the workbench changes what the clerk changed and nothing else: the fields the
 * form does not show (频次, 执法类别要求, 发起/配合部门, 检查对象, the second citation and the quoted text of the first)
 * are saved back as they were, ratios are percentages on the screen and fractions in the list, and 适用行业 is set.
 */
let s: TestServer;
let b: Contexts;
const JUSTICE = "五原县司法局";
const ITEM = `code name targetIndustryCodes targetDescription frequency requiredCategories defaultRatio ratioCap
  initiatingDepartment { code } cooperatingDepartments { code } legalBasis { kind title articles text }`;

beforeAll(async () => {
  s = await startTestServer({ poolSize: 4 });
  b = await launchContexts();
});
afterAll(async () => {
  await b?.close();
  await s?.close();
});

test("an item edited in the workbench keeps every field the form does not show", async () => {
  const admin = await s.login("wy-justice", "admin");
  const csv = [
    "抽查事项编码,抽查类别,抽查事项,检查方式,检查依据,事项类别,抽查比例上限,抽查比例,抽查频次,执法类别要求,检查对象,发起部门,配合部门",
    'SF-EDIT-1,法律服务,对基层法律服务所的监督检查,实地检查,"【法律】《中华人民共和国律师法》第四条：司法行政部门依照本法对律师事务所进行监督、指导。\n【部门规章】《基层法律服务所管理办法》第三十条",一般,30%,20%,每年1次,司法行政,基层法律服务所,wy-justice,wy-samr',
  ].join("\n");
  const imported = await s.gql(
    `mutation($i: ImportFileInput!) { importFile(input: $i) { committed rejections { row column reason } } }`,
    { i: { kind: "ITEMS", format: "CSV", contentBase64: Buffer.from(`${csv}\n`).toString("base64") } },
    admin,
  );
  expect(imported.data!.importFile).toEqual({ committed: true, rejections: [] });
  const read = async () =>
    (await s.gql(`{ itemListDraft { items { ${ITEM} } } }`, {}, admin)).data!.itemListDraft.items.find(
      (i: { code: string }) => i.code === "SF-EDIT-1",
    );
  const before = await read();
  expect(before.legalBasis).toHaveLength(2);

  const { page } = await b.open("admin");
  await signIn(page, s.url, JUSTICE, "admin");
  await goHash(page, "#/items");
  const row = page.locator("[data-items] .el-table__body tr", { hasText: "SF-EDIT-1" }).first();
  await row.locator('[data-action="edit-item"]').click();
  const dialog = page.locator(".el-dialog");
  // Percentages on the screen.
  expect(await dialog.locator(".el-input-number input").first().inputValue()).toBe("20");
  await page.fill('input[name="name"]', "对基层法律服务所执业活动的监督检查");
  await page.fill('input[name="industries"]', "l72、7231");
  await page.click('[data-action="save-item"]');
  await toast(page, "事项已保存到草稿");

  const after = await read();
  expect(after).toEqual({
    ...before,
    name: "对基层法律服务所执业活动的监督检查",
    targetIndustryCodes: ["L72", "7231"],
  });
  expect(after).toMatchObject({ defaultRatio: 0.2, ratioCap: 0.3, frequency: "每年1次" });
});

test("no page logged a console error or a CSP violation", () => {
  expect(b.problems).toEqual([]);
});
