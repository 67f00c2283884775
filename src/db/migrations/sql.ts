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

/**
 * The search_path of every SECURITY DEFINER function: the catalog first, then the schema, pg_temp LAST. Left out,
 * pg_temp is searched first for relations, and the caller's temporary view would shadow the table the function
 * reads with the owner's rights. Bodies name their objects schema-qualified as well.
 */
export const SAFE_SEARCH_PATH = "pg_catalog, public, pg_temp";

/**
 * Pins SAFE_SEARCH_PATH on every SECURITY DEFINER function of the schema and takes EXECUTE from PUBLIC (the runtime
 * group keeps its explicit grants). Run it at the end of any migration that creates a definer;
 * test/integration/database-floor.test.ts fails for a definer without the pinned path.
 */
export const PIN_DEFINERS = `DO $$
  DECLARE f regprocedure;
  BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef LOOP
      EXECUTE pg_catalog.format('ALTER FUNCTION %s SET search_path = ${SAFE_SEARCH_PATH}', f);
      EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
  END $$`;
