import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { rlsOn, tenantOwned } from "./sql";

/** Only a SECURITY DEFINER function (its owner, outside the runtime group) may use a flag-gated policy branch. */
const DEFINER_ONLY = `NOT pg_has_role('${RUNTIME_GROUP}', 'USAGE')`;

/**
 * 部门联合抽查: joint plans and tasks of the coordinator (联席会议办公室), each department's participation, the
 * initiating department's draw with one mixed team per target, and one shared visit per target.
 *
 * Cross-tenant visibility lives in RLS, keyed on joint_participation: a department sees a joint task and its
 * participations, draw, targets, teams and visits only while it has a participation that is not DECLINED, or when
 * it is the task's coordinator. joint_task_visible() decides; it reads joint_participation itself, so it is
 * SECURITY DEFINER (a policy on joint_participation querying joint_participation would recurse). FORCE RLS binds
 * its owner too: the function raises app.joint_visibility for its own query only, and the participation policy
 * honours the flag only for a role outside the runtime group, inside a CASE so the flag is tested before the
 * function is called again (no recursion whatever the evaluation order).
 */
export class Joint1763856000006 implements MigrationInterface {
  name = "Joint1763856000006";

  async up(q: QueryRunner): Promise<void> {
    const visible = (col: string) => `joint_task_visible(${col})`;
    const statements = [
      /** 部门联合抽查计划: owned by the coordinator tenant. */
      `CREATE TABLE joint_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        due_date date NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("joint_plan", "SELECT, INSERT, UPDATE"),

      /** 联合抽查任务: the coordinator's row; the initiating department approves (commitment) and draws it. */
      `CREATE TABLE joint_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        plan_id uuid NOT NULL REFERENCES joint_plan (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        origin text NOT NULL DEFAULT 'DRAW' CHECK (origin IN ('DRAW','CONSOLIDATION')),
        initiating_tenant_id uuid NOT NULL REFERENCES tenant (id),
        window_from date NOT NULL,
        window_to date NOT NULL CHECK (window_to >= window_from),
        target_scope jsonb NOT NULL DEFAULT '{}'::jsonb,
        sampling_rule jsonb,
        stratify_by text NOT NULL DEFAULT 'NONE' CHECK (stratify_by IN ('RISK_CLASS','TAG','NONE')),
        materials text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'INVITING' CHECK (status IN ('INVITING','APPROVED','DRAWN','CLOSED')),
        commitment text,
        approved_at timestamptz,
        approved_by uuid,
        consolidated_task_ids uuid[] NOT NULL DEFAULT '{}',
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (origin = 'CONSOLIDATION' OR sampling_rule IS NOT NULL)
      )`,
      ...tenantOwned("joint_task", "SELECT, INSERT, UPDATE"),
      `CREATE INDEX joint_task_plan_idx ON joint_task (plan_id)`,

      /** 参与部门: one row per (task, department), the initiating department included. */
      `CREATE TABLE joint_participation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES joint_task (id),
        plan_id uuid NOT NULL REFERENCES joint_plan (id),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        coordinator_tenant_id uuid NOT NULL REFERENCES tenant (id),
        is_initiator boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'INVITED' CHECK (status IN ('INVITED','CONFIRMED','DECLINED')),
        proposed_item_ids uuid[] NOT NULL DEFAULT '{}',
        item_ids uuid[] NOT NULL DEFAULT '{}',
        joint_entry_ids uuid[] NOT NULL DEFAULT '{}',
        team_rule jsonb,
        decline_reason text,
        confirmed_at timestamptz,
        declined_at timestamptz,
        responded_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (task_id, tenant_id),
        CHECK (status <> 'DECLINED' OR (decline_reason IS NOT NULL AND NOT is_initiator)),
        CHECK (status <> 'CONFIRMED' OR (confirmed_at IS NOT NULL AND cardinality(item_ids) >= 1))
      )`,
      `CREATE INDEX joint_participation_tenant_idx ON joint_participation (tenant_id, status)`,
      `CREATE INDEX joint_participation_coordinator_idx ON joint_participation (coordinator_tenant_id)`,
      ...rlsOn("joint_participation", "SELECT, INSERT, UPDATE"),

      `CREATE FUNCTION joint_task_visible(p_task uuid) RETURNS boolean
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        DECLARE
          previous text := coalesce(current_setting('app.joint_visibility', true), '');
          result boolean;
        BEGIN
          IF app_tenant_id() IS NULL OR p_task IS NULL THEN RETURN false; END IF;
          PERFORM set_config('app.joint_visibility', 'on', true);
          SELECT EXISTS (
            SELECT 1 FROM joint_participation p
             WHERE p.task_id = p_task
               AND ((p.tenant_id = app_tenant_id() AND p.status <> 'DECLINED') OR p.coordinator_tenant_id = app_tenant_id())
          ) INTO result;
          PERFORM set_config('app.joint_visibility', previous, true);
          RETURN result;
        END $$`,
      `REVOKE ALL ON FUNCTION joint_task_visible(uuid) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION joint_task_visible(uuid) TO ${RUNTIME_GROUP}`,

      `CREATE POLICY joint_participation_read ON joint_participation FOR SELECT USING (
        CASE WHEN current_setting('app.joint_visibility', true) = 'on' AND ${DEFINER_ONLY} THEN true
             ELSE ${visible("task_id")} END)`,
      // The coordinator invites (and records consolidations); a participant answers for itself while not DECLINED.
      `CREATE POLICY joint_participation_invite ON joint_participation FOR INSERT
        WITH CHECK (coordinator_tenant_id = app_tenant_id())`,
      `CREATE POLICY joint_participation_answer ON joint_participation FOR UPDATE
        USING ((tenant_id = app_tenant_id() AND status <> 'DECLINED') OR coordinator_tenant_id = app_tenant_id())
        WITH CHECK (tenant_id = app_tenant_id() OR coordinator_tenant_id = app_tenant_id())`,

      `CREATE POLICY joint_task_participant_read ON joint_task FOR SELECT USING (${visible("id")})`,
      // The initiating department approves (commits the seed) and draws: it may change the status columns.
      `CREATE POLICY joint_task_initiator_update ON joint_task FOR UPDATE
        USING (initiating_tenant_id = app_tenant_id() AND ${visible("id")})
        WITH CHECK (initiating_tenant_id = app_tenant_id())`,
      `CREATE POLICY joint_plan_participant_read ON joint_plan FOR SELECT
        USING (EXISTS (SELECT 1 FROM joint_task t WHERE t.plan_id = joint_plan.id))`,

      /** The secret half of the commitment: the initiating department's only. */
      `CREATE TABLE joint_task_seed (
        task_id uuid PRIMARY KEY REFERENCES joint_task (id),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        server_seed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("joint_task_seed", "SELECT, INSERT, UPDATE"),

      /** The initiating department's verifiable draw: targets and every department's inspectors, one seed. */
      `CREATE TABLE joint_draw (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        task_id uuid NOT NULL UNIQUE REFERENCES joint_task (id),
        record jsonb NOT NULL,
        seal_digest text NOT NULL,
        population_size int NOT NULL,
        drawn_count int NOT NULL,
        operator_id uuid NOT NULL,
        witness_id uuid NOT NULL,
        drawn_at timestamptz NOT NULL
      )`,
      ...tenantOwned("joint_draw", "SELECT, INSERT"),
      `CREATE POLICY joint_draw_participant_read ON joint_draw FOR SELECT USING (${visible("task_id")})`,

      /** One drawn (or consolidated) target and its mixed team (联合检查组). */
      `CREATE TABLE joint_target (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        task_id uuid NOT NULL REFERENCES joint_task (id),
        draw_id uuid REFERENCES joint_draw (id),
        subject_id uuid NOT NULL REFERENCES subject (id),
        stratum text NOT NULL,
        team jsonb,
        member_ids uuid[] NOT NULL DEFAULT '{}',
        member_user_keys text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (task_id, subject_id)
      )`,
      `CREATE INDEX joint_target_members_idx ON joint_target USING gin (member_ids)`,
      ...rlsOn("joint_target", "SELECT, INSERT"),
      `CREATE POLICY joint_target_read ON joint_target FOR SELECT USING (${visible("task_id")})`,
      `CREATE POLICY joint_target_write ON joint_target FOR INSERT
        WITH CHECK (tenant_id = app_tenant_id() AND ${visible("task_id")})`,

      /** 一次上门: one visit per target; state is the src/joint state machine's JointVisit value. */
      `CREATE TABLE joint_visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        task_id uuid NOT NULL REFERENCES joint_task (id),
        target_id uuid NOT NULL UNIQUE REFERENCES joint_target (id),
        subject_id uuid NOT NULL REFERENCES subject (id),
        coordinator_tenant_id uuid NOT NULL REFERENCES tenant (id),
        participant_ids uuid[] NOT NULL CHECK (cardinality(participant_ids) >= 2),
        status text NOT NULL DEFAULT 'UNSCHEDULED'
          CHECK (status IN ('UNSCHEDULED','PROPOSED','CONTESTED','AGREED','COMPLETE')),
        proposed_date date,
        agreed_date date,
        state jsonb,
        items_checked int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX joint_visit_task_idx ON joint_visit (task_id)`,
      ...rlsOn("joint_visit", "SELECT, INSERT, UPDATE"),
      `CREATE POLICY joint_visit_read ON joint_visit FOR SELECT USING (${visible("task_id")})`,
      `CREATE POLICY joint_visit_write ON joint_visit FOR INSERT
        WITH CHECK (tenant_id = app_tenant_id() AND ${visible("task_id")})`,
      `CREATE POLICY joint_visit_respond ON joint_visit FOR UPDATE
        USING (${visible("task_id")}) WITH CHECK (${visible("task_id")})`,

      /**
       * ASSIGNMENT events for the linked users of a joint team's inspectors, who may belong to another department:
       * only to a user named in a team the publisher can see (live_event_write allows only own-tenant ASSIGNMENT).
       */
      `CREATE POLICY live_event_joint_assignment ON live_event FOR INSERT WITH CHECK (
        topic = 'ASSIGNMENT' AND app_tenant_id() IS NOT NULL AND published_by_tenant = app_tenant_id()
        AND live_event.tenant_id <> app_tenant_id()
        AND EXISTS (SELECT 1 FROM joint_target jt
                     WHERE (live_event.tenant_id::text || ':' || live_event.user_id::text) = ANY (jt.member_user_keys)))`,

      /**
       * A confirmed participant's inspector pool for the initiating department's draw. A function rather than a
       * read policy on inspector: it returns only the draw's columns (never the ID-number hash or last four), only
       * for the initiator of an APPROVED task, only for a CONFIRMED participant, and only while it runs.
       * app.joint_pool_tenant holds the one tenant whose rows the flag-gated policies below release.
       */
      `CREATE POLICY inspector_joint_pool ON inspector FOR SELECT
        USING (tenant_id::text = current_setting('app.joint_pool_tenant', true) AND ${DEFINER_ONLY})`,
      `CREATE POLICY inspector_conflict_joint_pool ON inspector_conflict FOR SELECT
        USING (tenant_id::text = current_setting('app.joint_pool_tenant', true) AND ${DEFINER_ONLY})`,
      `CREATE POLICY assignment_joint_pool ON assignment FOR SELECT
        USING (tenant_id::text = current_setting('app.joint_pool_tenant', true) AND ${DEFINER_ONLY})`,
      `CREATE FUNCTION joint_inspector_pool(p_task uuid, p_tenant uuid, p_today date, p_rotation_months int)
        RETURNS jsonb LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        DECLARE
          result jsonb;
        BEGIN
          IF NOT (app_has_role('PLANNER') OR app_has_role('ADMIN'))
             OR NOT EXISTS (SELECT 1 FROM joint_task t WHERE t.id = p_task AND t.status = 'APPROVED'
                              AND t.initiating_tenant_id = app_tenant_id())
             OR NOT EXISTS (SELECT 1 FROM joint_participation p WHERE p.task_id = p_task AND p.tenant_id = p_tenant
                              AND p.status = 'CONFIRMED') THEN
            RAISE EXCEPTION 'joint_inspector_pool: only the initiating department of an approved joint task may read a confirmed participant''s pool'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          PERFORM set_config('app.joint_pool_tenant', p_tenant::text, true);
          SELECT jsonb_build_object(
            'pool', coalesce((
              SELECT jsonb_agg(jsonb_build_object(
                'id', i.id, 'name', i.name, 'certificate_no', i.certificate_no, 'user_id', i.user_id,
                'categories', i.enforcement_categories, 'status', i.status, 'sub_libraries', i.sub_libraries,
                'leader_eligible', i.leader_eligible,
                'load', (SELECT count(*) FROM assignment a WHERE a.tenant_id = i.tenant_id AND i.id = ANY (a.member_ids)
                           AND a.status IN ('ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'))) ORDER BY i.id)
                FROM inspector i WHERE i.tenant_id = p_tenant AND i.post = 'ENFORCEMENT' AND i.status <> 'LEFT'), '[]'::jsonb),
            'conflicts', coalesce((
              SELECT jsonb_agg(DISTINCT jsonb_build_object('inspector_id', c.inspector_id, 'subject_id', c.subject_id))
                FROM inspector_conflict c WHERE c.tenant_id = p_tenant AND c.valid_from <= p_today
                 AND (c.valid_to IS NULL OR c.valid_to >= p_today)), '[]'::jsonb),
            'rotation', coalesce((
              SELECT jsonb_agg(DISTINCT jsonb_build_object('inspector_id', m, 'subject_id', a.subject_id))
                FROM assignment a, unnest(a.member_ids) m
               WHERE p_rotation_months > 0 AND a.tenant_id = p_tenant AND a.status <> 'CANCELLED'
                 AND a.created_at >= p_today - make_interval(months => p_rotation_months)), '[]'::jsonb)
          ) INTO result;
          PERFORM set_config('app.joint_pool_tenant', '', true);
          RETURN result;
        END $$`,
      `REVOKE ALL ON FUNCTION joint_inspector_pool(uuid, uuid, date, int) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION joint_inspector_pool(uuid, uuid, date, int) TO ${RUNTIME_GROUP}`,

      /**
       * 消除重复检查: departments' own drawn (task, subject) pairs in a date range, only for subjects drawn by two or
       * more departments, only for the coordinator's ADMIN/PLANNER. No names, no teams: ids, windows and item ids.
       */
      `CREATE POLICY assignment_joint_overlap ON assignment FOR SELECT
        USING (current_setting('app.joint_overlap', true) = 'on' AND ${DEFINER_ONLY})`,
      `CREATE POLICY inspection_task_joint_overlap ON inspection_task FOR SELECT
        USING (current_setting('app.joint_overlap', true) = 'on' AND ${DEFINER_ONLY})`,
      `CREATE FUNCTION joint_overlap_pairs(p_from date, p_to date)
        RETURNS TABLE (task_id uuid, tenant_id uuid, window_from date, window_to date, subject_id uuid, item_ids uuid[])
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        BEGIN
          IF NOT (app_has_role('PLANNER') OR app_has_role('ADMIN'))
             OR NOT EXISTS (SELECT 1 FROM tenant WHERE id = app_tenant_id() AND is_coordinator) THEN
            RAISE EXCEPTION 'joint_overlap_pairs: coordinator only' USING ERRCODE = 'insufficient_privilege';
          END IF;
          PERFORM set_config('app.joint_overlap', 'on', true);
          RETURN QUERY
            WITH pairs AS (
              SELECT DISTINCT a.task_id, a.tenant_id, a.window_from, a.window_to, a.subject_id
                FROM assignment a
               WHERE a.status <> 'CANCELLED' AND a.window_to >= p_from AND a.window_from <= p_to
            ), shared AS (
              SELECT s.subject_id FROM pairs s GROUP BY s.subject_id HAVING count(DISTINCT s.tenant_id) >= 2
            )
            SELECT p.task_id, p.tenant_id, p.window_from, p.window_to, p.subject_id, t.item_ids
              FROM pairs p JOIN shared USING (subject_id) JOIN inspection_task t ON t.id = p.task_id
             ORDER BY p.subject_id, p.task_id;
          PERFORM set_config('app.joint_overlap', '', true);
        END $$`,
      `REVOKE ALL ON FUNCTION joint_overlap_pairs(date, date) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION joint_overlap_pairs(date, date) TO ${RUNTIME_GROUP}`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      "DROP FUNCTION joint_overlap_pairs(date, date)",
      "DROP POLICY inspection_task_joint_overlap ON inspection_task",
      "DROP POLICY assignment_joint_overlap ON assignment",
      "DROP FUNCTION joint_inspector_pool(uuid, uuid, date, int)",
      "DROP POLICY assignment_joint_pool ON assignment",
      "DROP POLICY inspector_conflict_joint_pool ON inspector_conflict",
      "DROP POLICY inspector_joint_pool ON inspector",
      "DROP POLICY live_event_joint_assignment ON live_event",
      "DROP TABLE joint_visit, joint_target, joint_draw, joint_task_seed",
      "DROP POLICY joint_participation_read ON joint_participation",
      "DROP POLICY joint_task_participant_read ON joint_task",
      "DROP POLICY joint_task_initiator_update ON joint_task",
      "DROP POLICY joint_plan_participant_read ON joint_plan",
      "DROP FUNCTION joint_task_visible(uuid)",
      "DROP TABLE joint_participation, joint_task, joint_plan",
    ])
      await q.query(sql);
  }
}
