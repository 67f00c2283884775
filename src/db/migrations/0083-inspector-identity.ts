import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 一人一档 (issue 14): one inspector entry per person in a department — the keyed hash of the 身份证号 is unique per
 * tenant (lending to another department is a separate row of inspector_share, untouched). The services refuse a
 * duplicate with a typed CONFLICT first; this index is the last word under concurrency.
 */
export class InspectorIdentity1763856000083 implements MigrationInterface {
  name = "InspectorIdentity1763856000083";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNIQUE INDEX inspector_id_number_key ON inspector (tenant_id, id_number_hash) WHERE id_number_hash IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX inspector_id_number_key`);
  }
}
