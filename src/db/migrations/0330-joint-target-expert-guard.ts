import type { MigrationInterface, QueryRunner } from "typeorm";
import { SAFE_SEARCH_PATH } from "./sql";

/**
 * 回避 of a joint task's 随行专家 (issue 14): a department's supervisor now rewrites its own experts of a joint team
 * (joint_target.team -> 'experts', the joint expert 递补). joint_target_guard (0031) kept each party to its own
 * members only; it now keeps each party to its own experts as well. Otherwise the function of 0031.
 */
const guard = (experts: string) => `CREATE OR REPLACE FUNCTION public.joint_target_guard() RETURNS trigger
        LANGUAGE plpgsql SET search_path = ${SAFE_SEARCH_PATH} AS $$
        DECLARE
          me text := public.app_tenant_id()::text;
        BEGIN
          IF NEW.id <> OLD.id OR NEW.tenant_id <> OLD.tenant_id OR NEW.task_id <> OLD.task_id
             OR NEW.draw_id IS DISTINCT FROM OLD.draw_id OR NEW.subject_id <> OLD.subject_id
             OR NEW.stratum <> OLD.stratum OR NEW.created_at <> OLD.created_at OR OLD.status = 'CANCELLED'
             OR (NEW.status <> OLD.status AND OLD.tenant_id::text IS DISTINCT FROM me)
             OR (NEW.team IS NULL) <> (OLD.team IS NULL)
             -- other departments' members stay as they are
             OR ARRAY(SELECT m ->> 'id' FROM pg_catalog.jsonb_array_elements(coalesce(NEW.team -> 'members', '[]')) m
                       WHERE m ->> 'departmentId' IS DISTINCT FROM me ORDER BY 1)
                IS DISTINCT FROM
                ARRAY(SELECT m ->> 'id' FROM pg_catalog.jsonb_array_elements(coalesce(OLD.team -> 'members', '[]')) m
                       WHERE m ->> 'departmentId' IS DISTINCT FROM me ORDER BY 1)
${experts}             -- member_ids is the team's members (what myJointVisits reads)
             OR (NEW.member_ids IS DISTINCT FROM OLD.member_ids AND (NEW.team IS NULL
                 OR ARRAY(SELECT x::text FROM pg_catalog.unnest(NEW.member_ids) x ORDER BY 1)
                    IS DISTINCT FROM
                    ARRAY(SELECT m ->> 'id' FROM pg_catalog.jsonb_array_elements(NEW.team -> 'members') m ORDER BY 1)))
             -- a party rewrites only its own members' event routes (live_event_joint_assignment reads them)
             OR ARRAY(SELECT k FROM pg_catalog.unnest(NEW.member_user_keys) k WHERE k NOT LIKE me || ':%' ORDER BY k)
                IS DISTINCT FROM
                ARRAY(SELECT k FROM pg_catalog.unnest(OLD.member_user_keys) k WHERE k NOT LIKE me || ':%' ORDER BY k) THEN
            RAISE EXCEPTION 'joint targets: only the team of an active target may change, each department only its own members, and only the initiating department cancels'
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$`;

const OTHERS_EXPERTS_STAY = `             -- other departments' 随行专家 stay as they are (each department recuses only its own)
             OR ARRAY(SELECT e ->> 'id' FROM pg_catalog.jsonb_array_elements(coalesce(NEW.team -> 'experts', '[]')) e
                       WHERE e ->> 'departmentId' IS DISTINCT FROM me ORDER BY 1)
                IS DISTINCT FROM
                ARRAY(SELECT e ->> 'id' FROM pg_catalog.jsonb_array_elements(coalesce(OLD.team -> 'experts', '[]')) e
                       WHERE e ->> 'departmentId' IS DISTINCT FROM me ORDER BY 1)
`;

export class JointTargetExpertGuard1763856000330 implements MigrationInterface {
  name = "JointTargetExpertGuard1763856000330";

  async up(q: QueryRunner): Promise<void> {
    await q.query(guard(OTHERS_EXPERTS_STAY));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(guard(""));
  }
}
