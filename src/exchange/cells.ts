import { type CodeTable, lookupCode, splitList } from "../domain/catalog/code-tables";
import type { Checked } from "../domain/catalog/fields";

/** Cell readers and writers shared by the exchange formats. */
export const text =
  (max: number) =>
  (cell: string): Checked<unknown> =>
    cell.length > max ? { ok: false, message: `长度不能超过 ${max} 个字符` } : { ok: true, value: cell };

export const code =
  <C extends string>(table: CodeTable<C>, what: string, aliases: Readonly<Record<string, C>> = {}) =>
  (cell: string): Checked<unknown> => {
    const c = lookupCode(table, cell, aliases);
    return c
      ? { ok: true, value: c }
      : { ok: false, message: `${what}“${cell}”无效，应为：${Object.values<string>(table).join("、")}` };
  };

export const codes =
  <C extends string>(table: CodeTable<C>, what: string, aliases: Readonly<Record<string, C>> = {}) =>
  (cell: string): Checked<unknown> => {
    const out: C[] = [];
    for (const part of splitList(cell)) {
      const c = lookupCode(table, part, aliases);
      if (!c) return { ok: false, message: `${what}“${part}”无效，应为：${Object.values<string>(table).join("、")}` };
      if (!out.includes(c)) out.push(c);
    }
    return { ok: true, value: out };
  };

export const list = (cell: string): Checked<unknown> => ({ ok: true, value: [...new Set(splitList(cell))] });

export const formatText = (v: unknown) => (v === null || v === undefined ? "" : String(v));
export const formatList = (v: unknown) => (Array.isArray(v) ? v.join("、") : "");
export const formatCode =
  <C extends string>(table: CodeTable<C>) =>
  (v: unknown) =>
    v ? (table[v as C] ?? String(v)) : "";
export const formatCodes =
  <C extends string>(table: CodeTable<C>) =>
  (v: unknown) =>
    Array.isArray(v) ? v.map((c) => table[c as C] ?? c).join("、") : "";
export const formatYesNo = (v: unknown) => (v ? "是" : "否");
