import { createHmac } from "node:crypto";
import path from "node:path";
import { persistedSecret } from "../../config";

let key: string | undefined;

/**
 * The key of the identity-number HMAC: ID_NUMBER_HMAC_KEY, else a random key kept in DATA_DIR (like the JWT
 * secret in development). Changing it breaks matching of stored hashes, so production sets it explicitly.
 */
function hmacKey(): string {
  key ??=
    process.env.ID_NUMBER_HMAC_KEY ||
    persistedSecret(path.resolve(process.env.DATA_DIR ?? ".data"), "id-number-hmac-key");
  return key;
}

/** Keyed hash of a validated identity number: lets a department find a person again without storing the number. */
export function idNumberHash(validated: string): string {
  return createHmac("sha256", hmacKey()).update(validated).digest("base64url");
}
