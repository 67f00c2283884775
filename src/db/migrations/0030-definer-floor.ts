import type { MigrationInterface, QueryRunner } from "typeorm";
import { PIN_DEFINERS, SAFE_SEARCH_PATH } from "./sql";

/**
 * The database floor for SECURITY DEFINER functions (issue 10 §3). Each of them ran as the schema owner with
 * `search_path = public`, which puts pg_temp FIRST for relations: the runtime role could shadow a table the function
 * reads with a temporary view (CREATE TEMP VIEW joint_participation …) and make joint_task_visible() answer true, or
 * feed joint_inspector_pool() a fake approved task. Here every definer is re-created with schema-qualified names and
 * SAFE_SEARCH_PATH (pg_temp last), and PIN_DEFINERS pins the path of every definer in the schema, whichever migration
 * created it. test/integration/database-floor.test.ts lists the definers from pg_proc and fails for one without the
 * pinned path or without a shadowing probe.
 *
 * Also: joint_overlap_pairs() no longer reveals other departments' embargoed tasks (issue 10 §4): another
 * department's (task, subject) pair counts only once its draw is public (valid, past the embargo, plan published).
 */
export class DefinerFloor1763856000030 implements MigrationInterface {
  name = "DefinerFloor1763856000030";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE OR REPLACE FUNCTION public.joint_task_visible(p_task uuid) RETURNS boolean
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${SAFE_SEARCH_PATH} AS $$
        DECLARE
          previous text := coalesce(pg_catalog.current_setting('app.joint_visibility', true), '');
          me uuid := public.app_tenant_id();
          result boolean;
        BEGIN
          IF me IS NULL OR p_task IS NULL THEN RETURN false; END IF;
          PERFORM pg_catalog.set_config('app.joint_visibility', 'on', true);
          SELECT EXISTS (
            SELECT 1 FROM public.joint_participation p
             WHERE p.task_id = p_task
               AND ((p.tenant_id = me AND p.status <> 'DECLINED') OR p.coordinator_tenant_id = me)
          ) INTO result;
          PERFORM pg_catalog.set_config('app.joint_visibility', previous, true);
          RETURN result;
        END $$`,

      `CREATE OR REPLACE FUNCTION public.joint_inspector_pool(p_task uuid, p_tenant uuid, p_today date, p_rotation_months int)
        RETURNS jsonb LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${SAFE_SEARCH_PATH} AS $$
        DECLARE
          result jsonb;
        BEGIN
          IF NOT (public.app_has_role('PLANNER') OR public.app_has_role('ADMIN'))
             OR NOT EXISTS (SELECT 1 FROM public.joint_task t WHERE t.id = p_task AND t.status = 'APPROVED'
                              AND t.initiating_tenant_id = public.app_tenant_id())
             OR NOT EXISTS (SELECT 1 FROM public.joint_participation p WHERE p.task_id = p_task AND p.tenant_id = p_tenant
                              AND p.status = 'CONFIRMED') THEN
            RAISE EXCEPTION 'joint_inspector_pool: only the initiating department of an approved joint task may read a confirmed participant''s pool'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          PERFORM pg_catalog.set_config('app.joint_pool_tenant', p_tenant::text, true);
          SELECT pg_catalog.jsonb_build_object(
            'pool', coalesce((
              SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                'id', i.id, 'name', i.name, 'certificate_no', i.certificate_no, 'user_id', i.user_id,
                'categories', i.enforcement_categories, 'status', i.status, 'sub_libraries', i.sub_libraries,
                'leader_eligible', i.leader_eligible,
                'load', (SELECT pg_catalog.count(*) FROM public.assignment a
                          WHERE a.tenant_id = i.tenant_id AND i.id = ANY (a.member_ids)
                            AND a.status IN ('ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'))) ORDER BY i.id)
                FROM public.inspector i
               WHERE i.tenant_id = p_tenant AND i.post = 'ENFORCEMENT' AND i.status <> 'LEFT'), '[]'::jsonb),
            'conflicts', coalesce((
              SELECT pg_catalog.jsonb_agg(DISTINCT pg_catalog.jsonb_build_object('inspector_id', c.inspector_id, 'subject_id', c.subject_id))
                FROM public.inspector_conflict c WHERE c.tenant_id = p_tenant AND c.valid_from <= p_today
                 AND (c.valid_to IS NULL OR c.valid_to >= p_today)), '[]'::jsonb),
            'rotation', coalesce((
              SELECT pg_catalog.jsonb_agg(DISTINCT pg_catalog.jsonb_build_object('inspector_id', m, 'subject_id', a.subject_id))
                FROM public.assignment a, pg_catalog.unnest(a.member_ids) m
               WHERE p_rotation_months > 0 AND a.tenant_id = p_tenant AND a.status <> 'CANCELLED'
                 AND a.created_at >= p_today - pg_catalog.make_interval(months => p_rotation_months)), '[]'::jsonb)
          ) INTO result;
          PERFORM pg_catalog.set_config('app.joint_pool_tenant', '', true);
          RETURN result;
        END $$`,

      `CREATE OR REPLACE FUNCTION public.joint_overlap_pairs(p_from date, p_to date)
        RETURNS TABLE (task_id uuid, tenant_id uuid, window_from date, window_to date, subject_id uuid, item_ids uuid[])
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${SAFE_SEARCH_PATH} AS $$
        #variable_conflict use_column
        DECLARE
          me uuid := public.app_tenant_id();
          v_now timestamptz := public.app_now();
        BEGIN
          IF NOT (public.app_has_role('PLANNER') OR public.app_has_role('ADMIN'))
             OR NOT EXISTS (SELECT 1 FROM public.tenant WHERE id = me AND is_coordinator) THEN
            RAISE EXCEPTION 'joint_overlap_pairs: coordinator only' USING ERRCODE = 'insufficient_privilege';
          END IF;
          PERFORM pg_catalog.set_config('app.joint_overlap', 'on', true);
          RETURN QUERY
            WITH pairs AS (
              SELECT DISTINCT a.task_id, a.tenant_id, a.window_from, a.window_to, a.subject_id
                FROM public.assignment a
               WHERE a.status <> 'CANCELLED' AND a.window_to >= p_from AND a.window_from <= p_to
                 -- another department's pair only once its draw is public: never an embargoed task
                 AND (a.tenant_id = me OR EXISTS (
                   SELECT 1 FROM public.draw d
                     JOIN public.inspection_task k ON k.id = d.task_id
                     JOIN public.annual_plan pl ON pl.id = k.plan_id
                    WHERE d.id = a.draw_id AND d.status = 'VALID' AND d.public_after IS NOT NULL
                      AND d.public_after <= v_now AND pl.status IN ('PUBLISHED', 'CLOSED')))
            ), shared AS (
              SELECT s.subject_id FROM pairs s GROUP BY s.subject_id HAVING pg_catalog.count(DISTINCT s.tenant_id) >= 2
            )
            SELECT p.task_id, p.tenant_id, p.window_from, p.window_to, p.subject_id, t.item_ids
              FROM pairs p JOIN shared USING (subject_id) JOIN public.inspection_task t ON t.id = p.task_id
             ORDER BY p.subject_id, p.task_id;
          PERFORM pg_catalog.set_config('app.joint_overlap', '', true);
        END $$`,

      `CREATE OR REPLACE FUNCTION public.subject_inspection_stats(since timestamptz)
        RETURNS TABLE (subject_id uuid, checks bigint, last_checked timestamptz)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${SAFE_SEARCH_PATH} AS $$
        BEGIN
          PERFORM pg_catalog.set_config('app.cross_tenant_counts', 'on', true);
          RETURN QUERY
            SELECT a.subject_id, pg_catalog.count(*), pg_catalog.max(a.created_at)
              FROM public.assignment a
             WHERE a.created_at >= since AND a.status <> 'CANCELLED'
             GROUP BY a.subject_id;
          PERFORM pg_catalog.set_config('app.cross_tenant_counts', '', true);
        END $$`,

      `CREATE OR REPLACE FUNCTION public.live_event_for_delivery(cursors bigint[])
        RETURNS SETOF public.live_event LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${SAFE_SEARCH_PATH} AS $$
        BEGIN
          PERFORM pg_catalog.set_config('app.live_delivery', 'on', true);
          RETURN QUERY SELECT * FROM public.live_event e
            WHERE e.cursor = ANY (cursors) AND e.tenant_id = public.app_tenant_id() ORDER BY e.cursor;
          PERFORM pg_catalog.set_config('app.live_delivery', '', true);
        END $$`,

      PIN_DEFINERS,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(): Promise<void> {
    throw new Error("DefinerFloor1763856000030 cannot be reverted: it closes a privilege escalation");
  }
}
