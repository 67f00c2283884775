import type { EntityManager } from "typeorm";
import { actorLabel, ctx, currentTenantId } from "../../context/request-context";
import { asTenant } from "../../db/as-tenant";
import { AUDIT_COLUMNS } from "../../db/tenant-transaction";
import { stateDigest, summaryText } from "../../domain/audit-redaction";

/** One state change to leave a trace of (全程留痕). */
export interface AuditRecordInput {
  /** What happened, dotted lower case: "user.create", "api_key.revoke", "auth.login_failed". */
  action: string;
  /** The kind of entity: "tenant", "user", "api_key", "inspection_result", … */
  entityType: string;
  entityId: string | null;
  /** The entity before/after the change; only SHA-256 digests of their redacted canonical JSON are stored. */
  before?: unknown;
  after?: unknown;
  /** Small non-personal facts readable without the entity; stored redacted, covered by the hash. */
  summary?: Record<string, unknown>;
  /** Whose chain the event goes to; defaults to the caller's tenant (required for anonymous callers). */
  tenantId?: string;
  /** Defaults to actorLabel(); only where the caller is not yet the actor (a login: "user:<id>"). */
  actor?: string;
}

/**
 * The audit trail. `record` appends to the tenant's hash chain in the caller's transaction, so the event commits or
 * rolls back with the change it describes. seq, prev_hash, occurred_at and hash are set by a trigger under a
 * per-tenant advisory lock (src/db/migrations/0003-audit.ts): concurrent writers of one tenant still form one
 * gap-free valid chain. In an operation's tenant transaction the event is queued and inserted in the same round trip
 * as the COMMIT (src/db/tenant-transaction.ts), so the lock is held for that round trip only, not for the request.
 */
export const audit = {
  async record(input: AuditRecordInput): Promise<void> {
    const c = ctx();
    const tenantId = input.tenantId ?? currentTenantId();
    const actor = input.actor ?? actorLabel();
    if (c.transaction && c.transaction.manager === c.manager) {
      c.transaction.appendAudit({ tenantId, values: eventValues(tenantId, actor, c.requestId, input) });
      return;
    }
    const insert = () => insertEvent(c.manager, tenantId, actor, c.requestId, input);
    // Another tenant's chain (login; a new tenant's first user; the platform chain) needs app.tenant_id switched.
    const own = c.principal.kind === "anonymous" ? undefined : c.principal.tenantId;
    if (tenantId !== own) await asTenant(tenantId, insert);
    else await insert();
  },

  /** The platform tenant's id (code "platform"): platform-level actions go to its chain. Null when absent. */
  async platformTenantId(): Promise<string | null> {
    const rows: Array<{ id: string }> = await ctx().manager.query("SELECT id FROM tenant WHERE code = 'platform'");
    return rows[0]?.id ?? null;
  },

  /**
   * For events that must survive the operation failing (a failed login): recorded in the transaction, and if that
   * transaction rolls back, recorded again in a transaction of its own after the rollback.
   */
  async recordEvenIfRolledBack(input: AuditRecordInput): Promise<void> {
    const c = ctx();
    await audit.record(input);
    if (!c.afterRollback) return;
    const ds = c.manager.connection;
    const tenantId = input.tenantId ?? currentTenantId();
    const actor = input.actor ?? actorLabel();
    c.afterRollback.push(() =>
      ds.transaction(async (m) => {
        await m.query(
          "SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', '', true), set_config('app.roles', '', true)",
          [tenantId],
        );
        await insertEvent(m, tenantId, actor, c.requestId, input);
      }),
    );
  },
};

const ACTION = /^[a-z][a-z0-9_.]{1,79}$/;
const ENTITY_TYPE = /^[a-z][a-z0-9_]{1,59}$/;

/** The row's values in AUDIT_COLUMNS order (the trigger sets the chain columns). */
function eventValues(
  tenantId: string,
  actor: string,
  requestId: string,
  input: AuditRecordInput,
): Array<string | null> {
  // Programming errors, reported as such (the table's CHECK constraints would only say "check violation").
  if (!ACTION.test(input.action)) throw new Error(`audit.record: action "${input.action}" must match ${ACTION}`);
  if (!ENTITY_TYPE.test(input.entityType))
    throw new Error(`audit.record: entityType "${input.entityType}" must match ${ENTITY_TYPE}`);
  return [
    tenantId,
    actor,
    input.action,
    input.entityType,
    input.entityId,
    stateDigest(input.before),
    stateDigest(input.after),
    summaryText(input.summary),
    requestId,
  ];
}

async function insertEvent(
  manager: EntityManager,
  tenantId: string,
  actor: string,
  requestId: string,
  input: AuditRecordInput,
): Promise<void> {
  await manager.query(
    `INSERT INTO audit_event (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    eventValues(tenantId, actor, requestId, input),
  );
}
