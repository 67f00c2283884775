import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 行政处罚 on the follow-up ledger (issue 14): a case carries its 案件编号, the penalty decision (处罚决定) and its date,
 * and the date its 行政处罚信息 was published — due within N working days of the decision (NATRES: 7). Two deadline
 * kinds join the alerts: PENALTY_PUBLICATION and TRANSFER_FEEDBACK (a received 移交 answered within N working days).
 */
export class PenaltyDeadlines1763856000081 implements MigrationInterface {
  name = "PenaltyDeadlines1763856000081";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE follow_up
         ADD COLUMN case_number text CHECK (length(case_number) BETWEEN 1 AND 60),
         ADD COLUMN penalty_decision text CHECK (length(penalty_decision) BETWEEN 1 AND 2000),
         ADD COLUMN penalty_decided_on date,
         ADD COLUMN penalty_published_on date,
         ADD CONSTRAINT follow_up_penalty_complete
           CHECK ((penalty_decision IS NULL) = (penalty_decided_on IS NULL)),
         ADD CONSTRAINT follow_up_penalty_published_after
           CHECK (penalty_published_on IS NULL OR (penalty_decided_on IS NOT NULL AND penalty_published_on >= penalty_decided_on))`,
      `ALTER TABLE deadline_alert DROP CONSTRAINT deadline_alert_kind_check`,
      `ALTER TABLE deadline_alert ADD CONSTRAINT deadline_alert_kind_check
         CHECK (kind IN ('NOTICE','REPORT','PUBLICATION','FOLLOW_UP','PENALTY_PUBLICATION','TRANSFER_FEEDBACK'))`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_alert DROP CONSTRAINT deadline_alert_kind_check`);
    await q.query(`ALTER TABLE deadline_alert ADD CONSTRAINT deadline_alert_kind_check
      CHECK (kind IN ('NOTICE','REPORT','PUBLICATION','FOLLOW_UP'))`);
    await q.query(`ALTER TABLE follow_up DROP CONSTRAINT follow_up_penalty_published_after,
      DROP CONSTRAINT follow_up_penalty_complete, DROP COLUMN penalty_published_on, DROP COLUMN penalty_decided_on,
      DROP COLUMN penalty_decision, DROP COLUMN case_number`);
  }
}
