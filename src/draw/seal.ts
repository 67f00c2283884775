/**
 * Tamper evidence for what recomputation cannot check (names, times, reasons): the seal covers the
 * record as drawn, each substitution chains onto the previous digest. Publishing the latest digest
 * pins the whole record, as publishing the commitment pins the server seed.
 */
import { canonicalJson } from "./canonical-json";
import { DRAW_ALGORITHM, type DrawAlgorithm, fromHex, LABEL, labelled, toHex } from "./encoding";
import { sha256 } from "./hash";
import type { DrawRecord, SubstitutionEntry } from "./record-types";

export type UnsealedRecord = Omit<DrawRecord, "sealDigest" | "substitutions">;

/** SHA-256( field(version) || field("seal") || field(JCS(record without sealDigest, substitutions, population.strata)) ). */
export function sealDigestOf(record: UnsealedRecord | DrawRecord): string {
  const { population, sealDigest: _seal, substitutions: _substitutions, ...rest } = record as DrawRecord;
  const body = { ...rest, population: { count: population.count, digest: population.digest } };
  return toHex(sha256(labelled(LABEL.seal, [canonicalJson(body)])));
}

/** SHA-256( field(version) || field("substitution") || field(previous digest bytes) || field(JCS(entry without digest)) ). */
export function substitutionDigestOf(
  previousDigest: string,
  entry: Omit<SubstitutionEntry, "digest"> | Record<string, unknown>,
  version: DrawAlgorithm = DRAW_ALGORITHM,
): string {
  return toHex(sha256(labelled(LABEL.substitution, [fromHex(previousDigest), canonicalJson(entry)], version)));
}

/** v2: SHA-256( field(V2) || field(label) || field(JCS(body)) ) for the seal, or with a previous digest for chain entries. */
export function chainDigestOf(
  label: string,
  previousDigest: string | null,
  body: unknown,
  version: DrawAlgorithm,
): string {
  const parts = previousDigest === null ? [canonicalJson(body)] : [fromHex(previousDigest), canonicalJson(body)];
  return toHex(sha256(labelled(label, parts, version)));
}
