import { Arg, Args, Authorized, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { Role } from "../../auth/roles";
import { tenantLoader } from "../../context/loaders";
import { notFound } from "../../errors";
import { listComplexity, PageArgs } from "../../schema/pagination";
import { CreatedTenant } from "../../schema/system/tenancy.args";
import { CreateTenantInput, NewUserInput, UpdateUserInput } from "../../schema/system/tenancy.input";
import { TenantType } from "../../schema/system/tenant.type";
import { UserPage, UserType } from "../../schema/system/user.type";
import { tenancyService } from "../../services/system/tenancy.service";

@Resolver(() => TenantType)
export class TenantResolver {
  @Public()
  @Query(() => [TenantType], { description: "所有部门（公开）" })
  async tenants(): Promise<TenantType[]> {
    return (await tenancyService.listTenants()).map(TenantType.from);
  }

  @Public()
  @Query(() => TenantType, { nullable: true, description: "按部门代码查询（公开）" })
  async tenant(@Arg("code") code: string): Promise<TenantType | null> {
    const t = await tenancyService.tenantByCode(code);
    return t ? TenantType.from(t) : null;
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => CreatedTenant, { description: "平台管理员：新建部门及其首个管理员" })
  async createTenant(@Arg("input") input: CreateTenantInput): Promise<CreatedTenant> {
    const { tenant, admin } = await tenancyService.createTenant(input);
    const out = Object.assign(new CreatedTenant(), { tenant: TenantType.from(tenant), admin: UserType.from(admin) });
    return out;
  }
}

@Resolver(() => UserType)
export class UserResolver {
  @Authorized(Role.ADMIN)
  @Query(() => UserPage, { description: "本部门用户", complexity: listComplexity })
  async users(@Args() { limit, offset }: PageArgs): Promise<UserPage> {
    const [rows, total] = await tenancyService.listUsers(limit, offset);
    return Object.assign(new UserPage(), { items: rows.map(UserType.from), total });
  }

  @Authorized()
  @Query(() => UserType, { description: "本部门用户（管理员可查看全部，其他人仅可查看自己）" })
  async user(@Arg("id", () => ID) id: string): Promise<UserType> {
    return UserType.from(await tenancyService.getUser(id));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserType, { description: "部门管理员：新建本部门用户" })
  async createUser(@Arg("input") input: NewUserInput): Promise<UserType> {
    return UserType.from(await tenancyService.createUser(input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserType, { description: "部门管理员：修改用户姓名、角色或停用/启用" })
  async updateUser(@Arg("id", () => ID) id: string, @Arg("input") input: UpdateUserInput): Promise<UserType> {
    return UserType.from(await tenancyService.updateUser(id, input));
  }

  @FieldResolver(() => TenantType)
  async tenant(@Root() user: UserType): Promise<TenantType> {
    const t = await tenantLoader().load(user.tenantId);
    if (!t) throw notFound("部门");
    return TenantType.from(t);
  }
}
