import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";

/**
 * One clock in the database too: each transaction carries the business date (China) and the instant of the one
 * clock (src/time), set by src/db/tenant-transaction.ts beside app.tenant_id. Policies and defaults read them
 * through app_today() / app_now() instead of the database server's own (UTC) date and clock. Unset → NULL, so a
 * transaction that does not say which day it is sees no date-bound rows and cannot insert a defaulted date.
 *
 * Fixes the lent-inspector policy, which compared a Beijing `valid_from` with the database's UTC date and hid a lent
 * inspector from 00:00 to 08:00 Beijing time.
 */
export class BusinessClock1763856000013 implements MigrationInterface {
  name = "BusinessClock1763856000013";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE FUNCTION app_today() RETURNS date LANGUAGE sql STABLE AS
        $$ SELECT nullif(current_setting('app.business_date', true), '')::date $$`,
      `CREATE FUNCTION app_now() RETURNS timestamptz LANGUAGE sql STABLE AS
        $$ SELECT nullif(current_setting('app.now', true), '')::timestamptz $$`,
      `REVOKE ALL ON FUNCTION app_today(), app_now() FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION app_today(), app_now() TO ${RUNTIME_GROUP}`,

      `DROP POLICY inspector_lent_read ON inspector`,
      `CREATE POLICY inspector_lent_read ON inspector FOR SELECT USING (EXISTS (
        SELECT 1 FROM inspector_share s WHERE s.inspector_id = inspector.id AND s.partner_tenant_id = app_tenant_id()
          AND s.valid_from <= app_today() AND (s.valid_to IS NULL OR s.valid_to >= app_today())))`,

      `DROP POLICY draw_public ON draw`,
      `CREATE POLICY draw_public ON draw FOR SELECT USING (public_after IS NOT NULL AND public_after <= app_now())`,
      `DROP POLICY joint_draw_public ON joint_draw`,
      `CREATE POLICY joint_draw_public ON joint_draw FOR SELECT USING (
         public_after IS NOT NULL AND public_after <= app_now()
         AND EXISTS (SELECT 1 FROM joint_task t JOIN joint_plan_publication pp ON pp.plan_id = t.plan_id
                      WHERE t.id = joint_draw.task_id))`,

      `ALTER TABLE inspector ALTER COLUMN status_since SET DEFAULT app_today()`,
      `ALTER TABLE inspector_share ALTER COLUMN valid_from SET DEFAULT app_today()`,
      `ALTER TABLE inspector_conflict ALTER COLUMN valid_from SET DEFAULT app_today()`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(): Promise<void> {
    // Not reversible on purpose: the policies it replaced compared Beijing dates with the server's UTC date.
    throw new Error("BusinessClock1763856000013 cannot be reverted");
  }
}
