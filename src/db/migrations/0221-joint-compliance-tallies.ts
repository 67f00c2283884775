import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { SAFE_SEARCH_PATH } from "./sql";

const DEFINER_ONLY = `NOT pg_catalog.pg_has_role('${RUNTIME_GROUP}', 'USAGE')`;
const FLAG = `current_setting('app.compliance_tallies', true) = 'on' AND ${DEFINER_ONLY}`;

/** The current publication of one assignment's result, with its code's problem flag (as in 0090). */
const PUB = `LEFT JOIN LATERAL (
                SELECT rp.category_code AS code, rc.problem_found
                  FROM public.inspection_result r
                  JOIN public.result_publication rp ON rp.result_id = r.id AND rp.superseded_at IS NULL
                  JOIN public.result_code rc ON rc.code = rp.category_code
                 WHERE r.assignment_id = a.id AND r.tenant_id = a.tenant_id
                 ORDER BY rp.version DESC
                 LIMIT 1) pub ON true`;

const head = (unit: boolean) => `CREATE FUNCTION compliance_tallies(p_year int, p_own boolean, p_tenants uuid[])
        RETURNS TABLE (tenant_id uuid, task_id uuid, draw_id uuid, stratum text, industry_code text,
                       region_code text, drawn int, published int, problems int${unit ? ", unit text" : ""})
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${SAFE_SEARCH_PATH} AS $$
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
          RETURN QUERY`;

const TAIL = `;
          PERFORM pg_catalog.set_config('app.compliance_tallies', '', true);
        END $$`;

/** A joint draw's visibility: the department's own part, or public (joint plan published, embargo over). */
const JOINT_VISIBLE = (tenantCol: string) => `CASE WHEN p_own THEN ${tenantCol} = v_tenant
                        ELSE jd.public_after IS NOT NULL AND jd.public_after <= public.app_now()
                             AND EXISTS (SELECT 1 FROM public.joint_plan_publication pp WHERE pp.plan_id = jp.id) END`;

const departmentDraws = (unit: boolean) => `SELECT a.tenant_id, a.task_id, a.draw_id, a.stratum, s.industry_code,
                   s.region_code, count(*)::int, count(pub.code)::int,
                   (count(*) FILTER (WHERE pub.problem_found))::int${unit ? ", 'DEPARTMENT'::text" : ""}
              FROM public.assignment a
              JOIN public.draw d ON d.id = a.draw_id
              JOIN public.inspection_task k ON k.id = a.task_id
              JOIN public.annual_plan p ON p.id = k.plan_id
              JOIN public.subject s ON s.id = a.subject_id
              ${PUB}
             WHERE a.kind = 'RANDOM' AND a.status <> 'CANCELLED' AND d.status = 'VALID' AND k.kind <> 'COMPLAINT'
               AND p.year = p_year
               AND (p_tenants IS NULL OR a.tenant_id = ANY (p_tenants))
               AND CASE WHEN p_own THEN a.tenant_id = v_tenant
                        ELSE d.public_after IS NOT NULL AND d.public_after <= public.app_now()
                             AND p.status IN ('PUBLISHED', 'CLOSED') END
             GROUP BY a.tenant_id, a.task_id, a.draw_id, a.stratum, s.industry_code, s.region_code`;

/** Each department's JOINT parts of a joint draw: that department's sample of the joint population. */
const JOINT_PARTS = `SELECT a.tenant_id, a.joint_task_id, jd.id, a.stratum, s.industry_code, s.region_code,
                   count(*)::int, count(pub.code)::int, (count(*) FILTER (WHERE pub.problem_found))::int,
                   'JOINT_PART'::text
              FROM public.assignment a
              JOIN public.joint_target t ON t.id = a.joint_target_id
              JOIN public.joint_draw jd ON jd.id = t.draw_id
              JOIN public.joint_task jt ON jt.id = a.joint_task_id
              JOIN public.joint_plan jp ON jp.id = jt.plan_id
              JOIN public.subject s ON s.id = a.subject_id
              ${PUB}
             WHERE a.kind = 'JOINT' AND a.status <> 'CANCELLED' AND jd.status = 'VALID' AND jp.year = p_year
               AND (p_tenants IS NULL OR a.tenant_id = ANY (p_tenants))
               AND ${JOINT_VISIBLE("a.tenant_id")}
             GROUP BY a.tenant_id, a.joint_task_id, jd.id, a.stratum, s.industry_code, s.region_code`;

/**
 * A joint draw once, the visit as the unit (under the initiating department): published when every department's part
 * is, with a problem when any part found one. Pooled estimates across departments use these rows instead of the
 * parts, so a firm visited by three departments is one sampled subject, not three.
 */
const JOINT_VISITS = `SELECT jd.tenant_id, t.task_id, jd.id, t.stratum, s.industry_code, s.region_code,
                   count(*)::int, (count(*) FILTER (WHERE v.all_published))::int,
                   (count(*) FILTER (WHERE v.all_published AND v.any_problem))::int, 'VISIT'::text
              FROM public.joint_target t
              JOIN public.joint_draw jd ON jd.id = t.draw_id
              JOIN public.joint_task jt ON jt.id = t.task_id
              JOIN public.joint_plan jp ON jp.id = jt.plan_id
              JOIN public.subject s ON s.id = t.subject_id
              CROSS JOIN LATERAL (
                SELECT pg_catalog.bool_and(pub.code IS NOT NULL) AS all_published,
                       pg_catalog.bool_or(coalesce(pub.problem_found, false)) AS any_problem, pg_catalog.count(*) AS n
                  FROM public.assignment a
                  ${PUB}
                 WHERE a.joint_target_id = t.id AND a.kind = 'JOINT' AND a.status <> 'CANCELLED') v
             WHERE NOT p_own AND v.n > 0 AND jd.status = 'VALID' AND jp.year = p_year
               AND (p_tenants IS NULL OR jd.tenant_id = ANY (p_tenants))
               AND ${JOINT_VISIBLE("jd.tenant_id")}
             GROUP BY jd.tenant_id, t.task_id, jd.id, t.stratum, s.industry_code, s.region_code`;

/**
 * 合规估计 with joint draws (issue 15): compliance_tallies (0090) also returns the random joint draws, marked by
 * `unit` — DEPARTMENT rows are a department's random assignments, JOINT_PART rows a department's parts of a joint
 * draw (its sample of the joint population), VISIT rows a joint draw with the visit as the unit (docs/ESTIMATES.md §7). joint_target joins the flag-gated tables.
 */
export class JointComplianceTallies1763856000221 implements MigrationInterface {
  name = "JointComplianceTallies1763856000221";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE POLICY joint_target_compliance_tallies ON joint_target FOR SELECT USING (${FLAG})`,
      `DROP FUNCTION compliance_tallies(int, boolean, uuid[])`,
      `${head(true)}
            SELECT * FROM (${departmentDraws(true)}
             UNION ALL ${JOINT_PARTS}
             UNION ALL ${JOINT_VISITS}) x
             ORDER BY 10, 1, 2, 3, 4, 5, 6${TAIL}`,
      `COMMENT ON FUNCTION compliance_tallies(int, boolean, uuid[]) IS 'Counts of drawn subjects, published results and problems per department, task, draw, stratum, industry and region, department and joint random draws (unit DEPARTMENT: a department''s random assignments; JOINT_PART: its parts of a joint draw; VISIT: a joint draw with the visit as the unit, public scopes only): public draws for everyone, the caller''s own department for its staff (docs/ESTIMATES.md).'`,
      `REVOKE ALL ON FUNCTION compliance_tallies(int, boolean, uuid[]) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION compliance_tallies(int, boolean, uuid[]) TO ${RUNTIME_GROUP}`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP FUNCTION compliance_tallies(int, boolean, uuid[])`,
      `DROP POLICY joint_target_compliance_tallies ON joint_target`,
      `${head(false)} ${departmentDraws(false)} ORDER BY 1, 2, 3, 4, 5, 6${TAIL}`,
      `REVOKE ALL ON FUNCTION compliance_tallies(int, boolean, uuid[]) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION compliance_tallies(int, boolean, uuid[]) TO ${RUNTIME_GROUP}`,
    ])
      await q.query(sql);
  }
}
