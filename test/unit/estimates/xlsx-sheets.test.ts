import ExcelJS from "exceljs";
import { neutralizeFormula, writeXlsxSheets } from "../../../src/exchange";

describe("XLSX tables", () => {
  test.each([
    ["=1+1", "'=1+1"],
    ["+86 123", "'+86 123"],
    ["-5", "'-5"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=x", "'\t=x"],
    ["食品经营", "食品经营"],
    ["A=1", "A=1"],
  ])("formula-like text %j is neutralised", (input, output) => {
    expect(neutralizeFormula(input)).toBe(output);
  });

  test("typed columns: numbers stay numbers in their format, text is text, empty is empty; header frozen", async () => {
    const buffer = await writeXlsxSheets([
      {
        name: "表",
        columns: [
          { header: "名称", kind: "text" },
          { header: "户数", kind: "integer" },
          { header: "比例", kind: "percent" },
          { header: "标准误", kind: "decimal" },
        ],
        rows: [
          ["=cmd", 12, 0.125, 0.0123],
          ["乙", null, null, Number.NaN],
        ],
      },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("表")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const [name, count, share, se] = [1, 2, 3, 4].map((c) => sheet.getRow(2).getCell(c));
    expect(name.value).toBe("'=cmd");
    expect(count).toMatchObject({ value: 12, numFmt: "0" });
    expect(share).toMatchObject({ value: 0.125, numFmt: "0.00%" });
    expect(se).toMatchObject({ value: 0.0123, numFmt: "0.0000" });
    expect([2, 3, 4].map((c) => sheet.getRow(3).getCell(c).value)).toEqual([null, null, null]);
  });
});
