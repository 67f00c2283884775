import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The publications that name a joint visit (a department's result of its part, JOINT or consolidated): read when
 * the visit's date is agreed, to settle the parts already published (src/services/joint/joint-visit.service.ts). Partial:
 * most publications are not of a joint visit.
 */
export class PublicationVisitIndex1763856000231 implements MigrationInterface {
  name = "PublicationVisitIndex1763856000231";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX result_publication_joint_visit_idx ON result_publication ((content -> 'jointVisit' ->> 'visitId'))
        WHERE content -> 'jointVisit' ->> 'visitId' IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX result_publication_joint_visit_idx");
  }
}
