import { parseCsv } from "./csv-records";
import { neutralizeFormula } from "./formula";
import { decodeCsv } from "./text-encoding";

/** Reads a CSV buffer (UTF-8 with or without BOM, or GBK as Excel saves it on Chinese Windows) into rows of cells. */
export function readCsv(buffer: Buffer): string[][] {
  return parseCsv(decodeCsv(buffer));
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** CSV with a UTF-8 BOM, so that Excel opens the Chinese headers correctly; formula-like cells neutralised. */
export function writeCsv(rows: readonly (readonly string[])[]): Buffer {
  const line = (r: readonly string[]) => r.map((c) => quote(neutralizeFormula(c))).join(",");
  return Buffer.from(`\uFEFF${rows.map(line).join("\r\n")}\r\n`, "utf8");
}
