import { idNumberCheckCharacter, idNumberLast4, maskIdNumber, validateIdNumber } from "../../../src/domain/id-number";

const TODAY = "2026-11-23";

/** Independent reference check per GB 11643: Σ(a_i · 2^(18-i) mod 11), map [1,0,X,9,8,7,6,5,4,3,2]. */
function withCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  return first17 + "10X98765432"[sum % 11];
}

describe("idNumberCheckCharacter", () => {
  test("GB 11643-1999 examples", () => {
    expect(idNumberCheckCharacter("11010519491231002")).toBe("X");
    expect(idNumberCheckCharacter("44052418800101001")).toBe("4");
  });

  test("agrees with the reference for many constructed numbers", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const body = `3201${String(i % 100).padStart(2, "0")}1990${String((i % 12) + 1).padStart(2, "0")}15${String(i).padStart(3, "0")}`;
      const full = withCheck(body);
      expect(idNumberCheckCharacter(body)).toBe(full[17]);
      seen.add(full[17]);
    }
    expect(seen.size).toBe(11);
  });

  test("rejects non-digits", () => {
    expect(() => idNumberCheckCharacter("1101051949123100X")).toThrow(RangeError);
  });
});

describe("validateIdNumber", () => {
  test.each([
    "11010519491231002X",
    "440524188001010014",
    withCheck("32010220000229123"), // leap day
    withCheck(`31011519900101${"888"}`),
    withCheck(`110101${TODAY.replaceAll("-", "")}001`), // born today
  ])("accepts %s", (id) => {
    expect(validateIdNumber(id, TODAY)).toEqual({ ok: true, value: id });
  });

  test("normalises lowercase x, spaces and full-width digits", () => {
    expect(validateIdNumber(" 11010519491231002x ", TODAY)).toEqual({ ok: true, value: "11010519491231002X" });
    expect(validateIdNumber("１１０１０５１９４９１２３１００２Ｘ", TODAY)).toMatchObject({ ok: true });
  });

  test.each([
    ["", "EMPTY"],
    ["11010519491231002", "LENGTH"],
    ["110105194912310", "LENGTH"], // 15-digit first-generation number
    ["11010519491231002XX", "LENGTH"],
    ["1101051949123100XX", "FORMAT"],
    ["11010519491231002Y", "FORMAT"],
    ["X10105194912310021", "FORMAT"],
    [withCheck("00000019491231002"), "REGION"],
    [withCheck("32010220010229123"), "BIRTH_DATE"], // 2001 is not a leap year
    [withCheck("32010219901301123"), "BIRTH_DATE"],
    [withCheck("32010219900100123"), "BIRTH_DATE"],
    [withCheck("32010217991231123"), "BIRTH_DATE"],
    [withCheck("11010120261124001"), "BIRTH_DATE"], // tomorrow relative to TODAY
    ["110105194912310021", "CHECK_CHARACTER"],
    ["110105194912310024", "CHECK_CHARACTER"],
    ["440524188001010015", "CHECK_CHARACTER"],
  ])("%p → %s", (input, reason) => {
    const r = validateIdNumber(input, TODAY);
    expect(r).toMatchObject({ ok: false, reason });
  });

  test("the 15-digit case tells the clerk what to do", () => {
    const r = validateIdNumber("110105491231002", TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("15位旧号码请换用18位号码");
  });

  test("messages never contain the number or any part of it", () => {
    const inputs = ["11010519491231002", "1101051949123100XX", withCheck("32010219901301123"), "110105194912310021"];
    for (const input of inputs) {
      const r = validateIdNumber(input, TODAY);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).not.toMatch(/\d{4}/);
        expect(r.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  test("today is injectable and validated", () => {
    const id = withCheck("11010120261124001");
    expect(validateIdNumber(id, "2026-11-24").ok).toBe(true);
    expect(() => validateIdNumber(id, "2026-11-31")).toThrow();
  });

  test("defaults today to the current date in China", () => {
    expect(validateIdNumber(withCheck("11010130000101001")).ok).toBe(false);
    expect(validateIdNumber("11010519491231002X").ok).toBe(true);
  });
});

describe("masking", () => {
  test("shows only the last four characters", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("**************002X");
    expect(maskIdNumber("11010519491231002x")).toBe("**************002X");
    expect(idNumberLast4(" 11010519491231002x")).toBe("002X");
  });

  test("short or malformed input never leaks more than four characters", () => {
    expect(maskIdNumber("1234")).toBe("****");
    expect(maskIdNumber("123456")).toBe("**3456");
    expect(maskIdNumber("")).toBe("");
    expect(() => idNumberLast4("12")).toThrow(RangeError);
  });
});
