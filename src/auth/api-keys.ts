import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * API keys for departments' GraphQL clients: `jck.<tenant id>.<key id>.<secret>`.
 * The tenant id lets the server set the tenant before looking the key up under RLS; the 256-bit secret is
 * stored only as its SHA-256 (a slow hash adds nothing for a random secret of that size).
 */
const PREFIX = "jck";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ParsedApiKey {
  tenantId: string;
  keyId: string;
  secret: string;
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(`${PREFIX}.`);
}

export function parseApiKey(token: string): ParsedApiKey | null {
  const [prefix, tenantId, keyId, secret, ...rest] = token.split(".");
  if (prefix !== PREFIX || rest.length || !UUID.test(tenantId ?? "") || !UUID.test(keyId ?? "") || !secret) return null;
  return { tenantId, keyId, secret };
}

export function newApiKeySecret(): string {
  return randomBytes(32).toString("base64url");
}

export function formatApiKey(tenantId: string, keyId: string, secret: string): string {
  return `${PREFIX}.${tenantId}.${keyId}.${secret}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A secret's hash (hashSecret) against the stored one, in constant time. */
export function hashMatches(hash: string, storedHash: string): boolean {
  const a = Buffer.from(hash, "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
