import { creditCodeCheckCharacter } from "../../src/domain/credit-code";
import { startTestServer, type TestServer } from "../helpers/harness";

/**
 * The subject import reads and validates the next batch while PostgreSQL writes the previous one (20,000 rows a
 * batch). Files of several batches must end exactly as one set-based pass would: ALL_OR_NOTHING writes nothing
 * when the only bad rows come after batches were already written; VALID_ROWS matches rows of every batch to
 * the subjects of earlier imports; rejections are the same rows, columns and reasons.
 */
let s: TestServer;
let admin: string;
const IMPORT = `mutation($i: ImportFileInput!) { importFile(input: $i) {
  totalRows inserted updated committed rejections { row column reason } } }`;
const COUNT = `query($q: String!) { directoryEntries(filter: { search: $q }) { total } }`;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login("wy-water", "admin");
});
afterAll(() => s.close());

/** `n` distinct subjects with valid credit codes; `bad` maps a data row index (0-based) to a replacement line. */
function csv(n: number, prefix: string, risk = "B", bad: Record<number, string> = {}, extra: string[] = []): string {
  const rows = ["对象类型,名称,统一社会信用代码,风险等级,子库"];
  for (let i = 0; i < n; i++) {
    const first17 = `91150821${prefix}${String(i).padStart(9 - prefix.length, "0")}`;
    rows.push(bad[i] ?? `企业,批次测试${prefix}-${i},${first17}${creditCodeCheckCharacter(first17)},${risk},水利工程`);
  }
  return Buffer.from(`${[...rows, ...extra].join("\n")}\n`).toString("base64");
}
const run = async (file: string, mode: "ALL_OR_NOTHING" | "VALID_ROWS") => {
  const r = await s.gql(IMPORT, { i: { kind: "SUBJECTS", format: "CSV", mode, contentBase64: file } }, admin);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.importFile;
};
const total = async (q: string) => (await s.gql(COUNT, { q }, admin)).data!.directoryEntries.total;

test("ALL_OR_NOTHING: bad rows after written batches roll everything back and are all reported", async () => {
  // Five batches: the reader is at most three batches ahead of the writer (two queued, one being read), so the
  // first batches are written before the bad rows at the end are read; the savepoint takes them back.
  const N = 100_000;
  const first = "企业,批次测试D-0,";
  const out = await run(
    csv(N, "D", "B", {}, [
      "企业,批次测试坏行,91150821MA0XXXXX00,B,",
      `${first}91150821D00000000${creditCodeCheckCharacter("91150821D00000000")},B,`,
    ]),
    "ALL_OR_NOTHING",
  );
  expect(out).toMatchObject({ totalRows: N + 2, inserted: 0, updated: 0, committed: false });
  expect(out.rejections.map((r: { row: number; column: string }) => [r.row, r.column])).toEqual([
    [N + 2, "统一社会信用代码"],
    [N + 3, "统一社会信用代码"],
  ]);
  expect(out.rejections[1].reason).toBe("与第2行是同一检查对象，请合并后再导入");
  expect(await total("批次测试D-")).toBe(0);
}, 180_000);

test("VALID_ROWS over several batches: new rows inserted, a re-import matches every batch, bad rows skipped", async () => {
  const N = 45_000;
  expect(await run(csv(N, "E"), "VALID_ROWS")).toMatchObject({
    totalRows: N,
    inserted: N,
    updated: 0,
    committed: true,
  });
  // Again, risk changed, one bad row in the middle batch: every other row of every batch updates its entry.
  const again = await run(csv(N, "E", "C", { 25000: "企业,批次测试E-坏,91150821MA0XXXXX00,C," }), "VALID_ROWS");
  expect(again).toMatchObject({ totalRows: N, inserted: 0, updated: N - 1, committed: true });
  expect(again.rejections.map((r: { row: number }) => r.row)).toEqual([25_002]);
  expect(await total("批次测试E-")).toBe(N);
}, 180_000);
