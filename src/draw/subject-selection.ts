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
  // Heap entries compare on the first 64 rank bits; only equal prefixes (≈2⁻⁶⁴) need full ranks.
  const hi = new Uint32Array(size);
  const lo = new Uint32Array(size);
  const idx = new Int32Array(size);
  const words = new Int32Array(8);
  const compare = (aHi: number, aLo: number, a: number, bHi: number, bLo: number, b: number): number => {
    if (aHi !== bHi) return aHi < bHi ? -1 : 1;
    if (aLo !== bLo) return aLo < bLo ? -1 : 1;
    return compareBytes(ranker.rank(keys[a]), ranker.rank(keys[b])) || compareUtf8(keys[a], keys[b]);
  };
  let count = 0;
  for (let i = 0; i < keys.length; i++) {
    ranker.rankWords(keys[i], words);
    const h = words[0] >>> 0;
    const l = words[1] >>> 0;
    let pos: number;
    if (count < size) {
      // Sift up: a max-heap, so the root is the worst subject currently selected.
      pos = count++;
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        if (compare(h, l, i, hi[parent], lo[parent], idx[parent]) <= 0) break;
        hi[pos] = hi[parent];
        lo[pos] = lo[parent];
        idx[pos] = idx[parent];
        pos = parent;
      }
    } else {
      if (compare(h, l, i, hi[0], lo[0], idx[0]) >= 0) continue;
      pos = 0;
      for (;;) {
        let child = 2 * pos + 1;
        if (child >= size) break;
        if (
          child + 1 < size &&
          compare(hi[child + 1], lo[child + 1], idx[child + 1], hi[child], lo[child], idx[child]) > 0
        ) {
          child++;
        }
        if (compare(hi[child], lo[child], idx[child], h, l, i) <= 0) break;
        hi[pos] = hi[child];
        lo[pos] = lo[child];
        idx[pos] = idx[child];
        pos = child;
      }
    }
    hi[pos] = h;
    lo[pos] = l;
    idx[pos] = i;
  }
  const order = Array.from({ length: count }, (_, j) => j);
  order.sort((a, b) => compare(hi[a], lo[a], idx[a], hi[b], lo[b], idx[b]));
  return order.map((j) => idx[j]);
}
