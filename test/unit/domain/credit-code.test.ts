import { creditCodeCheckCharacter, validateCreditCode } from "../../../src/domain/credit-code";

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** Independent reference: weights 3^(i-1) mod 31, C18 = 31 − (Σ mod 31), 31 → 0. */
function referenceCheck(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const ch of first17) {
    sum += CHARSET.indexOf(ch) * weight;
    weight = (weight * 3) % 31;
  }
  const c = 31 - (sum % 31);
  return CHARSET[c === 31 ? 0 : c];
}

/** Real-world codes; each verifies against the reference above. */
const REAL = [
  "91350100M000100Y43", // the example printed in many GB 32100 guides
  "914403001922038216", // 华为技术有限公司
  "9144030071526726XG", // 腾讯科技（深圳）有限公司
];

describe("creditCodeCheckCharacter", () => {
  test("weights are 3^(i-1) mod 31", () => {
    const w = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
    expect(w).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });

  test.each(REAL)("real code %s verifies", (code) => {
    expect(referenceCheck(code.slice(0, 17))).toBe(code[17]);
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  test("matches the reference on derived vectors, including the 31 → 0 case", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      // Deterministic pseudo-random bodies: category 91, digits 3–8, charset chars 9–17.
      let body = `91${String(110000 + ((i * 7919) % 540000)).padStart(6, "0")}`;
      for (let j = 0; j < 9; j++) body += CHARSET[(i * 31 + j * 17 + i * j) % 31];
      const check = creditCodeCheckCharacter(body);
      expect(check).toBe(referenceCheck(body));
      seen.add(check);
    }
    expect(seen.has("0")).toBe(true);
    expect(seen.size).toBe(31);
  });

  test("rejects bad input", () => {
    expect(() => creditCodeCheckCharacter("91350100M000100Y")).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter("91350100M000100YI")).toThrow(RangeError);
  });
});

describe("validateCreditCode", () => {
  test.each(REAL)("accepts %s", (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, value: code });
  });

  test("normalises whitespace, case and full-width characters", () => {
    expect(validateCreditCode("  91350100m000100y43 ")).toEqual({ ok: true, value: "91350100M000100Y43" });
    expect(validateCreditCode("９１３５０１００Ｍ０００１００Ｙ４３")).toEqual({
      ok: true,
      value: "91350100M000100Y43",
    });
  });

  test.each([
    ["", "EMPTY"],
    ["   ", "EMPTY"],
    ["91350100M000100Y4", "LENGTH"],
    ["91350100M000100Y433", "LENGTH"],
    ["91350100M000100Y4I", "CHARSET"], // I is not used
    ["91350100O000100Y43", "CHARSET"], // O is not used
    ["9135010SM000100Y43", "CHARSET"], // S is not used
    ["91350100M0001-0Y43", "CHARSET"],
    ["913501A0M000100Y43", "REGION"],
    ["91350100M000100Y44", "CHECK_CHARACTER"],
    ["91350100M000100Y34", "CHECK_CHARACTER"], // transposed
    ["91350101M000100Y43", "CHECK_CHARACTER"],
  ])("%p → %s", (input, reason) => {
    const r = validateCreditCode(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  test("every single-character substitution of a real code is caught", () => {
    const code = REAL[0];
    for (let i = 0; i < 18; i++) {
      for (const ch of CHARSET) {
        if (ch === code[i]) continue;
        const mutated = code.slice(0, i) + ch + code.slice(i + 1);
        expect(validateCreditCode(mutated).ok).toBe(false);
      }
    }
  });

  test("messages say what to do and do not reveal the expected check character", () => {
    const r = validateCreditCode("91350100M000100Y44");
    expect(r).toMatchObject({ ok: false, reason: "CHECK_CHARACTER" });
    if (!r.ok) expect(r.message).not.toContain("3");
    const len = validateCreditCode("123");
    if (!len.ok) expect(len.message).toContain("当前为3位");
  });
});
