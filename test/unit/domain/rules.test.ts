import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isRuleCode, RULES } from "../../../src/domain/rules";

/** Every rule cited in src (ruleViolation("X"), rule: "X", rule === "X") is a declared RuleCode with a title. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === "migrations" || name === "web" ? [] : sources(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

test("no rule is a free string: every cited rule is in src/domain/rules.ts", () => {
  const cited = new Map<string, string>();
  for (const file of sources(path.resolve(__dirname, "../../../src"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/ruleViolation\(\s*"([A-Z_0-9]+)"|\brule: "([A-Z_0-9]+)"|rule === "([A-Z_0-9]+)"/g))
      cited.set(m[1] ?? m[2] ?? m[3], path.relative(process.cwd(), file));
  }
  expect(cited.size).toBeGreaterThan(30);
  expect([...cited].filter(([code]) => !isRuleCode(code))).toEqual([]);
});

test("every rule has a Chinese title", () => {
  for (const [code, title] of Object.entries(RULES)) {
    expect(code).toMatch(/^[A-Z][A-Z_0-9]+$/);
    expect(title).toMatch(/[\u4e00-\u9fff]/);
  }
});
