import { isIsoDate } from "../../calendar/iso-date";
import { validateCreditCode } from "../credit-code";

/** A field check: the normalised value, or a message a clerk can act on. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(message: string): Checked<T> => ({ ok: false, message });

export function checkCreditCode(input: string): Checked<string> {
  const r = validateCreditCode(input);
  return r.ok ? ok(r.value) : bad(r.message);
}

/** 行政区划代码: 6 digits, or 9/12 for townships and villages. */
export function checkRegionCode(input: string): Checked<string> {
  const v = input.normalize("NFKC").trim();
  return /^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/.test(v) ? ok(v) : bad("行政区划代码应为 6 位（或 9、12 位）数字");
}

/** 国民经济行业分类 (GB/T 4754): a section letter, and/or a 2–4 digit class, e.g. "C", "C13", "1311". */
export function checkIndustryCode(input: string): Checked<string> {
  const v = input.normalize("NFKC").trim().toUpperCase();
  return /^([A-T]|[A-T]?[0-9]{2,4})$/.test(v) ? ok(v) : bad("行业代码应为国民经济行业分类代码，如 C、C13 或 1311");
}

/** YYYY-MM-DD; also accepts YYYY/MM/DD and YYYY年M月D日 as typed in Chinese spreadsheets. */
export function checkDate(input: string): Checked<string> {
  const v = input.normalize("NFKC").trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
  const iso = m ? `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}` : v;
  return isIsoDate(iso) ? ok(iso) : bad(`日期“${input}”无效，应为 YYYY-MM-DD`);
}

/** Free text with a length limit (trimmed; empty → null). */
export function checkText(input: string, max: number): Checked<string | null> {
  const v = input.trim();
  if (v === "") return ok(null);
  return v.length > max ? bad(`长度不能超过 ${max} 个字符`) : ok(v);
}

export function checkYesNo(input: string): Checked<boolean> {
  const v = input.normalize("NFKC").trim().toLowerCase();
  if (["是", "y", "yes", "true", "1"].includes(v)) return ok(true);
  if (["否", "n", "no", "false", "0", ""].includes(v)) return ok(false);
  return bad("应填写“是”或“否”");
}
