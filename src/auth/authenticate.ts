import type { Principal, RequestContext } from "../context/request-context";
import { unauthenticated } from "../errors";
import { looksLikeApiKey, parseApiKey, secretMatches } from "./api-keys";
import type { Role } from "./roles";
import type { AccessClaims, TokenService } from "./tokens";

/**
 * The caller as claimed by its credential (checked without the database), plus the step that confirms it
 * inside the request's transaction: the user must still be active / the key not revoked, and the roles come
 * from the database, never from the token.
 */
export interface Authentication {
  claimed: Principal;
  confirm?: (c: RequestContext) => Promise<Principal>;
}

export async function authenticate(credential: string | undefined, tokens: TokenService): Promise<Authentication> {
  if (!credential) return { claimed: { kind: "anonymous" } };
  if (looksLikeApiKey(credential)) {
    const key = parseApiKey(credential);
    if (!key) throw unauthenticated("API 密钥格式不正确");
    return {
      claimed: { kind: "apiKey", tenantId: key.tenantId, apiKeyId: key.keyId, roles: [] },
      confirm: async (c) => {
        const [row] = await c.manager.query(`SELECT secret_hash, roles, revoked_at FROM api_key WHERE id = $1`, [
          key.keyId,
        ]);
        if (!row || !secretMatches(key.secret, row.secret_hash)) throw unauthenticated("API 密钥无效");
        if (row.revoked_at) throw unauthenticated("API 密钥已被吊销，请向本部门管理员申请新的密钥");
        await c.manager.query("SELECT set_config('app.roles', $1, true)", [(row.roles as string[]).join(",")]);
        await c.manager.query(
          `UPDATE api_key SET last_used_at = now()
            WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
          [key.keyId],
        );
        return { kind: "apiKey", tenantId: key.tenantId, apiKeyId: key.keyId, roles: row.roles as Role[] };
      },
    };
  }
  const claims = await tokens.verify(credential);
  if ("refused" in claims)
    throw unauthenticated(claims.refused === "expired" ? "登录已过期，请重新登录" : "登录凭证无效，请重新登录");
  return userAuthentication(claims);
}

/** A user known from a verified token: confirmed active, with the roles stored in the database, in the transaction. */
export function userAuthentication(claims: AccessClaims): Authentication {
  return {
    claimed: { kind: "user", tenantId: claims.tenantId, userId: claims.userId, roles: [] },
    confirm: async (c) => {
      const [row] = await c.manager.query(
        `SELECT roles, set_config('app.roles', array_to_string(roles, ','), true)
           FROM app_user WHERE id = $1 AND active`,
        [claims.userId],
      );
      if (!row) throw unauthenticated("账号不存在或已停用");
      return { kind: "user", tenantId: claims.tenantId, userId: claims.userId, roles: row.roles as Role[] };
    },
  };
}

/** `Authorization: Bearer <token>` → token. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m?.[1];
}
