import type { Principal } from "../context/request-context";
import { sqlLiteral } from "../db/sql-literal";
import type { PrincipalCheck } from "../db/tenant-transaction";
import { isUuid } from "../domain/ids";
import type { UserEntity } from "../entities/system/user.entity";
import { unauthenticated } from "../errors";
import { nowMs } from "../time";
import { hashMatches, hashSecret, looksLikeApiKey, parseApiKey } from "./api-keys";
import type { Role } from "./roles";
import type { AccessClaims, TokenService } from "./tokens";

/**
 * The caller as claimed by its credential (checked without the database: signature, expiry, format), plus the
 * re-read that confirms it inside the operation's transaction, in the round trip that opens it: the user must still
 * be active / the key unrevoked and its secret right, and the roles come from the database, never from the token.
 */
export interface Authentication {
  claimed: Principal;
  check?: PrincipalCheck;
  /** Epoch milliseconds after which the credential is dead (tokens; API keys live until revoked). */
  expiresAt?: number;
}

export const ANONYMOUS: Authentication = { claimed: { kind: "anonymous" } };

export async function authenticate(credential: string | undefined, tokens: TokenService): Promise<Authentication> {
  if (!credential) return ANONYMOUS;
  if (looksLikeApiKey(credential)) {
    const key = parseApiKey(credential);
    if (!key) throw unauthenticated("API 密钥格式不正确");
    return {
      claimed: { kind: "apiKey", tenantId: key.tenantId, apiKeyId: key.keyId, roles: [] },
      check: apiKeyCheck(key),
    };
  }
  const claims = await tokens.verify(credential);
  if ("refused" in claims)
    throw unauthenticated(claims.refused === "expired" ? "登录已过期，请重新登录" : "登录凭证无效，请重新登录");
  return userAuthentication(claims);
}

/**
 * A connection's authentication for its next operation (WebSocket: verified once when connecting, and the
 * credential itself is not kept): refused once the token has expired, exactly as verifying the token again would
 * (the signature of the same token cannot change). The database re-read (`check`) still runs in every operation.
 */
export function stillValid(auth: Authentication): Authentication {
  if (auth.expiresAt !== undefined && nowMs() >= auth.expiresAt) throw unauthenticated("登录已过期，请重新登录");
  return auth;
}

/** A user known from a verified token (an access token or a form link's): re-read in the operation's transaction. */
export function userAuthentication(claims: AccessClaims & { expiresAt?: number }): Authentication {
  if (!isUuid(claims.userId) || !isUuid(claims.tenantId)) throw unauthenticated("登录凭证无效，请重新登录");
  return {
    claimed: { kind: "user", tenantId: claims.tenantId, userId: claims.userId, roles: [] },
    check: userCheck(claims.tenantId, claims.userId),
    expiresAt: claims.expiresAt,
  };
}

/**
 * The columns of the user row that the principal re-read loads, by the UserEntity property each fills: the one
 * list that the re-read's SELECT, `ctx().user` and the `{ me { … } }` shortcut (src/operation/principal-only.ts,
 * which answers only fields named here) all read, so a field added to one cannot be missing from another.
 */
export const USER_ROW = {
  id: "id",
  tenantId: "tenant_id",
  username: "username",
  displayName: "display_name",
  roles: "roles",
  active: "active",
  createdAt: "created_at",
  updatedAt: "updated_at",
} as const satisfies Partial<Record<keyof UserEntity, string>>;
const USER_ROW_COLUMNS = Object.values(USER_ROW).join(", ");

/** The user's row under RLS (the claimed tenant), active only; app.roles set from the stored roles. */
function userCheck(tenantId: string, userId: string): PrincipalCheck {
  return {
    statements: [
      `SELECT ${USER_ROW_COLUMNS}, set_config('app.roles', array_to_string(roles, ','), true) AS _roles
         FROM public.app_user WHERE id = ${sqlLiteral(userId)}::uuid AND active`,
    ],
    read([rows], c) {
      const row = rows[0];
      if (!row) throw unauthenticated("账号不存在或已停用");
      c.user = userFromRow(row);
      return { kind: "user", tenantId, userId, roles: row.roles as Role[] };
    },
  };
}

/**
 * The key's row under RLS; last_used_at is refreshed at most once a minute, and only with the right secret. Only
 * the secret's hash is kept (a WebSocket connection keeps its check for its whole life, not the secret).
 */
function apiKeyCheck(key: { tenantId: string; keyId: string; secret: string }): PrincipalCheck {
  const id = `${sqlLiteral(key.keyId)}::uuid`;
  const hash = hashSecret(key.secret);
  const { tenantId, keyId } = key;
  return {
    statements: [
      `SELECT secret_hash, roles, revoked_at IS NOT NULL AS revoked,
              set_config('app.roles', CASE WHEN revoked_at IS NULL THEN array_to_string(roles, ',') ELSE '' END, true) AS _roles
         FROM public.api_key WHERE id = ${id}`,
      `UPDATE public.api_key SET last_used_at = now()
        WHERE id = ${id} AND secret_hash = ${sqlLiteral(hash)} AND revoked_at IS NULL
          AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    ],
    read([rows]) {
      const row = rows[0];
      if (!row || !hashMatches(hash, row.secret_hash as string)) throw unauthenticated("API 密钥无效");
      if (row.revoked) throw unauthenticated("API 密钥已被吊销，请向本部门管理员申请新的密钥");
      return { kind: "apiKey", tenantId, apiKeyId: keyId, roles: row.roles as Role[] };
    },
  };
}

function userFromRow(row: Record<string, unknown>): UserEntity {
  const user: Record<string, unknown> = {};
  for (const [property, column] of Object.entries(USER_ROW)) user[property] = row[column];
  return user as unknown as UserEntity;
}

/** `Authorization: Bearer <token>` → token. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m?.[1];
}
