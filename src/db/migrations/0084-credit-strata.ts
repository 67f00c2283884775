import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 信用分层 (issue 14): a task may stratify its population by the credit facts the subject registry already holds —
 * 严重违法失信名单 (blacklist_since), 经营异常名录 (abnormal_list_since), others — so that its sampling rule raises the
 * ratio for listed subjects, or excludes them (a stratum rule of mode EXCLUDE), as the department's plan says.
 */
export class CreditStrata1763856000084 implements MigrationInterface {
  name = "CreditStrata1763856000084";

  async up(q: QueryRunner): Promise<void> {
    for (const t of ["inspection_task", "joint_task"]) {
      await q.query(`ALTER TABLE ${t} DROP CONSTRAINT ${t}_stratify_by_check`);
      await q.query(
        `ALTER TABLE ${t} ADD CONSTRAINT ${t}_stratify_by_check CHECK (stratify_by IN ('RISK_CLASS','TAG','NONE','CREDIT'))`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ["inspection_task", "joint_task"]) {
      await q.query(`ALTER TABLE ${t} DROP CONSTRAINT ${t}_stratify_by_check`);
      await q.query(
        `ALTER TABLE ${t} ADD CONSTRAINT ${t}_stratify_by_check CHECK (stratify_by IN ('RISK_CLASS','TAG','NONE'))`,
      );
    }
  }
}
