/**
 * Commit–reveal seed (docs/DRAW.md §3, §6). The server commits to a secret seed and publishes the
 * population and configuration digests; only then does the witness (现场监督) give entropy. The
 * server cannot steer a result it fixed before seeing the entropy, and the witness cannot steer one
 * that depends on a seed they never saw.
 */
import { canonicalJson } from "./canonical-json";
import { fromHex, isHex, LABEL, labelled, toHex, utf8 } from "./encoding";
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
export function configDigestOf(config: unknown): string {
  return toHex(sha256(labelled(LABEL.config, [canonicalJson(config)])));
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
