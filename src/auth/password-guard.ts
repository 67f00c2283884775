import { createHmac } from "node:crypto";
import type { Pool } from "pg";
import type { DataSource } from "typeorm";
import { ctx } from "../context/request-context";
import { DomainError } from "../errors";
import { audit } from "../services/audit/audit.service";
import { nowMs } from "../time";
import { timingDummyHash, verifyPassword } from "./password";

/** How many password attempts are let through; counted per fixed window, shared by all instances. */
export interface ThrottleLimits {
  windowMs: number;
  /** One account from one address: the guessing limit (an attacker's address, never the victim's). */
  perAccountAndAddress: number;
  /** One address across all accounts: slows password spraying. */
  perAddress: number;
  /** One account from all addresses: applies only to addresses the account has not signed in from before,
   *  so a distributed attack cannot lock the owner out of their usual place. */
  perAccount: number;
  /** How long a successful sign-in makes an address "known" for its account. */
  knownAddressMs: number;
  /** Unknown codes one address may try per window (扫码核验, the firm's 办事码): against enumeration. */
  codeMissesPerAddress: number;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  windowMs: 15 * 60_000,
  perAccountAndAddress: 5,
  perAddress: 30,
  perAccount: 20,
  knownAddressMs: 90 * 24 * 3600_000,
  codeMissesPerAddress: 20,
};

/** One password check: the account as the caller found it (under RLS, in its transaction) or null. */
export interface PasswordCheck {
  /** What the password opens: a sign-in, or the 现场监督 witness of a draw. Recorded in the audit trail. */
  purpose: "login" | "draw_witness";
  /** The department of the account; null when the department code the person typed matched none. */
  tenantId: string | null;
  /** The department code as typed (sign-in form), for the audit summary and the throttle key of an unknown one. */
  tenantCode?: string;
  username: string;
  password: string;
  account: { id: string; passwordHash: string; active: boolean } | null;
}

export type PasswordVerdict =
  | { ok: true; accountId: string }
  | { ok: false; reason: "unknown_tenant" | "unknown_user" | "bad_password" | "inactive" };

/**
 * The one gate for every password check (sign-in, the draw witness, any later one): throttled by account and by
 * source address, timing-equalised, and audited. Each attempt is counted BEFORE the hash is compared, in one
 * atomic statement, so parallel attempts cannot all slip under a limit; a successful check gives its own attempt
 * back. Counters live in `auth_throttle` and are written through a small pool of their own, outside the
 * operation's transaction: a failed attempt stays counted although its operation rolls back, and a request never
 * waits for a second connection of the pool it already holds one of.
 */
export class PasswordGuard {
  constructor(
    private readonly pool: Pool,
    private readonly secret: string,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS,
  ) {}

  async verify(check: PasswordCheck): Promise<PasswordVerdict> {
    const address = ctx().clientAddress ?? "unknown";
    const username = check.username.toLowerCase();
    const account = check.tenantId
      ? `${check.tenantId}/${username}`
      : `code:${(check.tenantCode ?? "").toLowerCase()}/${username}`;
    const keys = {
      pair: this.key("pair", `${account}|${address}`),
      address: this.key("addr", address),
      account: this.key("acct", account),
      known: this.key("known", `${account}|${address}`),
    };
    const now = nowMs();
    if (await this.reserve(keys, now)) {
      await this.record(check, "auth.throttled", "throttled");
      throw new DomainError("LIMIT_EXCEEDED", "口令错误次数过多，请 15 分钟后再试", { limit: "passwordAttempts" });
    }
    const ok = await verifyPassword(check.account?.passwordHash ?? (await timingDummyHash()), check.password);
    const reason = !check.tenantId
      ? "unknown_tenant"
      : !check.account
        ? "unknown_user"
        : !ok
          ? "bad_password"
          : !check.account.active
            ? "inactive"
            : null;
    if (reason || !check.account) {
      await this.record(check, check.purpose === "login" ? "auth.login_failed" : "auth.password_failed", reason ?? "");
      return { ok: false, reason: reason ?? "unknown_user" };
    }
    await this.refund(keys, now);
    return { ok: true, accountId: check.account.id };
  }

  /**
   * The same gate for codes typed or scanned without an account (扫码核验, the firm's 办事码): each lookup is counted
   * per address before it runs, in the same table and window; a lookup that finds its code is given back, so only
   * misses add up, and a person with a real code is never held back by a guesser elsewhere. Throws LIMIT_EXCEEDED.
   */
  async lookupCode<T>(kind: "verify" | "firm", lookup: () => Promise<T | null>): Promise<T | null> {
    const key = this.key("code", `${kind}|${ctx().clientAddress ?? "unknown"}`);
    const now = new Date(nowMs());
    const { rows } = await this.pool.query<{ attempts: number }>(
      `INSERT INTO public.auth_throttle AS t (key, attempts, window_start) VALUES ($1, 1, $2)
       ON CONFLICT (key) DO UPDATE SET
         attempts = CASE WHEN t.window_start <= $2::timestamptz - $3 * interval '1 millisecond' THEN 1 ELSE t.attempts + 1 END,
         window_start = CASE WHEN t.window_start <= $2::timestamptz - $3 * interval '1 millisecond' THEN $2 ELSE t.window_start END
       RETURNING t.attempts`,
      [key, now, this.limits.windowMs],
    );
    if (rows[0].attempts > this.limits.codeMissesPerAddress) {
      const chain = await audit.platformTenantId();
      if (chain)
        await audit.recordEvenIfRolledBack({
          action: "visit_code.throttled",
          entityType: "visit_code",
          entityId: null,
          summary: { kind },
          tenantId: chain,
        });
      throw new DomainError("LIMIT_EXCEEDED", "查询次数过多，请 15 分钟后再试", { limit: "codeLookups" });
    }
    const found = await lookup();
    if (found !== null)
      await this.pool.query(`UPDATE public.auth_throttle SET attempts = greatest(attempts - 1, 0) WHERE key = $1`, [
        key,
      ]);
    return found;
  }

  /**
   * Counts the attempt; true when a limit is exceeded. The account's counter counts only attempts that its
   * account+address and address counters let through: an address already refused cannot, by hammering on, push
   * the account over its own limit.
   */
  private async reserve(keys: Record<"pair" | "address" | "account" | "known", string>, now: number): Promise<boolean> {
    const { limits } = this;
    const { rows } = await this.pool.query<{ key: string; attempts: number }>(
      `WITH bumped AS (
         INSERT INTO public.auth_throttle AS t (key, attempts, window_start)
         SELECT k, 1, $3 FROM unnest(ARRAY[$1, $2]::text[]) AS k
         ON CONFLICT (key) DO UPDATE SET
           attempts = CASE WHEN t.window_start <= $3::timestamptz - $4 * interval '1 millisecond' THEN 1 ELSE t.attempts + 1 END,
           window_start = CASE WHEN t.window_start <= $3::timestamptz - $4 * interval '1 millisecond' THEN $3 ELSE t.window_start END
         RETURNING t.key, t.attempts),
       passed AS (
         SELECT bool_and(attempts <= CASE WHEN key = $1 THEN $5::int ELSE $6::int END) AS ok FROM bumped),
       account AS (
         INSERT INTO public.auth_throttle AS t (key, attempts, window_start)
         SELECT $7, 1, $3 FROM passed WHERE ok
         ON CONFLICT (key) DO UPDATE SET
           attempts = CASE WHEN t.window_start <= $3::timestamptz - $4 * interval '1 millisecond' THEN 1 ELSE t.attempts + 1 END,
           window_start = CASE WHEN t.window_start <= $3::timestamptz - $4 * interval '1 millisecond' THEN $3 ELSE t.window_start END
         RETURNING t.key, t.attempts)
       SELECT key, attempts FROM bumped
       UNION ALL SELECT key, attempts FROM account
       UNION ALL
       SELECT key, 0 FROM public.auth_throttle WHERE key = $8 AND window_start > $3::timestamptz - $9 * interval '1 millisecond'`,
      [
        keys.pair,
        keys.address,
        new Date(now),
        limits.windowMs,
        limits.perAccountAndAddress,
        limits.perAddress,
        keys.account,
        keys.known,
        limits.knownAddressMs,
      ],
    );
    const count = (k: string) => rows.find((r) => r.key === k)?.attempts ?? 0;
    if (Math.random() < 0.01) void this.sweep(now);
    if (count(keys.pair) > limits.perAccountAndAddress || count(keys.address) > limits.perAddress) return true;
    const known = rows.some((r) => r.key === keys.known);
    return !known && count(keys.account) > limits.perAccount;
  }

  /** A right password: its attempt is given back, the pair's failures are forgotten, the address becomes known. */
  private async refund(keys: Record<"pair" | "address" | "account" | "known", string>, now: number): Promise<void> {
    await this.pool.query(
      `WITH forgotten AS (DELETE FROM public.auth_throttle WHERE key = $1),
            refunded AS (UPDATE public.auth_throttle SET attempts = greatest(attempts - 1, 0) WHERE key = ANY ($2::text[]))
       INSERT INTO public.auth_throttle (key, attempts, window_start) VALUES ($3, 0, $4)
       ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start`,
      [keys.pair, [keys.address, keys.account], keys.known, new Date(now)],
    );
  }

  /** Old windows and forgotten addresses go now and then. */
  private async sweep(now: number): Promise<void> {
    await this.pool
      .query(`DELETE FROM public.auth_throttle WHERE window_start < $1`, [
        new Date(now - Math.max(this.limits.windowMs, this.limits.knownAddressMs)),
      ])
      .catch(() => undefined);
  }

  /** Survives the rollback of the failing operation; attempts on unknown departments go to the platform chain. */
  private async record(check: PasswordCheck, action: string, reason: string): Promise<void> {
    const chain = check.tenantId ?? (await audit.platformTenantId());
    if (!chain) return;
    await audit.recordEvenIfRolledBack({
      action,
      entityType: "user",
      entityId: check.account?.id ?? null,
      summary: {
        purpose: check.purpose,
        ...(check.tenantCode !== undefined ? { tenantCode: check.tenantCode.slice(0, 40) } : {}),
        username: check.username.slice(0, 40),
        reason,
      },
      tenantId: chain,
    });
  }

  private key(kind: string, value: string): string {
    return `${kind}:${createHmac("sha256", this.secret).update(value).digest("hex")}`;
  }
}

const guards = new WeakMap<DataSource, PasswordGuard>();

/** Called once per server (src/server.ts): the guard of the requests running on `ds`. */
export function registerPasswordGuard(ds: DataSource, guard: PasswordGuard): void {
  guards.set(ds, guard);
}

/** A code lookup through the shared throttle (PasswordGuard.lookupCode), inside a request. */
export function lookupCodeThrottled<T>(kind: "verify" | "firm", lookup: () => Promise<T | null>): Promise<T | null> {
  const guard = guards.get(ctx().manager.connection);
  if (!guard) throw new Error("lookupCodeThrottled: no password guard registered for this data source");
  return guard.lookupCode(kind, lookup);
}

/**
 * Checks a password through the shared throttle, inside a request (ctx() gives the caller's address and the
 * audit chain). Throws LIMIT_EXCEEDED when throttled; otherwise says whether the password was right. Callers
 * choose their own error message for `ok: false` and never reveal `reason` to the person.
 */
export function checkPassword(check: PasswordCheck): Promise<PasswordVerdict> {
  const guard = guards.get(ctx().manager.connection);
  if (!guard) throw new Error("checkPassword: no password guard registered for this data source");
  return guard.verify(check);
}
