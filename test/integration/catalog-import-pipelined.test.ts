import { creditCodeCheckCharacter } from "../../src/domain/credit-code";
import { setSubjectImportBatchRows } from "../../src/services/catalog/subject-import.service";
import { startTestServer, type TestServer } from "../helpers/harness";

/**
 * The import rules of catalog-import.test.ts again, with batches of two rows: every subject file of more than two
 * valid rows takes the pipelined path (insert first, lookups, doubles against earlier batches, the ALL_OR_NOTHING
 * fallback through the spool). The tests below compare the pipelined path with the one-pass path on files whose
 * rows collide across batches.
 */
setSubjectImportBatchRows(2);

require("./catalog-import.test");

const IMPORT = `mutation($i: ImportFileInput!) { importFile(input: $i) { totalRows inserted updated committed rejections { row column reason } } }`;
let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login("wy-health", "admin");
});
afterAll(() => s.close());

const code = (n: number) => {
  const first17 = `91150821MA0T${String(n).padStart(5, "0")}`;
  return first17 + creditCodeCheckCharacter(first17);
};

/**
 * Six rows (2–7) in batches of two: row 5 (no credit code) has row 2's registration number, so it names the subject
 * row 2 created in an earlier batch (a double); row 6 has the same registration number under another credit code
 * (refused); the others are new.
 */
function collidingFile(base: number, lastKind = "企业"): string {
  const reg = `1508210${String(base).padStart(8, "0")}`;
  const rows = [
    `企业,五原县批次甲${base}公司,${code(base + 1)},${reg}`,
    `企业,五原县批次乙${base}公司,${code(base + 2)},`,
    `企业,五原县批次丙${base}公司,${code(base + 3)},`,
    `企业,五原县批次丁${base}公司,,${reg}`,
    `企业,五原县批次戊${base}公司,${code(base + 4)},${reg}`,
    `${lastKind},五原县批次己${base}公司,${code(base + 5)},`,
  ];
  return Buffer.from(`对象类型,名称,统一社会信用代码,注册号\n${rows.join("\n")}\n`).toString("base64");
}

const importOf = async (file: string, mode: "ALL_OR_NOTHING" | "VALID_ROWS", batchRows: number) => {
  const previous = setSubjectImportBatchRows(batchRows);
  try {
    const r = await s.gql(IMPORT, { i: { kind: "SUBJECTS", format: "CSV", mode, contentBase64: file } }, admin);
    expect(r.errors).toBeUndefined();
    return r.data!.importFile;
  } finally {
    setSubjectImportBatchRows(previous);
  }
};
const listed = async (fragment: string) =>
  (await s.gql(`{ directoryEntries(filter: { search: "${fragment}" }) { total } }`, {}, admin)).data!.directoryEntries
    .total;

test("VALID_ROWS across batches: the same doubles, refusals and counts as one pass", async () => {
  const pipelined = await importOf(collidingFile(100), "VALID_ROWS", 2);
  const onePass = await importOf(collidingFile(200), "VALID_ROWS", 1_000_000);
  expect(pipelined).toEqual(onePass);
  expect(pipelined).toMatchObject({ totalRows: 6, inserted: 4, updated: 0, committed: true });
  expect(pipelined.rejections).toEqual([
    { row: 5, column: "名称", reason: "与第2行对应同一已登记的检查对象，请合并后再导入" },
    { row: 6, column: "注册号", reason: "注册号已登记在另一统一社会信用代码的检查对象名下，请核对" },
  ]);
  expect(await listed("批次甲100")).toBe(1);
  expect(await listed("批次丁100")).toBe(0);
  // The same file again: every valid row now matches its subject by credit code (an update each).
  const again = await importOf(collidingFile(100), "VALID_ROWS", 2);
  expect(again).toEqual(await importOf(collidingFile(200), "VALID_ROWS", 1_000_000));
});

test("ALL_OR_NOTHING across batches: a refusal found in a later batch rolls every batch back, with one pass's rejections", async () => {
  const pipelined = await importOf(collidingFile(300), "ALL_OR_NOTHING", 2);
  const onePass = await importOf(collidingFile(400), "ALL_OR_NOTHING", 1_000_000);
  expect(pipelined).toEqual(onePass);
  expect(pipelined.committed).toBe(false);
  expect(pipelined.rejections.map((r: { row: number }) => r.row)).toEqual([5, 6]);
  expect(await listed("批次甲300")).toBe(0);
  expect(await listed("批次乙300")).toBe(0);

  // A bad cell in the last batch, after two batches were written: nothing stays, only the bad row is reported.
  const bad = await importOf(collidingFile(500, "外星企业"), "ALL_OR_NOTHING", 2);
  expect(bad).toEqual(await importOf(collidingFile(600, "外星企业"), "ALL_OR_NOTHING", 1_000_000));
  expect(bad.committed).toBe(false);
  expect(bad.rejections.map((r: { row: number; column: string }) => [r.row, r.column])).toEqual([[7, "对象类型"]]);
  expect(await listed("批次甲500")).toBe(0);
});
