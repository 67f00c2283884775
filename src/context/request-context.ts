import { AsyncLocalStorage } from "node:async_hooks";
import type { EntityManager } from "typeorm";
import type { Role } from "../auth/roles";
import type { TenantTransaction } from "../db/tenant-transaction";
import type { UserEntity } from "../entities/system/user.entity";
import { forbidden, unauthenticated } from "../errors";
import type { Loaders } from "./loaders";

/** Who is calling. Anonymous callers (the public, 一公开) have no tenant. */
export type Principal =
  | { kind: "anonymous" }
  | { kind: "user"; tenantId: string; userId: string; roles: Role[] }
  | { kind: "apiKey"; tenantId: string; apiKeyId: string; roles: Role[] };

export interface RequestContext {
  requestId: string;
  principal: Principal;
  /** The operation's transaction; every database access of the request goes through it. */
  manager: EntityManager;
  /** The lazily opened transaction behind `manager` (absent in a running subscription, which holds none). */
  transaction?: TenantTransaction;
  /** The signed-in user's row, as re-read under RLS when the transaction opened (serves `me` without a query). */
  user?: UserEntity;
  /** The caller's network address (after trusted proxies), for throttling; absent for background work. */
  clientAddress?: string;
  loaders: Loaders;
  /** Run after COMMIT, e.g. to publish subscription events; dropped on rollback. */
  afterCommit: Array<() => void | Promise<void>>;
  /**
   * Run after a final ROLLBACK, once the operation's connection is released (not on a retried attempt), e.g. to
   * record a failed login in its own transaction. Hooks get no request context. Absent where no transaction runs.
   */
  afterRollback?: Array<() => void | Promise<void>>;
  /** Set when the GraphQL result carries errors: the transaction is rolled back, nothing half-written stays. */
  failed: boolean;
  /** Set when a PostgreSQL serialization failure or deadlock was seen: the whole operation is retried. */
  retryable: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(c: RequestContext, fn: () => T): T {
  return storage.run(c, fn);
}

/** The current request's context. Throws outside a request, so nothing can run without a tenant decision. */
export function ctx(): RequestContext {
  const c = storage.getStore();
  if (!c) throw new Error("ctx() called outside a request: wrap the call in a tenant transaction");
  return c;
}

export function currentTenantId(): string {
  const p = ctx().principal;
  if (p.kind === "anonymous") throw unauthenticated();
  return p.tenantId;
}

/** The signed-in user's id; API keys and anonymous callers have none. */
export function currentUserId(): string {
  const p = ctx().principal;
  if (p.kind !== "user") throw forbidden("此操作需要以用户身份登录");
  return p.userId;
}

export function hasRole(...roles: Role[]): boolean {
  const p = ctx().principal;
  return p.kind !== "anonymous" && roles.some((r) => p.roles.includes(r));
}

export function requireRole(...roles: Role[]): void {
  if (ctx().principal.kind === "anonymous") throw unauthenticated();
  if (!hasRole(...roles)) throw forbidden();
}

/** An actor label for audit records: user:<id>, apikey:<id> or anonymous. */
export function actorLabel(): string {
  const p = ctx().principal;
  return p.kind === "user" ? `user:${p.userId}` : p.kind === "apiKey" ? `apikey:${p.apiKeyId}` : "anonymous";
}
