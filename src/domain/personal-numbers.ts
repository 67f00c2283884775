/**
 * Personal numbers inside free text, as people actually write them: 身份证号 (18 characters ending in a digit or X,
 * or the old 15 digits), mainland mobile numbers (with or without +86 / 0086 / 86) and landlines with an area code,
 * in half- or full-width digits, grouped with spaces, dashes, dots or brackets ("138 1234 5678", "+86-138-1234-5678",
 * "（0478）721 2345", "１５０８２１…"). The one finder behind published-text redaction and the audit trail.
 */
export type PersonalNumberKind = "ID_NUMBER" | "MOBILE" | "LANDLINE";

const DIGIT = "0-9\uff10-\uff19";
const X = "Xx\uff38\uff58";
const ALNUM = `${DIGIT}A-Za-z\uff21-\uff3a\uff41-\uff5a`;
/** What may stand between the digit groups of one number (at most two in a row). */
const SEP = "[ \\t\\u00a0\\u3000\\-\\u2010-\\u2015\\u2212\\uff0d.\\uff0e()\\uff08\\uff09/]";
/** A candidate: an optional "+", then digits and separators, maybe a trailing X; never inside a longer token. */
const RUN = new RegExp(
  `(?<![${ALNUM}])(?:[+\\uff0b]${SEP}?)?[${DIGIT}](?:${SEP}{0,2}[${DIGIT}])*(?:${SEP}?[${X}])?(?![${ALNUM}])`,
  "g",
);
const GROUP = new RegExp(`[${DIGIT}]+|[${X}]`, "g");
/** The longest personal number, in characters without separators (an 18-character 身份证号). */
const MAX_LENGTH = 18;
const UUID_AROUND = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Half-width digits and X. */
const ascii = (s: string) => s.normalize("NFKC").toUpperCase();

/** The kind of a number given as ASCII digits (and X); `plus` when it was written after a "+". */
export function classifyNumber(digits: string, plus = false): { kind: PersonalNumberKind; national: string } | null {
  const prefixed = digits.startsWith("0086")
    ? digits.slice(4)
    : plus && digits.startsWith("86")
      ? digits.slice(2)
      : null;
  if (prefixed !== null) return phone(prefixed, true);
  if (/^\d{17}[\dX]$/.test(digits) || /^\d{15}$/.test(digits)) return { kind: "ID_NUMBER", national: digits };
  if (/^861[3-9]\d{9}$/.test(digits)) return phone(digits.slice(2), true);
  return phone(digits, false);
}

function phone(national: string, international: boolean): { kind: PersonalNumberKind; national: string } | null {
  if (/^1[3-9]\d{9}$/.test(national)) return { kind: "MOBILE", national };
  // Area code 0 + 2–3 digits, then a local number of 7–8 digits not starting with 0 or 1 (after +86 the 0 is dropped).
  const landline = international && !national.startsWith("0") ? `0${national}` : national;
  if (/^0[1-9]\d{1,2}[2-9]\d{6,7}$/.test(landline) && landline.length <= 12)
    return { kind: "LANDLINE", national: landline };
  return null;
}

export interface FoundNumber {
  start: number;
  end: number;
  kind: PersonalNumberKind;
  /** ASCII digits (and X), without separators or country code. */
  national: string;
}

/** Every personal number in `text`, left to right; neighbouring numbers separated by a space are found apart. */
export function findPersonalNumbers(text: string): FoundNumber[] {
  const found: FoundNumber[] = [];
  for (const run of text.matchAll(RUN)) {
    const at = run.index ?? 0;
    if (partOfUuid(text, at, at + run[0].length)) continue;
    const plus = /^[+\uff0b]/.test(run[0]);
    const groups = [...run[0].matchAll(GROUP)].map((g) => ({
      start: at + (g.index ?? 0),
      end: at + (g.index ?? 0) + g[0].length,
      text: ascii(g[0]),
    }));
    // The longest run of whole groups that forms a number, from each group on; no number has more than 18
    // characters (0086 + 11 digits is 15), so the window is bounded and a long run costs linear time.
    for (let i = 0; i < groups.length; i++) {
      let last = i;
      let length = groups[i].text.length;
      while (last + 1 < groups.length && length + groups[last + 1].text.length <= MAX_LENGTH)
        length += groups[++last].text.length;
      for (let j = last; j >= i; j--) {
        const digits = groups
          .slice(i, j + 1)
          .map((g) => g.text)
          .join("");
        if (digits.length > MAX_LENGTH || digits.slice(0, -1).includes("X")) continue;
        const hit = classifyNumber(digits, plus && i === 0);
        if (!hit) continue;
        const start = plus && i === 0 ? at : groups[i].start;
        found.push({ start: withOpeningBracket(text, start, groups[j].end), end: groups[j].end, ...hit });
        i = j;
        break;
      }
    }
  }
  return found;
}

/** Replaces each personal number found by `mask(number)`. */
export function replacePersonalNumbers(text: string, mask: (n: FoundNumber) => string): string {
  let out = "";
  let last = 0;
  for (const n of findPersonalNumbers(text)) {
    out += text.slice(last, n.start) + mask(n);
    last = n.end;
  }
  return out + text.slice(last);
}

/** "（0478）721 2345": the area code's opening bracket belongs to the number when its closing one is inside it. */
function withOpeningBracket(text: string, start: number, end: number): number {
  const before = text[start - 1];
  if (before === "(" && text.slice(start, end).includes(")")) return start - 1;
  if (before === "\uff08" && text.slice(start, end).includes("\uff09")) return start - 1;
  return start;
}

/** A UUID's digit-only groups are not a phone number. */
function partOfUuid(text: string, start: number, end: number): boolean {
  let a = start;
  let b = end;
  while (a > 0 && start - a < 36 && /[0-9a-fA-F-]/.test(text[a - 1])) a--;
  while (b < text.length && b - end < 36 && /[0-9a-fA-F-]/.test(text[b])) b++;
  return UUID_AROUND.test(text.slice(a, b));
}
