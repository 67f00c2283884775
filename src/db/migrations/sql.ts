import { RUNTIME_GROUP } from "../roles";

/**
 * SQL that makes a table tenant-owned: RLS enabled and forced (the owner is subject too), one policy that
 * reads and writes only rows of `app.tenant_id`, and the runtime grants. Fails closed: no tenant → no rows.
 */
export function tenantOwned(table: string, grants = "SELECT, INSERT, UPDATE, DELETE"): string[] {
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())`,
    `CREATE INDEX ${table}_tenant_idx ON ${table} (tenant_id)`,
    `GRANT ${grants} ON ${table} TO ${RUNTIME_GROUP}`,
  ];
}

/** RLS on without a tenant policy: the caller adds explicit policies (shared or public data). */
export function rlsOn(table: string, grants: string): string[] {
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `GRANT ${grants} ON ${table} TO ${RUNTIME_GROUP}`,
  ];
}
