import { ApiKeyEntity } from "./api-key";
import { TenantEntity } from "./tenant";
import { UserEntity } from "./user";

/** Every entity the DataSource maps; add new ones here. */
export const entities = [TenantEntity, UserEntity, ApiKeyEntity];
