import type { NonEmptyArray } from "type-graphql";
import { AuthResolver } from "./auth.resolver";
import { SystemResolver } from "./system.resolver";
import { TenantResolver, UserResolver } from "./tenancy.resolver";

/** Every resolver class of the schema; add new ones here. */
export const resolvers: NonEmptyArray<Function> = [AuthResolver, TenantResolver, UserResolver, SystemResolver];
