import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";

/**
 * 口令校验限流: counters of password attempts, shared by every instance (src/auth/password-guard.ts). A key is an
 * HMAC of "account", "address", "account+address" or "known account+address" (an address the account signed in
 * from): no user names or addresses are stored in the clear. Not tenant data (an address spans departments), so
 * no RLS; the runtime role reads and writes it through its own small pool, outside the operation's transaction,
 * so that a failed attempt counts even though the operation rolls back.
 */
export class AuthThrottle1763856000020 implements MigrationInterface {
  name = "AuthThrottle1763856000020";

  async up(q: QueryRunner): Promise<void> {
    for (const s of [
      `CREATE TABLE auth_throttle (
        key text PRIMARY KEY CHECK (key ~ '^[a-z]+:[0-9a-f]{64}$'),
        attempts int NOT NULL CHECK (attempts >= 0),
        window_start timestamptz NOT NULL
      )`,
      `CREATE INDEX auth_throttle_window_idx ON auth_throttle (window_start)`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON auth_throttle TO ${RUNTIME_GROUP}`,
    ])
      await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE auth_throttle");
  }
}
