import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The import matches each batch of rows by index (src/services/subject-import.ts): subjects without credit code
 * and registration number are looked up by kind and name (then address), which had no index; the partial index
 * holds only those subjects, so imports of coded subjects pay nothing for it.
 */
export class ImportMatchIndex1763856000100 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE INDEX subject_uncoded_name_idx ON subject (kind, name) WHERE credit_code IS NULL AND registration_no IS NULL",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX subject_uncoded_name_idx");
  }
}
