import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { SAFE_SEARCH_PATH } from "./sql";

const DEFINER_ONLY = `NOT pg_catalog.pg_has_role('${RUNTIME_GROUP}', 'USAGE')`;

/**
 * Policies allow exactly what the API allows (issue 10 §3). As the runtime role, before this migration, a
 * participant could:
 * - remove another department's member from a joint team (joint_target_guard checked only the event routes);
 * - set a joint visit to COMPLETE (joint_visit_respond let any party write any column) — joint_visit_guard now holds
 *   the state machine's invariants: fixed identity, a party changes only its own response and adds only itself to
 *   publishedBy, COMPLETE only when every participant has published, AGREED only when all accepted or the
 *   coordinator resolved, CANCELLED only by the draw's department;
 * - change its participation's coordinator (or department, task, initiator flag) so that an uninvited department saw
 *   the targets — UPDATE is now granted on the answer columns only, only while the task is still INVITING, and
 *   only the department itself answers (the coordinator may only propose its items);
 * - set app.live_delivery itself and read other users' NOTICE events — that branch is now for the definer only;
 * - insert JOINT_PROGRESS into any tenant's stream and PUBLIC_RESULT events about anything — JOINT_PROGRESS now goes
 *   only to a party of a joint task the writer takes part in, and PUBLIC_RESULT must describe the writer's own
 *   current publication.
 * And a department's draw record is public only once its plan is published and the embargo has passed (§4).
 */
export class PolicyFloor1763856000031 implements MigrationInterface {
  name = "PolicyFloor1763856000031";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // --- live events
      `DROP POLICY live_event_read ON live_event`,
      `CREATE POLICY live_event_read ON live_event FOR SELECT USING (
        tenant_id IS NULL
        OR (tenant_id = app_tenant_id() AND (user_id IS NULL OR user_id = app_user_id()))
        OR (tenant_id = app_tenant_id() AND current_setting('app.live_delivery', true) = 'on' AND ${DEFINER_ONLY})
      )`,
      `DROP POLICY live_event_write ON live_event`,
      `CREATE POLICY live_event_write ON live_event FOR INSERT WITH CHECK (
        app_tenant_id() IS NOT NULL AND published_by_tenant = app_tenant_id()
        AND (
          tenant_id = app_tenant_id()
          OR (topic = 'PUBLIC_RESULT' AND tenant_id IS NULL AND EXISTS (
                SELECT 1 FROM result_publication rp
                 WHERE rp.id::text = live_event.payload ->> 'publicationId' AND rp.tenant_id = app_tenant_id()
                   AND rp.superseded_at IS NULL AND rp.version::text = live_event.payload ->> 'version'
                   AND rp.subject_name = live_event.payload ->> 'subjectName'
                   AND rp.category_code = live_event.payload ->> 'categoryCode'))
          -- joint_participation's RLS shows the writer only the tasks it is a party of
          OR (topic = 'JOINT_PROGRESS' AND user_id IS NULL AND tenant_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM joint_participation p
                 WHERE p.task_id::text = live_event.payload ->> 'jointTaskId'
                   AND ((p.tenant_id = live_event.tenant_id AND p.status <> 'DECLINED')
                        OR p.coordinator_tenant_id = live_event.tenant_id)))
        )
      )`,

      // --- joint participations: the answer columns only, while the task is open for answers
      `REVOKE UPDATE ON joint_participation FROM ${RUNTIME_GROUP}`,
      `GRANT UPDATE (status, proposed_item_ids, item_ids, joint_entry_ids, team_rule, decline_reason, confirmed_at,
         declined_at, responded_by) ON joint_participation TO ${RUNTIME_GROUP}`,
      `DROP POLICY joint_participation_answer ON joint_participation`,
      `CREATE POLICY joint_participation_answer ON joint_participation FOR UPDATE
        USING (((tenant_id = app_tenant_id() AND status <> 'DECLINED') OR coordinator_tenant_id = app_tenant_id())
               AND EXISTS (SELECT 1 FROM joint_task t WHERE t.id = joint_participation.task_id AND t.status = 'INVITING'))
        WITH CHECK (tenant_id = app_tenant_id() OR coordinator_tenant_id = app_tenant_id())`,
      // The coordinator proposes a department's items; only the department itself answers.
      `CREATE FUNCTION public.joint_participation_guard() RETURNS trigger LANGUAGE plpgsql
        SET search_path = ${SAFE_SEARCH_PATH} AS $$
        BEGIN
          IF public.app_tenant_id() IS DISTINCT FROM OLD.tenant_id
             AND ROW(NEW.status, NEW.item_ids, NEW.joint_entry_ids, NEW.team_rule, NEW.decline_reason, NEW.confirmed_at,
                     NEW.declined_at, NEW.responded_by)
                 IS DISTINCT FROM
                 ROW(OLD.status, OLD.item_ids, OLD.joint_entry_ids, OLD.team_rule, OLD.decline_reason, OLD.confirmed_at,
                     OLD.declined_at, OLD.responded_by) THEN
            RAISE EXCEPTION 'joint participations: only the department itself answers an invitation'
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER joint_participation_guard BEFORE UPDATE ON joint_participation
        FOR EACH ROW EXECUTE FUNCTION joint_participation_guard()`,

      // --- joint teams: a party changes only its own members (and their event routes)
      `CREATE OR REPLACE FUNCTION public.joint_target_guard() RETURNS trigger LANGUAGE plpgsql
        SET search_path = ${SAFE_SEARCH_PATH} AS $$
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
             -- member_ids is the team's members (what myJointVisits reads)
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
        END $$`,

      // --- joint visits: the state machine's invariants (src/joint/visit-transitions.ts)
      `CREATE FUNCTION public.joint_visit_guard() RETURNS trigger LANGUAGE plpgsql
        SET search_path = ${SAFE_SEARCH_PATH} AS $$
        DECLARE
          me uuid := public.app_tenant_id();
          fixed_keys text[] := ARRAY['visitId', 'targetId', 'coordinatorId', 'participantIds', 'window', 'proposedDate'];
          old_pub jsonb := coalesce(OLD.state -> 'publishedBy', '[]');
          new_pub jsonb := coalesce(NEW.state -> 'publishedBy', '[]');
          is_coordinator boolean := me = OLD.coordinator_tenant_id;
          all_accepted boolean;
        BEGIN
          IF NEW.id <> OLD.id OR NEW.tenant_id <> OLD.tenant_id OR NEW.task_id <> OLD.task_id
             OR NEW.target_id <> OLD.target_id OR NEW.subject_id <> OLD.subject_id
             OR NEW.coordinator_tenant_id <> OLD.coordinator_tenant_id
             OR NEW.participant_ids IS DISTINCT FROM OLD.participant_ids OR NEW.created_at <> OLD.created_at
             OR NEW.items_checked <> OLD.items_checked OR OLD.status = 'CANCELLED' THEN
            RAISE EXCEPTION 'joint visits: the visit itself never changes' USING ERRCODE = 'check_violation';
          END IF;
          IF NEW.status = 'CANCELLED' THEN
            -- with its draw (作废), by the draw's department only
            IF me IS DISTINCT FROM OLD.tenant_id THEN
              RAISE EXCEPTION 'joint visits: only the initiating department cancels' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
          END IF;
          IF NEW.state IS NULL OR NEW.status IS DISTINCT FROM NEW.state ->> 'status'
             OR NEW.proposed_date IS DISTINCT FROM (NEW.state ->> 'proposedDate')::date
             OR NEW.agreed_date IS DISTINCT FROM (NEW.state ->> 'agreedDate')::date
             OR NEW.state ->> 'coordinatorId' IS DISTINCT FROM NEW.coordinator_tenant_id::text
             OR ARRAY(SELECT x FROM pg_catalog.jsonb_array_elements_text(NEW.state -> 'participantIds') x ORDER BY 1)
                IS DISTINCT FROM ARRAY(SELECT DISTINCT x::text FROM pg_catalog.unnest(NEW.participant_ids) x ORDER BY 1) THEN
            RAISE EXCEPTION 'joint visits: status and dates follow the visit''s state' USING ERRCODE = 'check_violation';
          END IF;
          SELECT pg_catalog.bool_and(coalesce(NEW.state -> 'responses' -> x ->> 'kind' = 'ACCEPTED', false)) INTO all_accepted
            FROM pg_catalog.jsonb_array_elements_text(NEW.state -> 'participantIds') x;
          IF OLD.state IS NULL THEN
            -- the first proposal: the coordinator or the initiating department (jointVisitService.propose)
            IF NOT (is_coordinator OR EXISTS (SELECT 1 FROM public.joint_task t WHERE t.id = OLD.task_id
                                                AND me IN (t.tenant_id, t.initiating_tenant_id)))
               OR pg_catalog.jsonb_array_length(new_pub) <> 0 OR NEW.status NOT IN ('PROPOSED', 'AGREED')
               OR (NEW.status = 'AGREED' AND NOT all_accepted) THEN
              RAISE EXCEPTION 'joint visits: only the coordinator or the initiating department proposes the date'
                USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
          END IF;
          IF (SELECT pg_catalog.jsonb_object_agg(k, v) FROM pg_catalog.jsonb_each(NEW.state) e(k, v) WHERE k = ANY (fixed_keys))
               IS DISTINCT FROM
             (SELECT pg_catalog.jsonb_object_agg(k, v) FROM pg_catalog.jsonb_each(OLD.state) e(k, v) WHERE k = ANY (fixed_keys))
             -- each party answers for itself and records only its own publication
             OR (NEW.state -> 'responses') - me::text IS DISTINCT FROM (OLD.state -> 'responses') - me::text
             OR NOT (new_pub = old_pub OR new_pub = old_pub || pg_catalog.to_jsonb(me::text))
             OR (new_pub <> old_pub AND NOT me = ANY (OLD.participant_ids))
             -- never back to an open date once agreed; COMPLETE only when every participant has published
             OR (OLD.status IN ('AGREED', 'COMPLETE') AND NEW.status IN ('PROPOSED', 'CONTESTED'))
             OR (OLD.status = 'COMPLETE' AND NEW.status <> 'COMPLETE')
             OR (OLD.status IN ('AGREED', 'COMPLETE') AND NEW.agreed_date IS DISTINCT FROM OLD.agreed_date)
             OR (NEW.status = 'COMPLETE' AND EXISTS (SELECT 1 FROM pg_catalog.unnest(NEW.participant_ids) x
                                                       WHERE NOT new_pub ? x::text))
             -- an open date becomes agreed when everyone accepted it, or when the coordinator resolves it
             OR (OLD.status IN ('PROPOSED', 'CONTESTED') AND NEW.status IN ('AGREED', 'COMPLETE')
                 AND NOT (all_accepted AND NEW.agreed_date = NEW.proposed_date)
                 AND NOT (is_coordinator AND OLD.status = 'CONTESTED'))
             OR (OLD.status IN ('PROPOSED', 'CONTESTED') AND NEW.status = 'COMPLETE') THEN
            RAISE EXCEPTION 'joint visits: a department answers and publishes only for itself; a visit is complete only when every participant has published'
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER joint_visit_guard BEFORE UPDATE ON joint_visit FOR EACH ROW EXECUTE FUNCTION joint_visit_guard()`,

      // --- need-to-know: a department's draw is public only in a published plan, after the embargo
      `DROP POLICY draw_public ON draw`,
      `CREATE POLICY draw_public ON draw FOR SELECT USING (
        public_after IS NOT NULL AND public_after <= app_now()
        AND EXISTS (SELECT 1 FROM inspection_task k JOIN annual_plan p ON p.id = k.plan_id
                     WHERE k.id = draw.task_id AND p.status IN ('PUBLISHED', 'CLOSED')))`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(): Promise<void> {
    throw new Error("PolicyFloor1763856000031 cannot be reverted: it closes privilege escalations");
  }
}
