import DataLoader from "dataloader";
import { In, type EntityManager } from "typeorm";
import { TenantEntity } from "../entities/tenant";

/** Per-request DataLoaders bound to the request's transaction (never shared across requests or tenants). */
export function createLoaders(manager: EntityManager) {
  return {
    tenant: new DataLoader<string, TenantEntity | null>(async (ids) => {
      const rows = await manager.find(TenantEntity, { where: { id: In([...ids]) } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
