import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 随行专家/辅助人员 of a drawn team (issue 14): drawn beside the enforcement team from their own sub-library and kept
 * apart from it, so they never count toward the team's enforcement inspectors, never sign as one and never lead.
 */
export class AssignmentExperts1763856000233 implements MigrationInterface {
  name = "AssignmentExperts1763856000233";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment ADD COLUMN expert_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(
      `ALTER TABLE assignment ADD CONSTRAINT assignment_experts_apart CHECK (NOT (expert_ids && member_ids))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE assignment DROP CONSTRAINT assignment_experts_apart");
    await q.query("ALTER TABLE assignment DROP COLUMN expert_ids");
  }
}
