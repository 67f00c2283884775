/**
 * A sequential (non-rope) copy of a string built by concatenation. V8 keeps `a + b` as a rope (a tree of
 * 32-byte nodes); a string kept for a connection's or subscription's life (keys, frame heads, request ids:
 * `randomUUID()` is a rope of ~20 nodes) is cheaper flat.
 */
export const flatString = (s: string): string => JSON.parse(JSON.stringify(s)) as string;
