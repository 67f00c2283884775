import type { MigrationInterface, QueryRunner } from "typeorm";
import { REASON_MAX } from "../../domain/reasons";

/** The length check on plan_revision.reason for a cap of `max` characters (after trimming; at least one). */
export const reasonLengthCheck = (max: number) =>
  `ALTER TABLE plan_revision DROP CONSTRAINT plan_revision_reason_check,
     ADD CONSTRAINT plan_revision_reason_check CHECK (length(btrim(reason)) BETWEEN 1 AND ${Number(max)})`;

/**
 * 计划修订's reason length in the database follows the one cap on stated reasons (REASON_MAX, src/domain/reasons.ts)
 * instead of the 1,000 written into migration 0190: the check is recreated from the constant, under the same name.
 */
export class ReasonMax1763856000300 implements MigrationInterface {
  name = "ReasonMax1763856000300";

  async up(q: QueryRunner): Promise<void> {
    await q.query(reasonLengthCheck(REASON_MAX));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(reasonLengthCheck(1000));
  }
}
