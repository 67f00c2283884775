import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { tenantOwned } from "./sql";

/** Only a SECURITY DEFINER function (its owner, outside the runtime group) may use a flag-gated policy branch. */
const DEFINER_ONLY = `NOT pg_catalog.pg_has_role('${RUNTIME_GROUP}', 'USAGE')`;
const FLAG = `current_setting('app.county_rollup', true) = 'on' AND ${DEFINER_ONLY}`;
/** What the roll-up counts that the coordinator cannot otherwise read (other departments' internal rows). */
const ROLLUP_TABLES = [
  "annual_plan",
  "inspection_task",
  "draw",
  "assignment",
  "inspection_result",
  "follow_up",
  "item_list_version",
  "check_item",
];
export const STAFF = `(public.app_has_role('ADMIN') OR public.app_has_role('PLANNER') OR public.app_has_role('SUPERVISOR')
                OR public.app_has_role('VIEWER'))`;
/** The caller is its region's coordinator (联席会议办公室) and signed-in staff; raises otherwise. */
export const GUARD = (fn: string) => `
          IF v_region IS NULL OR NOT ${STAFF} THEN
            RAISE EXCEPTION '${fn}: the county coordinator''s staff only' USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF p_year IS NULL THEN
            RAISE EXCEPTION '${fn}: year is required' USING ERRCODE = 'invalid_parameter_value';
          END IF;`;
export const REGION = `(SELECT c.region_code FROM public.tenant c WHERE c.id = public.app_tenant_id() AND c.is_coordinator)`;

/**
 * County coordination (联席会议, issue 14):
 * - joint_member_unit: the joint meeting's member units (联席会议成员单位) with their 成员 and 联络员, kept by the
 *   coordinator; a unit on the platform links to its tenant, which may read its row and change its own 联络员
 *   ("联络员需要调整的，由所在单位及时调整，报联席会议办公室备案") and nothing else of it.
 * - 备案: a plan filed with the coordinator (filed_with_coordinator_at) becomes readable, with its tasks, by the
 *   coordinator of the plan's region (app_coordinates); never writable by it.
 * - county_assignment_facts / county_item_coverage: the roll-up's facts for the coordinator's region, per
 *   department: assignment states and dates, result codes and follow-up counts, item coverage. No subject, no
 *   team, no finding leaves them. Hardened like every definer (compliance_tallies): pinned search_path with pg_temp
 *   last, schema-qualified names, no PUBLIC execute, flag-gated policies honoured only outside the runtime group.
 * - The joint item list (联合抽查事项清单) becomes public (seed 001: 向社会公开).
 */
export class County1763856000080 implements MigrationInterface {
  name = "County1763856000080";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE FUNCTION app_coordinates(p_tenant uuid) RETURNS boolean LANGUAGE sql STABLE
        SET search_path = pg_catalog, public, pg_temp AS
        $$ SELECT EXISTS (SELECT 1 FROM public.tenant c JOIN public.tenant d ON d.region_code = c.region_code
                           WHERE c.id = public.app_tenant_id() AND c.is_coordinator AND d.id = p_tenant) $$`,
      `REVOKE ALL ON FUNCTION app_coordinates(uuid) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION app_coordinates(uuid) TO ${RUNTIME_GROUP}`,

      `CREATE TABLE joint_member_unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        name text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
        member_tenant_id uuid REFERENCES tenant (id),
        representative text NOT NULL DEFAULT '' CHECK (length(representative) <= 100),
        liaison_name text NOT NULL DEFAULT '' CHECK (length(liaison_name) <= 50),
        liaison_phone text NOT NULL DEFAULT '' CHECK (liaison_phone ~ '^[0-9+() -]{0,30}$'),
        liaison_changed_at timestamptz,
        sort_order int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, name),
        UNIQUE (tenant_id, member_tenant_id)
      )`,
      ...tenantOwned("joint_member_unit"),
      `CREATE POLICY joint_member_unit_self_read ON joint_member_unit FOR SELECT
        USING (member_tenant_id = app_tenant_id())`,
      `CREATE POLICY joint_member_unit_self_liaison ON joint_member_unit FOR UPDATE
        USING (member_tenant_id = app_tenant_id() AND app_has_role('ADMIN'))
        WITH CHECK (member_tenant_id = app_tenant_id())`,
      // A member unit changes its 联络员 only; the coordinator's columns stay the coordinator's.
      `CREATE FUNCTION joint_member_unit_self_update() RETURNS trigger LANGUAGE plpgsql
        SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          IF OLD.tenant_id IS DISTINCT FROM public.app_tenant_id()
             AND (to_jsonb(NEW) - ARRAY['liaison_name','liaison_phone','liaison_changed_at','updated_at'])
                 IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['liaison_name','liaison_phone','liaison_changed_at','updated_at']) THEN
            RAISE EXCEPTION 'a member unit may change only its own liaison' USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER joint_member_unit_self_update BEFORE UPDATE ON joint_member_unit
        FOR EACH ROW EXECUTE FUNCTION joint_member_unit_self_update()`,
      `GRANT EXECUTE ON FUNCTION joint_member_unit_self_update() TO ${RUNTIME_GROUP}`,

      `CREATE POLICY annual_plan_coordinator_read ON annual_plan FOR SELECT
        USING (filed_with_coordinator_at IS NOT NULL AND app_coordinates(tenant_id))`,
      `CREATE POLICY inspection_task_coordinator_read ON inspection_task FOR SELECT
        USING (EXISTS (SELECT 1 FROM annual_plan p WHERE p.id = plan_id AND p.filed_with_coordinator_at IS NOT NULL
                        AND app_coordinates(p.tenant_id)))`,

      `DROP POLICY joint_item_entry_read ON joint_item_entry`,
      `CREATE POLICY joint_item_entry_read ON joint_item_entry FOR SELECT USING (true)`,

      ...ROLLUP_TABLES.map((t) => `CREATE POLICY ${t}_county_rollup ON ${t} FOR SELECT USING (${FLAG})`),

      `CREATE FUNCTION county_assignment_facts(p_year int)
        RETURNS TABLE (tenant_id uuid, task_id uuid, drawn_on date, assignment_status text, inspected_on date,
                       result_status text, category_code text, first_published_on date,
                       follow_ups_open int, follow_ups_closed int)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        #variable_conflict use_column
        DECLARE
          v_region text := ${REGION};
        BEGIN
          ${GUARD("county_assignment_facts")}
          PERFORM pg_catalog.set_config('app.county_rollup', 'on', true);
          RETURN QUERY
            SELECT a.tenant_id, a.task_id,
                   (coalesce(d.drawn_at, a.created_at) AT TIME ZONE 'Asia/Shanghai')::date,
                   a.status, a.inspected_on, r.status, r.category_code,
                   (r.first_published_at AT TIME ZONE 'Asia/Shanghai')::date,
                   (SELECT count(*)::int FROM public.follow_up f WHERE f.result_id = r.id AND f.status = 'OPEN'),
                   (SELECT count(*)::int FROM public.follow_up f WHERE f.result_id = r.id AND f.status = 'CLOSED')
              FROM public.assignment a
              JOIN public.tenant t ON t.id = a.tenant_id AND t.region_code = v_region
              LEFT JOIN public.draw d ON d.id = a.draw_id
              JOIN public.inspection_task k ON k.id = a.task_id
              JOIN public.annual_plan p ON p.id = k.plan_id
              LEFT JOIN public.inspection_result r ON r.assignment_id = a.id
             WHERE a.status <> 'CANCELLED' AND (d.id IS NULL OR d.status = 'VALID') AND p.year = p_year
             ORDER BY a.tenant_id, coalesce(d.drawn_at, a.created_at);
          PERFORM pg_catalog.set_config('app.county_rollup', '', true);
        END $$`,
      `REVOKE ALL ON FUNCTION county_assignment_facts(int) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION county_assignment_facts(int) TO ${RUNTIME_GROUP}`,

      `CREATE FUNCTION county_item_coverage(p_year int)
        RETURNS TABLE (tenant_id uuid, tasks_drawn int, items_covered int, items_total int)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        #variable_conflict use_column
        DECLARE
          v_region text := ${REGION};
        BEGIN
          ${GUARD("county_item_coverage")}
          PERFORM pg_catalog.set_config('app.county_rollup', 'on', true);
          RETURN QUERY
            SELECT t.id,
                   (SELECT count(*)::int FROM public.inspection_task k JOIN public.annual_plan p ON p.id = k.plan_id
                     WHERE k.tenant_id = t.id AND p.year = p_year AND k.status IN ('DRAWN','CLOSED')),
                   (SELECT count(DISTINCT x)::int FROM public.inspection_task k JOIN public.annual_plan p ON p.id = k.plan_id,
                           unnest(k.item_ids) x
                     WHERE k.tenant_id = t.id AND p.year = p_year AND k.status IN ('DRAWN','CLOSED')),
                   (SELECT count(*)::int FROM public.check_item c JOIN public.item_list_version v ON v.id = c.list_version_id
                     WHERE v.tenant_id = t.id AND v.status = 'PUBLISHED'
                       AND v.version_no = (SELECT max(w.version_no) FROM public.item_list_version w
                                            WHERE w.tenant_id = t.id AND w.status = 'PUBLISHED'))
              FROM public.tenant t
             WHERE t.region_code = v_region AND t.kind <> 'PLATFORM'
             ORDER BY t.code;
          PERFORM pg_catalog.set_config('app.county_rollup', '', true);
        END $$`,
      `REVOKE ALL ON FUNCTION county_item_coverage(int) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION county_item_coverage(int) TO ${RUNTIME_GROUP}`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      "DROP FUNCTION county_item_coverage(int)",
      "DROP FUNCTION county_assignment_facts(int)",
      ...ROLLUP_TABLES.map((t) => `DROP POLICY ${t}_county_rollup ON ${t}`),
      "DROP POLICY joint_item_entry_read ON joint_item_entry",
      "CREATE POLICY joint_item_entry_read ON joint_item_entry FOR SELECT USING (app_tenant_id() IS NOT NULL)",
      "DROP POLICY inspection_task_coordinator_read ON inspection_task",
      "DROP POLICY annual_plan_coordinator_read ON annual_plan",
      "DROP TABLE joint_member_unit",
      "DROP FUNCTION joint_member_unit_self_update()",
      "DROP FUNCTION app_coordinates(uuid)",
    ])
      await q.query(sql);
  }
}
