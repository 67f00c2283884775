import DataLoader from "dataloader";
import { type EntityManager, In } from "typeorm";
import { TenantEntity } from "../entities/system/tenant.entity";
import { ctx } from "./request-context";

/** The per-request cache of DataLoaders; loaders are created on first use and bound to the request's transaction. */
export type Loaders = Map<string, DataLoader<unknown, unknown>>;

export function createLoaders(): Loaders {
  return new Map();
}

/**
 * Declares a DataLoader once (module level); calling the returned function inside a request gives that
 * request's instance, batching through the request's transaction (so RLS applies and nothing is shared
 * across requests or tenants).
 */
export function defineLoader<K, V>(
  name: string,
  batch: (manager: EntityManager, keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>,
): () => DataLoader<K, V> {
  return () => {
    const c = ctx();
    let loader = c.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => batch(c.manager, keys));
      c.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  };
}

/** Loads rows by id and returns them in key order (null where not found or not visible under RLS). */
export function byIdLoader<T extends { id: string }>(name: string, entity: new () => T) {
  return defineLoader<string, T | null>(name, async (manager, ids) => {
    const rows = await manager.find(entity, { where: { id: In([...ids]) } as never });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

export const tenantLoader = byIdLoader("tenant", TenantEntity);
