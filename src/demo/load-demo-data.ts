import { Client } from "pg";
import { hashPassword } from "../auth/password";
import { transactionSettings } from "../db/tenant-transaction";
import type { Logger } from "../logger";
import { loadCatalogDemo } from "./catalog-demo";
import { DALAD_COORDINATOR, DALAD_REGION, loadCountyDemo } from "./county-demo";
import {
  DEMO_DEPARTMENTS,
  DEMO_DRAW_SUPERVISOR,
  DEMO_DRAW_SUPERVISOR_USERS,
  DEMO_PASSWORD,
  DEMO_USERS,
  PLATFORM_ADMIN,
  PLATFORM_TENANT,
  WUYUAN_REGION,
} from "./departments";
import { loadJointDemo } from "./joint-demo";

/**
 * Loads the demo region into an empty database (never in production; the caller checks). Runs as the owner,
 * which FORCE RLS still binds: every insert sets the tenant (and for tenants the platform-admin role) first.
 * Returns false when the database already had tenants.
 */
export async function loadDemoDataIfEmpty(ownerUrl: string, log: Logger): Promise<boolean> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    // One lock so that two starting instances cannot both load the demo.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('jointcheck-demo-data'))");
    const { rows } = await client.query("SELECT count(*)::int AS n FROM tenant");
    if (rows[0].n > 0) {
      await client.query("ROLLBACK");
      return false;
    }
    // All demo accounts share one documented password, so it is hashed once (argon2id is slow on purpose).
    const hash = await hashPassword(DEMO_PASSWORD);
    await client.query(...transactionSettings("", "", "PLATFORM_ADMIN")); // and the business date (src/time)
    const platform = await insertTenant(client, { ...PLATFORM_TENANT, isCoordinator: false });
    await insertUser(client, platform, PLATFORM_ADMIN.username, PLATFORM_ADMIN.displayName, ["PLATFORM_ADMIN"], hash);
    for (const d of DEMO_DEPARTMENTS) {
      const id = await insertTenant(client, { ...d, isCoordinator: d.isCoordinator ?? false });
      for (const u of DEMO_USERS) await insertUser(client, id, u.username, u.displayName, [...u.roles], hash);
    }
    await client.query(...transactionSettings("", "", "PLATFORM_ADMIN"));
    const jw = await insertTenant(client, { ...DEMO_DRAW_SUPERVISOR, isCoordinator: false });
    await client.query("UPDATE tenant SET supervises_draws = true WHERE id = $1", [jw]);
    for (const u of DEMO_DRAW_SUPERVISOR_USERS)
      await insertUser(client, jw, u.username, u.displayName, [...u.roles], hash);
    await client.query(...transactionSettings("", "", "PLATFORM_ADMIN"));
    const dalad = await insertTenant(client, DALAD_COORDINATOR, DALAD_REGION);
    for (const u of DEMO_USERS) await insertUser(client, dalad, u.username, u.displayName, [...u.roles], hash);
    await loadCatalogDemo(client);
    await loadJointDemo(client);
    await loadCountyDemo(client);
    await client.query("COMMIT");
    log.info("demo data loaded", { departments: DEMO_DEPARTMENTS.length });
    return true;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}

async function insertTenant(
  c: Client,
  t: { code: string; name: string; kind: string; isCoordinator: boolean },
  regionCode = WUYUAN_REGION,
): Promise<string> {
  const { rows } = await c.query(
    "INSERT INTO tenant (code, name, region_code, kind, is_coordinator) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [t.code, t.name, regionCode, t.kind, t.isCoordinator],
  );
  return rows[0].id;
}

async function insertUser(
  c: Client,
  tenantId: string,
  username: string,
  displayName: string,
  roles: string[],
  hash: string,
) {
  await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
  await c.query(
    "INSERT INTO app_user (tenant_id, username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)",
    [tenantId, username, displayName, hash, roles],
  );
}
