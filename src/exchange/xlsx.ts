import ExcelJS from "exceljs";
import { neutralizeFormula } from "./formula";

/** Text of a cell as a clerk sees it: dates as YYYY-MM-DD, rich text flattened, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    return "";
  }
  return String(value);
}

/** Reads the first worksheet of an XLSX file into rows of cells (empty rows kept, so row numbers match). */
export async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, sheet.columnCount); c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return rows;
}

/** How an exported workbook is laid out beyond its cells (all optional). */
export interface XlsxLayout {
  /** A title row above everything (merged across the columns, large and bold), e.g. the form's name. */
  title?: string;
  /** Lines between the title and the header, e.g. "填报单位：…　填报时间：…". */
  meta?: string[];
  /** 0-based columns whose cells are numbers (written as numbers when they parse as one). */
  numberColumns?: readonly number[];
  /** 0-based columns whose cells are fractions shown as percentages (0.125 → 12.50%). */
  percentColumns?: readonly number[];
  /** Rows after the table (and a blank row), outside the filter: totals (numbers) and rates ({ percent }). */
  footer?: ReadonlyArray<ReadonlyArray<XlsxCell>>;
}

/** A footer cell: text, a number, a fraction shown as a percentage, or empty (null, shown as —). */
export type XlsxCell = string | number | null | { percent: number | null };

/** Display width of a text in Excel's character units (CJK characters count double). */
const textWidth = (t: string) => [...t].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);

/**
 * One worksheet: optional title and meta rows, the header (rows[0]) bold, frozen and with filters, column widths
 * from the content (8–60), cells as text unless their column is declared numeric (codes such as 14-digit item
 * codes stay exact), then an optional footer.
 */
export async function writeXlsx(
  sheetName: string,
  rows: readonly (readonly string[])[],
  layout: XlsxLayout = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  const width = Math.max(1, ...rows.map((r) => r.length));
  const numbers = new Set(layout.numberColumns ?? []);
  const percents = new Set(layout.percentColumns ?? []);
  const toNumber = (v: string) => (v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : neutralizeFormula(v));
  if (layout.title) {
    const r = sheet.addRow([neutralizeFormula(layout.title)]);
    sheet.mergeCells(r.number, 1, r.number, width);
    r.font = { bold: true, size: 16 };
    r.alignment = { horizontal: "center" };
    r.height = 28;
  }
  for (const line of layout.meta ?? []) {
    const r = sheet.addRow([neutralizeFormula(line)]);
    sheet.mergeCells(r.number, 1, r.number, width);
  }
  const headerRow = sheet.rowCount + 1;
  rows.forEach((row, i) => {
    const cells = row.map((v, c) =>
      i > 0 && (numbers.has(c) || percents.has(c)) ? toNumber(v) : neutralizeFormula(v),
    );
    const r = sheet.addRow(cells);
    r.eachCell((cell, c) => {
      cell.numFmt = percents.has(c - 1) && i > 0 ? "0.00%" : typeof cell.value === "number" ? "0" : "@";
    });
  });
  sheet.getRow(headerRow).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: headerRow, xSplit: 0 }];
  if (rows.length) sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: width } };
  if (layout.footer?.length) {
    sheet.addRow([]);
    for (const f of layout.footer) {
      const r = sheet.addRow(
        f.map((v) =>
          v === null
            ? "—"
            : typeof v === "object"
              ? (v.percent ?? "—")
              : typeof v === "string"
                ? neutralizeFormula(v)
                : v,
        ),
      );
      f.forEach((v, i) => {
        if (v !== null && typeof v === "object" && v.percent !== null) r.getCell(i + 1).numFmt = "0.00%";
      });
    }
  }
  for (let c = 1; c <= width; c++) {
    const widest = Math.max(...rows.map((r) => textWidth(r[c - 1] ?? "")));
    sheet.getColumn(c).width = Math.min(60, Math.max(8, widest + 2));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
