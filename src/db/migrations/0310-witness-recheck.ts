import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { PIN_DEFINERS, SAFE_SEARCH_PATH } from "./sql";

/** Only a SECURITY DEFINER function (its owner, outside the runtime group) may use a flag-gated policy branch. */
const DEFINER_ONLY = `NOT pg_catalog.pg_has_role('${RUNTIME_GROUP}', 'USAGE')`;

/**
 * The outside witness re-checked at the draw (issue 11). A supervisor of a body designated to supervise the region's
 * draws (纪委监委, 公证: 0234) is checked in their own session when they confirm; between the confirmation and the
 * draw they may be deactivated, lose the SUPERVISOR role, or their body may lose the designation. The drawing
 * department cannot read another tenant's users (RLS), so it asks this function, which answers one boolean:
 *
 * draw_witness_eligible(p_lock, p_witness) is true only when
 * - p_lock is an OPEN lock of the caller's own department (draw_lock.tenant_id = app_tenant_id()), and p_witness is
 *   the witness who confirmed it (any other lock or user: false, so it probes nobody);
 * - the witness is still an active SUPERVISOR of the tenant recorded with the confirmation, and that tenant is the
 *   lock's department or still a designated draw supervisor of the department's region — the rule of
 *   src/services/draw/draw-witness.service.ts (refusal) for the one row the department cannot read.
 *
 * FORCE RLS binds the definer too: it raises app.draw_witness_check to the one witness id, only after the lock check,
 * for its own query, and the policy below honours that flag only outside the runtime group (the runtime role setting
 * it itself reads nothing). Hardened like every definer: SAFE_SEARCH_PATH, schema-qualified names, EXECUTE for the
 * runtime group only.
 */
export class WitnessRecheck1763856000310 implements MigrationInterface {
  name = "WitnessRecheck1763856000310";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE POLICY app_user_draw_witness_check ON app_user FOR SELECT
         USING (id::text = current_setting('app.draw_witness_check', true) AND ${DEFINER_ONLY})`,
      `CREATE FUNCTION public.draw_witness_eligible(p_lock uuid, p_witness uuid) RETURNS boolean
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${SAFE_SEARCH_PATH} AS $$
        DECLARE
          l record;
          result boolean;
        BEGIN
          IF p_lock IS NULL OR p_witness IS NULL OR public.app_tenant_id() IS NULL THEN RETURN false; END IF;
          SELECT dl.tenant_id, dl.witness_tenant_id INTO l FROM public.draw_lock dl
           WHERE dl.id = p_lock AND dl.tenant_id = public.app_tenant_id() AND dl.status = 'OPEN'
             AND dl.witness_id = p_witness;
          IF NOT FOUND THEN RETURN false; END IF;
          PERFORM pg_catalog.set_config('app.draw_witness_check', p_witness::text, true);
          SELECT EXISTS (
            SELECT 1 FROM public.app_user u
              JOIN public.tenant w ON w.id = u.tenant_id
              JOIN public.tenant d ON d.id = l.tenant_id
             WHERE u.id = p_witness AND u.tenant_id = l.witness_tenant_id AND u.active
               AND 'SUPERVISOR' = ANY (u.roles)
               AND (u.tenant_id = l.tenant_id OR (w.supervises_draws AND w.region_code = d.region_code))
          ) INTO result;
          PERFORM pg_catalog.set_config('app.draw_witness_check', '', true);
          RETURN result;
        END $$`,
      `REVOKE ALL ON FUNCTION public.draw_witness_eligible(uuid, uuid) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION public.draw_witness_eligible(uuid, uuid) TO ${RUNTIME_GROUP}`,
      PIN_DEFINERS,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP FUNCTION public.draw_witness_eligible(uuid, uuid)");
    await q.query("DROP POLICY app_user_draw_witness_check ON app_user");
  }
}
