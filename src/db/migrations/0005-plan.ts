import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { tenantOwned } from "./sql";

/**
 * Annual plans (年度抽查计划), tasks (抽查任务), the append-only draws (随机抽取) and the assignments they produce.
 * Published plans and draws past their embargo are public (一公开); a task's secret server seed lives in its own
 * table that only its tenant can read, so nothing public can reach it before it is revealed in the draw record.
 */
export class Plan1763856000005 implements MigrationInterface {
  name = "Plan1763856000005";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE annual_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        title text NOT NULL,
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT','SUBMITTED','APPROVED','PUBLISHED','CLOSED')),
        due_date date NOT NULL,
        returned_reason text,
        submitted_at timestamptz,
        approved_at timestamptz,
        approved_by uuid,
        published_at timestamptz,
        filed_with_coordinator_at timestamptz,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("annual_plan", "SELECT, INSERT, UPDATE"),
      `CREATE POLICY annual_plan_public ON annual_plan FOR SELECT USING (status IN ('PUBLISHED','CLOSED'))`,

      `CREATE TABLE inspection_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        plan_id uuid NOT NULL REFERENCES annual_plan (id),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('DIRECTED','UNDIRECTED','COMPLAINT')),
        item_ids uuid[] NOT NULL,
        filters jsonb NOT NULL DEFAULT '{}'::jsonb,
        window_from date NOT NULL,
        window_to date NOT NULL CHECK (window_to >= window_from),
        sampling_rule jsonb NOT NULL,
        stratify_by text NOT NULL DEFAULT 'RISK_CLASS' CHECK (stratify_by IN ('RISK_CLASS','TAG','NONE')),
        policy_override_reason text,
        team_rule jsonb NOT NULL,
        exclusions jsonb NOT NULL,
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT','APPROVED','DRAWN','CLOSED')),
        commitment text,
        approved_at timestamptz,
        approved_by uuid,
        publish_draw_at timestamptz,
        draw_embargo_days int NOT NULL DEFAULT 0 CHECK (draw_embargo_days BETWEEN 0 AND 365),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("inspection_task", "SELECT, INSERT, UPDATE"),
      `CREATE POLICY inspection_task_public ON inspection_task FOR SELECT
        USING (EXISTS (SELECT 1 FROM annual_plan p WHERE p.id = plan_id AND p.status IN ('PUBLISHED','CLOSED')))`,

      /** The secret half of the commitment: never public, never in a published row until the draw reveals it. */
      `CREATE TABLE task_seed (
        task_id uuid PRIMARY KEY REFERENCES inspection_task (id),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        server_seed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("task_seed", "SELECT, INSERT, UPDATE"),

      /** Append-only: a draw is never updated except to be voided (with reason and supervisor). */
      `CREATE TABLE draw (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        task_id uuid NOT NULL REFERENCES inspection_task (id),
        sequence int NOT NULL,
        status text NOT NULL DEFAULT 'VALID' CHECK (status IN ('VALID','VOIDED')),
        record jsonb NOT NULL,
        seal_digest text NOT NULL,
        population_size int NOT NULL,
        drawn_count int NOT NULL,
        operator_id uuid NOT NULL,
        witness_id uuid NOT NULL,
        drawn_at timestamptz NOT NULL,
        public_after timestamptz,
        void_reason text,
        voided_by uuid,
        voided_at timestamptz,
        UNIQUE (task_id, sequence)
      )`,
      ...tenantOwned("draw", "SELECT, INSERT, UPDATE"),
      // Exactly one valid draw per task, whatever the concurrency: the database is the last word.
      `CREATE UNIQUE INDEX draw_one_valid_per_task ON draw (task_id) WHERE status = 'VALID'`,
      `CREATE POLICY draw_public ON draw FOR SELECT USING (public_after IS NOT NULL AND public_after <= now())`,
      // Only the void columns may change, and only once.
      `CREATE FUNCTION draw_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.status = 'VOIDED' OR NEW.status <> 'VOIDED' OR NEW.record IS DISTINCT FROM OLD.record
             OR NEW.seal_digest <> OLD.seal_digest OR NEW.task_id <> OLD.task_id OR NEW.sequence <> OLD.sequence
             OR NEW.drawn_at <> OLD.drawn_at OR NEW.operator_id <> OLD.operator_id OR NEW.witness_id <> OLD.witness_id
             OR NEW.void_reason IS NULL OR NEW.voided_by IS NULL THEN
            RAISE EXCEPTION 'draws are append-only: only voiding (with reason and supervisor) is allowed'
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER draw_append_only BEFORE UPDATE ON draw FOR EACH ROW EXECUTE FUNCTION draw_append_only()`,

      /**
       * One per target: the team that visits it. RANDOM ones come from a draw; DIRECT (指派, where the team rule
       * allows it) and COMPLAINT (投诉举报核查) ones are recorded with a reason and never count as random checks.
       */
      `CREATE TABLE assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        task_id uuid NOT NULL REFERENCES inspection_task (id),
        kind text NOT NULL DEFAULT 'RANDOM' CHECK (kind IN ('RANDOM','DIRECT','COMPLAINT')),
        draw_id uuid REFERENCES draw (id),
        direct_reason text,
        assigned_by uuid,
        subject_id uuid NOT NULL REFERENCES subject (id),
        stratum text NOT NULL,
        leader_id uuid NOT NULL REFERENCES inspector (id),
        member_ids uuid[] NOT NULL,
        window_from date NOT NULL,
        window_to date NOT NULL,
        status text NOT NULL DEFAULT 'ASSIGNED'
          CHECK (status IN ('ASSIGNED','ACCEPTED','IN_PROGRESS','RECORDED','CANCELLED')),
        inspected_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'RANDOM') = (draw_id IS NOT NULL)),
        CHECK (kind = 'RANDOM' OR (direct_reason IS NOT NULL AND assigned_by IS NOT NULL))
      )`,
      ...tenantOwned("assignment", "SELECT, INSERT, UPDATE"),
      `CREATE INDEX assignment_subject_idx ON assignment (subject_id, created_at)`,
      `CREATE INDEX assignment_members_idx ON assignment USING gin (member_ids)`,

      /** 递补 log: who was replaced, by whom, why, approved by whom. */
      `CREATE TABLE substitution (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        assignment_id uuid NOT NULL REFERENCES assignment (id),
        recused_id uuid NOT NULL REFERENCES inspector (id),
        substitute_id uuid NOT NULL REFERENCES inspector (id),
        reason_code text NOT NULL,
        reason_note text NOT NULL,
        requested_by text NOT NULL,
        approved_by uuid NOT NULL,
        /** The draw module's SubstitutionEntry, appended to the published record in creation order. */
        entry jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("substitution", "SELECT, INSERT"),

      /** 访问留痕: who opened an embargoed drawn list. */
      `CREATE TABLE draw_access_log (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        draw_id uuid NOT NULL REFERENCES draw (id),
        actor text NOT NULL,
        accessed_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("draw_access_log", "SELECT, INSERT"),
      `GRANT USAGE ON SEQUENCE draw_access_log_id_seq TO ${RUNTIME_GROUP}`,

      /**
       * Per-subject inspection counts across ALL departments (年度抽查次数上限, 无事不扰) without opening other
       * tenants' rows: aggregates only. FORCE RLS binds the function's owner too, so the function raises a flag
       * that a dedicated SELECT policy honours, and only for a role outside the runtime group (the definer): the
       * runtime role cannot use the policy by setting the flag itself.
       */
      `CREATE POLICY assignment_cross_tenant_counts ON assignment FOR SELECT
        USING (current_setting('app.cross_tenant_counts', true) = 'on' AND NOT pg_has_role('${RUNTIME_GROUP}', 'USAGE'))`,
      // set_config inside the body: a function-level SET of a custom parameter needs a superuser on PG 15+.
      `CREATE FUNCTION subject_inspection_stats(since timestamptz)
        RETURNS TABLE (subject_id uuid, checks bigint, last_checked timestamptz)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        BEGIN
          PERFORM set_config('app.cross_tenant_counts', 'on', true);
          RETURN QUERY
            SELECT a.subject_id, count(*), max(a.created_at)
              FROM assignment a
             WHERE a.created_at >= since AND a.status <> 'CANCELLED'
             GROUP BY a.subject_id;
          PERFORM set_config('app.cross_tenant_counts', '', true);
        END $$`,
      `REVOKE ALL ON FUNCTION subject_inspection_stats(timestamptz) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION subject_inspection_stats(timestamptz) TO ${RUNTIME_GROUP}`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP FUNCTION subject_inspection_stats(timestamptz)");
    await q.query(
      "DROP TABLE draw_access_log, substitution, assignment, draw, task_seed, inspection_task, annual_plan",
    );
    await q.query("DROP FUNCTION draw_append_only()");
  }
}
