import { createHash } from "node:crypto";

/**
 * Verification of a tenant's audit chain (全程留痕), independent of the database trigger that writes it.
 * The byte encoding is specified in src/db/migrations/0003-audit.ts (encoding v1); this is its second
 * implementation, so a change in either shows up as a broken chain in the tests.
 */
export interface ChainEvent {
  tenantId: string;
  /** bigint: pg returns it as a decimal string. */
  seq: string | number;
  occurredAt: Date | string;
  requestId: string | null;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  summary: string | null;
  prevHash: string;
  hash: string;
}

export type BrokenReason = "SEQ_GAP" | "PREV_HASH_MISMATCH" | "HASH_MISMATCH" | "TENANT_MISMATCH";

export interface ChainVerification {
  valid: boolean;
  /** Events examined, up to and including the first broken one. */
  checked: number;
  firstBroken?: { seq: string; reason: BrokenReason };
}

export const GENESIS_HASH = "0".repeat(64);
const DOMAIN_TAG = "jointcheck-audit-v1";
const NULL_FIELD = Buffer.from([0xff, 0xff, 0xff, 0xff]);

function field(value: string | null): Buffer {
  if (value === null) return NULL_FIELD;
  const bytes = Buffer.from(value, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** UTC, millisecond precision, always with ".mmmZ" (matches the trigger's to_char format). */
function timestamp(value: Date | string): string {
  return (typeof value === "string" ? new Date(value) : value).toISOString();
}

/** The event's hash as the trigger computes it. */
export function eventHash(e: ChainEvent): string {
  const h = createHash("sha256");
  for (const value of [
    DOMAIN_TAG,
    e.tenantId.toLowerCase(),
    String(e.seq),
    timestamp(e.occurredAt),
    e.requestId,
    e.actor,
    e.action,
    e.entityType,
    e.entityId,
    e.beforeDigest,
    e.afterDigest,
    e.summary,
    e.prevHash,
  ])
    h.update(field(value));
  return h.digest("hex");
}

/**
 * Incremental verifier for one tenant's events in seq order, starting at seq 1 (feed it in pages).
 * Stops at the first broken link. A chain cut off at its end cannot be told from a shorter one by the
 * chain alone; compare `checked` with an expected count (e.g. from a periodic anchor) for that.
 */
export function chainVerifier(tenantId: string) {
  let checked = 0;
  let prev = GENESIS_HASH;
  let expectedSeq = 1n;
  let broken: ChainVerification["firstBroken"];
  return {
    /** False once the chain is broken (further events are ignored). */
    push(e: ChainEvent): boolean {
      if (broken) return false;
      checked++;
      const seq = String(e.seq);
      let reason: BrokenReason | undefined;
      if (e.tenantId.toLowerCase() !== tenantId.toLowerCase()) reason = "TENANT_MISMATCH";
      else if (BigInt(seq) !== expectedSeq) reason = "SEQ_GAP";
      else if (e.prevHash !== prev) reason = "PREV_HASH_MISMATCH";
      else if (eventHash(e) !== e.hash) reason = "HASH_MISMATCH";
      if (reason) {
        broken = { seq, reason };
        return false;
      }
      prev = e.hash;
      expectedSeq++;
      return true;
    },
    result(): ChainVerification {
      return broken ? { valid: false, checked, firstBroken: broken } : { valid: true, checked };
    },
  };
}

/** Verifies a tenant's whole chain given in seq order. */
export function verifyAuditChain(tenantId: string, events: Iterable<ChainEvent>): ChainVerification {
  const v = chainVerifier(tenantId);
  for (const e of events) if (!v.push(e)) break;
  return v.result();
}
