import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { Pool } from "pg";
import { sqlLiteral } from "../../src/db/sql-literal";
import { chinaDate } from "../../src/time/china";

/**
 * The baselines of `npm run bench -- http`, each run as its own process: bare Apollo Server 5 on express 5 with a
 * schema of one type.
 *
 * - BARE_MODE=bare (default): `me` does one pooled SELECT of the same user row (BARE_USER_ID) from a copy of the
 *   row without RLS. No authentication, no transaction, no validation rules beyond graphql-js's.
 * - BARE_MODE=floor: the least any server can do under the platform's tenancy rules (DESIGN.md): each request runs
 *   in an AsyncLocalStorage context (how services reach the request), and `me` is one simple-query round trip, as
 *   the runtime role under RLS, of `BEGIN; SELECT set_config(<the five transaction-local settings>); <the user row,
 *   active only>; COMMIT`, the same batch the full server sends. Still no token, no validation rules, no
 *   type-graphql or TypeORM: what separates the full server from this floor is the platform's own code and
 *   libraries, and what separates the floor from bare is the cost of the rules themselves.
 * - BARE_MODE=batch: the floor without the request context, to tell the round trip's cost from AsyncLocalStorage's
 *   (whose promise hooks every promise of the process pays on Node 20).
 */
async function main() {
  const pool = new Pool({ connectionString: process.env.BARE_DATABASE_URL, max: Number(process.env.BARE_POOL ?? 10) });
  const userId = process.env.BARE_USER_ID ?? "";
  const tenantId = process.env.BARE_TENANT_ID ?? "";
  const mode = process.env.BARE_MODE ?? "bare";
  const withContext = mode === "floor";
  const als = new AsyncLocalStorage<{ requestId: number }>();
  let requests = 0;
  const bare = async () => {
    const { rows } = await pool.query(
      `SELECT id, username, display_name AS "displayName" FROM bench_user WHERE id = $1`,
      [userId],
    );
    return rows[0];
  };
  const tenancy = async () => {
    if (withContext && !als.getStore()) throw new Error("no request context");
    const at = new Date();
    const settings: Array<[string, string]> = [
      ["app.tenant_id", tenantId],
      ["app.user_id", userId],
      ["app.roles", "PLANNER"],
      ["app.business_date", chinaDate(at)],
      ["app.now", at.toISOString()],
    ];
    const batch = [
      "BEGIN",
      `SELECT ${settings.map(([k, v]) => `set_config(${sqlLiteral(k)}, ${sqlLiteral(v)}, true)`).join(", ")}`,
      `SELECT id, tenant_id, username, display_name, roles, active, created_at, updated_at,
              set_config('app.roles', array_to_string(roles, ','), true) AS _roles
         FROM public.app_user WHERE id = ${sqlLiteral(userId)}::uuid AND active`,
      "COMMIT",
    ].join(";\n");
    const client = await pool.connect();
    try {
      const results = (await client.query(batch)) as unknown as Array<{ rows: Record<string, unknown>[] }>;
      const row = results[2].rows[0];
      if (!row) throw new Error("user not found");
      return { id: row.id, username: row.username, displayName: row.display_name };
    } finally {
      client.release();
    }
  };
  const apollo = new ApolloServer({
    typeDefs: `type User { id: ID! username: String! displayName: String! } type Query { me: User! }`,
    resolvers: { Query: { me: mode === "bare" ? bare : tenancy } },
  });
  await apollo.start();
  const app = express();
  if (withContext) app.use((_req, _res, next) => als.run({ requestId: ++requests }, next));
  app.use("/graphql", express.json(), expressMiddleware(apollo));
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  console.log(`BARE_URL http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  process.on("SIGTERM", () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

void main();
