import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../src/db/embedded";
import { provisionDatabase } from "../../src/db/provision";
import { withClient } from "../../src/db/roles";
import { createLogger } from "../../src/logger";

export interface BenchDatabase {
  ownerUrl: string;
  appUrl: string;
  close(): Promise<void>;
}

/**
 * A migrated database for a bench: BENCH_DATABASE_URL (a superuser URL of an existing cluster; a fresh database
 * `jc_bench_<pid>` is created in it and dropped afterwards) or an embedded PostgreSQL in a temporary directory.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  const log = createLogger("warn");
  let superuserUrl = process.env.BENCH_DATABASE_URL;
  let stop = async () => {};
  if (!superuserUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), "jointcheck-bench-"));
    const pg = await startEmbeddedPostgres(dir, log);
    superuserUrl = pg.superuserUrl;
    stop = async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const name = `jc_bench_${process.pid}`;
  const su = superuserUrl;
  await withClient(su, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const { ownerUrl, appUrl } = await provisionDatabase(su, name, {
    owner: "bench-owner-password",
    app: "bench-app-password",
  });
  return {
    ownerUrl,
    appUrl,
    close: async () => {
      await withClient(su, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await stop();
    },
  };
}
