/**
 * 随机抽取检查对象: in each stratum the `size` lowest-ranked subjects. A bounded max-heap keeps only
 * the current best `size` candidates, so a million subjects cost n·log(k), not a full sort.
 */
import { compareBytes, compareUtf8, LABEL, toHex } from "./encoding";
import type { PopulationStratum } from "./population";
import { Ranker } from "./ranking";

export interface DrawnSubject {
  stratum: string;
  key: string;
  /** HMAC-SHA256(seed, field("subject") || field(key)), hex. */
  rank: string;
}

export function subjectRanker(seed: Uint8Array): Ranker {
  const ranker = new Ranker(seed);
  ranker.setPrefix([LABEL.subject]);
  return ranker;
}

/** Drawn subjects: strata in population order, rank order within each stratum. */
export function selectSubjects(
  seed: Uint8Array,
  strata: readonly PopulationStratum[],
  sizes: ReadonlyMap<string, number>,
): DrawnSubject[] {
  const ranker = subjectRanker(seed);
  const drawn: DrawnSubject[] = [];
  for (const { stratum, keys } of strata) {
    const size = Math.min(sizes.get(stratum) ?? 0, keys.length);
    if (size === 0) continue;
    for (const index of lowestRanked(ranker, keys, size)) {
      drawn.push({ stratum, key: keys[index], rank: toHex(ranker.rank(keys[index])) });
    }
  }
  return drawn;
}

/** Indices of the `size` lowest-ranked keys, best first. */
function lowestRanked(ranker: Ranker, keys: readonly string[], size: number): number[] {
  // Entries compare on the first 64 rank bits (two words); only equal prefixes (≈2⁻⁶⁴ per pair)
  // fall back to full ranks and then key bytes.
  const hi = new Uint32Array(size);
  const lo = new Uint32Array(size);
  const idx = new Int32Array(size);
  const words = new Int32Array(8);
  const tie = (a: number, b: number) =>
    compareBytes(ranker.rank(keys[a]), ranker.rank(keys[b])) || compareUtf8(keys[a], keys[b]);
  /** > 0 when entry (h, l, i) ranks after heap slot j. */
  const after = (h: number, l: number, i: number, j: number): number =>
    h !== hi[j] ? h - hi[j] : l !== lo[j] ? l - lo[j] : tie(i, idx[j]);
  const put = (pos: number, h: number, l: number, i: number) => {
    hi[pos] = h;
    lo[pos] = l;
    idx[pos] = i;
  };
  let count = 0;
  for (let i = 0; i < keys.length; i++) {
    ranker.rankWords(keys[i], words);
    const h = words[0] >>> 0;
    const l = words[1] >>> 0;
    let pos: number;
    if (count < size) {
      // Max-heap: the root is the worst subject selected so far. Sift up.
      pos = count++;
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        if (after(h, l, i, parent) <= 0) break;
        put(pos, hi[parent], lo[parent], idx[parent]);
        pos = parent;
      }
    } else {
      if (h > hi[0] || (h === hi[0] && (l > lo[0] || (l === lo[0] && tie(i, idx[0]) >= 0)))) continue;
      // Replace the root and sift down.
      pos = 0;
      for (;;) {
        let child = 2 * pos + 1;
        if (child >= size) break;
        if (child + 1 < size && after(hi[child + 1], lo[child + 1], idx[child + 1], child) > 0) child++;
        if (after(h, l, i, child) >= 0) break;
        put(pos, hi[child], lo[child], idx[child]);
        pos = child;
      }
    }
    put(pos, h, l, i);
  }
  const order = Array.from({ length: count }, (_, j) => j);
  order.sort((a, b) => after(hi[a], lo[a], idx[a], b));
  return order.map((j) => idx[j]);
}
