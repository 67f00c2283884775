import type { MigrationInterface, QueryRunner } from "typeorm";
import { SAFE_SEARCH_PATH } from "./sql";

/**
 * 随行专家/辅助人员 on joint tasks (issue 14): the joint pool function also returns a confirmed participant's expert
 * pool (external experts and non-enforcement staff, not LEFT, with their expert workload), so that the one rule of a
 * department task's experts (src/services/draw/inspector-pool.service.ts, toExpertDrawConfig: the sub-library, count
 * per target, no leader) draws them for the department's part of a joint team. Otherwise the function of 0232.
 */
const poolFunction = (experts: string) =>
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
                'categories', i.enforcement_categories, 'post', i.post, 'is_external_expert', i.is_external_expert, 'status', i.status, 'sub_libraries', i.sub_libraries,
                'leader_eligible', i.leader_eligible,
                'load', (SELECT pg_catalog.count(*) FROM public.assignment a
                          WHERE a.tenant_id = i.tenant_id AND i.id = ANY (a.member_ids)
                            AND a.status IN ('ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'))) ORDER BY i.id)
                FROM public.inspector i
               WHERE i.tenant_id = p_tenant AND i.post = 'ENFORCEMENT' AND i.status <> 'LEFT'), '[]'::jsonb),
${experts}            'conflicts', coalesce((
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
        END $$`;

const EXPERTS = `'experts', coalesce((
              SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                'id', i.id, 'name', i.name, 'certificate_no', i.certificate_no, 'user_id', i.user_id,
                'categories', i.enforcement_categories, 'post', i.post, 'is_external_expert', i.is_external_expert,
                'status', i.status, 'sub_libraries', i.sub_libraries, 'leader_eligible', i.leader_eligible,
                'load', (SELECT pg_catalog.count(*) FROM public.assignment a
                          WHERE a.tenant_id = i.tenant_id AND i.id = ANY (a.expert_ids)
                            AND a.status IN ('ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'))) ORDER BY i.id)
                FROM public.inspector i
               WHERE i.tenant_id = p_tenant AND i.status <> 'LEFT'
                 AND (i.is_external_expert OR i.post <> 'ENFORCEMENT')), '[]'::jsonb),
            `;

export class JointExpertsPool1763856000281 implements MigrationInterface {
  name = "JointExpertsPool1763856000281";

  async up(q: QueryRunner): Promise<void> {
    await q.query(poolFunction(EXPERTS));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(poolFunction(""));
  }
}
