import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { tenantOwned } from "./sql";

/** Only the SECURITY DEFINER lookup (its owner, outside the runtime group) may use the flag-gated policy branch. */
const DEFINER_ONLY = `NOT pg_catalog.pg_has_role('${RUNTIME_GROUP}', 'USAGE')`;
const FLAG = `current_setting('app.visit_code_lookup', true) = 'on' AND ${DEFINER_ONLY}`;

/**
 * The inspected firm's side (issue 15): the codes printed on a notice and shown on an inspector's assignment
 * (扫码核验 and the firm's one-time 办事码), the firm's booking and feedback (双预约, confirmation, rating), and the
 * requests it sends to the department's supervisor (申请回避, complaints about conduct).
 *
 * A code says which department it belongs to only through visit_code_lookup(): anonymous callers have no tenant,
 * and the function returns the tenant and assignment of one exact code, nothing else (no enumeration: no prefix,
 * no list). firm_request rows are for the supervisor only: a restrictive policy keeps them from every other role
 * of the department (inspectors never see a complaint about them); the firm itself reaches its rows with no role.
 */
export class FirmSide1763856000110 implements MigrationInterface {
  name = "FirmSide1763856000110";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE visit_code (
        assignment_id uuid PRIMARY KEY REFERENCES assignment (id),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        verify_code text NOT NULL UNIQUE CHECK (verify_code ~ '^[0-9A-Z]{12}$'),
        firm_code text NOT NULL UNIQUE CHECK (firm_code ~ '^[0-9A-Z]{16}$'),
        expires_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("visit_code", "SELECT, INSERT"),
      `CREATE POLICY visit_code_lookup ON visit_code FOR SELECT USING (${FLAG})`,
      `CREATE TABLE firm_visit (
        assignment_id uuid PRIMARY KEY REFERENCES assignment (id),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        booking jsonb,
        booking_status text NOT NULL DEFAULT 'UNSCHEDULED'
          CHECK (booking_status IN ('UNSCHEDULED', 'PROPOSED', 'CONTESTED', 'AGREED')),
        agreed_date date,
        took_place boolean,
        confirmed_at timestamptz,
        confirm_note text,
        rating int CHECK (rating BETWEEN 1 AND 5),
        comment text,
        rated_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("firm_visit", "SELECT, INSERT, UPDATE"),
      `CREATE TABLE firm_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        assignment_id uuid NOT NULL REFERENCES assignment (id),
        kind text NOT NULL CHECK (kind IN ('RECUSAL', 'COMPLAINT')),
        inspector_id uuid REFERENCES inspector (id),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'GRANTED', 'REJECTED', 'CLOSED')),
        decision_note text,
        decided_by uuid REFERENCES app_user (id),
        decided_at timestamptz,
        substitute_id uuid REFERENCES inspector (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'RECUSAL') = (inspector_id IS NOT NULL))
      )`,
      ...tenantOwned("firm_request", "SELECT, INSERT, UPDATE"),
      `CREATE INDEX firm_request_queue_idx ON firm_request (tenant_id, status, created_at)`,
      // The supervisor's queue, or the firm through its code (no role at all); never an inspector, planner or admin.
      `CREATE POLICY firm_request_supervisor_only ON firm_request AS RESTRICTIVE
        USING (app_has_role('SUPERVISOR') OR coalesce(current_setting('app.roles', true), '') = '')
        WITH CHECK (app_has_role('SUPERVISOR') OR coalesce(current_setting('app.roles', true), '') = '')`,
      `CREATE FUNCTION visit_code_lookup(p_code text, p_firm boolean)
        RETURNS TABLE (tenant_id uuid, assignment_id uuid)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        #variable_conflict use_column
        BEGIN
          IF p_code IS NULL OR p_firm IS NULL THEN RETURN; END IF;
          PERFORM pg_catalog.set_config('app.visit_code_lookup', 'on', true);
          RETURN QUERY
            SELECT c.tenant_id, c.assignment_id FROM public.visit_code c
             WHERE CASE WHEN p_firm THEN c.firm_code = p_code ELSE c.verify_code = p_code END;
          PERFORM pg_catalog.set_config('app.visit_code_lookup', '', true);
        END $$`,
      `COMMENT ON FUNCTION visit_code_lookup(text, boolean) IS 'The department and assignment of one exact verification code (p_firm = false) or firm code (p_firm = true); nothing else.'`,
      `REVOKE ALL ON FUNCTION visit_code_lookup(text, boolean) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION visit_code_lookup(text, boolean) TO ${RUNTIME_GROUP}`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP FUNCTION visit_code_lookup(text, boolean)");
    for (const t of ["firm_request", "firm_visit", "visit_code"]) await q.query(`DROP TABLE ${t}`);
  }
}
