/**
 * 抽查内容 may be rich text (the list editor stores HTML). Printed forms and notices show it as plain text: blocks
 * and breaks become lines (empty ones dropped), list items a leading "·", every other tag is dropped and character references decoded.
 * The result is then escaped like any other value when a page is rendered (html tag), so no markup survives.
 */
const NAMED: Record<string, string> = { nbsp: " ", lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", middot: "·" };

export function richTextToPlain(content: string): string {
  if (!/[<&]/.test(content)) return content.trim();
  const text = content
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n· ")
    .replace(/<\/(p|div|h[1-6]|tr|ul|ol|blockquote|section|table)\s*>/gi, "\n")
    .replace(/<(p|div|h[1-6]|tr|ul|ol|blockquote|section|table)\b[^>]*>/gi, "\n")
    .replace(/<\/?[a-zA-Z][^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, ref: string) => {
      if (ref[0] !== "#") return NAMED[ref.toLowerCase()] ?? m;
      const n = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    });
  return text
    .split("\n")
    .map((l) => l.replace(/[ \t\u00a0]+/g, " ").trim())
    .filter((l) => l !== "")
    .join("\n")
    .trim();
}
