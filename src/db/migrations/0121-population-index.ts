import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * subject_inspection_stats(since) aggregates every department's assignments created since an instant, twice per draw
 * population (the "any department" window, often switched off as `infinity`, and the calendar year). Without an
 * index on created_at each call reads the whole assignment table; with this one the switched-off window reads
 * nothing and the year reads only its own rows, index-only.
 */
export class PopulationIndex1763856000121 implements MigrationInterface {
  name = "PopulationIndex1763856000121";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX assignment_created_idx ON assignment (created_at) INCLUDE (subject_id) WHERE status <> 'CANCELLED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX assignment_created_idx");
  }
}
