import { redact, stateDigest, summaryText } from "../../../src/domain/audit-redaction";

describe("audit redaction", () => {
  test("drops secrets and personal-number fields at any depth, keeps the rest", () => {
    expect(
      redact({
        username: "admin",
        passwordHash: "$argon2id$…",
        secret_hash: "x",
        nested: { idNumber: "110101199003074578", phone: "13800138000", name: "张三" },
      }),
    ).toEqual({ username: "admin", nested: { name: "张三" } });
  });

  test("masks ID and mobile numbers inside free text", () => {
    expect(redact("身份证110101199003074578，电话13800138000")).toBe("身份证11***78，电话13***00");
  });

  test("digests are canonical: key order does not matter, dates are ISO strings", () => {
    const at = new Date("2025-01-02T03:04:05.000Z");
    expect(stateDigest({ a: 1, b: at })).toBe(stateDigest({ b: "2025-01-02T03:04:05.000Z", a: 1 }));
    expect(stateDigest({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
    expect(stateDigest({ a: 1 })).not.toBe(stateDigest({ a: 2 }));
    expect(stateDigest(undefined)).toBeNull();
  });

  test("a secret does not influence the digest", () => {
    expect(stateDigest({ id: "1", passwordHash: "one" })).toBe(stateDigest({ id: "1", passwordHash: "two" }));
  });

  test("summaries are canonical JSON with sorted keys, and bounded", () => {
    expect(summaryText({ b: 1, a: "x" })).toBe('{"a":"x","b":1}');
    expect(() => summaryText({ text: "长".repeat(5000) })).toThrow();
  });
});
