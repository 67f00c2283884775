import { areas } from "../registry";
import type { AnyClass } from "../registry/area";
import { ApiKeyEntity } from "./api-key";
import { TenantEntity } from "./tenant";
import { UserEntity } from "./user";

/** Every entity the DataSource maps: the foundation's and each area's (src/registry). */
export const entities: AnyClass[] = [TenantEntity, UserEntity, ApiKeyEntity, ...areas.flatMap((a) => a.entities)];
