import { randomBytes } from "node:crypto";
import { OWNER_LOGIN, RUNTIME_LOGIN, withClient } from "../../src/db/roles";

export interface TestDatabase {
  name: string;
  superuserUrl: string;
  ownerUrl: string;
  /** The runtime role: NOSUPERUSER NOBYPASSRLS, not the owner. Isolation tests connect with this. */
  appUrl: string;
  drop(): Promise<void>;
}

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set: integration tests need the global setup (run them through jest)`);
  return v;
};

/** A fresh copy of the template database (migrated, with the demo region) for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const superuserUrl = env("JC_TEST_SUPERUSER_URL");
  const name = `jc_t_${process.pid}_${randomBytes(4).toString("hex")}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await withClient(superuserUrl, (c) =>
        c.query(`CREATE DATABASE ${name} TEMPLATE ${env("JC_TEST_TEMPLATE_DB")} OWNER ${OWNER_LOGIN}`),
      );
      break;
    } catch (e) {
      // Two workers copying the template at the same moment: PostgreSQL refuses one; try again shortly.
      if (attempt > 20 || !String(e).includes("being accessed by other users")) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const withUser = (user: string, password: string) => {
    const u = new URL(superuserUrl);
    u.username = user;
    u.password = password;
    u.pathname = `/${name}`;
    return u.toString();
  };
  const su = new URL(superuserUrl);
  su.pathname = `/${name}`;
  return {
    name,
    superuserUrl: su.toString(),
    ownerUrl: withUser(OWNER_LOGIN, env("JC_TEST_OWNER_PASSWORD")),
    appUrl: withUser(RUNTIME_LOGIN, env("JC_TEST_APP_PASSWORD")),
    drop: () =>
      withClient(superuserUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
