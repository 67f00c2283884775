import { idNumberCheckCharacter } from "../../../src/domain/id-number";
import { maskPersonalNumbers } from "../../../src/domain/inspection/redaction";
import { findPersonalNumbers } from "../../../src/domain/personal-numbers";

/**
 * Property-style: thousands of generated ID and phone numbers, written the ways people write them (groupings,
 * separators, +86 / 0086, full-width digits, Chinese text around), must never survive redaction of published text;
 * text that is not a personal number must survive unchanged.
 */
let seed = 20260301;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)];
const digits = (n: number) => Array.from({ length: n }, () => rand(10)).join("");

function mobile(): string {
  return `1${pick(["3", "4", "5", "6", "7", "8", "9"])}${digits(9)}`;
}
function id18(): string {
  const first17 = `${pick(["150821", "110105", "640221", "152722"])}${1950 + rand(60)}${String(1 + rand(12)).padStart(2, "0")}${String(1 + rand(28)).padStart(2, "0")}${digits(3)}`;
  return first17 + idNumberCheckCharacter(first17);
}
const id15 = () =>
  `${pick(["150821", "640221"])}${String(50 + rand(49))}${String(1 + rand(12)).padStart(2, "0")}${String(1 + rand(28)).padStart(2, "0")}${digits(3)}`;
const landline = () => `0${pick(["478", "10", "21", "952", "471"])}${2 + rand(8)}${digits(pick([6, 7]))}`;

const SEPARATORS = [" ", "-", "－", "\u3000", ".", "—", " - ", "\u00a0"];
const fullWidth = (s: string) => s.replace(/[0-9Xx+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function grouped(n: string, sizes: number[], sep: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(n.slice(at, at + size));
    at += size;
  }
  if (at < n.length) parts.push(n.slice(at));
  return parts.filter(Boolean).join(sep);
}

function written(kind: "mobile" | "id18" | "id15" | "landline"): { number: string; text: string } {
  const number = kind === "mobile" ? mobile() : kind === "id18" ? id18() : kind === "id15" ? id15() : landline();
  const sep = pick(SEPARATORS);
  const withX = kind === "id18" && number.endsWith("X") && rand(2) ? `${number.slice(0, -1)}x` : number;
  let text =
    kind === "mobile"
      ? pick([withX, grouped(withX, [3, 4, 4], sep), grouped(withX, [3, 8], sep), grouped(withX, [4, 4, 3], sep)])
      : kind === "landline"
        ? pick([
            withX,
            `${withX.slice(0, withX.length - 8 + (withX.length % 2))}${sep}${withX.slice(withX.length - 8 + (withX.length % 2))}`,
            `（${withX.slice(0, 4)}）${withX.slice(4)}`,
            `(${withX.slice(0, 4)}) ${withX.slice(4)}`,
          ])
        : pick([withX, grouped(withX, [6, 8, 4], sep), grouped(withX, [6, 4, 4, 4], sep)]);
  if (kind === "mobile" && rand(2)) text = `${pick(["+86 ", "+86-", "+86", "0086 ", "86-", "(+86) "])}${text}`;
  if (kind === "landline" && rand(4) === 0) text = `+86 ${text.replace(/^[（(]?0/, "")}`;
  if (rand(3) === 0) text = fullWidth(text);
  return { number, text };
}

/** Every digit run of the output, normalised, separators removed: the number must not be in it. */
const flat = (s: string) =>
  s
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[^0-9X]/g, "");
/** The number's long inner part: masking may keep a few characters at the ends, never the middle. */
const core = (n: string) => n.slice(3, -2);

const BEFORE = ["联系电话：", "负责人王小明，身份证号", "（", "电话 ", "", "据举报人（", "手机号码为"];
const AFTER = ["。", "）", "，已核实", "", " 转 8001 分机无人接听", "；"];

describe("published-text redaction masks every common form of personal numbers", () => {
  test.each(["mobile", "id18", "id15", "landline"] as const)("%s: 3000 generated variants", (kind) => {
    for (let i = 0; i < 3000; i++) {
      const { number, text } = written(kind);
      const before = pick(BEFORE);
      const after = pick(AFTER);
      const input = `${before}${text}${after}`;
      const out = maskPersonalNumbers(input);
      if (flat(out).includes(core(number)))
        throw new Error(`not masked: ${JSON.stringify(input)} → ${JSON.stringify(out)}`);
      expect(out.startsWith(before)).toBe(true);
      expect(out.endsWith(after)).toBe(true);
    }
  });

  test("two numbers side by side are both masked", () => {
    for (let i = 0; i < 500; i++) {
      const a = written("mobile");
      const b = written(pick(["mobile", "id18", "landline"] as const));
      const out = maskPersonalNumbers(`${a.text} ${b.text}`);
      expect(flat(out)).not.toContain(core(a.number));
      expect(flat(out)).not.toContain(core(b.number));
    }
  });

  test("text that holds no personal number is left as it is", () => {
    for (const s of [
      "2025-05-06 检查，罚款 5000 元，依据第十二条第3项",
      "统一社会信用代码 92150821MA0000000X",
      "编号 3f2a1b4c-1234-4567-8901-047872123456",
      "00000000-0000-4000-8000-000000000001",
      "执法证号 15080001，案卷 2025.05.06-003",
      "12345678",
      "温度 36.5、36.8、37.0",
      "服务热线 400-800-1234",
    ])
      expect(maskPersonalNumbers(s)).toBe(s);
  });

  test("the kinds and the published forms", () => {
    expect(maskPersonalNumbers("电话＋８６ １３８ １２３４ ５６７８。")).toBe("电话138****78。");
    expect(maskPersonalNumbers("身份证 150821 19800101 123X")).toBe("身份证 1****************X");
    // The area code's brackets go with the number; a bracket around the whole number stays.
    expect(maskPersonalNumbers("座机（0478）721-2345")).toBe("座机047****45");
    expect(maskPersonalNumbers("电话 (010) 8888 6666，")).toBe("电话 010****66，");
    expect(maskPersonalNumbers("（电话04787212345）")).toBe("（电话047****45）");
    expect(findPersonalNumbers("a 150821800101123 b").map((n) => n.kind)).toEqual(["ID_NUMBER"]);
    expect(findPersonalNumbers("0086-139-1234-5678").map((n) => [n.kind, n.national])).toEqual([
      ["MOBILE", "13912345678"],
    ]);
  });
});
