/**
 * The only hashing entry point of src/draw (Node build). A browser bundle aliases this file to
 * hash.browser.ts, which has the identical API on @noble/hashes.
 */
import { createHash, createHmac } from "node:crypto";

export { KeyedHmacSha256 } from "./keyed-hmac";

export interface Sha256Stream {
  update(data: Uint8Array): Sha256Stream;
  digest(): Uint8Array;
}

function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

export function sha256(data: Uint8Array): Uint8Array {
  return bytes(createHash("sha256").update(data).digest());
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return bytes(createHmac("sha256", key).update(data).digest());
}

/** Incremental SHA-256 for the population digest (tens of MB: native speed matters there). */
export function createSha256(): Sha256Stream {
  const hash = createHash("sha256");
  const stream: Sha256Stream = {
    update(data) {
      hash.update(data);
      return stream;
    },
    digest: () => bytes(hash.digest()),
  };
  return stream;
}
