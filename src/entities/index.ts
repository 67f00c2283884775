import { areas } from "../registry";
import type { AnyClass } from "../registry/area";
import { ApiKeyEntity } from "./system/api-key.entity";
import { TenantEntity } from "./system/tenant.entity";
import { UserEntity } from "./system/user.entity";

/** Every entity the DataSource maps: the foundation's and each area's (src/registry). */
export const entities: AnyClass[] = [TenantEntity, UserEntity, ApiKeyEntity, ...areas.flatMap((a) => a.entities)];
