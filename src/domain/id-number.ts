/**
 * 公民身份号码 (resident identity card number) per GB 11643-1999: 6-digit region code,
 * 8-digit birth date YYYYMMDD, 3-digit sequence, 1 check character (0–9 or X).
 *
 * Personal data: never log, echo or put the number in an error message; show it masked.
 * The region code is only checked for being non-zero, because the list changes and other
 * cards share the format (e.g. 港澳台居民居住证 81/82/83, 外国人永久居留身份证 starting with 9).
 */
import { assertIsoDate, type IsoDate, isValidYmd } from "../calendar/iso-date";
import { chinaToday } from "../time";

export type IdNumberReason = "EMPTY" | "LENGTH" | "FORMAT" | "REGION" | "BIRTH_DATE" | "CHECK_CHARACTER";

export type IdNumberResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: IdNumberReason; readonly message: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check character indexed by (weighted sum mod 11). */
const CHECK = "10X98765432";
/** Sanity floor for birth dates; GB 11643's own example is born 1880. */
const MIN_BIRTH = "18000101";

/** Check character for the first 17 digits; throws on bad input. */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError("expected 17 digits");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

function normalise(input: string): string {
  return input.normalize("NFKC").trim().toUpperCase();
}

function fail(reason: IdNumberReason, message: string): IdNumberResult {
  return { ok: false, reason, message };
}

/** @param today date in China used for the "not born in the future" check; injectable for tests. */
export function validateIdNumber(input: string, today: IsoDate = chinaToday()): IdNumberResult {
  assertIsoDate(today);
  const value = normalise(input);
  if (value === "") return fail("EMPTY", "请填写身份证号码");
  if (value.length !== 18) {
    const hint = value.length === 15 ? "；15位旧号码请换用18位号码" : "";
    return fail("LENGTH", `身份证号码应为18位，当前为${value.length}位${hint}`);
  }
  if (!/^\d{17}[\dX]$/.test(value)) {
    return fail("FORMAT", "身份证号码前17位应为数字，最后一位为数字或字母X，请核对");
  }
  if (value.startsWith("000000")) return fail("REGION", "身份证号码前6位地址码无效，请核对");
  const birth = value.slice(6, 14);
  const real = isValidYmd(Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8)));
  if (!real || birth < MIN_BIRTH || birth > today.replaceAll("-", "")) {
    return fail("BIRTH_DATE", "身份证号码第7–14位出生日期无效，请核对");
  }
  if (idNumberCheckCharacter(value.slice(0, 17)) !== value[17]) {
    return fail("CHECK_CHARACTER", "身份证号码校验位不正确，可能有数字录入错误，请逐位核对");
  }
  return { ok: true, value };
}

/** Last four characters (normalised), e.g. for display or matching "尾号". */
export function idNumberLast4(value: string): string {
  const v = normalise(value);
  if (v.length < 4) throw new RangeError("identity number too short");
  return v.slice(-4);
}

/** Masks all but the last four characters, e.g. "**************123X"; shorter input is fully masked. */
export function maskIdNumber(value: string): string {
  const v = normalise(value);
  return v.length <= 4 ? "*".repeat(v.length) : "*".repeat(v.length - 4) + v.slice(-4);
}
