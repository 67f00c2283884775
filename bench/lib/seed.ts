import type { Client } from "pg";

/**
 * Inside an open transaction of the owner: the bench department (code "bench"), with app.tenant_id set to it so
 * that the caller can insert its rows under FORCE RLS. Returns its id.
 */
export async function benchTenant(c: Client): Promise<string> {
  await c.query("SELECT set_config('app.roles', 'PLATFORM_ADMIN', true)");
  const [t] = (
    await c.query(
      `INSERT INTO tenant (code, name, region_code, kind) VALUES ('bench', '压测部门', '150821', 'COUNTY_BUREAU') RETURNING id`,
    )
  ).rows;
  await c.query("SELECT set_config('app.tenant_id', $1, true)", [t.id]);
  return t.id;
}
