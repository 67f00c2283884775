import { type ChainEvent, type ChainVerification, chainVerifier } from "../../domain/audit-chain";

/** Runs one SQL statement and returns its rows: TypeORM's manager.query, or a pg client's query(...).rows. */
export type RunQuery = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

const PAGE = 2000;

export const CHAIN_COLUMNS = `tenant_id AS "tenantId", seq::text AS seq, occurred_at AS "occurredAt",
  request_id AS "requestId", actor, action, entity_type AS "entityType", entity_id AS "entityId",
  before_digest AS "beforeDigest", after_digest AS "afterDigest", summary, prev_hash AS "prevHash", hash`;

/**
 * Reads a tenant's chain in seq order, page by page, and verifies it (stops at the first broken link).
 * The connection must have app.tenant_id set to `tenantId` (RLS), inside a transaction.
 */
export async function verifyStoredChain(run: RunQuery, tenantId: string): Promise<ChainVerification> {
  const verifier = chainVerifier(tenantId);
  let after = "0";
  for (;;) {
    const rows = (await run(
      `SELECT ${CHAIN_COLUMNS} FROM audit_event WHERE tenant_id = $1 AND audit_event.seq > $2::bigint ORDER BY audit_event.seq LIMIT ${PAGE}`,
      [tenantId, after],
    )) as unknown as ChainEvent[];
    for (const e of rows) if (!verifier.push(e)) return verifier.result();
    if (rows.length < PAGE) return verifier.result();
    after = String(rows[rows.length - 1].seq);
  }
}
