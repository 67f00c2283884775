import type { PoolClient } from "pg";
import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import { createLoaders } from "../context/loaders";
import { type Principal, type RequestContext, runWithContext } from "../context/request-context";
import type { Logger } from "../logger";
import { chinaDate, now } from "../time";
import { sqlLiteral } from "./sql-literal";

/** PostgreSQL errors worth retrying the whole operation for: serialization_failure, deadlock_detected. */
const RETRYABLE = new Set(["40001", "40P01"]);
export const MAX_ATTEMPTS = 5;

export function isRetryablePgError(e: unknown): boolean {
  const code =
    (e as { code?: unknown; driverError?: { code?: unknown } } | null)?.code ??
    (e as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return typeof code === "string" && RETRYABLE.has(code);
}

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

/** The same settings for a principal, as name/value pairs (the opening round trip sends them as literals). */
export function principalSettings(principal: Principal): Array<[string, string]> {
  const [businessDate, instant] = clockSettings();
  return [
    ["app.tenant_id", principal.kind === "anonymous" ? "" : principal.tenantId],
    ["app.user_id", principal.kind === "user" ? principal.userId : ""],
    ["app.roles", principal.kind === "anonymous" ? "" : principal.roles.join(",")],
    ["app.business_date", businessDate],
    ["app.now", instant],
  ];
}

/**
 * Statements that re-read the caller under RLS, run in the same round trip as BEGIN and the settings (simple
 * query protocol, so their literals are quoted with sqlLiteral). `read` gets one row list per statement and
 * returns the confirmed principal, or throws UNAUTHENTICATED.
 */
export interface PrincipalCheck {
  statements: string[];
  read(results: Array<Array<Record<string, unknown>>>, c: RequestContext): Principal;
}

const transactions = new WeakMap<QueryRunner, TenantTransaction>();

/** An audit event waiting for its transaction's commit (src/services/audit/audit.service.ts builds it). */
export interface PendingAuditEvent {
  tenantId: string;
  /** Column values in AUDIT_COLUMNS order. */
  values: Array<string | null>;
}
export const AUDIT_COLUMNS =
  "tenant_id, actor, action, entity_type, entity_id, before_digest, after_digest, summary, request_id";

/**
 * One operation's tenant transaction, opened lazily: no connection is taken from the pool until the first query
 * (or an explicit open()), so an operation that touches no table costs no round trip. Opening is ONE round trip:
 * `BEGIN; SELECT set_config(tenant, user, roles, business date, instant); <principal re-read>`. The queries of one
 * operation are serialized through a queue, so sibling resolvers never send a second query to a pg client that is
 * still busy (pg 8 deprecates that); DataLoaders batch them on top.
 */
export class TenantTransaction {
  private qr: QueryRunner | undefined;
  private opening: Promise<void> | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private finished = false;
  /** Committed in the opening round trip (openAndCommit): no query may follow, and nothing is left to end. */
  private committed = false;
  private client: PoolClient | undefined;
  private readonly pendingAudit: PendingAuditEvent[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly context: RequestContext,
    private readonly check?: PrincipalCheck,
  ) {}

  /**
   * The operation's EntityManager. Its TypeORM query runner is made on first use, so an operation that never asks
   * for it (`{ __typename }`, a `me` served by the principal re-read) does not build one.
   */
  get manager(): EntityManager {
    return this.queryRunner().manager;
  }

  private queryRunner(): QueryRunner {
    if (this.qr) return this.qr;
    const qr = this.ds.createQueryRunner();
    this.qr = qr;
    // TypeORM must believe it is inside a transaction from the start: save() then starts none of its own, and a
    // nested manager.transaction() becomes a SAVEPOINT. The real BEGIN goes out with the first query.
    Object.assign(qr, { isTransactionActive: true, transactionDepth: 1 });
    const query = qr.query.bind(qr);
    qr.query = ((sql: string, parameters?: unknown[], structured?: boolean) =>
      this.serialized(async () => {
        // A resolver still running after its operation ended (a sibling's error can end execution early): its
        // query must not reach a connection that has committed, rolled back or gone back to the pool.
        if (this.finished) throw new Error("the operation's transaction has ended");
        await this.open();
        if (this.committed) throw new Error("the operation's transaction was committed when it opened");
        return query(sql, parameters, structured as never);
      })) as QueryRunner["query"];
    transactions.set(qr, this);
    return qr;
  }

  get isOpen(): boolean {
    return this.opening !== undefined;
  }

  /** BEGIN, the settings and the principal re-read, in one round trip; idempotent. */
  open(): Promise<void> {
    this.opening ??= this.begin(false);
    return this.opening;
  }

  /**
   * BEGIN, the settings, the principal re-read and COMMIT, in one round trip, for an operation that the re-read
   * answers whole (src/operation/principal-only.ts): the operation then costs one round trip, like a bare pooled
   * SELECT. Any query after it is refused. If the transaction is already open, this is open().
   */
  openAndCommit(): Promise<void> {
    this.opening ??= this.begin(true);
    return this.opening;
  }

  /**
   * Queues an audit event to be appended to its chain at COMMIT (docs/AUDIT.md "Appending at commit"): the chain's
   * per-tenant lock is then held for one round trip and the commit, not for the rest of the operation.
   */
  appendAudit(event: PendingAuditEvent): void {
    if (this.finished || this.committed) throw new Error("the operation's transaction has ended");
    this.pendingAudit.push(event);
  }

  /**
   * COMMIT (or ROLLBACK) if anything was opened, and give the connection back. The end goes through the queue, after
   * every query already sent; queries that arrive later are refused. Queued audit events are inserted in the same
   * round trip as the COMMIT.
   */
  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
    if (!this.qr && !this.opening && !(commit && this.pendingAudit.length)) {
      this.finished = true; // nothing was opened or built: nothing to end or release
      return;
    }
    try {
      if (commit && this.pendingAudit.length) await this.open();
      this.finished = true;
      if (this.opening) {
        const opened = await this.opening.then(
          () => true,
          () => false,
        );
        // No client: the connection itself failed, there is nothing to end.
        const client = this.client;
        if (this.committed) {
          // Ended in the opening round trip; it only read.
        } else if (client && commit && opened) {
          const end = `${auditInserts(this.pendingAudit)}COMMIT`;
          try {
            await this.serialized(() => client.query(end));
          } catch (e) {
            // The batch stopped at the failing statement; the transaction is aborted and must end before release.
            await client.query("ROLLBACK").catch(() => undefined);
            throw e;
          }
        } else if (client) await this.serialized(() => client.query("ROLLBACK"));
      }
    } finally {
      this.finished = true;
      const qr = this.qr;
      if (qr) {
        Object.assign(qr, { isTransactionActive: false, transactionDepth: 0 });
        await qr.release();
      }
    }
  }

  /** Rolls back after a failure; never throws (the connection is released either way). */
  async abort(): Promise<void> {
    await this.finish(false).catch(() => undefined);
  }

  private async begin(commit: boolean): Promise<void> {
    const client = (await this.queryRunner().connect()) as PoolClient;
    this.client = client;
    const settings = principalSettings(this.context.principal)
      .map(([name, value]) => `set_config(${sqlLiteral(name)}, ${sqlLiteral(value)}, true)`)
      .join(", ");
    const checks = this.check?.statements ?? [];
    const statements = ["BEGIN", `SELECT ${settings}`, ...checks, ...(commit ? ["COMMIT"] : [])];
    const raw = (await client.query(statements.join(";\n"))) as unknown as Array<{ rows: Record<string, unknown>[] }>;
    // The whole batch ran (a failing statement rejects the query): with COMMIT in it, the transaction has ended.
    if (commit) this.committed = true;
    if (this.check)
      this.context.principal = this.check.read(
        raw.slice(2, 2 + checks.length).map((r) => r.rows),
        this.context,
      );
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/**
 * The statements that append queued audit events, for the simple-query batch that ends with COMMIT. Lock order: the
 * chains' advisory locks (taken by the insert trigger, migration 0003) are taken in ascending tenant id order, and
 * nothing else is locked after them (docs/LOCKING in docs/REGISTRY.md), so two committing operations cannot wait
 * on each other in a cycle. Events of one tenant keep the order they were recorded in.
 */
function auditInserts(events: readonly PendingAuditEvent[]): string {
  if (!events.length) return "";
  const byTenant = new Map<string, PendingAuditEvent[]>();
  for (const e of events) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
  const literal = (v: string | null) => (v === null ? "NULL" : sqlLiteral(v));
  return [...byTenant.keys()]
    .sort()
    .map(
      (tenantId) =>
        `SELECT set_config('app.tenant_id', ${sqlLiteral(tenantId)}, true);\nINSERT INTO audit_event (${AUDIT_COLUMNS}) VALUES ${(
          byTenant.get(tenantId) ?? []
        )
          .map((e) => `(${e.values.map(literal).join(", ")})`)
          .join(", ")};\n`,
    )
    .join("");
}

/** The transaction behind a request's EntityManager (for COPY and other raw-client work). */
export function transactionOf(manager: EntityManager): TenantTransaction {
  const tx = manager.queryRunner ? transactions.get(manager.queryRunner) : undefined;
  if (!tx) throw new Error("not a tenant transaction's EntityManager");
  return tx;
}

export interface TransactionOptions {
  requestId: string;
  principal: Principal;
  log: Logger;
  /** Re-reads the principal in the opening round trip (credentials of HTTP and WebSocket operations). */
  check?: PrincipalCheck;
  /** Open at once (and so confirm the principal before fn runs); otherwise at the first query. */
  eager?: boolean;
  clientAddress?: string;
}

/**
 * Runs `fn` in one tenant transaction with the request context in AsyncLocalStorage. Rolls back when `fn` throws
 * or marks the context failed; retries the whole operation on a serialization failure or deadlock (up to
 * MAX_ATTEMPTS); runs afterCommit hooks only after COMMIT, afterRollback hooks only after a final ROLLBACK, once
 * the connection is released. The one function that owns commit, rollback and retry: src/operation uses it for
 * GraphQL operations, background jobs and the CLI use it directly.
 */
export async function withTenantTransaction<T>(
  ds: DataSource,
  options: TransactionOptions,
  fn: (c: RequestContext) => Promise<T>,
): Promise<T> {
  const { requestId, log } = options;
  for (let attempt = 1; ; attempt++) {
    const c: RequestContext = {
      requestId,
      principal: options.principal,
      clientAddress: options.clientAddress,
      // Replaced below by a getter: the transaction's manager, made on first use.
      manager: undefined as unknown as EntityManager,
      loaders: createLoaders(),
      afterCommit: [],
      afterRollback: [],
      failed: false,
      retryable: false,
    };
    const tx = new TenantTransaction(ds, c, options.check);
    Object.defineProperty(c, "manager", { get: () => tx.manager, enumerable: true });
    c.transaction = tx;
    let outcome: "committed" | "rolledBack" | "retry";
    let result: T | undefined;
    try {
      result = await runWithContext(c, async () => {
        if (options.eager) await tx.open();
        return fn(c);
      });
      outcome = c.retryable && attempt < MAX_ATTEMPTS ? "retry" : c.failed ? "rolledBack" : "committed";
      if (outcome === "committed") await tx.finish(true);
      else await tx.abort();
    } catch (e) {
      await tx.abort();
      if (isRetryablePgError(e) && attempt < MAX_ATTEMPTS) {
        await backoff(attempt);
        continue;
      }
      await runHooks(c.afterRollback ?? [], requestId, log, "after-rollback");
      throw e;
    }
    if (outcome === "retry") {
      await backoff(attempt);
      continue;
    }
    await runHooks(
      (outcome === "committed" ? c.afterCommit : c.afterRollback) ?? [],
      requestId,
      log,
      outcome === "committed" ? "after-commit" : "after-rollback",
    );
    return result as T;
  }
}

/**
 * The earlier signature, kept for background work and tests: a trusted principal (already confirmed, or the
 * system's own), optionally re-read by `check`.
 */
export function runInTenantTransaction<T>(
  ds: DataSource,
  requestId: string,
  principal: Principal,
  fn: (c: RequestContext) => Promise<T>,
  log: Logger,
  check?: PrincipalCheck,
): Promise<T> {
  return withTenantTransaction(ds, { requestId, principal, log, check, eager: check !== undefined }, fn);
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
