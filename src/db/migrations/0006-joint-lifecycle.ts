import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { rlsOn } from "./sql";

/**
 * Joint draws after the fact and joint plans in public (issue 5 follow-up):
 *
 * - 作废: a joint draw may be voided (status, reason, supervisor; append-only otherwise, like `draw`); its targets and
 *   visits are CANCELLED and kept; at most one VALID draw and one ACTIVE target per subject per task.
 * - 回避/递补: joint_substitution holds each department's substitutions (the record's chained entries, numbered per
 *   draw). A participant may rewrite a target's team (its own inspector out, the substitute in); a trigger keeps every
 *   other column of joint_target fixed and lets only the owning (initiating) department cancel a target.
 * - 公布: joint_plan_publication marks a plan PUBLISHED. Its read policy is `true` (which plans are public is itself
 *   public) so the public policies below can test it without going through joint_plan's own policies (no policy
 *   recursion through joint_task_visible). Published: the plan, its tasks, the CONFIRMED participations, and each
 *   draw after its embargo (public_after) with its substitutions are readable by anyone, anonymous callers included.
 *   Before publication nothing changes: only the coordinator and non-declined participants see the task.
 */
export class JointLifecycle1763856000106 implements MigrationInterface {
  name = "JointLifecycle1763856000106";

  async up(q: QueryRunner): Promise<void> {
    const visible = (col: string) => `joint_task_visible(${col})`;
    const published = (planCol: string) =>
      `EXISTS (SELECT 1 FROM joint_plan_publication pp WHERE pp.plan_id = ${planCol})`;
    const statements = [
      /** 作废 of joint draws. */
      `ALTER TABLE joint_draw
         ADD COLUMN sequence int NOT NULL DEFAULT 1,
         ADD COLUMN status text NOT NULL DEFAULT 'VALID' CHECK (status IN ('VALID','VOIDED')),
         ADD COLUMN public_after timestamptz,
         ADD COLUMN void_reason text,
         ADD COLUMN voided_by uuid,
         ADD COLUMN voided_at timestamptz`,
      `ALTER TABLE joint_draw DROP CONSTRAINT joint_draw_task_id_key`,
      `ALTER TABLE joint_draw ADD CONSTRAINT joint_draw_task_sequence_key UNIQUE (task_id, sequence)`,
      // Exactly one valid draw per joint task, whatever the concurrency.
      `CREATE UNIQUE INDEX joint_draw_one_valid_per_task ON joint_draw (task_id) WHERE status = 'VALID'`,
      `GRANT UPDATE ON joint_draw TO ${RUNTIME_GROUP}`,
      `CREATE FUNCTION joint_draw_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.status = 'VOIDED' OR NEW.status <> 'VOIDED' OR NEW.record IS DISTINCT FROM OLD.record
             OR NEW.seal_digest <> OLD.seal_digest OR NEW.task_id <> OLD.task_id OR NEW.sequence <> OLD.sequence
             OR NEW.tenant_id <> OLD.tenant_id OR NEW.drawn_at <> OLD.drawn_at OR NEW.operator_id <> OLD.operator_id
             OR NEW.witness_id <> OLD.witness_id OR NEW.public_after IS DISTINCT FROM OLD.public_after
             OR NEW.void_reason IS NULL OR NEW.voided_by IS NULL OR NEW.voided_at IS NULL THEN
            RAISE EXCEPTION 'joint draws are append-only: only voiding (with reason and supervisor) is allowed'
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER joint_draw_append_only BEFORE UPDATE ON joint_draw
         FOR EACH ROW EXECUTE FUNCTION joint_draw_append_only()`,

      /** Targets and visits of a voided draw are cancelled, never deleted. */
      `ALTER TABLE joint_target ADD COLUMN status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','CANCELLED'))`,
      `ALTER TABLE joint_target DROP CONSTRAINT joint_target_task_id_subject_id_key`,
      `CREATE UNIQUE INDEX joint_target_one_active ON joint_target (task_id, subject_id) WHERE status = 'ACTIVE'`,
      `GRANT UPDATE ON joint_target TO ${RUNTIME_GROUP}`,
      `CREATE POLICY joint_target_update ON joint_target FOR UPDATE
         USING (${visible("task_id")}) WITH CHECK (${visible("task_id")})`,
      `CREATE FUNCTION joint_target_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.id <> OLD.id OR NEW.tenant_id <> OLD.tenant_id OR NEW.task_id <> OLD.task_id
             OR NEW.draw_id IS DISTINCT FROM OLD.draw_id OR NEW.subject_id <> OLD.subject_id
             OR NEW.stratum <> OLD.stratum OR NEW.created_at <> OLD.created_at OR OLD.status = 'CANCELLED'
             OR (NEW.status <> OLD.status AND OLD.tenant_id IS DISTINCT FROM app_tenant_id())
             -- A participant rewrites only its own members' event routes (live_event_joint_assignment reads them).
             OR (OLD.tenant_id IS DISTINCT FROM app_tenant_id()
                 AND ARRAY(SELECT k FROM unnest(NEW.member_user_keys) k
                            WHERE k NOT LIKE app_tenant_id()::text || ':%' ORDER BY k)
                     IS DISTINCT FROM
                     ARRAY(SELECT k FROM unnest(OLD.member_user_keys) k
                            WHERE k NOT LIKE app_tenant_id()::text || ':%' ORDER BY k)) THEN
            RAISE EXCEPTION 'joint targets: only the team of an active target may change, and only the initiating department cancels'
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER joint_target_guard BEFORE UPDATE ON joint_target FOR EACH ROW EXECUTE FUNCTION joint_target_guard()`,
      `ALTER TABLE joint_visit DROP CONSTRAINT joint_visit_status_check`,
      `ALTER TABLE joint_visit ADD CONSTRAINT joint_visit_status_check
         CHECK (status IN ('UNSCHEDULED','PROPOSED','CONTESTED','AGREED','COMPLETE','CANCELLED'))`,

      /** 回避/递补 inside a joint team: owned by the department whose inspector was recused. */
      `CREATE TABLE joint_substitution (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        task_id uuid NOT NULL REFERENCES joint_task (id),
        draw_id uuid NOT NULL REFERENCES joint_draw (id),
        target_id uuid NOT NULL REFERENCES joint_target (id),
        sequence int NOT NULL CHECK (sequence >= 1),
        recused_id uuid NOT NULL,
        substitute_id uuid NOT NULL,
        reason_code text NOT NULL,
        reason_note text NOT NULL,
        requested_by text NOT NULL,
        approved_by uuid NOT NULL,
        entry jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (draw_id, sequence)
      )`,
      `CREATE INDEX joint_substitution_tenant_idx ON joint_substitution (tenant_id)`,
      ...rlsOn("joint_substitution", "SELECT, INSERT"),
      // Whoever may read the draw (participants; anyone once published and past the embargo) reads its substitutions.
      `CREATE POLICY joint_substitution_read ON joint_substitution FOR SELECT
         USING (EXISTS (SELECT 1 FROM joint_draw d WHERE d.id = joint_substitution.draw_id))`,
      `CREATE POLICY joint_substitution_write ON joint_substitution FOR INSERT
         WITH CHECK (tenant_id = app_tenant_id() AND ${visible("task_id")})`,

      /** 公布 of joint plans (DRAFT → PUBLISHED): one row per published plan. */
      `CREATE TABLE joint_plan_publication (
        plan_id uuid PRIMARY KEY REFERENCES joint_plan (id),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by uuid NOT NULL
      )`,
      ...rlsOn("joint_plan_publication", "SELECT, INSERT"),
      `CREATE POLICY joint_plan_publication_read ON joint_plan_publication FOR SELECT USING (true)`,
      `CREATE POLICY joint_plan_publication_write ON joint_plan_publication FOR INSERT
         WITH CHECK (tenant_id = app_tenant_id()
           AND EXISTS (SELECT 1 FROM joint_plan p WHERE p.id = plan_id AND p.tenant_id = app_tenant_id()))`,
      `CREATE POLICY joint_plan_public ON joint_plan FOR SELECT USING (${published("joint_plan.id")})`,
      `CREATE POLICY joint_task_public ON joint_task FOR SELECT USING (${published("joint_task.plan_id")})`,
      `CREATE POLICY joint_participation_public ON joint_participation FOR SELECT
         USING (status = 'CONFIRMED' AND ${published("joint_participation.plan_id")})`,
      `CREATE POLICY joint_draw_public ON joint_draw FOR SELECT USING (
         public_after IS NOT NULL AND public_after <= now()
         AND EXISTS (SELECT 1 FROM joint_task t JOIN joint_plan_publication pp ON pp.plan_id = t.plan_id
                      WHERE t.id = joint_draw.task_id))`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      "DROP POLICY joint_draw_public ON joint_draw",
      "DROP POLICY joint_participation_public ON joint_participation",
      "DROP POLICY joint_task_public ON joint_task",
      "DROP POLICY joint_plan_public ON joint_plan",
      "DROP TABLE joint_plan_publication, joint_substitution",
      "ALTER TABLE joint_visit DROP CONSTRAINT joint_visit_status_check",
      `ALTER TABLE joint_visit ADD CONSTRAINT joint_visit_status_check
         CHECK (status IN ('UNSCHEDULED','PROPOSED','CONTESTED','AGREED','COMPLETE'))`,
      "DROP TRIGGER joint_target_guard ON joint_target",
      "DROP FUNCTION joint_target_guard()",
      "DROP POLICY joint_target_update ON joint_target",
      `REVOKE UPDATE ON joint_target FROM ${RUNTIME_GROUP}`,
      "DROP INDEX joint_target_one_active",
      "ALTER TABLE joint_target DROP COLUMN status",
      "ALTER TABLE joint_target ADD CONSTRAINT joint_target_task_id_subject_id_key UNIQUE (task_id, subject_id)",
      "DROP TRIGGER joint_draw_append_only ON joint_draw",
      "DROP FUNCTION joint_draw_append_only()",
      `REVOKE UPDATE ON joint_draw FROM ${RUNTIME_GROUP}`,
      "DROP INDEX joint_draw_one_valid_per_task",
      "ALTER TABLE joint_draw DROP CONSTRAINT joint_draw_task_sequence_key",
      "ALTER TABLE joint_draw ADD CONSTRAINT joint_draw_task_id_key UNIQUE (task_id)",
      `ALTER TABLE joint_draw DROP COLUMN sequence, DROP COLUMN status, DROP COLUMN public_after,
         DROP COLUMN void_reason, DROP COLUMN voided_by, DROP COLUMN voided_at`,
    ])
      await q.query(sql);
  }
}
