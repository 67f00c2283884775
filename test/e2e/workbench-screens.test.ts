import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { testCreditCode } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/harness";
import { type Contexts, launchContexts } from "./contexts";
import { choose, goHash, signIn, signOut, toast } from "./workbench-ui";

/**
 * The screens the two walks do not reach: the self-hosted API console at /graphql, the directories (a GBK CSV
 * from Excel imported with a progress bar, its error report downloaded with row, column and reason, an XLSX
 * export), sign-out, and a clerk's action refused with the role it needs.
 */
let s: TestServer;
let b: Contexts;

beforeAll(async () => {
  s = await startTestServer({ poolSize: 6 });
  b = await launchContexts();
});
afterAll(async () => {
  await b?.close();
  await s?.close();
});

test("/graphql in a browser is GraphiQL served from this origin under the strict policy; API calls still work", async () => {
  const { page } = await b.open("console");
  const outside: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(s.url) && !r.url().startsWith("data:")) outside.push(r.url());
  });
  const res = await page.goto(`${s.url}/graphql`);
  expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
  await page.locator(".graphiql-container").waitFor();
  await page.locator(".graphiql-execute-button").click();
  // The result editor renders only the lines in view: a department near the top of the list.
  await page.locator(".result-window", { hasText: "五原县发展和改革委员会" }).waitFor();
  await b.shot(page, "workbench-30-graphiql");
  expect(outside).toEqual([]);
  const api = await fetch(`${s.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ tenants { code } }" }),
  });
  expect((await api.json()).data.tenants.length).toBeGreaterThan(5);
});

test("directories: a GBK CSV imports with a progress bar; rejected rows come back as a downloadable report", async () => {
  const { page } = await b.open("admin");
  await signIn(page, s.url, "五原县卫生健康委员会", "admin");
  await goHash(page, "#/directories");
  await page.locator("[data-directory] .el-table__body tr").first().waitFor();
  const rows = [
    "对象类型,名称,统一社会信用代码,地址,行业标签",
    ...Array.from(
      { length: 40 },
      (_, i) =>
        `企业,五原县导入测试诊所${i + 1}有限公司,${testCreditCode(620_000 + i)},五原县隆兴昌镇${i + 1}号,医疗机构`,
    ),
    "企业,五原县错误代码诊所,91150821XXXXXXXX,五原县,医疗机构",
    "未知类型,五原县类型错误单位,,五原县,医疗机构",
  ];
  // Excel on Chinese Windows saves "CSV (逗号分隔)" in GBK.
  const gbk = iconv.encode(`${rows.join("\r\n")}\r\n`, "gbk");
  await choose(page, page.locator("[data-import] .wb-select-wide"), "只导入正确的行，报告错误行");
  await page
    .locator('input[data-field="import-file"]')
    .setInputFiles({ name: "检查对象.csv", mimeType: "text/csv", buffer: gbk });
  await page.click('[data-action="import"]');
  await page.locator(".el-progress").waitFor();
  await page.locator('[data-job="SUCCEEDED"]').waitFor();
  const summary = (await page.locator("[data-job]").textContent()) ?? "";
  expect(summary).toContain("新增 40");
  expect(summary).toContain("错误 2");
  await b.shot(page, "workbench-31-directories-import");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-action="error-report"]')]);
  expect(download.suggestedFilename()).toBe("导入错误报告.csv");
  const report = readFileSync((await download.path()) as string, "utf8");
  expect(report.startsWith("\uFEFF行号,列,原因")).toBe(true);
  expect(report).toMatch(/\n42,统一社会信用代码,/);
  expect(report).toMatch(/\n43,对象类型,/);
  await page.fill(".wb-search input", "导入测试诊所1有限公司");
  await page.locator(".wb-search input").press("Enter");
  await page.locator("[data-directory] .el-table__body tr", { hasText: "五原县导入测试诊所1有限公司" }).waitFor();
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.click('[data-action="export-xlsx"]')]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  expect(
    readFileSync((await xlsx.path()) as string)
      .subarray(0, 2)
      .toString(),
  ).toBe("PK");
});

test("an action the user's role does not allow says which role it needs; sign-out returns to the sign-in", async () => {
  const { page } = await b.open("planner");
  await signIn(page, s.url, "五原县卫生健康委员会", "planner");
  await goHash(page, "#/directories");
  await page.locator('input[data-field="import-file"]').setInputFiles({
    name: "检查对象.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("对象类型,名称\n企业,某某\n"),
  });
  await page.click('[data-action="import"]');
  await toast(page, "需要部门管理员（ADMIN）角色");
  await b.shot(page, "workbench-32-forbidden");
  await signOut(page);
  expect(await page.locator(".wb-signin").textContent()).toContain("您已退出登录");
  await goHash(page, "#/plans");
  await page.locator(".wb-signin").waitFor();
});

test("no page logged a console error or a CSP violation", () => {
  expect(b.problems).toEqual([]);
});
