import type { NonEmptyArray } from "type-graphql";
import { areas } from "../registry";
import type { AnyClass } from "../registry/area";
import { AuthResolver } from "./system/auth.resolver";
import { SystemResolver } from "./system/system.resolver";
import { TenantResolver, UserResolver } from "./system/tenancy.resolver";
import { TenantSettingsResolver } from "./system/tenant-settings.resolver";

/** Every resolver class of the schema: the foundation's and each area's (src/registry). */
export const resolvers = [
  AuthResolver,
  TenantResolver,
  UserResolver,
  SystemResolver,
  TenantSettingsResolver,
  ...areas.flatMap((a) => a.resolvers),
  // biome-ignore lint/complexity/noBannedTypes: type-graphql's buildSchema takes Function[]
] as NonEmptyArray<AnyClass> as unknown as NonEmptyArray<Function>;
