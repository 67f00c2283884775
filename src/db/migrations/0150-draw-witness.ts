import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The draw witness (现场监督人) confirms from their own signed-in session (issue 11, issue 13): the open lock carries
 * the witness's confirmation — who, when, and the entropy they entered on their own device — until the operator's
 * draw uses it. The database floor beside the service's rule (src/services/draw/draw-witness.service.ts):
 * - a confirmation is written only by the witness's own transaction (witness_id = the transaction's user), only
 *   once per lock, never by the user who locked, and only on an OPEN lock;
 * - no draw names its operator as its witness (department and joint draws; existing rows are not re-checked).
 */
export class DrawWitness1763856000150 implements MigrationInterface {
  name = "DrawWitness1763856000150";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE draw_lock ADD COLUMN witness_id uuid REFERENCES app_user (id),
         ADD COLUMN witness_entropy text, ADD COLUMN witnessed_at timestamptz`,
      `ALTER TABLE draw_lock ADD CONSTRAINT draw_lock_witness_complete CHECK (
         (witness_id IS NULL) = (witness_entropy IS NULL) AND (witness_id IS NULL) = (witnessed_at IS NULL))`,
      `ALTER TABLE draw_lock ADD CONSTRAINT draw_lock_witness_not_locker CHECK (witness_id <> locked_by)`,
      `CREATE FUNCTION draw_lock_witness_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.witness_id IS NOT DISTINCT FROM OLD.witness_id
            AND NEW.witness_entropy IS NOT DISTINCT FROM OLD.witness_entropy
            AND NEW.witnessed_at IS NOT DISTINCT FROM OLD.witnessed_at THEN
           RETURN NEW;
         END IF;
         IF OLD.witness_id IS NOT NULL OR OLD.status <> 'OPEN' THEN
           RAISE EXCEPTION 'draw_lock %: the witness confirmation is written once, on an open lock', OLD.id
             USING ERRCODE = 'check_violation';
         END IF;
         IF NEW.witness_id IS DISTINCT FROM public.app_user_id() THEN
           RAISE EXCEPTION 'draw_lock %: only the witness confirms, from their own session', OLD.id
             USING ERRCODE = 'check_violation';
         END IF;
         RETURN NEW;
       END $$`,
      `CREATE TRIGGER draw_lock_witness_guard BEFORE UPDATE ON draw_lock
         FOR EACH ROW EXECUTE FUNCTION draw_lock_witness_guard()`,
      `ALTER TABLE draw ADD CONSTRAINT draw_witness_not_operator CHECK (witness_id <> operator_id) NOT VALID`,
      `ALTER TABLE joint_draw ADD CONSTRAINT joint_draw_witness_not_operator CHECK (witness_id <> operator_id) NOT VALID`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      "ALTER TABLE joint_draw DROP CONSTRAINT joint_draw_witness_not_operator",
      "ALTER TABLE draw DROP CONSTRAINT draw_witness_not_operator",
      "DROP TRIGGER draw_lock_witness_guard ON draw_lock",
      "DROP FUNCTION draw_lock_witness_guard()",
      "ALTER TABLE draw_lock DROP CONSTRAINT draw_lock_witness_not_locker",
      "ALTER TABLE draw_lock DROP CONSTRAINT draw_lock_witness_complete",
      "ALTER TABLE draw_lock DROP COLUMN witnessed_at, DROP COLUMN witness_entropy, DROP COLUMN witness_id",
    ])
      await q.query(sql);
  }
}
