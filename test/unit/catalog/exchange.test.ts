import { copyText, copyTextArray } from "../../../src/db/copy";
import { HEALTH_ITEMS } from "../../../src/demo/sample-items";
import { ITEM_COLUMNS, RowReader, readCsv, SUBJECT_COLUMNS, toTable, writeCsv } from "../../../src/exchange";
import { readXlsx, writeXlsx } from "../../../src/exchange/xlsx";

test("items survive export → CSV → import unchanged", () => {
  const rows = readCsv(writeCsv(toTable(ITEM_COLUMNS, HEALTH_ITEMS)));
  const reader = RowReader.bind(ITEM_COLUMNS, rows[0]) as RowReader<any>;
  expect(reader).toBeInstanceOf(RowReader);
  const back = rows.slice(1).map((r, i) => reader.read(r, i + 2));
  expect(back.map((r) => (r.ok ? r.record : r.rejections))).toEqual(HEALTH_ITEMS);
});

test("适用行业 survives the round trip; an empty cell reads as every industry", () => {
  const items = HEALTH_ITEMS.map((item, i) => (i === 0 ? { ...item, targetIndustryCodes: ["Q84", "8411"] } : item));
  const rows = readCsv(writeCsv(toTable(ITEM_COLUMNS, items)));
  expect(rows[0]).toContain("适用行业");
  const reader = RowReader.bind(ITEM_COLUMNS, rows[0]) as RowReader<any>;
  const back = rows.slice(1).map((r, i) => reader.read(r, i + 2));
  expect(back.map((r) => (r.ok ? r.record.targetIndustryCodes : r.rejections))).toEqual(
    items.map((i) => i.targetIndustryCodes),
  );
});

test("XLSX keeps 14-digit codes exact and multi-line legal bases", async () => {
  const rows = await readXlsx(await writeXlsx("清单", toTable(ITEM_COLUMNS, HEALTH_ITEMS)));
  expect(rows[1][0]).toBe("36115082101005");
  expect(rows[1][5].split("\n")).toHaveLength(2);
});

test("rows are rejected cell by cell with the Chinese header", () => {
  const reader = RowReader.bind(SUBJECT_COLUMNS, ["对象类型", "名称", "统一社会信用代码"]) as RowReader<any>;
  const r = reader.read(["公司", "", "123"], 7);
  expect(r.ok).toBe(false);
  if (!r.ok)
    expect(r.rejections.map((x) => [x.row, x.column])).toEqual([
      [7, "对象类型"],
      [7, "名称"],
      [7, "统一社会信用代码"],
    ]);
  expect(RowReader.bind(SUBJECT_COLUMNS, ["名称"])).toEqual([
    { row: 1, column: "对象类型", reason: "缺少必填列“对象类型”" },
  ]);
});

test("COPY text escaping", () => {
  expect(copyText(null)).toBe("\\N");
  expect(copyText("a\tb\\c\nd")).toBe("a\\tb\\\\c\\nd");
  expect(copyTextArray(['食品"加工', "a,b"])).toBe('{"食品\\\\"加工","a,b"}');
});
