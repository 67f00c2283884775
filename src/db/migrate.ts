import { DataSource, type MigrationInterface } from "typeorm";
import { migrations as declared } from "./migrations";

/** The table that records applied migrations (the same shape TypeORM used, so existing databases carry over). */
export const MIGRATION_TABLE = "schema_migration";
/** One migrator at a time per database (two processes starting together must not both apply a migration). */
const MIGRATION_LOCK = 7_263_001;

type MigrationClass = new () => MigrationInterface;

/**
 * Applies the pending migrations as the owner, in the order declared in src/db/migrations/index.ts (TypeORM's own
 * runner sorts by the timestamp in the class name, which ran 0006-joint-lifecycle after 0012). Each migration runs
 * in its own transaction together with its bookkeeping row. Returns the names applied.
 */
export async function migrate(ownerUrl: string, list: MigrationClass[] = declared): Promise<string[]> {
  // No entities: migrations speak SQL, and `npm run migrate` should load migrations only.
  const ds = new DataSource({
    type: "postgres",
    url: ownerUrl,
    entities: [],
    extra: { max: 1, application_name: "jointcheck-migrate" },
  });
  await ds.initialize();
  const qr = ds.createQueryRunner();
  await qr.connect();
  const applied: string[] = [];
  try {
    await qr.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await qr.query(
      `CREATE TABLE IF NOT EXISTS ${MIGRATION_TABLE} (id serial PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL)`,
    );
    const done = new Set<string>(
      (await qr.query(`SELECT name FROM ${MIGRATION_TABLE}`)).map((r: { name: string }) => r.name),
    );
    for (const Migration of list) {
      const m = new Migration();
      const name = m.name ?? Migration.name;
      if (done.has(name)) continue;
      await qr.startTransaction();
      try {
        await m.up(qr);
        await qr.query(`INSERT INTO ${MIGRATION_TABLE} ("timestamp", name) VALUES ($1, $2)`, [timestampOf(name), name]);
        await qr.commitTransaction();
      } catch (e) {
        await qr.rollbackTransaction();
        throw new Error(`migration ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      applied.push(name);
    }
    return applied;
  } finally {
    await qr.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await qr.release();
    await ds.destroy();
  }
}

/** The label in the class name (`Plan1763856000005` → 1763856000005); kept for the table's old shape. */
function timestampOf(name: string): number {
  const m = /(\d{13})$/.exec(name);
  return m ? Number(m[1]) : 0;
}
