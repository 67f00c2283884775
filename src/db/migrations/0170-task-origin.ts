import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { GUARD, REGION } from "./0080-county";
import { countyFacts } from "./0130-joint-parts";
import { SAFE_SEARCH_PATH, tenantOwned } from "./sql";

/** county_assignment_facts as 0130 left it (JOINT parts under their joint plan's year), with plan, origin and campaign. */
const FACTS = `CREATE FUNCTION county_assignment_facts(p_year int)
        RETURNS TABLE (tenant_id uuid, task_id uuid, drawn_on date, assignment_status text, inspected_on date,
                       result_status text, category_code text, first_published_on date,
                       follow_ups_open int, follow_ups_closed int, plan_id uuid, task_origin text, in_campaign boolean,
                       assignment_kind text)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${SAFE_SEARCH_PATH} AS $$
        #variable_conflict use_column
        DECLARE
          v_region text := ${REGION};
        BEGIN
          ${GUARD("county_assignment_facts")}
          PERFORM pg_catalog.set_config('app.county_rollup', 'on', true);
          RETURN QUERY
            SELECT a.tenant_id, coalesce(a.task_id, a.joint_task_id),
                   (coalesce(d.drawn_at, a.created_at) AT TIME ZONE 'Asia/Shanghai')::date,
                   a.status, a.inspected_on, r.status, r.category_code,
                   (r.first_published_at AT TIME ZONE 'Asia/Shanghai')::date,
                   (SELECT count(*)::int FROM public.follow_up f WHERE f.result_id = r.id AND f.status = 'OPEN'),
                   (SELECT count(*)::int FROM public.follow_up f WHERE f.result_id = r.id AND f.status = 'CLOSED'),
                   k.plan_id, k.origin, k.campaign_id IS NOT NULL, a.kind
              FROM public.assignment a
              JOIN public.tenant t ON t.id = a.tenant_id AND t.region_code = v_region
              LEFT JOIN public.draw d ON d.id = a.draw_id
              LEFT JOIN public.inspection_task k ON k.id = a.task_id
              LEFT JOIN public.annual_plan p ON p.id = k.plan_id
              LEFT JOIN public.joint_task jt ON jt.id = a.joint_task_id
              LEFT JOIN public.joint_plan jp ON jp.id = jt.plan_id
              LEFT JOIN public.inspection_result r ON r.assignment_id = a.id
             WHERE a.status <> 'CANCELLED' AND (d.id IS NULL OR d.status = 'VALID')
               AND coalesce(p.year, jp.year) = p_year
             ORDER BY a.tenant_id, coalesce(d.drawn_at, a.created_at);
          PERFORM pg_catalog.set_config('app.county_rollup', '', true);
        END $$`;

const DRAWN = `k.tenant_id = t.id AND p.year = p_year AND k.status IN ('DRAWN','CLOSED')`;
const COVERAGE = (withOrigin: boolean) => `CREATE FUNCTION county_item_coverage(p_year int)
        RETURNS TABLE (tenant_id uuid, tasks_drawn int, items_covered int, items_total int${withOrigin ? ", tasks_higher_level int, tasks_cross_region int, tasks_campaign int" : ""})
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${SAFE_SEARCH_PATH} AS $$
        #variable_conflict use_column
        DECLARE
          v_region text := ${REGION};
        BEGIN
          ${GUARD("county_item_coverage")}
          PERFORM pg_catalog.set_config('app.county_rollup', 'on', true);
          RETURN QUERY
            SELECT t.id,
                   (SELECT count(*)::int FROM public.inspection_task k JOIN public.annual_plan p ON p.id = k.plan_id
                     WHERE ${DRAWN}),
                   (SELECT count(DISTINCT x)::int FROM public.inspection_task k JOIN public.annual_plan p ON p.id = k.plan_id,
                           unnest(k.item_ids) x
                     WHERE ${DRAWN}),
                   (SELECT count(*)::int FROM public.check_item c JOIN public.item_list_version v ON v.id = c.list_version_id
                     WHERE v.tenant_id = t.id AND v.status = 'PUBLISHED'
                       AND v.version_no = (SELECT max(w.version_no) FROM public.item_list_version w
                                            WHERE w.tenant_id = t.id AND w.status = 'PUBLISHED'))
                   ${
                     withOrigin
                       ? `,
                   (SELECT count(*)::int FROM public.inspection_task k JOIN public.annual_plan p ON p.id = k.plan_id
                     WHERE ${DRAWN} AND k.origin = 'HIGHER_LEVEL'),
                   (SELECT count(*)::int FROM public.inspection_task k JOIN public.annual_plan p ON p.id = k.plan_id
                     WHERE ${DRAWN} AND k.origin = 'CROSS_REGION'),
                   (SELECT count(*)::int FROM public.inspection_task k JOIN public.annual_plan p ON p.id = k.plan_id
                     WHERE ${DRAWN} AND k.campaign_id IS NOT NULL)`
                       : ""
                   }
              FROM public.tenant t
             WHERE t.region_code = v_region AND t.kind <> 'PLATFORM'
             ORDER BY t.code;
          PERFORM pg_catalog.set_config('app.county_rollup', '', true);
        END $$`;

const GRANTS = [
  `REVOKE ALL ON FUNCTION county_assignment_facts(int) FROM PUBLIC`,
  `GRANT EXECUTE ON FUNCTION county_assignment_facts(int) TO ${RUNTIME_GROUP}`,
  `REVOKE ALL ON FUNCTION county_item_coverage(int) FROM PUBLIC`,
  `GRANT EXECUTE ON FUNCTION county_item_coverage(int) TO ${RUNTIME_GROUP}`,
];

/**
 * Task origins, 专项 campaigns and required rounds (issue 14):
 * - inspection_task.origin: OWN (the department's own random tasks), HIGHER_LEVEL (上级下发, PSB; FIRE "按照上级要求
 *   生成专项任务") with the issuing authority, CROSS_REGION (跨区域) with the other region; an optional 文号.
 * - inspection_campaign: 专项检查 / 专项整治 with its own name and period; a task joins at most one campaign of its own
 *   department (composite foreign key, so another department's campaign cannot be named even by id).
 * - annual_plan.required_rounds: "抽查频次原则上每年不少于 N 次" (HESHENG, MET, XGZ, JUST, DRC, SHENGFENG, RELIG).
 * - The county roll-up's two definers return the origin, the campaign flag and the plan of each fact (same template);
 *   the facts keep 0130's JOINT parts (task_id is the joint task's, kind JOINT, no plan or origin).
 */
export class TaskOrigin1763856000170 implements MigrationInterface {
  name = "TaskOrigin1763856000170";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE inspection_campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
        kind text NOT NULL CHECK (kind IN ('SPECIAL_CHECK','SPECIAL_RECTIFICATION')),
        period_from date NOT NULL,
        period_to date NOT NULL,
        basis text NOT NULL DEFAULT '' CHECK (length(basis) <= 1000),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_to >= period_from),
        UNIQUE (tenant_id, name),
        UNIQUE (tenant_id, id)
      )`,
      ...tenantOwned("inspection_campaign", "SELECT, INSERT"),
      `ALTER TABLE inspection_task
         ADD COLUMN origin text NOT NULL DEFAULT 'OWN' CHECK (origin IN ('OWN','HIGHER_LEVEL','CROSS_REGION')),
         ADD COLUMN origin_authority text CHECK (length(origin_authority) BETWEEN 2 AND 100),
         ADD COLUMN origin_reference text CHECK (length(origin_reference) <= 100),
         ADD COLUMN campaign_id uuid,
         ADD CONSTRAINT inspection_task_origin_authority CHECK ((origin = 'OWN') = (origin_authority IS NULL)),
         ADD CONSTRAINT inspection_task_campaign_fk FOREIGN KEY (tenant_id, campaign_id)
           REFERENCES inspection_campaign (tenant_id, id)`,
      `CREATE INDEX inspection_task_campaign_idx ON inspection_task (campaign_id) WHERE campaign_id IS NOT NULL`,
      `ALTER TABLE annual_plan ADD COLUMN required_rounds int CHECK (required_rounds BETWEEN 1 AND 12)`,
      "DROP FUNCTION county_assignment_facts(int)",
      "DROP FUNCTION county_item_coverage(int)",
      FACTS,
      COVERAGE(true),
      ...GRANTS,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      "DROP FUNCTION county_assignment_facts(int)",
      "DROP FUNCTION county_item_coverage(int)",
      countyFacts(true),
      COVERAGE(false),
      ...GRANTS,
      "ALTER TABLE annual_plan DROP COLUMN required_rounds",
      `ALTER TABLE inspection_task DROP CONSTRAINT inspection_task_campaign_fk, DROP COLUMN campaign_id,
         DROP COLUMN origin_reference, DROP COLUMN origin_authority, DROP COLUMN origin`,
      "DROP TABLE inspection_campaign",
    ])
      await q.query(sql);
  }
}
