/** Browser twin of hash.ts (same exports), on @noble/hashes; the bundler aliases hash.ts to this file. */
import { hmac } from "@noble/hashes/hmac";
import { sha256 as nobleSha256 } from "@noble/hashes/sha256";

export { KeyedHmacSha256 } from "./keyed-hmac";

export interface Sha256Stream {
  update(data: Uint8Array): Sha256Stream;
  digest(): Uint8Array;
}

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(nobleSha256, key, data);
}

export function createSha256(): Sha256Stream {
  const hash = nobleSha256.create();
  const stream: Sha256Stream = {
    update(data) {
      hash.update(data);
      return stream;
    },
    digest: () => hash.digest(),
  };
  return stream;
}
