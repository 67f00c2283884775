import { LEGAL_BASIS_KINDS, type LegalBasisKindCode, lookupCode } from "./code-tables";

/** One 检查依据 citation: kind, title, cited articles and (optionally) the cited text. */
export interface LegalBasisCitation {
  kind: LegalBasisKindCode;
  title: string;
  articles: string;
  text: string;
}

const LINE = /^【([^】]+)】\s*《([^》]+)》([^：:]*)(?:[：:]([\s\S]*))?$/;

/**
 * The one-cell form of 检查依据 in CSV and XLSX files: one citation per line,
 * `【法律】《中华人民共和国传染病防治法》第五十三条：县级以上人民政府卫生行政部门……` (the text after the colon is optional).
 */
export function parseLegalBasisCell(
  cell: string,
): { ok: true; value: LegalBasisCitation[] } | { ok: false; message: string } {
  const lines = cell
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const value: LegalBasisCitation[] = [];
  for (const [i, line] of lines.entries()) {
    const m = LINE.exec(line);
    if (!m)
      return {
        ok: false,
        message: `第${i + 1}条依据格式应为“【法律】《名称》第X条：条文”，当前为“${line.slice(0, 30)}”`,
      };
    const kind = lookupCode(LEGAL_BASIS_KINDS, m[1]);
    if (!kind)
      return { ok: false, message: `第${i + 1}条依据的层级“${m[1]}”无效，应为法律、行政法规、部门规章或地方性法规` };
    value.push({ kind, title: m[2].trim(), articles: m[3].trim(), text: (m[4] ?? "").trim() });
  }
  return { ok: true, value };
}

export function formatLegalBasisCell(bases: readonly LegalBasisCitation[]): string {
  return bases
    .map((b) => `【${LEGAL_BASIS_KINDS[b.kind]}】《${b.title}》${b.articles}${b.text ? `：${b.text}` : ""}`)
    .join("\n");
}
