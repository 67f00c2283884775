import type { MigrationInterface, QueryRunner } from "typeorm";
import { SAFE_SEARCH_PATH } from "./sql";

/**
 * 随行专家 of a joint task (issue 14) on the departments' parts: joint_parts_sync (0130) also copies each department's
 * experts of each active target's team (joint_target.team -> 'experts', written by the joint draw) into its own
 * part's assignment.expert_ids, apart from its members, as a department draw does. Otherwise the function of 0130.
 */
const WITH_EXPERTS = `CREATE OR REPLACE FUNCTION public.joint_parts_sync(p_task uuid) RETURNS int
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
          -- 随行专家: each department's experts of each active team, on its own part (apart from its members)
          UPDATE public.assignment a SET expert_ids = x.experts, updated_at = pg_catalog.now()
            FROM (
              SELECT t.id AS target_id, (e ->> 'departmentId')::uuid AS tenant_id,
                     pg_catalog.array_agg((e ->> 'id')::uuid ORDER BY (e ->> 'rank')::int, e ->> 'id') AS experts
                FROM public.joint_target t, pg_catalog.jsonb_array_elements(coalesce(t.team -> 'experts', '[]')) e
               WHERE t.task_id = p_task AND t.status = 'ACTIVE' AND t.team IS NOT NULL
               GROUP BY t.id, (e ->> 'departmentId')::uuid
            ) x
           WHERE a.joint_target_id = x.target_id AND a.tenant_id = x.tenant_id
             AND a.status IN ('ASSIGNED', 'ACCEPTED') AND a.expert_ids IS DISTINCT FROM x.experts;
          PERFORM pg_catalog.set_config('app.joint_parts', '', true);
          RETURN n + k;
        END $$`;

const WITHOUT_EXPERTS = `CREATE OR REPLACE FUNCTION public.joint_parts_sync(p_task uuid) RETURNS int
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
        END $$`;

export class JointPartExperts1763856000282 implements MigrationInterface {
  name = "JointPartExperts1763856000282";

  async up(q: QueryRunner): Promise<void> {
    await q.query(WITH_EXPERTS);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(WITHOUT_EXPERTS);
  }
}
