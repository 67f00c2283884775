/** The rank of a cited norm (检查依据的效力层级). */
export type LegalBasisKind = "法律" | "行政法规" | "部门规章" | "地方性法规";

/** One citation in an item's 检查依据, e.g. 《粮食流通管理条例》第十七条、第二十条. */
export interface LegalBasis {
  readonly kind: LegalBasisKind;
  /** The norm's title, with or without 《》. */
  readonly title: string;
  /** Cited articles, e.g. ["第十七条", "第二十条"]; empty when the whole norm is cited. */
  readonly articles: readonly string[];
}

/** 《title》articles, as printed in the 检查依据 column. */
export function formatLegalBasis(basis: LegalBasis): string {
  const title = basis.title.trim().replace(/^《/, "").replace(/》$/, "");
  return `《${title}》${basis.articles.join("、")}`;
}

/** Keeps the first of each citation that two merged items both give. */
export function uniqueLegalBases(bases: readonly LegalBasis[]): LegalBasis[] {
  const seen = new Set<string>();
  return bases.filter((b) => {
    const key = `${b.kind}\u0000${formatLegalBasis(b)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
