import "reflect-metadata";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../src/db/embedded";
import { provisionDatabase } from "../../src/db/provision";
import { withClient } from "../../src/db/roles";
import { loadDemoDataIfEmpty } from "../../src/demo/load-demo-data";
import { createLogger } from "../../src/logger";

export const TEMPLATE_DB = "jc_test_template";

/**
 * One PostgreSQL per test run: TEST_DATABASE_URL (a superuser URL of an existing cluster) or an embedded one
 * on a free port in a temporary directory. Builds a template database (migrations + demo data) that each test
 * file copies, so every file starts from the same clean state in a fraction of a second.
 */
export default async function globalSetup(): Promise<void> {
  const log = createLogger("warn");
  let superuserUrl = process.env.TEST_DATABASE_URL;
  if (!superuserUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), "jointcheck-test-"));
    const pg = await startEmbeddedPostgres(dir, log);
    superuserUrl = pg.superuserUrl;
    (globalThis as { __JC_PG__?: typeof pg }).__JC_PG__ = pg;
  }
  const ownerPassword = "owner-test-password";
  const appPassword = "app-test-password";
  await withClient(superuserUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`));
  const { ownerUrl } = await provisionDatabase(superuserUrl, TEMPLATE_DB, { owner: ownerPassword, app: appPassword });
  await loadDemoDataIfEmpty(ownerUrl, log);
  Object.assign(process.env, {
    JC_TEST_SUPERUSER_URL: superuserUrl,
    JC_TEST_TEMPLATE_DB: TEMPLATE_DB,
    JC_TEST_OWNER_PASSWORD: ownerPassword,
    JC_TEST_APP_PASSWORD: appPassword,
  });
}
