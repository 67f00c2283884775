/**
 * Commit–reveal seed (docs/DRAW.md §3, §6). The server commits to a secret seed and publishes the
 * population and configuration digests; only then does the witness (现场监督) give entropy. The
 * server cannot steer a result it fixed before seeing the entropy, and the witness cannot steer one
 * that depends on a seed they never saw.
 */
import { canonicalJson } from "./canonical-json";
import {
  DRAW_ALGORITHM,
  DRAW_ALGORITHM_V2,
  type DrawAlgorithm,
  fromHex,
  isHex,
  LABEL,
  labelled,
  toHex,
  utf8,
} from "./encoding";
import { sha256 } from "./hash";

/** NFC, then trim as ECMAScript String.prototype.trim does (Unicode White_Space, line terminators, BOM). */
export function normalizeEntropy(text: string): string {
  return text.normalize("NFC").trim();
}

function serverSeedBytes(serverSeedHex: string): Uint8Array {
  if (!isHex(serverSeedHex, 32)) throw new Error("server seed must be 64 lower-case hex characters");
  return fromHex(serverSeedHex);
}

/** SHA-256 of the 32 raw seed bytes, hex: what is published before the draw. */
export function commitmentOf(serverSeedHex: string): string {
  return toHex(sha256(serverSeedBytes(serverSeedHex)));
}

/** SHA-256( field(version) || field("config") || field(canonical JSON of the draw configuration) ), hex. */
export function configDigestOf(config: unknown, version: DrawAlgorithm = DRAW_ALGORITHM): string {
  return toHex(sha256(labelled(LABEL.config, [canonicalJson(config)], version)));
}

/** What the v2 lock fixes and publishes (docs/DRAW.md §15.2). */
export interface LockFields {
  taskId: string;
  commitment: string;
  populationCount: number;
  populationDigest: string;
  configDigest: string;
  /** ISO 8601 with zone. */
  lockedAt: string;
  /** The earliest moment the draw may run (ISO 8601 with zone). */
  drawNotBefore: string;
  /** Why the draw may run without the tenant's notice period; null when the period applies. */
  immediateReason: string | null;
}

/** v2 lock digest: SHA-256( field(V2) || field("lock") || field(JCS(lock fields)) ). Published at the lock. */
export function lockDigestOf(fields: LockFields): string {
  return toHex(sha256(labelled(LABEL.lock, [canonicalJson(fields)], DRAW_ALGORITHM_V2)));
}

/** v2 seed: SHA-256( field(V2) || field("seed") || field(serverSeed bytes) || field(entropy) || field(lockDigest bytes) ). */
export function deriveDrawSeedV2(serverSeed: string, witnessEntropy: string, lockDigest: string): Uint8Array {
  return sha256(
    labelled(LABEL.seed, [serverSeedBytes(serverSeed), utf8(witnessEntropy), fromHex(lockDigest)], DRAW_ALGORITHM_V2),
  );
}

export interface SeedInputs {
  serverSeed: string;
  /** Already normalised (normalizeEntropy). */
  witnessEntropy: string;
  taskId: string;
  populationDigest: string;
  configDigest: string;
}

/**
 * SHA-256( field(version) || field("seed") || field(serverSeed bytes) || field(entropy) ||
 *          field(taskId) || field(populationDigest bytes) || field(configDigest bytes) ).
 */
export function deriveDrawSeed(inputs: SeedInputs): Uint8Array {
  return sha256(
    labelled(LABEL.seed, [
      serverSeedBytes(inputs.serverSeed),
      utf8(inputs.witnessEntropy),
      utf8(inputs.taskId),
      fromHex(inputs.populationDigest),
      fromHex(inputs.configDigest),
    ]),
  );
}
