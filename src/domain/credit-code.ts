/**
 * 统一社会信用代码 (unified social credit code) per GB 32100-2015.
 *
 * Layout (18 characters): 1 登记管理部门码, 2 机构类别码, 3–8 登记管理机关行政区划码 (digits),
 * 9–17 主体标识码 (organisation code, GB 11714), 18 校验码.
 *
 * Only the GB 32100 check character (position 18) is enforced. The embedded GB 11714 check at
 * position 17 and the authority/category codes (positions 1–2, whose lists have grown since 2015)
 * are not: the registry is the source of truth, and rejecting a registered code would block a real
 * inspected entity over a rule the 18th character already protects against typos.
 */

export type CreditCodeReason = "EMPTY" | "LENGTH" | "CHARSET" | "REGION" | "CHECK_CHARACTER";

export type CreditCodeResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: CreditCodeReason; readonly message: string };

/** The 31 code characters; the index is the code value. No I, O, S, V, Z. */
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/** 3^(i-1) mod 31 for i = 1..17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Check character (position 18) for the first 17 characters; throws on bad input. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError("expected 17 characters");
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(first17[i]);
    if (value < 0) throw new RangeError(`invalid character at position ${i + 1}`);
    sum += value * WEIGHTS[i];
  }
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** NFKC folds full-width characters pasted from Chinese documents (e.g. "９１３５") to ASCII. */
function normalise(input: string): string {
  return input.normalize("NFKC").trim().toUpperCase();
}

function fail(reason: CreditCodeReason, message: string): CreditCodeResult {
  return { ok: false, reason, message };
}

export function validateCreditCode(input: string): CreditCodeResult {
  const value = normalise(input);
  if (value === "") return fail("EMPTY", "请填写统一社会信用代码");
  if (value.length !== 18) {
    return fail("LENGTH", `统一社会信用代码应为18位，当前为${value.length}位，请对照营业执照或登记证书核对`);
  }
  for (let i = 0; i < 18; i++) {
    if (!CHARSET.includes(value[i])) {
      return fail(
        "CHARSET",
        `统一社会信用代码第${i + 1}位“${value[i]}”不是有效字符（只含数字和大写字母，不使用 I、O、S、V、Z），请核对`,
      );
    }
  }
  if (!/^\d{6}$/.test(value.slice(2, 8))) {
    return fail("REGION", "统一社会信用代码第3–8位应为行政区划代码（6位数字），请核对");
  }
  // The expected character is deliberately not shown: "fixing" only the last one would hide the real typo.
  if (creditCodeCheckCharacter(value.slice(0, 17)) !== value[17]) {
    return fail("CHECK_CHARACTER", "统一社会信用代码校验位不正确，可能有字符录入错误，请逐位核对");
  }
  return { ok: true, value };
}
