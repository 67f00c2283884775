import { formatApiKey, hashSecret, newApiKeySecret } from "../../auth/api-keys";
import { checkPassword } from "../../auth/password-guard";
import { Role } from "../../auth/roles";
import type { TokenService } from "../../auth/tokens";
import { ctx, currentTenantId } from "../../context/request-context";
import { asTenant } from "../../db/as-tenant";
import { isUuid } from "../../domain/ids";
import { ApiKeyEntity } from "../../entities/system/api-key.entity";
import { TenantEntity } from "../../entities/system/tenant.entity";
import { UserEntity } from "../../entities/system/user.entity";
import { forbidden, notFound, unauthenticated } from "../../errors";
import { now } from "../../time";
import { audit } from "../audit/audit.service";

/** Sign-in and API keys. */
export function authService(tokens: TokenService) {
  return {
    /**
     * One message for every failure, so the form does not reveal which tenants or usernames exist. The password
     * goes through the shared guard (throttled by account and address, audited: src/auth/password-guard.ts).
     */
    async login(tenantCode: string, username: string, password: string) {
      const { manager } = ctx();
      const tenant = await manager.findOne(TenantEntity, { where: { code: tenantCode } });
      const user = tenant
        ? await asTenant(tenant.id, () =>
            manager
              .createQueryBuilder(UserEntity, "u")
              .addSelect("u.passwordHash")
              .where("u.tenant_id = :tid AND u.username = :username", { tid: tenant.id, username })
              .getOne(),
          )
        : null;
      const verdict = await checkPassword({
        purpose: "login",
        tenantId: tenant?.id ?? null,
        tenantCode,
        username,
        password,
        account: user,
      });
      if (!verdict.ok || !tenant || !user) throw unauthenticated("部门代码、登录名或密码不正确，或账号已停用");
      delete (user as Partial<UserEntity>).passwordHash;
      await audit.record({
        action: "auth.login",
        entityType: "user",
        entityId: user.id,
        summary: { username: user.username },
        tenantId: tenant.id,
        actor: `user:${user.id}`,
      });
      const issued = await tokens.issue({ userId: user.id, tenantId: tenant.id });
      return { ...issued, user };
    },

    async createApiKey(name: string, roles: Role[]) {
      const p = ctx().principal;
      if (p.kind !== "user") throw forbidden("接口密钥只能由管理员本人登录后创建");
      if (roles.includes(Role.PLATFORM_ADMIN)) throw forbidden("接口密钥不能具有平台管理员角色");
      const secret = newApiKeySecret();
      const { manager } = ctx();
      const entity = await manager.save(
        manager.create(ApiKeyEntity, {
          tenantId: currentTenantId(),
          name,
          roles: [...new Set(roles)],
          secretHash: hashSecret(secret),
          createdBy: p.userId,
          revokedAt: null,
          lastUsedAt: null,
        }),
      );
      delete (entity as Partial<ApiKeyEntity>).secretHash;
      await audit.record({
        action: "api_key.create",
        entityType: "api_key",
        entityId: entity.id,
        after: entity,
        summary: { name: entity.name, roles: entity.roles },
      });
      return { apiKey: entity, key: formatApiKey(entity.tenantId, entity.id, secret) };
    },

    async revokeApiKey(id: string) {
      const { manager } = ctx();
      const key = isUuid(id)
        ? await manager.findOne(ApiKeyEntity, { where: { id, tenantId: currentTenantId() } })
        : null;
      if (!key) throw notFound("接口密钥");
      if (!key.revokedAt) {
        const before = { ...key };
        key.revokedAt = now();
        await manager.update(ApiKeyEntity, { id: key.id }, { revokedAt: key.revokedAt });
        await audit.record({
          action: "api_key.revoke",
          entityType: "api_key",
          entityId: key.id,
          before,
          after: key,
          summary: { name: key.name },
        });
      }
      return key;
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
