import ExcelJS from "exceljs";
import { neutralizeFormula } from "./formula";

/** A cell: text, a number, or empty. */
export type SheetCell = string | number | null;

/** How a column's numbers are shown; text columns hold text only. */
export type ColumnKind = "text" | "integer" | "decimal" | "percent";

export interface SheetColumn {
  header: string;
  kind: ColumnKind;
}

export interface SheetData {
  name: string;
  columns: SheetColumn[];
  rows: SheetCell[][];
}

const FORMATS: Record<ColumnKind, string> = { text: "@", integer: "0", decimal: "0.0000", percent: "0.00%" };

/** Display width in Excel's character units (CJK characters count double). */
const textWidth = (t: string) => [...t].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);

/**
 * A workbook of tables: per sheet a bold header row, frozen and with filters; numbers stored as numbers in the
 * column's format (counts, decimals, percentages); text as text, neutralised; empty cells for missing values.
 */
export async function writeXlsxSheets(sheets: readonly SheetData[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const data of sheets) {
    const sheet = workbook.addWorksheet(data.name);
    sheet.addRow(data.columns.map((c) => neutralizeFormula(c.header))).font = { bold: true };
    for (const row of data.rows) {
      const r = sheet.addRow(
        data.columns.map((col, i) => {
          const v = row[i] ?? null;
          if (v === null) return null;
          if (col.kind === "text") return neutralizeFormula(String(v));
          return typeof v === "number" && Number.isFinite(v) ? v : null;
        }),
      );
      data.columns.forEach((col, i) => {
        r.getCell(i + 1).numFmt = FORMATS[col.kind];
      });
    }
    sheet.views = [{ state: "frozen", ySplit: 1, xSplit: 0 }];
    if (data.columns.length)
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: data.columns.length } };
    data.columns.forEach((col, i) => {
      const widest = Math.max(
        textWidth(col.header),
        ...data.rows.map((r) => (col.kind === "text" ? textWidth(String(r[i] ?? "")) : 10)),
      );
      sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, widest + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
