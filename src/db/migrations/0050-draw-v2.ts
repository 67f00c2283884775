import type { MigrationInterface, QueryRunner } from "typeorm";
import { tenantOwned } from "./sql";

/**
 * Draw protocol v2 (issue 11, docs/DRAW.md §15):
 * - draw_lock: what a planner froze before the witness comes (population, pools, rules), with the digests that are
 *   public at least the tenant's notice period before the draw; readable by the public wherever the task is.
 * - draw: an attempt whose teams could not all be formed is kept as INFEASIBLE (one open attempt per task), and a
 *   void of a v2 record stores its chain entry (void_entry, settable only by the void itself: the append-only trigger
 *   refuses every update after VOIDED).
 * - substitution: draw_id, so the public reads a draw's 递补 with the draw (the tenant-only assignment join hid them);
 *   backfilled for every existing row.
 */
export class DrawV21763856000050 implements MigrationInterface {
  name = "DrawV21763856000050";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE draw_lock (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        kind text NOT NULL CHECK (kind IN ('TASK','JOINT')),
        task_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','USED','RELEASED')),
        lock jsonb NOT NULL,
        commitment text NOT NULL,
        lock_digest text NOT NULL,
        population_count int NOT NULL,
        population_digest text NOT NULL,
        config_digest text NOT NULL,
        locked_at timestamptz NOT NULL,
        locked_by uuid NOT NULL,
        draw_not_before timestamptz NOT NULL,
        immediate_reason text,
        draw_id uuid,
        release_reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("draw_lock", "SELECT, INSERT, UPDATE"),
      `CREATE UNIQUE INDEX draw_lock_one_open_per_task ON draw_lock (task_id) WHERE status = 'OPEN'`,
      `CREATE INDEX draw_lock_task_idx ON draw_lock (task_id, created_at)`,
      // Public wherever the task is public (department task under a published plan, or a published joint task).
      `CREATE POLICY draw_lock_public ON draw_lock FOR SELECT USING (
        (kind = 'TASK' AND EXISTS (SELECT 1 FROM inspection_task t WHERE t.id = task_id))
        OR (kind = 'JOINT' AND EXISTS (SELECT 1 FROM joint_task j WHERE j.id = task_id)))`,

      `ALTER TABLE draw DROP CONSTRAINT draw_status_check`,
      `ALTER TABLE draw ADD CONSTRAINT draw_status_check CHECK (status IN ('VALID','INFEASIBLE','VOIDED'))`,
      `DROP INDEX draw_one_valid_per_task`,
      `CREATE UNIQUE INDEX draw_one_open_per_task ON draw (task_id) WHERE status <> 'VOIDED'`,
      `ALTER TABLE draw ADD COLUMN void_entry jsonb`,
      `ALTER TABLE draw ADD COLUMN lock_id uuid REFERENCES draw_lock (id)`,

      // Joint draws: the same attempt states and void entry.
      `ALTER TABLE joint_draw DROP CONSTRAINT joint_draw_status_check`,
      `ALTER TABLE joint_draw ADD CONSTRAINT joint_draw_status_check CHECK (status IN ('VALID','INFEASIBLE','VOIDED'))`,
      `DROP INDEX joint_draw_one_valid_per_task`,
      `CREATE UNIQUE INDEX joint_draw_one_open_per_task ON joint_draw (task_id) WHERE status <> 'VOIDED'`,
      `ALTER TABLE joint_draw ADD COLUMN void_entry jsonb`,
      `ALTER TABLE joint_draw ADD COLUMN lock_id uuid REFERENCES draw_lock (id)`,

      `ALTER TABLE substitution ADD COLUMN draw_id uuid REFERENCES draw (id)`,
      `UPDATE substitution s SET draw_id = a.draw_id FROM assignment a WHERE a.id = s.assignment_id`,
      `CREATE INDEX substitution_draw_idx ON substitution (draw_id, created_at)`,
      `CREATE POLICY substitution_public ON substitution FOR SELECT USING (
        draw_id IS NOT NULL AND EXISTS (SELECT 1 FROM draw d WHERE d.id = draw_id))`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      "DROP POLICY substitution_public ON substitution",
      "ALTER TABLE substitution DROP COLUMN draw_id",
      "ALTER TABLE joint_draw DROP COLUMN lock_id",
      "ALTER TABLE joint_draw DROP COLUMN void_entry",
      "DROP INDEX joint_draw_one_open_per_task",
      "CREATE UNIQUE INDEX joint_draw_one_valid_per_task ON joint_draw (task_id) WHERE status = 'VALID'",
      "ALTER TABLE joint_draw DROP CONSTRAINT joint_draw_status_check",
      "ALTER TABLE joint_draw ADD CONSTRAINT joint_draw_status_check CHECK (status IN ('VALID','VOIDED'))",
      "ALTER TABLE draw DROP COLUMN lock_id",
      "ALTER TABLE draw DROP COLUMN void_entry",
      "DROP INDEX draw_one_open_per_task",
      "CREATE UNIQUE INDEX draw_one_valid_per_task ON draw (task_id) WHERE status = 'VALID'",
      "ALTER TABLE draw DROP CONSTRAINT draw_status_check",
      "ALTER TABLE draw ADD CONSTRAINT draw_status_check CHECK (status IN ('VALID','VOIDED'))",
      "DROP TABLE draw_lock",
    ])
      await q.query(sql);
  }
}
