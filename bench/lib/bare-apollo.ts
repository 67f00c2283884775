import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { Pool } from "pg";

/**
 * The baseline of `npm run bench -- http`, run as its own process: bare Apollo Server 5 on express 5 with a schema
 * of one type, whose `me` resolver does one pooled SELECT of the same user row (BARE_USER_ID) from a copy of the
 * row without RLS. No authentication, no transaction, no validation rules beyond graphql-js's.
 */
async function main() {
  const pool = new Pool({ connectionString: process.env.BARE_DATABASE_URL, max: Number(process.env.BARE_POOL ?? 10) });
  const userId = process.env.BARE_USER_ID;
  const apollo = new ApolloServer({
    typeDefs: `type User { id: ID! username: String! displayName: String! } type Query { me: User! }`,
    resolvers: {
      Query: {
        me: async () => {
          const { rows } = await pool.query(
            `SELECT id, username, display_name AS "displayName" FROM bench_user WHERE id = $1`,
            [userId],
          );
          return rows[0];
        },
      },
    },
  });
  await apollo.start();
  const app = express();
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
