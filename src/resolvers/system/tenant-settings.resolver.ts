import { Arg, Authorized, Mutation, Query, Resolver } from "type-graphql";
import { Role } from "../../auth/roles";
import { TenantSettingsInput, TenantSettingsType } from "../../schema/system/tenant-settings.type";
import { tenantSettings, updateTenantSettings } from "../../services/system/tenant-settings.service";

@Resolver()
export class TenantSettingsResolver {
  @Authorized()
  @Query(() => TenantSettingsType, { description: "本部门规则设置（抽查比例下限、计划期限、排除与轮换规则等）" })
  async tenantSettings(): Promise<TenantSettingsType> {
    return (await tenantSettings()) as TenantSettingsType;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => TenantSettingsType, { description: "部门管理员：修改本部门规则设置（留痕）" })
  async updateTenantSettings(@Arg("input") input: TenantSettingsInput): Promise<TenantSettingsType> {
    return (await updateTenantSettings(input)) as TenantSettingsType;
  }
}
