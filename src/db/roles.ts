import { Client } from "pg";

/** Group role that holds every runtime grant; login roles join it. NOSUPERUSER NOBYPASSRLS, owns nothing. */
export const RUNTIME_GROUP = "jointcheck_runtime";
/** Default runtime login role, used when APP_DATABASE_URL is not given. */
export const RUNTIME_LOGIN = "jointcheck_app";
/** Owner of the schema in the embedded cluster; runs migrations. */
export const OWNER_LOGIN = "jointcheck_owner";

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * As a superuser of a fresh cluster: creates the owner role and the application database owned by it.
 * Idempotent. Returns the owner's URL for that database.
 */
export async function createOwnerAndDatabase(
  superuserUrl: string,
  database: string,
  ownerPassword: string,
): Promise<string> {
  await withClient(superuserUrl, async (c) => {
    await c.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(OWNER_LOGIN)}) THEN
        CREATE ROLE ${ident(OWNER_LOGIN)} LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE CREATEDB;
      END IF; END $$`);
    await c.query(`ALTER ROLE ${ident(OWNER_LOGIN)} PASSWORD ${literal(ownerPassword)}`);
    const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await c.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(OWNER_LOGIN)} ENCODING 'UTF8'`);
  });
  const u = new URL(superuserUrl);
  u.username = OWNER_LOGIN;
  u.password = ownerPassword;
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * As the owner: makes sure the runtime group exists and the runtime login role is in it.
 * With `password` the default login role is created or its password set (needs CREATEROLE);
 * without it the login role of APP_DATABASE_URL is expected to exist already (created by a DBA).
 */
export async function ensureRuntimeRoles(ownerUrl: string, login: string, password?: string): Promise<void> {
  await withClient(ownerUrl, async (c) => {
    await c.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(RUNTIME_GROUP)}) THEN
        CREATE ROLE ${ident(RUNTIME_GROUP)} NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(login)}) THEN
        CREATE ROLE ${ident(login)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      END IF; END $$`);
    await c.query(`GRANT ${ident(RUNTIME_GROUP)} TO ${ident(login)}`);
    if (password === undefined) return;
    await c.query(`ALTER ROLE ${ident(login)} PASSWORD ${literal(password)}`);
    // Bound the damage of a stuck request: no transaction of the runtime role may idle or run forever.
    await c.query(`ALTER ROLE ${ident(login)} SET idle_in_transaction_session_timeout = '60s'`);
    await c.query(`ALTER ROLE ${ident(login)} SET statement_timeout = '120s'`);
  });
}

/** The runtime URL: APP_DATABASE_URL when given, else the owner URL with the default runtime login. */
export function runtimeUrl(ownerUrl: string, login: string, password: string): string {
  const u = new URL(ownerUrl);
  u.username = login;
  u.password = password;
  return u.toString();
}
