import type { MigrationInterface, QueryRunner } from "typeorm";
import { RESULT_CODES } from "../../domain/inspection/result-codes";
import { rlsOn, tenantOwned } from "./sql";

const MODES = `'ON_SITE','WRITTEN','ONLINE_MONITORING','POSTAL','SELF_INSPECTION','THIRD_PARTY'`;
const ACTIONS = `'CORRECTED_ON_SITE','RECTIFY_BY_DEADLINE','CASE_OPENED','ADMINISTRATIVE_PENALTY','TRANSFER_DEPARTMENT','TRANSFER_JUDICIAL','CREDIT_LISTING','REINSPECTION'`;

/**
 * Inspection records (抽查情况记录表), evidence, results and their review, publication (一公开), the follow-up ledger
 * (后续处置台账) and transfers between departments (移交/抄告).
 *
 * Results are keyed by (department, target, assignment): a joint visit's parts can later reference inspection_result
 * rows without this area knowing the joint tables. Publication rows are redacted snapshots, public to everyone; the
 * internal result row never is.
 */
export class Inspection1763856000007 implements MigrationInterface {
  name = "Inspection1763856000007";

  async up(q: QueryRunner): Promise<void> {
    const codes = RESULT_CODES.map((c, i) => `('${c.code}', '${c.name}', ${c.problemFound}, ${i + 1})`).join(", ");
    const statements = [
      /** 检查结果类别 (shared code table, public read; changed only by migrations). */
      `CREATE TABLE result_code (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z_]{2,40}$'),
        name text NOT NULL,
        problem_found boolean NOT NULL,
        sort_order int NOT NULL
      )`,
      // Seeded before RLS is forced (FORCE binds the owner too; nobody else ever writes the table).
      `INSERT INTO result_code (code, name, problem_found, sort_order) VALUES ${codes}`,
      ...rlsOn("result_code", "SELECT"),
      `CREATE POLICY result_code_read ON result_code FOR SELECT USING (true)`,

      /** A department's mapping of the codes to the provincial platform's codes (部门协同监管平台). */
      `CREATE TABLE result_code_mapping (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        code text NOT NULL REFERENCES result_code (code),
        provincial_code text NOT NULL CHECK (length(provincial_code) BETWEEN 1 AND 40),
        UNIQUE (tenant_id, code)
      )`,
      ...tenantOwned("result_code_mapping"),

      /** 抽查情况记录表: one per assignment. */
      `CREATE TABLE inspection_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        assignment_id uuid NOT NULL UNIQUE REFERENCES assignment (id),
        subject_id uuid NOT NULL REFERENCES subject (id),
        accepted_by uuid[] NOT NULL DEFAULT '{}',
        mode text CHECK (mode IN (${MODES})),
        materials_due date,
        third_party_org text,
        inspected_on date,
        lines jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(lines) = 'array'),
        situation text,
        handling_opinion text,
        identity_shown boolean,
        notice_shown boolean,
        target_signer_name text,
        target_signer_role text,
        target_signed_at timestamptz,
        refusal_reason text,
        refusal_witness text,
        inspector_signoffs jsonb NOT NULL DEFAULT '[]'::jsonb,
        started_at timestamptz,
        recorded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (mode IS DISTINCT FROM 'POSTAL' OR materials_due IS NOT NULL),
        CHECK (mode IS DISTINCT FROM 'THIRD_PARTY' OR third_party_org IS NOT NULL),
        CHECK (recorded_at IS NULL OR target_signed_at IS NOT NULL OR refusal_reason IS NOT NULL)
      )`,
      ...tenantOwned("inspection_record", "SELECT, INSERT, UPDATE"),

      /** 证据材料: append-only (a correction is a new version pointing at the one it supersedes). */
      `CREATE TABLE inspection_attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        record_id uuid NOT NULL REFERENCES inspection_record (id),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
        mime_type text NOT NULL,
        size_bytes int NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea NOT NULL,
        version int NOT NULL DEFAULT 1,
        supersedes_id uuid UNIQUE REFERENCES inspection_attachment (id),
        taken_at timestamptz,
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        uploaded_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("inspection_attachment", "SELECT, INSERT"),

      /** 检查结果: per department, target and assignment. */
      `CREATE TABLE inspection_result (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        assignment_id uuid NOT NULL REFERENCES assignment (id),
        subject_id uuid NOT NULL REFERENCES subject (id),
        record_id uuid NOT NULL REFERENCES inspection_record (id),
        category_code text NOT NULL REFERENCES result_code (code),
        problems text NOT NULL DEFAULT '',
        handling text NOT NULL DEFAULT '',
        withheld jsonb NOT NULL DEFAULT '[]'::jsonb,
        status text NOT NULL DEFAULT 'DRAFT'
          CHECK (status IN ('DRAFT','SUBMITTED','APPROVED','RETURNED','PUBLISHED')),
        version int NOT NULL DEFAULT 1,
        returned_reason text,
        submitted_at timestamptz,
        approved_at timestamptz,
        approved_by uuid,
        published_at timestamptz,
        first_published_at timestamptz,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, subject_id, assignment_id)
      )`,
      ...tenantOwned("inspection_result", "SELECT, INSERT, UPDATE"),

      /**
       * 结果公示: one redacted snapshot per published version; public to everyone (anonymous included). Written only
       * by the result's department; only superseded_at may change later (a correction keeps the old one visible).
       */
      `CREATE TABLE result_publication (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        result_id uuid NOT NULL REFERENCES inspection_result (id),
        version int NOT NULL,
        subject_name text NOT NULL,
        credit_code text,
        category_code text NOT NULL REFERENCES result_code (code),
        inspected_on date NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        content jsonb NOT NULL,
        correction_reason text,
        changes jsonb,
        superseded_at timestamptz,
        UNIQUE (result_id, version)
      )`,
      ...rlsOn("result_publication", "SELECT, INSERT, UPDATE"),
      `CREATE POLICY result_publication_read ON result_publication FOR SELECT USING (true)`,
      `CREATE POLICY result_publication_insert ON result_publication FOR INSERT WITH CHECK (tenant_id = app_tenant_id())`,
      `CREATE POLICY result_publication_update ON result_publication FOR UPDATE
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())`,
      `CREATE INDEX result_publication_credit_idx ON result_publication (credit_code)`,
      `CREATE INDEX result_publication_tenant_idx ON result_publication (tenant_id, published_at)`,
      `CREATE FUNCTION result_publication_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL
             OR (to_jsonb(NEW) - 'superseded_at') IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_at') THEN
            RAISE EXCEPTION 'published results are immutable: a correction adds a new version' USING ERRCODE = 'JC001';
          END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER result_publication_frozen BEFORE UPDATE ON result_publication
        FOR EACH ROW EXECUTE FUNCTION result_publication_frozen()`,

      /** 后续处置台账 */
      `CREATE TABLE follow_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        result_id uuid REFERENCES inspection_result (id),
        subject_id uuid NOT NULL REFERENCES subject (id),
        action text NOT NULL CHECK (action IN (${ACTIONS})),
        description text NOT NULL DEFAULT '',
        responsible_person text NOT NULL CHECK (length(responsible_person) BETWEEN 1 AND 50),
        due_date date NOT NULL,
        rectify_deadline date,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','CLOSED')),
        source_transfer_id uuid,
        closing_note text,
        closed_at timestamptz,
        closed_by uuid,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (action <> 'RECTIFY_BY_DEADLINE' OR rectify_deadline IS NOT NULL)
      )`,
      ...tenantOwned("follow_up", "SELECT, INSERT, UPDATE"),

      /**
       * 移交/抄告 and risk-class proposals between departments: the sender and the receiver see the row (nobody
       * else); the sender creates it, only the receiver answers it.
       */
      `CREATE TABLE follow_up_transfer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_tenant_id uuid NOT NULL REFERENCES tenant (id),
        to_tenant_id uuid NOT NULL REFERENCES tenant (id) CHECK (to_tenant_id <> from_tenant_id),
        follow_up_id uuid NOT NULL REFERENCES follow_up (id),
        kind text NOT NULL CHECK (kind IN ('TRANSFER','NOTIFY','RISK_CLASS_PROPOSAL')),
        subject_id uuid NOT NULL REFERENCES subject (id),
        subject_name text NOT NULL,
        note text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
        proposed_risk_class text CHECK (length(proposed_risk_class) BETWEEN 1 AND 20),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','ACCEPTED','RETURNED')),
        response_note text,
        responded_by uuid,
        responded_at timestamptz,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'RISK_CLASS_PROPOSAL') = (proposed_risk_class IS NOT NULL))
      )`,
      ...rlsOn("follow_up_transfer", "SELECT, INSERT, UPDATE"),
      `CREATE POLICY follow_up_transfer_read ON follow_up_transfer FOR SELECT
        USING (from_tenant_id = app_tenant_id() OR to_tenant_id = app_tenant_id())`,
      `CREATE POLICY follow_up_transfer_send ON follow_up_transfer FOR INSERT WITH CHECK (from_tenant_id = app_tenant_id())`,
      `CREATE POLICY follow_up_transfer_answer ON follow_up_transfer FOR UPDATE
        USING (to_tenant_id = app_tenant_id()) WITH CHECK (to_tenant_id = app_tenant_id())`,
      `CREATE INDEX follow_up_transfer_inbox_idx ON follow_up_transfer (to_tenant_id, status)`,
      `CREATE INDEX follow_up_transfer_outbox_idx ON follow_up_transfer (from_tenant_id)`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE follow_up_transfer, follow_up, result_publication, inspection_result, inspection_attachment,
        inspection_record, result_code_mapping, result_code`,
    );
    await q.query("DROP FUNCTION result_publication_frozen()");
  }
}
