import type { MigrationInterface, QueryRunner } from "typeorm";

const KINDS = `'NOTICE','REPORT','PUBLICATION','FOLLOW_UP','PENALTY_PUBLICATION','TRANSFER_FEEDBACK'`;

/** 抽查频次 (issue 14): a plan's missed round is a deadline item of its own kind, announced once like the others. */
export class PlanRoundAlerts1763856000220 implements MigrationInterface {
  name = "PlanRoundAlerts1763856000220";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_alert DROP CONSTRAINT deadline_alert_kind_check`);
    await q.query(`ALTER TABLE deadline_alert ADD CONSTRAINT deadline_alert_kind_check
      CHECK (kind IN (${KINDS},'PLAN_ROUND'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM deadline_alert WHERE kind = 'PLAN_ROUND'`);
    await q.query(`ALTER TABLE deadline_alert DROP CONSTRAINT deadline_alert_kind_check`);
    await q.query(`ALTER TABLE deadline_alert ADD CONSTRAINT deadline_alert_kind_check CHECK (kind IN (${KINDS}))`);
  }
}
