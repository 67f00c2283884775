/**
 * 抽查比例: a fraction in (0, 1]. Accepts "50%", "0.5", "５０％"; a bare number above 1 is read as a percentage
 * ("20" → 0.2) because clerks type percentages without the sign.
 */
export type RatioResult = { ok: true; value: number } | { ok: false; message: string };

export function parseRatio(input: string): RatioResult {
  const v = input.normalize("NFKC").trim();
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(v);
  if (!m) return { ok: false, message: `比例“${input}”格式不正确，应为百分数（如 5%）或 0–1 之间的小数` };
  const n = Number(m[1]);
  const value = m[2] === "%" || n > 1 ? n / 100 : n;
  return checkRatio(value);
}

/** (0, 100%] */
export function checkRatio(value: number): RatioResult {
  if (!Number.isFinite(value) || value <= 0 || value > 1) return { ok: false, message: "比例须大于 0 且不超过 100%" };
  return { ok: true, value: Math.round(value * 1e6) / 1e6 };
}

/** 0.5 → "50%" */
export function formatRatio(value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return `${Number((value * 100).toFixed(4))}%`;
}
