import "reflect-metadata";
import { loadConfig } from "../config";
import { prepareDatabase } from "../db/setup";
import { createLogger } from "../logger";

/** `npm run migrate`: runtime roles and migrations on DATABASE_URL (or the embedded database). */
async function run() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const db = await prepareDatabase(config, log);
  await db.stop();
  console.log("migrations up to date");
}

run().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
