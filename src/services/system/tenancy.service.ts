import { hashPassword } from "../../auth/password";
import { Role } from "../../auth/roles";
import { ctx, currentTenantId, currentUserId, requireRole } from "../../context/request-context";
import { asTenant } from "../../db/as-tenant";
import { isUuid } from "../../domain/ids";
import { ApiKeyEntity } from "../../entities/system/api-key.entity";
import { TenantEntity } from "../../entities/system/tenant.entity";
import { UserEntity } from "../../entities/system/user.entity";
import { badInput, conflict, forbidden, notFound } from "../../errors";
import type { CreateTenantInput, NewUserInput, UpdateUserInput } from "../../schema/system/tenancy.input";
import { audit } from "../audit/audit.service";

/** Tenants (部门) and their users. Every query runs in the request's transaction, under RLS. */
export const tenancyService = {
  async listTenants(): Promise<TenantEntity[]> {
    return ctx().manager.find(TenantEntity, { order: { regionCode: "ASC", code: "ASC" } });
  },

  async tenantByCode(code: string): Promise<TenantEntity | null> {
    return ctx().manager.findOne(TenantEntity, { where: { code } });
  },

  /** PLATFORM_ADMIN: a new department with its first ADMIN. */
  async createTenant(input: CreateTenantInput): Promise<{ tenant: TenantEntity; admin: UserEntity }> {
    const { manager } = ctx();
    if (await manager.exists(TenantEntity, { where: { code: input.code } }))
      throw conflict(`部门代码“${input.code}”已被使用`, { field: "code" });
    const tenant = await manager.save(
      manager.create(TenantEntity, {
        code: input.code,
        name: input.name,
        regionCode: input.regionCode,
        kind: input.kind,
        isCoordinator: input.isCoordinator,
        settings: {},
      }),
    );
    await audit.record({
      action: "tenant.create",
      entityType: "tenant",
      entityId: tenant.id,
      after: tenant,
      summary: { code: tenant.code, name: tenant.name, regionCode: tenant.regionCode },
      tenantId: (await audit.platformTenantId()) ?? undefined,
    });
    const admin = await asTenant(tenant.id, () =>
      insertUser(tenant.id, { ...input.admin, roles: [...new Set([Role.ADMIN, ...input.admin.roles])] }),
    );
    return { tenant, admin };
  },

  async listUsers(limit: number, offset: number): Promise<[UserEntity[], number]> {
    return ctx().manager.findAndCount(UserEntity, {
      where: { tenantId: currentTenantId() },
      order: { username: "ASC" },
      take: limit,
      skip: offset,
    });
  },

  /** A user of the caller's tenant: ADMINs see all, others only themselves. */
  async getUser(id: string): Promise<UserEntity> {
    const isSelf = ctx().principal.kind === "user" && id === currentUserId();
    if (!isSelf) requireRole(Role.ADMIN);
    return findUser(id);
  },

  async createUser(input: NewUserInput): Promise<UserEntity> {
    return insertUser(currentTenantId(), input);
  },

  async updateUser(id: string, input: UpdateUserInput): Promise<UserEntity> {
    const user = await findUser(id);
    if (input.roles?.includes(Role.PLATFORM_ADMIN) && !user.roles.includes(Role.PLATFORM_ADMIN))
      throw forbidden("部门管理员不能授予平台管理员角色");
    const selfId = ctx().principal.kind === "user" ? currentUserId() : undefined;
    if (id === selfId && (input.active === false || (input.roles && !input.roles.includes(Role.ADMIN))))
      throw badInput("id", "不能停用自己或取消自己的管理员角色，请由另一位管理员操作");
    const before = { ...user };
    Object.assign(user, {
      displayName: input.displayName ?? user.displayName,
      roles: input.roles ?? user.roles,
      active: input.active ?? user.active,
    });
    const saved = await ctx().manager.save(user);
    await audit.record({
      action: "user.update",
      entityType: "user",
      entityId: saved.id,
      before,
      after: saved,
      summary: { username: saved.username, roles: saved.roles, active: saved.active },
    });
    return saved;
  },

  async listApiKeys(): Promise<ApiKeyEntity[]> {
    return ctx().manager.find(ApiKeyEntity, { where: { tenantId: currentTenantId() }, order: { createdAt: "DESC" } });
  },
};

async function findUser(id: string): Promise<UserEntity> {
  if (!isUuid(id)) throw notFound("用户");
  const user = await ctx().manager.findOne(UserEntity, { where: { id, tenantId: currentTenantId() } });
  if (!user) throw notFound("用户");
  return user;
}

async function insertUser(tenantId: string, input: NewUserInput): Promise<UserEntity> {
  if (input.roles.includes(Role.PLATFORM_ADMIN)) throw forbidden("不能通过此操作授予平台管理员角色");
  const { manager } = ctx();
  if (await manager.exists(UserEntity, { where: { tenantId, username: input.username } }))
    throw conflict(`登录名“${input.username}”已存在`, { field: "username" });
  const user = manager.create(UserEntity, {
    tenantId,
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    roles: [...new Set(input.roles)],
    active: true,
  });
  const saved = await manager.save(user);
  delete (saved as Partial<UserEntity>).passwordHash;
  await audit.record({
    action: "user.create",
    entityType: "user",
    entityId: saved.id,
    after: saved,
    summary: { username: saved.username, roles: saved.roles },
    tenantId,
  });
  return saved;
}
