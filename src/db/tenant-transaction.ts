import type { DataSource } from "typeorm";
import { createLoaders } from "../context/loaders";
import { type Principal, type RequestContext, runWithContext } from "../context/request-context";
import type { Logger } from "../logger";
import { chinaDate, now } from "../time";

/** PostgreSQL errors worth retrying the whole operation for: serialization_failure, deadlock_detected. */
const RETRYABLE = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 5;

/**
 * The transaction-local settings every policy reads: who is asking, and when (the business date in China and the
 * instant, both from the one clock, src/time). Transaction-local: a session-level SET would leak through the pool.
 */
export const TRANSACTION_SETTINGS = `SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true),
  set_config('app.roles', $3, true), set_config('app.business_date', $4, true), set_config('app.now', $5, true)`;

/** [business date, instant] of the one clock, for TRANSACTION_SETTINGS ($4, $5) or any other transaction. */
export function clockSettings(): [string, string] {
  const at = now();
  return [chinaDate(at), at.toISOString()];
}

/**
 * TRANSACTION_SETTINGS with its parameters, for code that opens its own transaction on a plain client (demo data,
 * tools, tests): `client.query(...transactionSettings(tenantId, "", "ADMIN"))`.
 */
export function transactionSettings(tenantId: string, userId = "", roles = ""): [string, string[]] {
  return [TRANSACTION_SETTINGS, [tenantId, userId, roles, ...clockSettings()]];
}

export function isRetryablePgError(e: unknown): boolean {
  const code =
    (e as { code?: unknown; driverError?: { code?: unknown } } | null)?.code ??
    (e as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return typeof code === "string" && RETRYABLE.has(code);
}

/**
 * Runs `fn` in one short transaction that first sets the tenant, user, roles, business date and instant
 * transaction-locally (TRANSACTION_SETTINGS), with the request context in
 * AsyncLocalStorage. Rolls back when `fn` throws or marks the context failed; retries the whole operation on
 * a serialization failure or deadlock; runs afterCommit hooks only after COMMIT.
 *
 * For user principals the user row is re-read under RLS, so a deactivated user or a changed role takes effect
 * at once; `resolvePrincipal` may replace the principal (e.g. with the roles stored in the database).
 */
export async function runInTenantTransaction<T>(
  ds: DataSource,
  requestId: string,
  principal: Principal,
  fn: (c: RequestContext) => Promise<T>,
  log: Logger,
  resolvePrincipal?: (c: RequestContext) => Promise<Principal>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const qr = ds.createQueryRunner();
    await qr.connect();
    let c: RequestContext | undefined;
    let rolledBack = false;
    try {
      await qr.startTransaction();
      const tenantId = principal.kind === "anonymous" ? "" : principal.tenantId;
      const userId = principal.kind === "user" ? principal.userId : "";
      const roles = principal.kind === "anonymous" ? "" : principal.roles.join(",");
      await qr.query(TRANSACTION_SETTINGS, [tenantId, userId, roles, ...clockSettings()]);
      const manager = qr.manager;
      c = {
        requestId,
        principal,
        manager,
        loaders: createLoaders(manager),
        afterCommit: [],
        afterRollback: [],
        failed: false,
        retryable: false,
      };
      const context = c;
      const result = await runWithContext(context, async () => {
        if (resolvePrincipal) context.principal = await resolvePrincipal(context);
        return fn(context);
      });
      if (context.retryable && attempt < MAX_ATTEMPTS) {
        await qr.rollbackTransaction();
        await backoff(attempt);
        continue;
      }
      if (context.failed) {
        await qr.rollbackTransaction();
        rolledBack = true;
      } else await qr.commitTransaction();
      if (!context.failed) await runAfterCommit(context, log);
      return result;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      if (isRetryablePgError(e) && attempt < MAX_ATTEMPTS) {
        await backoff(attempt);
        continue;
      }
      rolledBack = true;
      throw e;
    } finally {
      await qr.release();
      if (rolledBack && c?.afterRollback?.length) await runHooks(c.afterRollback, c.requestId, log, "after-rollback");
    }
  }
}

async function runAfterCommit(c: RequestContext, log: Logger): Promise<void> {
  await runHooks(c.afterCommit, c.requestId, log, "after-commit");
}

async function runHooks(hooks: RequestContext["afterCommit"], requestId: string, log: Logger, kind: string) {
  for (const hook of hooks) {
    try {
      await hook();
    } catch (e) {
      // The operation's outcome is settled; a failed follow-up must not turn the answer into an error.
      log.error(`${kind} hook failed`, { requestId, error: String(e) });
    }
  }
}

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, 5 * 2 ** attempt + Math.random() * 10));
