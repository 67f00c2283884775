/**
 * Ranks: HMAC-SHA256 keyed with the draw seed over domain-separated messages (docs/DRAW.md §5).
 * Lower rank wins; ranks compare as 32-byte big-endian numbers, equal ranks by key UTF-8 bytes.
 */
import { compareBytes, compareUtf8, concatBytes, field, writeU32, writeUtf8 } from "./encoding";
import { KeyedHmacSha256 } from "./hash";

/**
 * Hashes `fixedPrefix || field(key)` for many keys without building strings: the prefix stays in
 * a reusable buffer and each key is UTF-8 encoded straight after it.
 */
export class Ranker {
  private readonly hmac: KeyedHmacSha256;
  private prefixLength = 0;

  constructor(seed: Uint8Array) {
    this.hmac = new KeyedHmacSha256(seed);
  }

  /** Sets the fixed prefix, given as the parts to wrap in field(); e.g. ["subject"]. */
  setPrefix(parts: readonly string[]): void {
    const prefix = concatBytes(parts.map(field));
    this.hmac.reserve(prefix.length + 64).set(prefix, 0);
    this.hmac.keepPrefix(prefix.length);
    this.prefixLength = prefix.length;
  }

  /** Rank of `key` as eight Int32 words (big-endian word order) in `out`. */
  rankWords(key: string, out: Int32Array): void {
    const start = this.prefixLength;
    const message = this.hmac.reserve(start + 4 + 3 * key.length);
    const written = writeUtf8(key, message, start + 4);
    writeU32(message, start, written);
    this.hmac.digestInput(start + 4 + written, out);
  }

  rank(key: string): Uint8Array {
    const words = new Int32Array(8);
    this.rankWords(key, words);
    const out = new Uint8Array(32);
    const view = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) view.setInt32(4 * i, words[i]);
    return out;
  }
}

export function compareRanked(a: { key: string; rank: Uint8Array }, b: { key: string; rank: Uint8Array }): number {
  return compareBytes(a.rank, b.rank) || compareUtf8(a.key, b.key);
}
