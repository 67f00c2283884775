import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ThrottleLimits } from "./auth/password-guard";
import type { LiveLimits } from "./pubsub/live-hub";

/** Settings read once from the environment at start; see the table in README.md. */
export interface Config {
  nodeEnv: "development" | "production" | "test";
  host: string;
  port: number;
  dataDir: string;
  /** Owner/migration connection; undefined → embedded PostgreSQL under dataDir. */
  databaseUrl?: string;
  /** Runtime connection (NOSUPERUSER NOBYPASSRLS, not the owner). Derived when absent. */
  appDatabaseUrl?: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  pubsub: "memory" | "postgres" | "redis";
  redisUrl?: string;
  logLevel: LogLevel;
  poolSize: number;
  /** Query limits, applied on HTTP and WebSocket alike. */
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxMutationFields: number;
  maxDirectives: number;
  maxTokens: number;
  maxPageSize: number;
  /** Open WebSockets one client address may hold at once. */
  maxSocketsPerClient: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (express's "trust proxy": `false`, a hop
   * count, or addresses/CIDRs/`loopback`); the address keys the login throttle and the WebSocket cap.
   */
  trustProxy: boolean | number | string;
  demoData: boolean;
  /**
   * Subscribers of one event with the same document, variables and visibility share one execution (default).
   * `LIVE_SHARED_EXECUTION=false` executes per subscriber: the fan-out bench's same-run baseline, and a diagnostic.
   */
  liveSharedExecution: boolean;
  /** Live subscribers' buffer sizes (defaults in src/pubsub/live-hub.ts); not from the environment: tests, benches. */
  liveLimits?: Partial<LiveLimits>;
  /** Password-check throttle (defaults in src/auth/password-guard.ts); not from the environment: tests. */
  throttleLimits?: Partial<ThrottleLimits>;
  /**
   * graphql-ws keep-alive: the server pings every N ms and drops a socket that has not answered the previous ping
   * (graphql-ws's default, 12 s). Not from the environment: tests that hold a socket stuck on purpose raise it.
   */
  wsKeepAliveMs?: number;
}

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
  }
}

type Env = Record<string, string | undefined>;

/** Parses and validates the environment. All problems are reported together, so one start shows them all. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const nodeEnv = oneOf(
    env.NODE_ENV ?? "development",
    ["development", "production", "test"] as const,
    "NODE_ENV",
    problems,
  );
  const dataDir = path.resolve(env.DATA_DIR ?? ".data");
  const port = int(env.PORT ?? "4000", "PORT", problems, 0, 65535);
  const pubsub = oneOf(env.PUBSUB ?? "memory", ["memory", "postgres", "redis"] as const, "PUBSUB", problems);
  if (pubsub === "redis" && !env.REDIS_URL) problems.push("PUBSUB=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379)");
  for (const key of ["DATABASE_URL", "APP_DATABASE_URL", "REDIS_URL"] as const) {
    const v = env[key];
    if (v && !/^(postgres(ql)?|rediss?):\/\//.test(v))
      problems.push(`${key} must be a URL (postgres://… or redis://…)`);
  }
  if (nodeEnv === "production" && !env.DATABASE_URL)
    problems.push("DATABASE_URL is required in production (the embedded database is for development and demos)");
  let jwtSecret = env.JWT_SECRET;
  if (jwtSecret !== undefined && jwtSecret.length < 32) problems.push("JWT_SECRET must be at least 32 characters");
  if (!jwtSecret) {
    if (nodeEnv === "production") problems.push("JWT_SECRET is required in production (at least 32 random characters)");
    else if (problems.length === 0) jwtSecret = persistedSecret(dataDir, "jwt-secret");
  }
  const logLevel = oneOf(env.LOG_LEVEL ?? (nodeEnv === "test" ? "warn" : "info"), LOG_LEVELS, "LOG_LEVEL", problems);
  const config: Config = {
    nodeEnv,
    host: env.HOST ?? "127.0.0.1",
    port,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    appDatabaseUrl: env.APP_DATABASE_URL || undefined,
    jwtSecret: jwtSecret ?? "",
    jwtTtlSeconds: int(env.JWT_TTL_SECONDS ?? "3600", "JWT_TTL_SECONDS", problems, 60, 86400),
    pubsub,
    redisUrl: env.REDIS_URL || undefined,
    logLevel,
    poolSize: int(env.DB_POOL_SIZE ?? "10", "DB_POOL_SIZE", problems, 1, 200),
    maxDepth: int(env.GRAPHQL_MAX_DEPTH ?? "10", "GRAPHQL_MAX_DEPTH", problems, 2, 50),
    maxCost: int(env.GRAPHQL_MAX_COST ?? "5000", "GRAPHQL_MAX_COST", problems, 10, 1_000_000),
    maxAliases: int(env.GRAPHQL_MAX_ALIASES ?? "15", "GRAPHQL_MAX_ALIASES", problems, 0, 1000),
    maxMutationFields: int(env.GRAPHQL_MAX_MUTATION_FIELDS ?? "5", "GRAPHQL_MAX_MUTATION_FIELDS", problems, 1, 100),
    maxDirectives: int(env.GRAPHQL_MAX_DIRECTIVES ?? "20", "GRAPHQL_MAX_DIRECTIVES", problems, 0, 1000),
    maxTokens: int(env.GRAPHQL_MAX_TOKENS ?? "2000", "GRAPHQL_MAX_TOKENS", problems, 100, 100_000),
    maxPageSize: int(env.GRAPHQL_MAX_PAGE_SIZE ?? "500", "GRAPHQL_MAX_PAGE_SIZE", problems, 1, 10_000),
    maxSocketsPerClient: int(env.WS_MAX_PER_CLIENT ?? "50", "WS_MAX_PER_CLIENT", problems, 1, 100_000),
    trustProxy: trustProxy(env.TRUST_PROXY, problems),
    demoData: nodeEnv !== "production" && env.DEMO_DATA !== "false",
    liveSharedExecution:
      oneOf(env.LIVE_SHARED_EXECUTION ?? "true", ["true", "false"], "LIVE_SHARED_EXECUTION", problems) !== "false",
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** A random secret generated once and kept in the data directory, so tokens survive restarts in development. */
export function persistedSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** TRUST_PROXY: absent/false → none; true; a hop count; or a comma-separated list of addresses, CIDRs, `loopback`. */
function trustProxy(raw: string | undefined, problems: string[]): boolean | number | string {
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (!/^[0-9a-fA-F:.,/ a-z]+$/.test(raw))
    problems.push(`TRUST_PROXY must be false, true, a hop count or addresses/CIDRs (got "${raw}")`);
  return raw;
}

function int(raw: string, name: string, problems: string[], min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return min;
  }
  return n;
}

function oneOf<T extends string>(raw: string, allowed: readonly T[], name: string, problems: string[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${name} must be one of ${allowed.join(", ")} (got "${raw}")`);
  return allowed[0];
}
