import type { MigrationInterface, QueryRunner } from "typeorm";
import { tenantOwned } from "./sql";

const KINDS = `'NOTICE','REPORT','PUBLICATION','FOLLOW_UP','PENALTY_PUBLICATION','TRANSFER_FEEDBACK','PLAN_ROUND'`;

/**
 * 检查结果反馈 (issue 14, seed 000 住建局实施细则 第十八条): "住建局应当在检查报告完成后5个工作日内，向被检查对象反馈检查
 * 结果。反馈检查结果，可以采取直接送达、邮寄送达的方式。" One feedback per assignment (how and when it was delivered),
 * recorded once (append-only for the runtime role), and a deadline kind of its own, RESULT_FEEDBACK.
 */
export class ResultFeedback1763856000280 implements MigrationInterface {
  name = "ResultFeedback1763856000280";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE result_feedback (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      assignment_id uuid NOT NULL REFERENCES assignment(id),
      method text NOT NULL CHECK (method IN ('DIRECT','MAIL')),
      delivered_on date NOT NULL,
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, assignment_id))`);
    for (const sql of tenantOwned("result_feedback", "SELECT, INSERT")) await q.query(sql);
    await q.query(`ALTER TABLE deadline_alert DROP CONSTRAINT deadline_alert_kind_check`);
    await q.query(`ALTER TABLE deadline_alert ADD CONSTRAINT deadline_alert_kind_check
      CHECK (kind IN (${KINDS},'RESULT_FEEDBACK'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM deadline_alert WHERE kind = 'RESULT_FEEDBACK'`);
    await q.query(`ALTER TABLE deadline_alert DROP CONSTRAINT deadline_alert_kind_check`);
    await q.query(`ALTER TABLE deadline_alert ADD CONSTRAINT deadline_alert_kind_check CHECK (kind IN (${KINDS}))`);
    await q.query(`DROP TABLE result_feedback`);
  }
}
