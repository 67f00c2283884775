import { parse } from "csv-parse/sync";

/** Reads a CSV buffer (UTF-8, with or without BOM) into rows of cells. */
export function readCsv(buffer: Buffer): string[][] {
  return parse(buffer, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** CSV with a UTF-8 BOM, so that Excel opens the Chinese headers correctly. */
export function writeCsv(rows: readonly (readonly string[])[]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(quote).join(",")).join("\r\n")}\r\n`, "utf8");
}
