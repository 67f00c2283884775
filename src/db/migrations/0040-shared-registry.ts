import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { SAFE_SEARCH_PATH } from "./sql";

/** The subject's master fields (the registry's data); a department's own data lives in directory_entry. */
export const SUBJECT_MASTER_COLUMNS = [
  "kind",
  "name",
  "credit_code",
  "registration_no",
  "legal_representative",
  "address",
  "region_code",
  "industry_code",
  "status",
  "abnormal_list_since",
  "blacklist_since",
] as const;
const MASTER = `ARRAY[${SUBJECT_MASTER_COLUMNS.map((c) => `'${c}'`).join(", ")}, 'steward_tenant_id']`;

/**
 * The shared subject registry's write rules, enforced by the database for every path (single adds, imports, the
 * demo loader, a runtime-role session) — docs/REGISTRY.md:
 * - Each subject has a steward (维护部门): the department that registered it. The steward and the coordinator
 *   (联席会议办公室) may change any master field and the status; any other department ADMIN may only fill a field
 *   that is empty. Only the coordinator may hand stewardship to another department.
 * - Every change is kept in `subject_change` (fields from/to, the department, the user, a note), written by a
 *   definer trigger: the runtime role can read the history but not write or forge it. Status changes also go to
 *   `subject_status_history`, now written by the same trigger only.
 * - Identity is unique: one subject per credit code (existing index), per registration number, and per kind + name
 *   + address among subjects with neither code, so racing writers converge with INSERT … ON CONFLICT. Duplicates
 *   created before these indexes are merged first, keeping every directory entry and history row.
 */
export class SharedRegistry1763856000040 implements MigrationInterface {
  name = "SharedRegistry1763856000040";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE subject ADD COLUMN steward_tenant_id uuid REFERENCES tenant (id)`,
      `CREATE TABLE subject_change (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- No foreign key: only the definer trigger writes, with ids of rows it has just seen, and subjects are never
        -- deleted by the runtime role; a key check would lock every subject of a large import once more.
        subject_id uuid NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        tenant_id uuid,
        changed_by uuid,
        action text NOT NULL CHECK (action IN ('REGISTER', 'UPDATE', 'MERGE')),
        changes jsonb NOT NULL DEFAULT '{}'::jsonb,
        note text CHECK (length(note) <= 500)
      )`,
      `CREATE INDEX subject_change_subject_idx ON subject_change (subject_id, id)`,
      `ALTER TABLE subject_change ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE subject_change FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY subject_change_read ON subject_change FOR SELECT USING (app_tenant_id() IS NOT NULL)`,
      // Only the definer trigger (the owner) inserts: the runtime role has SELECT alone.
      `CREATE POLICY subject_change_write ON subject_change FOR INSERT WITH CHECK (NOT pg_has_role('${RUNTIME_GROUP}', 'USAGE'))`,
      `GRANT SELECT ON subject_change TO ${RUNTIME_GROUP}`,

      // Backfill stewards: the department whose directory listed the subject first. FORCE RLS binds the owner (and a
      // migration runs without app.tenant_id), so it is lifted for the one-off reads and merges below and restored.
      `ALTER TABLE directory_entry NO FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE subject NO FORCE ROW LEVEL SECURITY`,
      `UPDATE subject s SET steward_tenant_id = f.tenant_id FROM (
         SELECT DISTINCT ON (subject_id) subject_id, tenant_id FROM directory_entry ORDER BY subject_id, created_at, id) f
       WHERE f.subject_id = s.id`,
    ];
    for (const sql of statements) await q.query(sql);
    await mergeDuplicates(q);
    const after = [
      `ALTER TABLE directory_entry FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE subject FORCE ROW LEVEL SECURITY`,
      `DROP INDEX subject_registration_no_idx`,
      `CREATE UNIQUE INDEX subject_registration_no_key ON subject (registration_no) WHERE registration_no IS NOT NULL`,
      `CREATE UNIQUE INDEX subject_name_address_key ON subject (kind, name, coalesce(address, ''))
        WHERE credit_code IS NULL AND registration_no IS NULL`,
      `CREATE INDEX subject_steward_idx ON subject (steward_tenant_id)`,
      `ALTER TABLE subject ALTER COLUMN steward_tenant_id SET DEFAULT app_tenant_id()`,

      `CREATE FUNCTION app_is_coordinator() RETURNS boolean LANGUAGE sql STABLE
        SET search_path = pg_catalog, public AS $$
        SELECT EXISTS (SELECT 1 FROM public.tenant t WHERE t.id = public.app_tenant_id() AND t.is_coordinator) $$`,
      // Who may change a set master field of a subject with this steward: its steward or the coordinator (ADMINs).
      `CREATE FUNCTION subject_may_edit(steward uuid) RETURNS boolean LANGUAGE sql STABLE
        SET search_path = pg_catalog, public AS $$
        SELECT public.app_has_role('ADMIN') AND public.app_tenant_id() IS NOT NULL
          AND (steward = public.app_tenant_id() OR public.app_is_coordinator()) $$`,
      // {column: {from, to}} for the master columns (and the steward) that differ between two subject rows.
      `CREATE FUNCTION subject_master_diff(o jsonb, n jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE
        SET search_path = pg_catalog, public AS $$
        SELECT coalesce(jsonb_object_agg(k, jsonb_build_object('from', o -> k, 'to', n -> k)), '{}'::jsonb)
        FROM unnest(${MASTER}) AS k WHERE (o -> k) IS DISTINCT FROM (n -> k) $$`,
      `CREATE FUNCTION subject_after_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = ${SAFE_SEARCH_PATH} AS $$
        BEGIN
          INSERT INTO public.subject_change (subject_id, changed_at, tenant_id, changed_by, action, note)
            SELECT n.id, coalesce(public.app_now(), now()), public.app_tenant_id(), public.app_user_id(), 'REGISTER',
              nullif(current_setting('app.change_note', true), '')
            FROM new_rows n;
          INSERT INTO public.subject_status_history (subject_id, status, changed_at, changed_by_tenant_id, changed_by, note)
            SELECT n.id, n.status, coalesce(public.app_now(), now()), public.app_tenant_id(), public.app_user_id(),
              coalesce(nullif(current_setting('app.change_note', true), ''), '登记时状态')
            FROM new_rows n WHERE n.status <> 'ACTIVE';
          RETURN NULL;
        END $$`,
      `CREATE FUNCTION subject_after_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = ${SAFE_SEARCH_PATH} AS $$
        DECLARE bad record;
        BEGIN
          -- A set field changed (or erased) by a department that is neither steward nor coordinator; or the steward
          -- changed by anyone but the coordinator.
          SELECT d.id, string_agg(f.key, ',' ORDER BY f.key) AS fields, d.steward INTO bad
          FROM (SELECT n.id, o.steward_tenant_id AS steward, public.subject_master_diff(to_jsonb(o), to_jsonb(n)) AS changes
                FROM old_rows o JOIN new_rows n ON n.id = o.id) d, jsonb_each(d.changes) f
          WHERE (f.key <> 'steward_tenant_id' AND f.value -> 'from' <> 'null'::jsonb AND NOT public.subject_may_edit(d.steward))
             OR (f.key = 'steward_tenant_id' AND NOT (public.app_has_role('ADMIN') AND public.app_is_coordinator()))
          GROUP BY d.id, d.steward LIMIT 1;
          IF FOUND THEN
            RAISE EXCEPTION 'subject_master_forbidden' USING ERRCODE = '42501', DETAIL = bad.fields,
              HINT = bad.id::text || ' ' || coalesce(bad.steward::text, '');
          END IF;
          WITH d AS (
            SELECT n.id, public.subject_master_diff(to_jsonb(o), to_jsonb(n)) AS changes
            FROM old_rows o JOIN new_rows n ON n.id = o.id),
          logged AS (
            INSERT INTO public.subject_change (subject_id, changed_at, tenant_id, changed_by, action, changes, note)
            SELECT d.id, coalesce(public.app_now(), now()), public.app_tenant_id(), public.app_user_id(), 'UPDATE',
              d.changes, nullif(current_setting('app.change_note', true), '')
            FROM d WHERE d.changes <> '{}'::jsonb)
          INSERT INTO public.subject_status_history (subject_id, status, changed_at, changed_by_tenant_id, changed_by, note)
            SELECT d.id, d.changes -> 'status' ->> 'to', coalesce(public.app_now(), now()), public.app_tenant_id(),
              public.app_user_id(), nullif(current_setting('app.change_note', true), '')
            FROM d WHERE d.changes ? 'status';
          RETURN NULL;
        END $$`,
      `CREATE TRIGGER subject_registered AFTER INSERT ON subject REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION subject_after_insert()`,
      `CREATE TRIGGER subject_changed AFTER UPDATE ON subject REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION subject_after_update()`,
      `REVOKE ALL ON FUNCTION subject_after_insert(), subject_after_update() FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION subject_may_edit(uuid), app_is_coordinator(), subject_master_diff(jsonb, jsonb) TO ${RUNTIME_GROUP}`,

      // A new subject's steward is the registering department, whatever the writer supplies.
      `DROP POLICY subject_insert ON subject`,
      `CREATE POLICY subject_insert ON subject FOR INSERT WITH CHECK (
        app_tenant_id() IS NOT NULL AND app_has_role('ADMIN') AND steward_tenant_id = app_tenant_id())`,
      // Status history is written by the triggers only (it used to be inserted by the services).
      `REVOKE INSERT ON subject_status_history FROM ${RUNTIME_GROUP}`,
      `CREATE POLICY subject_status_history_definer ON subject_status_history FOR INSERT
        WITH CHECK (NOT pg_has_role('${RUNTIME_GROUP}', 'USAGE'))`,
    ];
    for (const sql of after) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP TRIGGER subject_registered ON subject`,
      `DROP TRIGGER subject_changed ON subject`,
      `DROP FUNCTION subject_after_insert(), subject_after_update(), subject_master_diff(jsonb, jsonb), subject_may_edit(uuid), app_is_coordinator()`,
      `DROP POLICY subject_status_history_definer ON subject_status_history`,
      `DROP POLICY subject_insert ON subject`,
      `CREATE POLICY subject_insert ON subject FOR INSERT WITH CHECK (app_tenant_id() IS NOT NULL AND app_has_role('ADMIN'))`,
      `GRANT INSERT ON subject_status_history TO ${RUNTIME_GROUP}`,
      `DROP INDEX subject_registration_no_key, subject_name_address_key`,
      `CREATE INDEX subject_registration_no_idx ON subject (registration_no) WHERE registration_no IS NOT NULL`,
      `DROP TABLE subject_change`,
      `ALTER TABLE subject DROP COLUMN steward_tenant_id`,
    ])
      await q.query(sql);
  }
}

/**
 * Merges subjects that the new identity indexes would refuse: same registration number (at most one credit code
 * among them), or same kind + name + address with neither code. The survivor is the one with a credit code, else
 * the oldest; it keeps its values and takes the duplicate's where it has none. Every row referencing a duplicate
 * is moved to the survivor; a department that listed both keeps one directory entry with both entries' data.
 */
async function mergeDuplicates(q: QueryRunner): Promise<void> {
  await q.query(`DO $$
    DECLARE
      pair record;
      ref record;
      conflicting text;
    BEGIN
      SELECT string_agg(registration_no, ', ') INTO conflicting FROM (
        SELECT registration_no FROM subject WHERE registration_no IS NOT NULL
        GROUP BY registration_no HAVING count(DISTINCT credit_code) > 1) c;
      IF conflicting IS NOT NULL THEN
        RAISE EXCEPTION 'subjects with different credit codes share registration numbers (%); correct them first', conflicting;
      END IF;
      CREATE TEMP TABLE subject_merge ON COMMIT DROP AS
        SELECT id AS dup, keep FROM (
          SELECT id, first_value(id) OVER (PARTITION BY registration_no ORDER BY (credit_code IS NULL), created_at, id) AS keep
          FROM subject WHERE registration_no IS NOT NULL) r WHERE id <> keep
        UNION ALL
        SELECT id, keep FROM (
          SELECT id, first_value(id) OVER (PARTITION BY kind, name, coalesce(address, '') ORDER BY created_at, id) AS keep
          FROM subject WHERE credit_code IS NULL AND registration_no IS NULL) n WHERE id <> keep;
      FOR pair IN SELECT dup, keep FROM subject_merge LOOP
        UPDATE subject k SET
          legal_representative = coalesce(k.legal_representative, d.legal_representative),
          address = coalesce(k.address, d.address), region_code = coalesce(k.region_code, d.region_code),
          industry_code = coalesce(k.industry_code, d.industry_code),
          abnormal_list_since = coalesce(k.abnormal_list_since, d.abnormal_list_since),
          blacklist_since = coalesce(k.blacklist_since, d.blacklist_since),
          steward_tenant_id = coalesce(k.steward_tenant_id, d.steward_tenant_id)
        FROM subject d WHERE k.id = pair.keep AND d.id = pair.dup;
        -- One entry per department: fold the duplicate's entry into the survivor's where both exist.
        UPDATE directory_entry k SET
          risk_class = coalesce(k.risk_class, d.risk_class), risk_source = coalesce(k.risk_source, d.risk_source),
          risk_assessed_on = coalesce(k.risk_assessed_on, d.risk_assessed_on),
          tags = ARRAY(SELECT DISTINCT unnest(k.tags || d.tags)),
          sub_libraries = ARRAY(SELECT DISTINCT unnest(k.sub_libraries || d.sub_libraries)),
          supervised_since = least(k.supervised_since, d.supervised_since),
          notes = concat_ws(E'\\n', k.notes, d.notes)
        FROM directory_entry d
        WHERE k.subject_id = pair.keep AND d.subject_id = pair.dup AND d.tenant_id = k.tenant_id;
        DELETE FROM directory_entry d USING directory_entry k
        WHERE d.subject_id = pair.dup AND k.subject_id = pair.keep AND k.tenant_id = d.tenant_id;
        FOR ref IN
          SELECT c.conrelid::regclass AS tbl, a.attname AS col, cl.relforcerowsecurity AS forced,
            EXISTS (SELECT 1 FROM pg_constraint p WHERE p.conrelid = c.conrelid AND p.contype = 'p'
                    AND p.conkey = c.conkey) AS one_per_subject
          FROM pg_constraint c
          JOIN pg_class cl ON cl.oid = c.conrelid
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          WHERE c.contype = 'f' AND c.confrelid = 'subject'::regclass AND array_length(c.conkey, 1) = 1
        LOOP
          IF ref.forced THEN EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', ref.tbl); END IF;
          -- A table keyed by the subject itself (one row per subject) keeps the survivor's row.
          IF ref.one_per_subject THEN
            EXECUTE format('DELETE FROM %s WHERE %I = $1', ref.tbl, ref.col) USING pair.dup;
          ELSE
            EXECUTE format('UPDATE %s SET %I = $1 WHERE %I = $2', ref.tbl, ref.col, ref.col) USING pair.keep, pair.dup;
          END IF;
          IF ref.forced THEN EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', ref.tbl); END IF;
        END LOOP;
        INSERT INTO subject_change (subject_id, action, changes, note)
          VALUES (pair.keep, 'MERGE', jsonb_build_object('mergedFrom', pair.dup), '合并重复登记的检查对象');
        DELETE FROM subject WHERE id = pair.dup;
      END LOOP;
    END $$`);
}
