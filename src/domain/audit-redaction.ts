import { createHash } from "node:crypto";
import { canonicalJson } from "../draw/canonical-json";
import { replacePersonalNumbers } from "./personal-numbers";

/**
 * What an audit event (留痕) may keep of an entity: never secrets, never personal numbers.
 * Keys are matched case-insensitively after removing "_" and "-", at any depth.
 */
const SECRET_KEYS = new Set([
  "password",
  "passwordhash",
  "secret",
  "secrethash",
  "token",
  "key",
  "apikey",
  "idnumber",
  "identitynumber",
  "idcard",
  "phone",
  "phonenumber",
  "mobile",
  "telephone",
  "signatureimage",
]);

const isSecretKey = (key: string) => SECRET_KEYS.has(key.replace(/[_-]/g, "").toLowerCase());

/** A JSON-safe copy with secret keys dropped, dates as ISO strings, personal numbers in strings masked. */
export function redact(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string")
    return replacePersonalNumbers(value, ({ national: n }) => `${n.slice(0, 2)}***${n.slice(-2)}`);
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  // Binary content (files, signatures) is represented by its hash, never by its bytes.
  if (value instanceof Uint8Array) return `sha256:${createHash("sha256").update(value).digest("hex")}`;
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || typeof v === "function" || isSecretKey(k)) continue;
      out[k] = redact(v);
    }
    return out;
  }
  return null;
}

/** SHA-256 (hex) of the canonical JSON (sorted keys) of the redacted value; null for an absent state. */
export function stateDigest(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return createHash("sha256")
    .update(canonicalJson(redact(value)), "utf8")
    .digest("hex");
}

/** The stored summary: canonical JSON of the redacted value, capped so one event stays small. */
export function summaryText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = canonicalJson(redact(value));
  if (text.length > 4000) throw new Error("audit summary too large (max 4000 characters)");
  return text;
}
