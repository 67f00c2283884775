import ExcelJS from "exceljs";
import {
  neutralizeFormula,
  readCsv,
  restoreFormulaText,
  writeCsv,
  writeXlsx,
  writeXlsxSheets,
} from "../../../src/exchange";

/** Every writer goes through the one neutraliser; the importer undoes exactly what it added. */
const BAD = ["=1+1", "+86 138", "-5", "@SUM(A1)", "\t=x", "\r=x"];

test("the neutraliser and its inverse", () => {
  for (const b of BAD) {
    expect(neutralizeFormula(b)).toBe(`'${b}`);
    expect(restoreFormulaText(neutralizeFormula(b))).toBe(b);
  }
  for (const ok of ["普通文本", "'quoted by the clerk", "1-2", "a=b"]) {
    expect(neutralizeFormula(ok)).toBe(ok);
    expect(restoreFormulaText(ok)).toBe(ok);
  }
});

test("CSV (published results, summaries, directories): every cell", () => {
  const rows = readCsv(
    writeCsv([
      ["列", ...BAD],
      ["x", ...BAD],
    ]),
  );
  expect(rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  expect(rows[1].slice(1)).toEqual(BAD.map((b) => `'${b}`));
});

async function allCells(buffer: Buffer): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const out: unknown[] = [];
  for (const sheet of wb.worksheets) sheet.eachRow((row) => row.eachCell((c) => out.push(c.value)));
  return out;
}

test("XLSX reports: title, meta, header, body, numeric columns that hold text, footer", async () => {
  const buffer = await writeXlsx(
    "表",
    [
      ["=h", "n"],
      ["@b", "-x"],
    ],
    {
      title: "=title",
      meta: ["+meta"],
      numberColumns: [1],
      footer: [["-foot", 3]],
    },
  );
  const values = await allCells(buffer);
  expect(values.filter((v) => typeof v === "string" && /^[=+\-@\t\r]/.test(v))).toEqual([]);
  expect(values).toEqual(expect.arrayContaining(["'=title", "'+meta", "'=h", "'@b", "'-x", "'-foot", 3]));
});

test("XLSX tables (estimates): text columns", async () => {
  const buffer = await writeXlsxSheets([
    { name: "s", columns: [{ header: "=h", kind: "text" }], rows: [["@x"], ["\r=y"]] },
  ]);
  expect((await allCells(buffer)).filter((v) => typeof v === "string" && /^[=+\-@\t\r]/.test(v))).toEqual([]);
});
