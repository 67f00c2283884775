import type { MigrationInterface, QueryRunner } from "typeorm";
import { tenantOwned } from "./sql";

/**
 * 导入任务: a background import started over GraphQL (startImport). Its progress is written per batch in short
 * transactions of their own, so that a client can poll importJob(id) while the import's own transaction is open.
 */
export class ImportJob1763856000012 implements MigrationInterface {
  name = "ImportJob1763856000012";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE import_job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        kind text NOT NULL CHECK (kind IN ('SUBJECTS', 'INSPECTORS', 'ITEMS')),
        mode text NOT NULL CHECK (mode IN ('ALL_OR_NOTHING', 'VALID_ROWS')),
        format text NOT NULL CHECK (format IN ('CSV', 'XLSX')),
        bytes int NOT NULL CHECK (bytes >= 0),
        status text NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'SUCCEEDED', 'REJECTED', 'FAILED')),
        phase text CHECK (phase IN ('VALIDATE', 'MATCH', 'WRITE')),
        rows_read int NOT NULL DEFAULT 0,
        total_rows int,
        inserted int,
        updated int,
        rejected int,
        rejections jsonb NOT NULL DEFAULT '[]'::jsonb,
        error text,
        started_by uuid REFERENCES app_user (id),
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`,
      ...tenantOwned("import_job", "SELECT, INSERT, UPDATE"),
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE import_job");
  }
}
