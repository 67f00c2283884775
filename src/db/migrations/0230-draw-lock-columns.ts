import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";

/**
 * A draw lock is frozen when it is written (issue 11): the population, pools, rules, their digests, the commitment
 * and who locked never change. The runtime role may update only the columns of the lock's two later steps — the
 * witness's confirmation (guarded by 0150's trigger) and its settlement (USED with the draw, or RELEASED with a
 * public reason) — and a settled lock never moves again. Before, the tenant could UPDATE every column of its locks.
 */
export class DrawLockColumns1763856000230 implements MigrationInterface {
  name = "DrawLockColumns1763856000230";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `REVOKE UPDATE ON draw_lock FROM ${RUNTIME_GROUP}`,
      `GRANT UPDATE (status, draw_id, release_reason, witness_id, witness_entropy, witnessed_at)
         ON draw_lock TO ${RUNTIME_GROUP}`,
      `CREATE FUNCTION draw_lock_settles_once() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF OLD.status <> 'OPEN' THEN
           RAISE EXCEPTION 'draw_lock %: a % lock is settled and does not change', OLD.id, OLD.status
             USING ERRCODE = 'check_violation';
         END IF;
         IF NEW.status = 'USED' AND NEW.draw_id IS NULL THEN
           RAISE EXCEPTION 'draw_lock %: a used lock names its draw', OLD.id USING ERRCODE = 'check_violation';
         END IF;
         IF NEW.status = 'RELEASED' AND coalesce(btrim(NEW.release_reason), '') = '' THEN
           RAISE EXCEPTION 'draw_lock %: a release gives its reason', OLD.id USING ERRCODE = 'check_violation';
         END IF;
         IF NEW.status = 'OPEN' AND (NEW.draw_id IS NOT NULL OR NEW.release_reason IS NOT NULL) THEN
           RAISE EXCEPTION 'draw_lock %: an open lock has no draw and no release', OLD.id
             USING ERRCODE = 'check_violation';
         END IF;
         RETURN NEW;
       END $$`,
      `CREATE TRIGGER draw_lock_settles_once BEFORE UPDATE ON draw_lock
         FOR EACH ROW EXECUTE FUNCTION draw_lock_settles_once()`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      "DROP TRIGGER draw_lock_settles_once ON draw_lock",
      "DROP FUNCTION draw_lock_settles_once()",
      `REVOKE UPDATE ON draw_lock FROM ${RUNTIME_GROUP}`,
      `GRANT UPDATE ON draw_lock TO ${RUNTIME_GROUP}`,
    ])
      await q.query(sql);
  }
}
