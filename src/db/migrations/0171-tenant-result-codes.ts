import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { SAFE_SEARCH_PATH } from "./sql";

/**
 * Tenant result codes (issue 14: "tenants can add a code (e.g. 已迁出) with its mapping"):
 * - result_code.tenant_id: null for the shared table, else the department that added the code. Codes stay one
 *   namespace (the primary key every result and publication references); a department adds its own with ADMIN.
 * - A department's results and mappings use shared codes or its own, never another department's (trigger).
 * - result_code_mapping is 1:1 per department (one provincial code per code and one code per provincial code). The
 *   mapping stays the department's; a publication records the provincial code it was published with.
 */
export class TenantResultCodes1763856000171 implements MigrationInterface {
  name = "TenantResultCodes1763856000171";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE result_code ADD COLUMN tenant_id uuid REFERENCES tenant (id)`,
      `ALTER TABLE result_code ADD CONSTRAINT result_code_name_length CHECK (length(name) BETWEEN 2 AND 60)`,
      `CREATE UNIQUE INDEX result_code_tenant_name ON result_code (tenant_id, name) WHERE tenant_id IS NOT NULL`,
      `GRANT INSERT ON result_code TO ${RUNTIME_GROUP}`,
      `CREATE POLICY result_code_tenant_add ON result_code FOR INSERT
        WITH CHECK (tenant_id = app_tenant_id() AND app_has_role('ADMIN'))`,
      `CREATE FUNCTION result_code_usable() RETURNS trigger LANGUAGE plpgsql SET search_path = ${SAFE_SEARCH_PATH} AS $$
        DECLARE
          v_code text := pg_catalog.to_jsonb(NEW) ->> TG_ARGV[0];
        BEGIN
          IF EXISTS (SELECT 1 FROM public.result_code c
                      WHERE c.code = v_code AND c.tenant_id IS NOT NULL AND c.tenant_id <> NEW.tenant_id) THEN
            RAISE EXCEPTION 'result code % belongs to another department', v_code USING ERRCODE = 'foreign_key_violation';
          END IF;
          RETURN NEW;
        END $$`,
      `GRANT EXECUTE ON FUNCTION result_code_usable() TO ${RUNTIME_GROUP}`,
      `CREATE TRIGGER inspection_result_code_usable BEFORE INSERT OR UPDATE OF category_code ON inspection_result
        FOR EACH ROW EXECUTE FUNCTION result_code_usable('category_code')`,
      `CREATE TRIGGER result_code_mapping_usable BEFORE INSERT OR UPDATE OF code ON result_code_mapping
        FOR EACH ROW EXECUTE FUNCTION result_code_usable('code')`,
      `ALTER TABLE result_code_mapping ADD CONSTRAINT result_code_mapping_one_to_one UNIQUE (tenant_id, provincial_code)`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      "ALTER TABLE result_code_mapping DROP CONSTRAINT result_code_mapping_one_to_one",
      "DROP TRIGGER result_code_mapping_usable ON result_code_mapping",
      "DROP TRIGGER inspection_result_code_usable ON inspection_result",
      "DROP FUNCTION result_code_usable()",
      "DROP POLICY result_code_tenant_add ON result_code",
      `REVOKE INSERT ON result_code FROM ${RUNTIME_GROUP}`,
      "DELETE FROM result_code WHERE tenant_id IS NOT NULL",
      "DROP INDEX result_code_tenant_name",
      "ALTER TABLE result_code DROP CONSTRAINT result_code_name_length",
      "ALTER TABLE result_code DROP COLUMN tenant_id",
    ])
      await q.query(sql);
  }
}
