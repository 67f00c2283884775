import { DataSource } from "typeorm";
import { entities } from "../entities";
import { migrations } from "./migrations";

/** The runtime pool: connects as the runtime role, so RLS applies to every query it runs. */
export function runtimeDataSource(url: string, poolSize: number): DataSource {
  return new DataSource({
    type: "postgres",
    url,
    entities,
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, application_name: "jointcheck" },
  });
}

/** The owner connection: migrations and bootstrap only. */
export function ownerDataSource(url: string): DataSource {
  return new DataSource({
    type: "postgres",
    url,
    entities,
    migrations,
    migrationsTableName: "schema_migration",
    synchronize: false,
    extra: { max: 2, application_name: "jointcheck-migrate" },
  });
}

/** Runs pending migrations as the owner; returns their names. */
export async function migrate(ownerUrl: string): Promise<string[]> {
  const ds = ownerDataSource(ownerUrl);
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: "each" });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
