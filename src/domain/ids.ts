const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed UUID. A malformed id is simply "not found", never a database error. */
export const isUuid = (id: string): boolean => UUID.test(id);

/**
 * A generator of time-ordered UUIDs (RFC 9562 version 7 layout): 48-bit Unix milliseconds of the generator's start,
 * random bits fixed per generator, then a 40-bit counter, so the ids of one generator increase. Bulk inserts with
 * ordered keys append to the right edge of the primary-key B-tree instead of dirtying random pages (BENCHMARKS.md,
 * import). Unique across generators by the random part; the primary key rejects the astronomically rare collision.
 */
export function orderedUuids(now = Date.now()): () => string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
  const rand = (bits: number) => Math.floor(Math.random() * 2 ** bits);
  const time = hex(now, 12);
  const prefix = `${time.slice(0, 8)}-${time.slice(8)}-7${hex(rand(12), 3)}-${hex(0x8000 | rand(14), 4)}-${hex(rand(8), 2)}`;
  let counter = rand(38); // at least 2^38 ids of headroom before the 40-bit counter would wrap
  return () => prefix + hex(counter++, 10);
}
