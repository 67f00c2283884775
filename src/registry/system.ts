import { ApiKeyEntity } from "../entities/system/api-key.entity";
import { CalendarDayOverrideEntity } from "../entities/system/calendar-day-override.entity";
import { TenantEntity } from "../entities/system/tenant.entity";
import { UserEntity } from "../entities/system/user.entity";
import { AuthResolver } from "../resolvers/system/auth.resolver";
import { CalendarResolver } from "../resolvers/system/calendar.resolver";
import { SystemResolver } from "../resolvers/system/system.resolver";
import { TenantResolver, UserResolver } from "../resolvers/system/tenancy.resolver";
import { TenantSettingsResolver } from "../resolvers/system/tenant-settings.resolver";
import type { Area } from "./area";

/** The foundation: tenants (部门), users, sign-in and API keys, tenant settings, the working-day calendar. */
export const systemArea: Area = {
  entities: [TenantEntity, UserEntity, ApiKeyEntity, CalendarDayOverrideEntity],
  resolvers: [AuthResolver, TenantResolver, UserResolver, SystemResolver, TenantSettingsResolver, CalendarResolver],
};
