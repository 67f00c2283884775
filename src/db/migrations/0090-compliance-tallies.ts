import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";

/** Only a SECURITY DEFINER function (its owner, outside the runtime group) may use a flag-gated policy branch. */
const DEFINER_ONLY = `NOT pg_catalog.pg_has_role('${RUNTIME_GROUP}', 'USAGE')`;
const FLAG = `current_setting('app.compliance_tallies', true) = 'on' AND ${DEFINER_ONLY}`;
/** Tables the tallies read that are not already readable where the function needs them (public draws, plans, tasks,
 * publications and result codes have public policies; a department reads its own rows). */
const TABLES = ["assignment", "inspection_result", "subject"];

/**
 * 合规估计 (docs/ESTIMATES.md §6): the counts a compliance estimate is computed from, per department, task, draw,
 * stratum and the drawn subject's industry and region code — how many were drawn (random assignments only: no 指派,
 * no complaint task), how many have a published result (the current version of its 结果公示) and how many of those
 * have a category with problem_found. Counts only: no subject, no team, no finding leaves the function.
 *
 * compliance_tallies(p_year, p_own, p_tenants):
 * - p_own = false, the public tallies: valid draws past their embargo in published (or closed) plans, every
 *   department (or those in p_tenants). Everything counted is public already (the draw record lists the drawn, the
 *   publications the results); only the link from a publication to its stratum needs this function, because
 *   assignments and internal results are their department's own rows.
 * - p_own = true: the caller's own department, every valid draw (embargoed ones too); refused without a department's
 *   signed-in staff or API key (ADMIN, PLANNER, SUPERVISOR, VIEWER).
 * Either way only published results count: a result not yet published is pending, never clean.
 *
 * Hardened like every definer: search_path pinned with pg_temp last, schema-qualified names, no PUBLIC execute. FORCE
 * RLS binds the definer too: it raises app.compliance_tallies for its own query, and the policies below honour the
 * flag only for a role outside the runtime group, so the runtime role setting the flag itself gains nothing.
 */
export class ComplianceTallies1763856000090 implements MigrationInterface {
  name = "ComplianceTallies1763856000090";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      ...TABLES.map((t) => `CREATE POLICY ${t}_compliance_tallies ON ${t} FOR SELECT USING (${FLAG})`),
      // A result by its assignment, for the tallies' join (assignment → result → current publication).
      `CREATE INDEX inspection_result_assignment_idx ON inspection_result (assignment_id)`,
      `CREATE FUNCTION compliance_tallies(p_year int, p_own boolean, p_tenants uuid[])
        RETURNS TABLE (tenant_id uuid, task_id uuid, draw_id uuid, stratum text, industry_code text,
                       region_code text, drawn int, published int, problems int)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        #variable_conflict use_column
        DECLARE
          v_tenant uuid := public.app_tenant_id();
        BEGIN
          IF p_year IS NULL OR p_own IS NULL THEN
            RAISE EXCEPTION 'compliance_tallies: year and scope are required' USING ERRCODE = 'invalid_parameter_value';
          END IF;
          IF p_own AND (v_tenant IS NULL OR NOT (public.app_has_role('ADMIN') OR public.app_has_role('PLANNER')
                          OR public.app_has_role('SUPERVISOR') OR public.app_has_role('VIEWER'))) THEN
            RAISE EXCEPTION 'compliance_tallies: a department''s own tallies are for its staff'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          PERFORM pg_catalog.set_config('app.compliance_tallies', 'on', true);
          RETURN QUERY
            SELECT a.tenant_id, a.task_id, a.draw_id, a.stratum, s.industry_code, s.region_code,
                   count(*)::int, count(pub.code)::int, (count(*) FILTER (WHERE pub.problem_found))::int
              FROM public.assignment a
              JOIN public.draw d ON d.id = a.draw_id
              JOIN public.inspection_task k ON k.id = a.task_id
              JOIN public.annual_plan p ON p.id = k.plan_id
              JOIN public.subject s ON s.id = a.subject_id
              LEFT JOIN LATERAL (
                SELECT rp.category_code AS code, rc.problem_found
                  FROM public.inspection_result r
                  JOIN public.result_publication rp ON rp.result_id = r.id AND rp.superseded_at IS NULL
                  JOIN public.result_code rc ON rc.code = rp.category_code
                 WHERE r.assignment_id = a.id AND r.tenant_id = a.tenant_id
                 ORDER BY rp.version DESC
                 LIMIT 1) pub ON true
             WHERE a.kind = 'RANDOM' AND a.status <> 'CANCELLED' AND d.status = 'VALID' AND k.kind <> 'COMPLAINT'
               AND p.year = p_year
               AND (p_tenants IS NULL OR a.tenant_id = ANY (p_tenants))
               AND CASE WHEN p_own THEN a.tenant_id = v_tenant
                        ELSE d.public_after IS NOT NULL AND d.public_after <= public.app_now()
                             AND p.status IN ('PUBLISHED', 'CLOSED') END
             GROUP BY a.tenant_id, a.task_id, a.draw_id, a.stratum, s.industry_code, s.region_code
             ORDER BY a.tenant_id, a.task_id, a.draw_id, a.stratum, s.industry_code, s.region_code;
          PERFORM pg_catalog.set_config('app.compliance_tallies', '', true);
        END $$`,
      `COMMENT ON FUNCTION compliance_tallies(int, boolean, uuid[]) IS 'Counts of drawn subjects, published results and problems per department, task, draw, stratum, industry and region: public draws for everyone, the caller''s own department for its staff (docs/ESTIMATES.md).'`,
      `REVOKE ALL ON FUNCTION compliance_tallies(int, boolean, uuid[]) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION compliance_tallies(int, boolean, uuid[]) TO ${RUNTIME_GROUP}`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP FUNCTION compliance_tallies(int, boolean, uuid[])");
    await q.query("DROP INDEX inspection_result_assignment_idx");
    for (const t of TABLES) await q.query(`DROP POLICY ${t}_compliance_tallies ON ${t}`);
  }
}
