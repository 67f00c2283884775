import "reflect-metadata";
import { ConfigError, loadConfig } from "./config";
import { prepareDatabase } from "./db/setup";
import { DALAD_COORDINATOR } from "./demo/county-demo";
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_USERS, PLATFORM_ADMIN } from "./demo/departments";
import { loadDemoDataIfEmpty } from "./demo/load-demo-data";
import { runDemoWalkthrough } from "./demo/walkthrough";
import { createLogger } from "./logger";
import { createServer } from "./server";

/** config → database (embedded or DATABASE_URL) → migrations → demo data when empty → server. */
async function main(): Promise<void> {
  const started = Date.now();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const db = await prepareDatabase(config, log);
  const loaded = config.demoData ? await loadDemoDataIfEmpty(db.ownerUrl, log) : false;
  const server = await createServer({ ...config, appDatabaseUrl: db.appUrl });
  // A fresh demo database is walked from a drawn task to a published result through the real API.
  if (loaded)
    await runDemoWalkthrough(server.url, db.ownerUrl, log).catch((e) =>
      log.warn("demo walkthrough failed; the demo region is loaded without it", { error: String(e) }),
    );

  const shutdown = async (signal: string) => {
    log.info("shutting down", { signal });
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    try {
      await server.close();
      await db.stop();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));

  const lines = [
    "",
    `  jointcheck 联合抽查平台 is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  GraphQL (HTTP and WebSocket): ${server.url}/graphql`,
    `  Health: ${server.url}/healthz   Ready: ${server.url}/readyz`,
  ];
  if (config.demoData) {
    lines.push(
      `  Demo logins${loaded ? " (just loaded)" : ""}: password "${DEMO_PASSWORD}" for every account`,
      `    platform admin: tenant "platform", user "${PLATFORM_ADMIN.username}"`,
      `    departments: ${DEMO_DEPARTMENTS.map((d) => d.code).join(", ")}`,
      `    users in each: ${DEMO_USERS.map((u) => u.username).join(", ")}   (coordinator: wy-samr)`,
      `    second region 达拉特旗: ${DALAD_COORDINATOR.code} (coordinator, 29 member units of seed 001)`,
    );
  }
  console.log(`${lines.join("\n")}\n`);
}

main().catch((e) => {
  console.error("jointcheck failed to start:", e instanceof Error ? e.message : e);
  process.exit(1);
});
