import type { Checked } from "../domain/catalog/fields";
import { restoreFormulaText } from "./formula";

/** One column of an exchange file: its Chinese header, how a cell is read into the record and written back. */
export interface Column<R> {
  /** The record field (also accepted as an English header). */
  key: keyof R & string;
  /** The Chinese header written on export and expected on import. */
  header: string;
  /** Other headers accepted on import (e.g. the wording of the seeds' tables). */
  aliases?: readonly string[];
  required?: boolean;
  /** Reads a non-empty cell; empty cells take `empty`. */
  parse(cell: string): Checked<unknown>;
  /** The value of an empty cell (defaults to null). */
  empty?: unknown;
  format(value: unknown): string;
}

/** A rejected cell or row: 1-based row number as the clerk sees it in the file (header = row 1). */
export interface Rejection {
  row: number;
  column: string;
  reason: string;
}

export type RowResult<R> = { ok: true; record: R } | { ok: false; rejections: Rejection[] };

/** Binds a header row to the columns; rejects files with missing required or unknown columns. */
export class RowReader<R> {
  private readonly indexes: Array<{ column: Column<R>; index: number }>;

  private constructor(
    private readonly columns: readonly Column<R>[],
    indexes: Array<{ column: Column<R>; index: number }>,
  ) {
    this.indexes = indexes;
  }

  static bind<R>(columns: readonly Column<R>[], header: readonly string[]): RowReader<R> | Rejection[] {
    const problems: Rejection[] = [];
    const clean = header.map((h) =>
      h
        .replace(/^\uFEFF/, "")
        .normalize("NFKC")
        .trim(),
    );
    const indexes: Array<{ column: Column<R>; index: number }> = [];
    const used = new Set<number>();
    for (const column of columns) {
      const names = [column.header, column.key, ...(column.aliases ?? [])].map((n) => n.normalize("NFKC"));
      const index = clean.findIndex((h) => names.includes(h));
      if (index < 0) {
        if (column.required) problems.push({ row: 1, column: column.header, reason: `缺少必填列“${column.header}”` });
        continue;
      }
      used.add(index);
      indexes.push({ column, index });
    }
    clean.forEach((h, i) => {
      if (h !== "" && !used.has(i)) problems.push({ row: 1, column: h, reason: `无法识别的列“${h}”，请对照模板表头` });
    });
    return problems.length ? problems : new RowReader(columns, indexes);
  }

  /** Reads one data row (`row` is its 1-based number in the file). */
  read(cells: readonly string[], row: number): RowResult<R> {
    const record: Record<string, unknown> = {};
    const rejections: Rejection[] = [];
    for (const column of this.columns) record[column.key] = column.empty ?? null;
    for (const { column, index } of this.indexes) {
      const cell = restoreFormulaText(cells[index] ?? "").trim();
      if (cell === "") {
        if (column.required) rejections.push({ row, column: column.header, reason: `“${column.header}”不能为空` });
        continue;
      }
      const r = column.parse(cell);
      if (r.ok) record[column.key] = r.value;
      else rejections.push({ row, column: column.header, reason: r.message });
    }
    return rejections.length ? { ok: false, rejections } : { ok: true, record: record as R };
  }

  /**
   * True when no cell but the `ignore` column is filled: a numbered but empty row, like 司法局's rows 4–9, is
   * skipped rather than rejected.
   */
  isEmptyBut(cells: readonly string[], ignore: keyof R): boolean {
    const skip = this.indexes.find((i) => i.column.key === ignore)?.index;
    return cells.every((c, i) => i === skip || (c ?? "").trim() === "");
  }

  /** True when every cell is empty (blank rows, such as 司法局's empty rows 4–9, are skipped, not rejected). */
  static isBlank(cells: readonly string[]): boolean {
    return cells.every((c) => (c ?? "").trim() === "");
  }
}

/** The header row and one row per record, for export. */
export function toTable<R>(columns: readonly Column<R>[], records: readonly R[]): string[][] {
  return [columns.map((c) => c.header), ...records.map((r) => columns.map((c) => c.format(r[c.key])))];
}
