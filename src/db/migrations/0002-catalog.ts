import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { rlsOn, tenantOwned } from "./sql";

const SUBJECT_KINDS = `'ENTERPRISE','INDIVIDUAL_BUSINESS','FARMER_COOPERATIVE','PUBLIC_INSTITUTION','SOCIAL_ORGANIZATION','PROJECT','FACILITY','PLACE','PRODUCT','OTHER'`;
const SUBJECT_STATUSES = `'ACTIVE','CANCELLED','REVOKED','MOVED_OUT','UNREACHABLE'`;
const METHODS = `'WRITTEN','ON_SITE','ONLINE_MONITORING','DATA_COMPARISON','POSTAL','THIRD_PARTY'`;

/**
 * 一单两库: the shared subject registry, per-tenant target directories, inspector directories with conflict
 * declarations, versioned check-item lists (published versions public and immutable) and the coordinator's joint
 * item list.
 */
export class Catalog1763856000002 implements MigrationInterface {
  name = "Catalog1763856000002";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      /**
       * 检查对象: regional master data shared by all departments (per-subject limits count across them). Readable by
       * any signed-in tenant; written by department ADMINs through the directory services (audited there).
       */
      `CREATE TABLE subject (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN (${SUBJECT_KINDS})),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        credit_code text CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
        registration_no text,
        legal_representative text,
        address text,
        region_code text CHECK (region_code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
        industry_code text CHECK (industry_code ~ '^([A-T]|[A-T]?[0-9]{2,4})$'),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN (${SUBJECT_STATUSES})),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        abnormal_list_since date,
        blacklist_since date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE UNIQUE INDEX subject_credit_code_key ON subject (credit_code) WHERE credit_code IS NOT NULL`,
      `CREATE INDEX subject_registration_no_idx ON subject (registration_no) WHERE registration_no IS NOT NULL`,
      ...rlsOn("subject", "SELECT, INSERT, UPDATE"),
      `CREATE POLICY subject_read ON subject FOR SELECT USING (app_tenant_id() IS NOT NULL)`,
      `CREATE POLICY subject_insert ON subject FOR INSERT WITH CHECK (app_tenant_id() IS NOT NULL AND app_has_role('ADMIN'))`,
      `CREATE POLICY subject_update ON subject FOR UPDATE
        USING (app_tenant_id() IS NOT NULL AND app_has_role('ADMIN'))
        WITH CHECK (app_tenant_id() IS NOT NULL AND app_has_role('ADMIN'))`,

      /** 存续/注销/吊销/迁出/查无下落 history; a subject that is 注销 keeps its past visible. */
      `CREATE TABLE subject_status_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_id uuid NOT NULL REFERENCES subject (id),
        status text NOT NULL CHECK (status IN (${SUBJECT_STATUSES})),
        changed_at timestamptz NOT NULL DEFAULT now(),
        changed_by_tenant_id uuid REFERENCES tenant (id),
        changed_by uuid,
        note text
      )`,
      `CREATE INDEX subject_status_history_subject_idx ON subject_status_history (subject_id, changed_at)`,
      ...rlsOn("subject_status_history", "SELECT, INSERT"),
      `CREATE POLICY subject_status_history_read ON subject_status_history FOR SELECT USING (app_tenant_id() IS NOT NULL)`,
      `CREATE POLICY subject_status_history_insert ON subject_status_history FOR INSERT
        WITH CHECK (app_has_role('ADMIN') AND changed_by_tenant_id = app_tenant_id())`,

      /** 检查对象名录库: a subject's membership in one department's directory. */
      `CREATE TABLE directory_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        subject_id uuid NOT NULL REFERENCES subject (id),
        risk_class text CHECK (length(risk_class) BETWEEN 1 AND 20),
        risk_source text,
        risk_assessed_on date,
        tags text[] NOT NULL DEFAULT '{}',
        sub_libraries text[] NOT NULL DEFAULT '{}',
        supervised_since date,
        notes text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, subject_id)
      )`,
      ...tenantOwned("directory_entry"),
      `CREATE INDEX directory_entry_subject_idx ON directory_entry (subject_id)`,

      /** 执法检查人员名录库. The identity number is never stored: a keyed HMAC for matching and the last four. */
      `CREATE TABLE inspector (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
        gender text CHECK (gender IN ('MALE', 'FEMALE')),
        id_number_hash text,
        id_number_last4 text CHECK (id_number_last4 ~ '^[0-9]{3}[0-9X]$'),
        certificate_no text NOT NULL CHECK (length(certificate_no) BETWEEN 1 AND 40),
        enforcement_categories text[] NOT NULL DEFAULT '{}',
        post text NOT NULL DEFAULT 'ENFORCEMENT' CHECK (post IN ('ENFORCEMENT', 'NON_ENFORCEMENT')),
        position text,
        expertise text[] NOT NULL DEFAULT '{}',
        region_code text CHECK (region_code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
        status text NOT NULL DEFAULT 'ON_DUTY' CHECK (status IN ('ON_DUTY', 'ON_LEAVE', 'SECONDED', 'LEFT')),
        status_since date NOT NULL DEFAULT current_date,
        is_external_expert boolean NOT NULL DEFAULT false,
        organisation text,
        user_id uuid REFERENCES app_user (id),
        leader_eligible boolean NOT NULL DEFAULT true,
        sub_libraries text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, certificate_no)
      )`,
      `CREATE UNIQUE INDEX inspector_user_key ON inspector (user_id) WHERE user_id IS NOT NULL`,
      ...tenantOwned("inspector"),

      /**
       * Inspectors a department lends to another for joint work (跨部门子库): recorded by the owning department;
       * the partner may read the lent inspector (inspector_lent_read below), never change it.
       */
      `CREATE TABLE inspector_share (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        inspector_id uuid NOT NULL REFERENCES inspector (id),
        partner_tenant_id uuid NOT NULL REFERENCES tenant (id) CHECK (partner_tenant_id <> tenant_id),
        sub_library text NOT NULL CHECK (length(sub_library) BETWEEN 1 AND 100),
        valid_from date NOT NULL DEFAULT current_date,
        valid_to date CHECK (valid_to IS NULL OR valid_to >= valid_from),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (inspector_id, partner_tenant_id, sub_library)
      )`,
      ...tenantOwned("inspector_share"),
      `CREATE POLICY inspector_share_partner_read ON inspector_share FOR SELECT USING (partner_tenant_id = app_tenant_id())`,
      `CREATE POLICY inspector_lent_read ON inspector FOR SELECT USING (EXISTS (
        SELECT 1 FROM inspector_share s WHERE s.inspector_id = inspector.id AND s.partner_tenant_id = app_tenant_id()
          AND s.valid_from <= current_date AND (s.valid_to IS NULL OR s.valid_to >= current_date)))`,

      /** 回避声明: the draw excludes the inspector from the subject while the declaration is valid. */
      `CREATE TABLE inspector_conflict (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        inspector_id uuid NOT NULL REFERENCES inspector (id),
        subject_id uuid NOT NULL REFERENCES subject (id),
        reason text NOT NULL CHECK (reason IN ('KINSHIP', 'FORMER_EMPLOYMENT', 'FINANCIAL_INTEREST', 'OTHER')),
        note text,
        declared_by uuid NOT NULL REFERENCES app_user (id),
        valid_from date NOT NULL DEFAULT current_date,
        valid_to date CHECK (valid_to IS NULL OR valid_to >= valid_from),
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantOwned("inspector_conflict"),
      `CREATE INDEX inspector_conflict_inspector_idx ON inspector_conflict (inspector_id)`,
      `CREATE INDEX inspector_conflict_subject_idx ON inspector_conflict (subject_id)`,

      /** 随机抽查事项清单 versions: one DRAFT at a time per tenant; PUBLISHED ones are public and never change. */
      `CREATE TABLE item_list_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        version_no int NOT NULL CHECK (version_no >= 1),
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'PUBLISHED')),
        effective_date date,
        published_at timestamptz,
        published_by uuid REFERENCES app_user (id),
        draft_changed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, version_no),
        CHECK (status = 'DRAFT' OR (effective_date IS NOT NULL AND published_at IS NOT NULL))
      )`,
      `CREATE UNIQUE INDEX item_list_version_one_draft ON item_list_version (tenant_id) WHERE status = 'DRAFT'`,
      ...tenantOwned("item_list_version"),
      `CREATE POLICY item_list_version_public_read ON item_list_version FOR SELECT USING (status = 'PUBLISHED')`,

      `CREATE TABLE check_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        list_version_id uuid NOT NULL REFERENCES item_list_version (id),
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9._-]{1,40}$'),
        category text NOT NULL CHECK (length(category) BETWEEN 1 AND 200),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        content text NOT NULL DEFAULT '',
        methods text[] NOT NULL CHECK (cardinality(methods) >= 1 AND methods <@ ARRAY[${METHODS}]),
        legal_basis jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(legal_basis) = 'array'),
        target_kinds text[] NOT NULL DEFAULT '{}' CHECK (target_kinds <@ ARRAY[${SUBJECT_KINDS}]),
        target_description text,
        item_class text NOT NULL CHECK (item_class IN ('KEY', 'GENERAL')),
        ratio_cap numeric CHECK (ratio_cap > 0 AND ratio_cap <= 1),
        default_ratio numeric CHECK (default_ratio > 0 AND default_ratio <= 1),
        frequency text,
        required_categories text[] NOT NULL DEFAULT '{}',
        initiating_tenant_id uuid NOT NULL REFERENCES tenant (id),
        cooperating_tenant_ids uuid[] NOT NULL DEFAULT '{}',
        sort_order int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (list_version_id, code),
        CHECK ((item_class = 'KEY' AND ratio_cap IS NULL) OR (item_class = 'GENERAL' AND ratio_cap IS NOT NULL)),
        CHECK (ratio_cap IS NULL OR default_ratio IS NULL OR default_ratio <= ratio_cap)
      )`,
      ...tenantOwned("check_item"),
      `CREATE INDEX check_item_version_idx ON check_item (list_version_id, sort_order)`,
      `CREATE POLICY check_item_public_read ON check_item FOR SELECT USING (EXISTS (
        SELECT 1 FROM item_list_version v WHERE v.id = check_item.list_version_id AND v.status = 'PUBLISHED'))`,

      /** The database refuses any change to a published version or its items, whatever the application does. */
      `CREATE FUNCTION item_list_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.status = 'PUBLISHED' THEN
            RAISE EXCEPTION 'published item list version % is immutable', OLD.id USING ERRCODE = 'JC001';
          END IF;
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$`,
      `CREATE TRIGGER item_list_version_frozen BEFORE UPDATE OR DELETE ON item_list_version
        FOR EACH ROW EXECUTE FUNCTION item_list_version_frozen()`,
      `CREATE FUNCTION check_item_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          version_ids uuid[];
        BEGIN
          version_ids := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.list_version_id]
            WHEN 'DELETE' THEN ARRAY[OLD.list_version_id] ELSE ARRAY[OLD.list_version_id, NEW.list_version_id] END;
          IF EXISTS (SELECT 1 FROM item_list_version WHERE id = ANY (version_ids) AND status <> 'DRAFT') THEN
            RAISE EXCEPTION 'items of a published item list version are immutable' USING ERRCODE = 'JC001';
          END IF;
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$`,
      `CREATE TRIGGER check_item_frozen BEFORE INSERT OR UPDATE OR DELETE ON check_item
        FOR EACH ROW EXECUTE FUNCTION check_item_frozen()`,

      /**
       * 部门联合随机抽查事项清单: the coordinator's entries referencing departments' published items, grouped by
       * industry (一业一册); entries sharing equivalence_key are one matter checked once on a joint visit.
       */
      `CREATE TABLE joint_item_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        industry text NOT NULL CHECK (length(industry) BETWEEN 1 AND 100),
        check_item_id uuid NOT NULL REFERENCES check_item (id),
        department_tenant_id uuid NOT NULL REFERENCES tenant (id),
        equivalence_key text NOT NULL CHECK (length(equivalence_key) BETWEEN 1 AND 100),
        sort_order int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, industry, check_item_id)
      )`,
      ...tenantOwned("joint_item_entry"),
      `CREATE POLICY joint_item_entry_read ON joint_item_entry FOR SELECT USING (app_tenant_id() IS NOT NULL)`,
      `GRANT EXECUTE ON FUNCTION item_list_version_frozen(), check_item_frozen() TO ${RUNTIME_GROUP}`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      "DROP TABLE joint_item_entry, check_item, item_list_version, inspector_conflict, inspector_share, inspector, directory_entry, subject_status_history, subject",
    );
    await q.query("DROP FUNCTION item_list_version_frozen(), check_item_frozen()");
  }
}
