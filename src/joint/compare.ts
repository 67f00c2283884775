/**
 * Locale-independent natural order for codes ("A2" before "A10"); codes that compare equal as numbers
 * ("012", "12") fall back to code-unit order, so sorting never depends on the locale or on the input order.
 */
export function compareCodes(a: string, b: string): number {
  const chunksA = a.match(/\d+|\D+/g) ?? [];
  const chunksB = b.match(/\d+|\D+/g) ?? [];
  const n = Math.min(chunksA.length, chunksB.length);
  for (let i = 0; i < n; i++) {
    const c = compareChunk(chunksA[i], chunksB[i]);
    if (c !== 0) return c;
  }
  if (chunksA.length !== chunksB.length) return chunksA.length - chunksB.length;
  return compareStrings(a, b);
}

/** Plain UTF-16 code-unit order: the final tie-break everywhere. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareChunk(a: string, b: string): number {
  const digitsA = /^\d/.test(a);
  const digitsB = /^\d/.test(b);
  if (digitsA && digitsB) {
    // Compare as unbounded integers without Number overflow: strip zeros, then length, then digits.
    const x = a.replace(/^0+/, "");
    const y = b.replace(/^0+/, "");
    if (x.length !== y.length) return x.length - y.length;
    return compareStrings(x, y);
  }
  return compareStrings(a, b);
}
