import type { MigrationInterface, QueryRunner } from "typeorm";
import { rlsOn } from "./sql";

/**
 * 信用记录 (issue 14): an entry per credit fact a department's work produced about a subject — a published result
 * with a problem, a 列入经营异常名录 follow-up, a published 行政处罚. Every entry states a fact already public (一公开,
 * the abnormal list, penalty publication), so everyone reads them, like result_publication; a department writes its
 * own, and may only mark its own superseded (a corrected result). Later draws and the public page read them.
 */
export class CreditRecord1763856000082 implements MigrationInterface {
  name = "CreditRecord1763856000082";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE credit_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        subject_id uuid NOT NULL REFERENCES subject (id),
        kind text NOT NULL CHECK (kind IN ('INSPECTION_PROBLEM','ABNORMAL_LIST','ADMINISTRATIVE_PENALTY')),
        basis text NOT NULL CHECK (length(basis) BETWEEN 1 AND 500),
        recorded_on date NOT NULL,
        source_publication_id uuid UNIQUE REFERENCES result_publication (id),
        source_follow_up_id uuid REFERENCES follow_up (id),
        superseded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source_follow_up_id, kind),
        CHECK ((source_publication_id IS NULL) <> (source_follow_up_id IS NULL))
      )`,
      ...rlsOn("credit_record", "SELECT, INSERT, UPDATE"),
      `CREATE POLICY credit_record_read ON credit_record FOR SELECT USING (true)`,
      `CREATE POLICY credit_record_write ON credit_record FOR INSERT WITH CHECK (tenant_id = app_tenant_id())`,
      `CREATE POLICY credit_record_supersede ON credit_record FOR UPDATE
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())`,
      `CREATE FUNCTION credit_record_frozen() RETURNS trigger LANGUAGE plpgsql
        SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          IF OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL
             OR (to_jsonb(NEW) - 'superseded_at') IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_at') THEN
            RAISE EXCEPTION 'credit records are immutable: only superseding is allowed' USING ERRCODE = 'JC001';
          END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER credit_record_frozen BEFORE UPDATE ON credit_record FOR EACH ROW EXECUTE FUNCTION credit_record_frozen()`,
      `CREATE INDEX credit_record_subject_idx ON credit_record (subject_id, recorded_on)`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE credit_record");
    await q.query("DROP FUNCTION credit_record_frozen()");
  }
}
