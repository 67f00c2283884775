/**
 * The codes of the firm's side (issue 15). A verification code (核验码, 12 characters, 60 bits) is printed as a QR
 * code and as text on the 检查通知书 and shown on each inspector's assignment: anyone holding it can check the visit.
 * The firm code (企业办事码, 16 characters, 80 bits) is printed on the notice only and lets the firm act for its own
 * visit. Both are random (not derived from ids), so they cannot be guessed, and lookups are throttled per address.
 * Crockford's base32: no I, L, O or U, so a code read off paper is typed without ambiguity.
 */
export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const VERIFY_CODE_LENGTH = 12;
export const FIRM_CODE_LENGTH = 16;

/** A code of `length` characters from random bytes (one byte per character; 256 is a multiple of 32: no bias). */
export function codeFromBytes(bytes: Uint8Array, length: number): string {
  if (bytes.length < length) throw new Error("codeFromBytes: not enough random bytes");
  let out = "";
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[bytes[i] % 32];
  return out;
}

/**
 * What a person typed or a QR code carried, as stored: upper case, without spaces and dashes, the look-alikes read
 * as digits (O → 0, I and L → 1). Null when it cannot be a code of that length (refused before any lookup).
 */
export function normalizeCode(input: string, length: number): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (s.length !== length) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return s;
}

/** Printed in groups of four: ABCD-EFGH-JKMN. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

export type CodeStatus = "VALID" | "EXPIRED" | "VOIDED" | "UNKNOWN";

/** Cancelled assignments (the draw was voided, or the assignment withdrawn) void their codes; dates are ISO days. */
export function codeStatus(
  found: { assignmentStatus: string; expiresOn: string } | null,
  today: string,
): Exclude<CodeStatus, "UNKNOWN"> | "UNKNOWN" {
  if (!found) return "UNKNOWN";
  if (found.assignmentStatus === "CANCELLED") return "VOIDED";
  if (today > found.expiresOn) return "EXPIRED";
  return "VALID";
}

/** What the check page says for each status, plainly. */
export const CODE_STATUS_MESSAGES: Record<CodeStatus, string> = {
  VALID: "核验通过：这是一次真实的“双随机、一公开”检查",
  EXPIRED: "该核验码已过期，检查已结束较长时间；如有疑问请联系检查部门",
  VOIDED: "该核验码已作废：对应的抽取或检查任务已被撤销，请勿接受以此码为凭的检查",
  UNKNOWN: "未找到该核验码：它不是本平台签发的检查核验码，请核对后重新输入，或向检查部门求证",
};

/** How long after the end of the visit window a code still opens the page (results are published within 20 working days, corrections may follow). */
export const CODE_VALID_DAYS_AFTER_WINDOW = 180;

/** The check page a QR code opens (the workbench's anonymous screen); the code travels in the fragment, never in a request line or a log. */
export const visitCheckUrl = (origin: string, verifyCode: string) => `${origin}/workbench#/visit/${verifyCode}`;
