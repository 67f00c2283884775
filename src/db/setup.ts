import path from "node:path";
import { type Config, persistedSecret } from "../config";
import type { Logger } from "../logger";
import { startEmbeddedPostgres } from "./embedded";
import { migrate } from "./migrate";
import { createOwnerAndDatabase, ensureRuntimeRoles, RUNTIME_LOGIN, runtimeUrl } from "./roles";

export interface PreparedDatabase {
  ownerUrl: string;
  appUrl: string;
  /** Stops the embedded cluster, if one was started. */
  stop(): Promise<void>;
}

/**
 * Gets a database ready to serve: the embedded cluster when DATABASE_URL is absent, the runtime roles, and
 * all migrations. The returned appUrl is the runtime role's (NOSUPERUSER, NOBYPASSRLS, not the owner).
 */
export async function prepareDatabase(config: Config, log: Logger): Promise<PreparedDatabase> {
  let ownerUrl = config.databaseUrl;
  let stop = async () => {};
  if (!ownerUrl) {
    const pg = await startEmbeddedPostgres(path.join(config.dataDir, "postgres"), log);
    stop = pg.stop;
    ownerUrl = await createOwnerAndDatabase(
      pg.superuserUrl,
      "jointcheck",
      persistedSecret(config.dataDir, "db-owner-password"),
    );
  }
  let appUrl = config.appDatabaseUrl;
  if (appUrl) {
    await ensureRuntimeRoles(ownerUrl, decodeURIComponent(new URL(appUrl).username));
  } else {
    const password = persistedSecret(config.dataDir, "db-app-password");
    await ensureRuntimeRoles(ownerUrl, RUNTIME_LOGIN, password);
    appUrl = runtimeUrl(ownerUrl, RUNTIME_LOGIN, password);
  }
  const applied = await migrate(ownerUrl);
  if (applied.length) log.info("migrations applied", { migrations: applied });
  return { ownerUrl, appUrl, stop };
}
