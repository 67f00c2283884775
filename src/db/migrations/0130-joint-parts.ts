import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { GUARD, REGION } from "./0080-county";
import { SAFE_SEARCH_PATH } from "./sql";

/** county_assignment_facts (0080) with each assignment's kind, and a JOINT part under its joint plan's year. */
export const countyFacts = (joint: boolean) => `CREATE FUNCTION county_assignment_facts(p_year int)
        RETURNS TABLE (tenant_id uuid, task_id uuid, drawn_on date, assignment_status text, inspected_on date,
                       result_status text, category_code text, first_published_on date,
                       follow_ups_open int, follow_ups_closed int${joint ? ", kind text" : ""})
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${SAFE_SEARCH_PATH} AS $$
        #variable_conflict use_column
        DECLARE
          v_region text := ${REGION};
        BEGIN
          ${GUARD("county_assignment_facts")}
          PERFORM pg_catalog.set_config('app.county_rollup', 'on', true);
          RETURN QUERY
            SELECT a.tenant_id, ${joint ? "coalesce(a.task_id, a.joint_task_id)" : "a.task_id"},
                   (coalesce(d.drawn_at, a.created_at) AT TIME ZONE 'Asia/Shanghai')::date,
                   a.status, a.inspected_on, r.status, r.category_code,
                   (r.first_published_at AT TIME ZONE 'Asia/Shanghai')::date,
                   (SELECT count(*)::int FROM public.follow_up f WHERE f.result_id = r.id AND f.status = 'OPEN'),
                   (SELECT count(*)::int FROM public.follow_up f WHERE f.result_id = r.id AND f.status = 'CLOSED')
                   ${joint ? ", a.kind" : ""}
              FROM public.assignment a
              JOIN public.tenant t ON t.id = a.tenant_id AND t.region_code = v_region
              LEFT JOIN public.draw d ON d.id = a.draw_id
              ${
                joint
                  ? `LEFT JOIN public.inspection_task k ON k.id = a.task_id
              LEFT JOIN public.annual_plan p ON p.id = k.plan_id
              LEFT JOIN public.joint_task jt ON jt.id = a.joint_task_id
              LEFT JOIN public.joint_plan jp ON jp.id = jt.plan_id`
                  : `JOIN public.inspection_task k ON k.id = a.task_id
              JOIN public.annual_plan p ON p.id = k.plan_id`
              }
              LEFT JOIN public.inspection_result r ON r.assignment_id = a.id
             WHERE a.status <> 'CANCELLED' AND (d.id IS NULL OR d.status = 'VALID')
               AND ${joint ? "coalesce(p.year, jp.year)" : "p.year"} = p_year
             ORDER BY a.tenant_id, coalesce(d.drawn_at, a.created_at);
          PERFORM pg_catalog.set_config('app.county_rollup', '', true);
        END $$`;

/** Only joint_parts_sync (its owner, outside the runtime group, with its flag raised) writes another tenant's parts. */
const PARTS_FLAG = `(current_setting('app.joint_parts', true) = 'on' AND NOT pg_has_role('${RUNTIME_GROUP}', 'USAGE'))`;

/**
 * A joint visit's parts on the department pipeline (issue 12, 谁检查、谁录入、谁公示): each participating department
 * gets one assignment of kind JOINT per joint target, in its own tenant, holding its own members of the mixed team.
 * Its record, result, review, publication, correction and follow-up are the department ones, unchanged. A JOINT
 * assignment has no inspection_task (task_id NULL): it points at the joint task and target instead.
 *
 * joint_parts_sync(task) materialises the parts from the targets' teams (the initiating department draws, but the
 * parts live in every participant's tenant, so only a definer can write them): inserts missing parts of ACTIVE
 * targets, cancels the parts of CANCELLED targets (作废, as a department void cancels its assignments), and follows
 * a 递补 (members of the department's own part change with the team). It only mirrors joint_target, whose writes
 * are guarded (joint_target_guard), and only for a party of the task.
 */
export class JointParts1763856000130 implements MigrationInterface {
  name = "JointParts1763856000130";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE assignment ALTER COLUMN task_id DROP NOT NULL`,
      `ALTER TABLE assignment ADD COLUMN joint_task_id uuid REFERENCES joint_task (id)`,
      `ALTER TABLE assignment ADD COLUMN joint_target_id uuid REFERENCES joint_target (id)`,
      `DO $$ DECLARE c text; BEGIN
         FOR c IN SELECT conname FROM pg_catalog.pg_constraint
                   WHERE conrelid = 'public.assignment'::regclass AND contype = 'c' LOOP
           EXECUTE pg_catalog.format('ALTER TABLE public.assignment DROP CONSTRAINT %I', c);
         END LOOP;
       END $$`,
      `ALTER TABLE assignment ADD CONSTRAINT assignment_kind_check
         CHECK (kind IN ('RANDOM','DIRECT','COMPLAINT','JOINT'))`,
      `ALTER TABLE assignment ADD CONSTRAINT assignment_status_check
         CHECK (status IN ('ASSIGNED','ACCEPTED','IN_PROGRESS','RECORDED','CANCELLED'))`,
      `ALTER TABLE assignment ADD CONSTRAINT assignment_draw_check CHECK ((kind = 'RANDOM') = (draw_id IS NOT NULL))`,
      `ALTER TABLE assignment ADD CONSTRAINT assignment_direct_check
         CHECK (kind IN ('RANDOM','JOINT') OR (direct_reason IS NOT NULL AND assigned_by IS NOT NULL))`,
      `ALTER TABLE assignment ADD CONSTRAINT assignment_joint_check
         CHECK ((kind = 'JOINT') = (joint_target_id IS NOT NULL) AND (kind = 'JOINT') = (joint_task_id IS NOT NULL)
                AND (kind = 'JOINT') = (task_id IS NULL))`,
      `CREATE UNIQUE INDEX assignment_joint_part_idx ON assignment (joint_target_id, tenant_id)
         WHERE joint_target_id IS NOT NULL`,

      `CREATE POLICY assignment_joint_parts_read ON assignment FOR SELECT USING (${PARTS_FLAG})`,
      `CREATE POLICY assignment_joint_parts_insert ON assignment FOR INSERT WITH CHECK (${PARTS_FLAG} AND kind = 'JOINT')`,
      `CREATE POLICY assignment_joint_parts_update ON assignment FOR UPDATE
         USING (${PARTS_FLAG} AND kind = 'JOINT') WITH CHECK (${PARTS_FLAG} AND kind = 'JOINT')`,

      `CREATE FUNCTION joint_parts_sync(p_task uuid) RETURNS int
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${SAFE_SEARCH_PATH} AS $$
        DECLARE
          me uuid := public.app_tenant_id();
          v_task public.joint_task;
          n int := 0;
          k int;
        BEGIN
          SELECT * INTO v_task FROM public.joint_task t WHERE t.id = p_task;
          IF v_task.id IS NULL OR me IS NULL OR NOT (me = v_task.initiating_tenant_id OR EXISTS (
               SELECT 1 FROM public.joint_participation p
                WHERE p.task_id = p_task AND p.tenant_id = me AND p.status = 'CONFIRMED')) THEN
            RAISE EXCEPTION 'joint_parts_sync: a party of the joint task only' USING ERRCODE = 'insufficient_privilege';
          END IF;
          PERFORM pg_catalog.set_config('app.joint_parts', 'on', true);
          -- 作废: the parts of cancelled targets are cancelled with them
          UPDATE public.assignment a SET status = 'CANCELLED', updated_at = pg_catalog.now()
            FROM public.joint_target t
           WHERE t.id = a.joint_target_id AND t.task_id = p_task AND t.status = 'CANCELLED' AND a.status <> 'CANCELLED';
          GET DIAGNOSTICS k = ROW_COUNT;
          n := n + k;
          -- each department's members of each active team, leader first (the team's leader, else its senior
          -- leader-eligible member)
          WITH part AS (
            SELECT t.id AS target_id, t.subject_id, t.stratum, (m ->> 'departmentId')::uuid AS tenant_id,
                   pg_catalog.array_agg((m ->> 'id')::uuid ORDER BY (m ->> 'role') = 'LEADER' DESC,
                     coalesce((m ->> 'leaderEligible')::boolean, false) DESC, (m ->> 'rank')::int, m ->> 'id') AS members
              FROM public.joint_target t, pg_catalog.jsonb_array_elements(t.team -> 'members') m
             WHERE t.task_id = p_task AND t.status = 'ACTIVE' AND t.team IS NOT NULL
             GROUP BY t.id, t.subject_id, t.stratum, (m ->> 'departmentId')::uuid
          ), moved AS (
            UPDATE public.assignment a SET member_ids = part.members, leader_id = part.members[1],
                   updated_at = pg_catalog.now()
              FROM part
             WHERE a.joint_target_id = part.target_id AND a.tenant_id = part.tenant_id
               AND a.status IN ('ASSIGNED', 'ACCEPTED') AND a.member_ids IS DISTINCT FROM part.members
            RETURNING a.id
          ), added AS (
            INSERT INTO public.assignment (tenant_id, task_id, kind, joint_task_id, joint_target_id, subject_id, stratum,
                                           leader_id, member_ids, window_from, window_to, status)
            SELECT part.tenant_id, NULL, 'JOINT', p_task, part.target_id, part.subject_id, part.stratum,
                   part.members[1], part.members, v_task.window_from, v_task.window_to, 'ASSIGNED'
              FROM part
             WHERE NOT EXISTS (SELECT 1 FROM public.assignment a
                                WHERE a.joint_target_id = part.target_id AND a.tenant_id = part.tenant_id)
            RETURNING id
          )
          SELECT (SELECT pg_catalog.count(*) FROM moved) + (SELECT pg_catalog.count(*) FROM added) INTO k;
          PERFORM pg_catalog.set_config('app.joint_parts', '', true);
          RETURN n + k;
        END $$`,
      `REVOKE ALL ON FUNCTION joint_parts_sync(uuid) FROM PUBLIC`,
      // joint_visit_guard (0031) keeps each party to its own publication; likewise its own "why not" entry.
      `CREATE FUNCTION public.joint_visit_not_published_guard() RETURNS trigger LANGUAGE plpgsql
        SET search_path = ${SAFE_SEARCH_PATH} AS $$
        DECLARE
          me text := public.app_tenant_id()::text;
        BEGIN
          IF coalesce(NEW.state -> 'notPublished', '{}') - me IS DISTINCT FROM coalesce(OLD.state -> 'notPublished', '{}') - me
             OR (OLD.state -> 'notPublished' -> me) IS NOT NULL
                AND (OLD.state -> 'notPublished' -> me) IS DISTINCT FROM (NEW.state -> 'notPublished' -> me)
             OR ((NEW.state -> 'notPublished' -> me) IS NOT NULL
                 AND NOT coalesce(NEW.state -> 'publishedBy', '[]') ? me) THEN
            RAISE EXCEPTION 'joint visits: a department records only its own reason for not publishing, once'
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER joint_visit_not_published_guard BEFORE UPDATE ON joint_visit FOR EACH ROW
         WHEN (NEW.status <> 'CANCELLED') EXECUTE FUNCTION joint_visit_not_published_guard()`,
      `DROP FUNCTION county_assignment_facts(int)`,
      countyFacts(true),
      `REVOKE ALL ON FUNCTION county_assignment_facts(int) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION county_assignment_facts(int) TO ${RUNTIME_GROUP}`,
      `GRANT EXECUTE ON FUNCTION joint_parts_sync(uuid) TO ${RUNTIME_GROUP}`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP FUNCTION county_assignment_facts(int)`,
      countyFacts(false),
      `REVOKE ALL ON FUNCTION county_assignment_facts(int) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION county_assignment_facts(int) TO ${RUNTIME_GROUP}`,
      `DROP TRIGGER joint_visit_not_published_guard ON joint_visit`,
      `DROP FUNCTION joint_visit_not_published_guard()`,
      `DROP FUNCTION joint_parts_sync(uuid)`,
      `DROP POLICY assignment_joint_parts_update ON assignment`,
      `DROP POLICY assignment_joint_parts_insert ON assignment`,
      `DROP POLICY assignment_joint_parts_read ON assignment`,
      `DELETE FROM assignment WHERE kind = 'JOINT'`,
      `DROP INDEX assignment_joint_part_idx`,
      `ALTER TABLE assignment DROP CONSTRAINT assignment_joint_check`,
      `ALTER TABLE assignment DROP CONSTRAINT assignment_direct_check`,
      `ALTER TABLE assignment ADD CONSTRAINT assignment_direct_check2
         CHECK (kind = 'RANDOM' OR (direct_reason IS NOT NULL AND assigned_by IS NOT NULL))`,
      `ALTER TABLE assignment DROP CONSTRAINT assignment_kind_check`,
      `ALTER TABLE assignment ADD CONSTRAINT assignment_kind_check CHECK (kind IN ('RANDOM','DIRECT','COMPLAINT'))`,
      `ALTER TABLE assignment DROP COLUMN joint_target_id`,
      `ALTER TABLE assignment DROP COLUMN joint_task_id`,
      `ALTER TABLE assignment ALTER COLUMN task_id SET NOT NULL`,
    ])
      await q.query(sql);
  }
}
