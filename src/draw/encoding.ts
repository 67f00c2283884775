/**
 * Byte encodings shared by every hash in the draw (docs/DRAW.md §2).
 * Pure code: runs unchanged in Node and in the browser.
 */

/** Algorithm identifier; any change to a byte of the specification needs a new one. */
export const DRAW_ALGORITHM = "jc-draw-v1";
/** Version 2: lock before entropy, recorded attempts, 递补 from frozen data, lazy per-target inspector order. */
export const DRAW_ALGORITHM_V2 = "jc-draw-v2";
export type DrawAlgorithm = typeof DRAW_ALGORITHM | typeof DRAW_ALGORITHM_V2;

/** Domain labels: each hash input starts with field(DRAW_ALGORITHM) || field(label). */
export const LABEL = {
  population: "population",
  config: "config",
  seed: "seed",
  subject: "subject",
  inspector: "inspector",
  seal: "seal",
  substitution: "substitution",
  lock: "lock",
  void: "void",
} as const;

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Writes UTF-8 into `target` at `offset` and returns the byte count; the caller guarantees 3 bytes
 * of room per UTF-16 code unit. ASCII (uuids, codes) is copied directly: no view allocated per call.
 */
export function writeUtf8(text: string, target: Uint8Array, offset: number): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x80) return encoder.encodeInto(text, target.subarray(offset)).written;
    target[offset + i] = unit;
  }
  return n;
}

export function writeU32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value >>> 24;
  target[offset + 1] = (value >>> 16) & 0xff;
  target[offset + 2] = (value >>> 8) & 0xff;
  target[offset + 3] = value & 0xff;
}

export function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  writeU32(out, 0, value);
  return out;
}

/** field(x) = uint32_be(byteLength(x)) || x; strings are UTF-8. Length prefixes make concatenations unambiguous. */
export function field(value: string | Uint8Array): Uint8Array {
  const bytes = typeof value === "string" ? utf8(value) : value;
  const out = new Uint8Array(4 + bytes.length);
  writeU32(out, 0, bytes.length);
  out.set(bytes, 4);
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** field(DRAW_ALGORITHM) || field(label) || field(part)...: the prefix of every domain-separated hash input. */
export function labelled(
  label: string,
  parts: readonly (string | Uint8Array)[],
  version: DrawAlgorithm = DRAW_ALGORITHM,
): Uint8Array {
  return concatBytes([field(version), field(label), ...parts.map(field)]);
}

const HEX = /^[0-9a-f]*$/;

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

/** Lower-case hex only: one spelling per value, so recorded hex can be compared as strings. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !HEX.test(hex)) throw new Error("expected lower-case hexadecimal");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function isHex(value: unknown, byteLength: number): value is string {
  return typeof value === "string" && value.length === 2 * byteLength && HEX.test(value);
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A lone surrogate has no UTF-8 encoding (TextEncoder would turn it into U+FFFD and merge distinct keys). */
export function isWellFormed(text: string): boolean {
  return !SURROGATE.test(text) || !LONE_SURROGATE.test(text);
}

const SURROGATE_OR_ABOVE = /[\uD800-\uFFFF]/;

/** True when UTF-16 code-unit order may differ from UTF-8 byte order for this string. */
export function needsCodePointCompare(text: string): boolean {
  return SURROGATE_OR_ABOVE.test(text);
}

/**
 * Byte-wise UTF-8 order without encoding: equals code-point order, which differs from
 * JavaScript's code-unit order only when a surrogate meets a unit in U+E000..U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && x <= 0xdfff) x += 0x10000;
      if (y >= 0xd800 && y <= 0xdfff) y += 0x10000;
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Sorts strings in UTF-8 byte order, using the native sort when code-unit order is known to agree. */
export function sortUtf8(values: string[]): string[] {
  if (values.some(needsCodePointCompare)) return values.sort(compareUtf8);
  return values.sort();
}

/** Index of the first value not strictly after its predecessor in UTF-8 byte order, or -1. */
export function firstOutOfOrder(values: readonly string[]): number {
  const native = !values.some(needsCodePointCompare);
  for (let i = 1; i < values.length; i++) {
    if (native ? !(values[i - 1] < values[i]) : compareUtf8(values[i - 1], values[i]) >= 0) return i;
  }
  return -1;
}

/**
 * A value present in more than one of the given strictly increasing lists, or null: a k-way merge,
 * cheaper than a Set of a million strings (hashing each costs more than the comparisons).
 */
export function sharedValue(lists: readonly (readonly string[])[]): string | null {
  if (lists.length > 16) {
    const seen = new Set<string>();
    for (const list of lists) for (const value of list) if (seen.size === seen.add(value).size) return value;
    return null;
  }
  const native = !lists.some((list) => list.some(needsCodePointCompare));
  const compare = native ? (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0) : compareUtf8;
  const heads = lists.map(() => 0);
  let previous: string | null = null;
  for (;;) {
    let best = -1;
    for (let l = 0; l < lists.length; l++) {
      if (heads[l] < lists[l].length && (best < 0 || compare(lists[l][heads[l]], lists[best][heads[best]]) < 0))
        best = l;
    }
    if (best < 0) return null;
    const value = lists[best][heads[best]++];
    if (previous !== null && compare(previous, value) === 0) return value;
    previous = value;
  }
}
