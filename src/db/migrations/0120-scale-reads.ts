import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";

/** Only a SECURITY DEFINER function (its owner, outside the runtime group) may use a flag-gated policy branch. */
const DEFINER_ONLY = `NOT pg_catalog.pg_has_role('${RUNTIME_GROUP}', 'USAGE')`;

/**
 * Province scale (issue 19, docs/SCALE.md): the indexes every everyday list needs, tenant- or key-leading for its
 * filter and its order, and two read aids.
 *
 * - Chinese name search by character bigrams: `jc_bigrams(text)` is the set of adjacent character pairs (lower-cased);
 *   a GIN index over it answers "name contains 兴达" as `jc_bigrams(name) @> jc_bigrams('兴达')`, rechecked with
 *   ILIKE. pg_trgm cannot: a two-character fragment has no trigram, which is the usual Chinese query.
 * - The directory's sort key on the department's own row: `directory_entry.subject_name` copies the shared subject's
 *   name, so a department's list walks (tenant_id, subject_name, id) instead of joining all its entries to the
 *   registry and sorting. Kept by triggers: set on insert, and on a subject's rename for every department's entries
 *   (a narrow SECURITY DEFINER function: the renaming department cannot see the other departments' rows).
 */
export class ScaleReads1763856000120 implements MigrationInterface {
  name = "ScaleReads1763856000120";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE FUNCTION public.jc_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(pg_catalog.array_agg(DISTINCT pg_catalog.substr(x.l, i, 2)), '{}'::text[])
          FROM (SELECT pg_catalog.lower(t) AS l) x, pg_catalog.generate_series(1, pg_catalog.length(x.l) - 1) i $$`,
      `GRANT EXECUTE ON FUNCTION public.jc_bigrams(text) TO ${RUNTIME_GROUP}`,
      // The registry's names, RLS-free, read only through subject_ids_by_name(): an index over subject itself is not
      // used under its policy (array containment is not leakproof).
      `CREATE TABLE subject_name_search (
        subject_id uuid PRIMARY KEY REFERENCES subject (id) ON DELETE CASCADE,
        name text NOT NULL
      )`,
      `REVOKE ALL ON subject_name_search FROM PUBLIC`,
      `ALTER TABLE subject NO FORCE ROW LEVEL SECURITY`,
      `INSERT INTO subject_name_search (subject_id, name) SELECT id, name FROM subject`,
      `ALTER TABLE subject FORCE ROW LEVEL SECURITY`,
      `CREATE INDEX subject_name_search_bigrams_idx ON subject_name_search USING gin (public.jc_bigrams(name))`,
      // Statement-level with transition tables: a bulk import pays one set-based write, not one call per row.
      `CREATE FUNCTION public.subject_name_search_sync() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          INSERT INTO public.subject_name_search AS n (subject_id, name) SELECT r.id, r.name FROM new_rows r
            ON CONFLICT (subject_id) DO UPDATE SET name = EXCLUDED.name WHERE n.name IS DISTINCT FROM EXCLUDED.name;
          RETURN NULL;
        END $$`,
      `REVOKE ALL ON FUNCTION public.subject_name_search_sync() FROM PUBLIC`,
      `CREATE TRIGGER subject_name_search_insert AFTER INSERT ON subject REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION public.subject_name_search_sync()`,
      `CREATE TRIGGER subject_name_search_update AFTER UPDATE ON subject REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION public.subject_name_search_sync()`,
      /**
       * Ids of subjects whose name contains q (case-insensitive for Latin letters), for a signed-in department only
       * (the registry's read rule); nothing but ids leaves it. Fragments of two or more characters use the bigram
       * index; a single character scans.
       */
      `CREATE FUNCTION public.subject_ids_by_name(q text) RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER
        ROWS 200 SET search_path = pg_catalog, public, pg_temp AS $$
        SELECT n.subject_id FROM public.subject_name_search n
         WHERE public.app_tenant_id() IS NOT NULL
           AND public.jc_bigrams(n.name) @> public.jc_bigrams(q)
           AND pg_catalog.strpos(pg_catalog.lower(n.name), pg_catalog.lower(q)) > 0 $$`,
      `REVOKE ALL ON FUNCTION public.subject_ids_by_name(text) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION public.subject_ids_by_name(text) TO ${RUNTIME_GROUP}`,
      `CREATE INDEX subject_name_idx ON subject (name, id)`,
      `CREATE INDEX result_publication_name_bigrams_idx ON result_publication
        USING gin (public.jc_bigrams(subject_name)) WHERE superseded_at IS NULL`,
      // 一公开 "latest": the current versions, newest first (the public search's order).
      `CREATE INDEX result_publication_current_idx ON result_publication (published_at DESC, id DESC)
        WHERE superseded_at IS NULL`,
      `CREATE INDEX result_publication_tenant_current_idx ON result_publication (tenant_id, published_at DESC, id DESC)
        WHERE superseded_at IS NULL`,
      // A draw's assignments and a plan's tasks: key-leading, because the permissive policies OR'd with the tenant
      // one (joint pools, public plans) keep tenant_id out of the index condition.
      `CREATE INDEX assignment_draw_idx ON assignment (draw_id, created_at, id) WHERE draw_id IS NOT NULL`,
      `CREATE INDEX assignment_tenant_task_idx ON assignment (tenant_id, task_id)`,
      `CREATE INDEX inspection_task_plan_idx ON inspection_task (plan_id, created_at, id)`,
      `CREATE INDEX draw_task_idx ON draw (task_id, sequence)`,
      `CREATE INDEX annual_plan_tenant_year_idx ON annual_plan (tenant_id, year)`,

      // The directory's sort key (see above).
      `ALTER TABLE directory_entry ADD COLUMN subject_name text`,
      // The owner backfills every department's rows: RLS lifted inside this transaction only.
      `ALTER TABLE directory_entry NO FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE subject NO FORCE ROW LEVEL SECURITY`,
      `UPDATE directory_entry e SET subject_name = s.name FROM subject s WHERE s.id = e.subject_id`,
      `ALTER TABLE subject FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE directory_entry FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE directory_entry ALTER COLUMN subject_name SET NOT NULL`,
      `CREATE INDEX directory_entry_name_idx ON directory_entry (tenant_id, subject_name, id)`,
      `CREATE INDEX directory_entry_risk_name_idx ON directory_entry (tenant_id, risk_class, subject_name, id)`,
      // Always the registry's name, whatever the writer sent; any signed-in department reads the registry, so the
      // invoker's rights suffice.
      `CREATE FUNCTION public.directory_entry_subject_name() RETURNS trigger LANGUAGE plpgsql
        SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          SELECT s.name INTO NEW.subject_name FROM public.subject s WHERE s.id = NEW.subject_id;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER directory_entry_subject_name BEFORE INSERT OR UPDATE OF subject_id, subject_name
        ON directory_entry FOR EACH ROW EXECUTE FUNCTION public.directory_entry_subject_name()`,
      // A rename reaches every department's entries: only this definer may use the flag-gated policies (an UPDATE
      // with a WHERE needs the SELECT policy too).
      `CREATE POLICY directory_entry_subject_name_sync_read ON directory_entry FOR SELECT
        USING (current_setting('app.subject_name_sync', true) = 'on' AND ${DEFINER_ONLY})`,
      `CREATE POLICY directory_entry_subject_name_sync ON directory_entry FOR UPDATE
        USING (current_setting('app.subject_name_sync', true) = 'on' AND ${DEFINER_ONLY})`,
      `CREATE FUNCTION public.subject_name_sync() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          PERFORM pg_catalog.set_config('app.subject_name_sync', 'on', true);
          UPDATE public.directory_entry SET subject_name = NEW.name
            WHERE subject_id = NEW.id AND subject_name IS DISTINCT FROM NEW.name;
          PERFORM pg_catalog.set_config('app.subject_name_sync', 'off', true);
          RETURN NULL;
        END $$`,
      `REVOKE ALL ON FUNCTION public.subject_name_sync() FROM PUBLIC`,
      `CREATE TRIGGER subject_name_sync AFTER UPDATE OF name ON subject FOR EACH ROW
        WHEN (NEW.name IS DISTINCT FROM OLD.name) EXECUTE FUNCTION public.subject_name_sync()`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TRIGGER subject_name_sync ON subject");
    await q.query("DROP TRIGGER subject_name_search_insert ON subject");
    await q.query("DROP TRIGGER subject_name_search_update ON subject");
    await q.query("DROP FUNCTION public.subject_ids_by_name(text), public.subject_name_search_sync()");
    await q.query("DROP TABLE subject_name_search");
    await q.query("DROP TRIGGER directory_entry_subject_name ON directory_entry");
    await q.query("DROP POLICY directory_entry_subject_name_sync ON directory_entry");
    await q.query("DROP POLICY directory_entry_subject_name_sync_read ON directory_entry");
    await q.query("DROP FUNCTION public.subject_name_sync(), public.directory_entry_subject_name()");
    await q.query("ALTER TABLE directory_entry DROP COLUMN subject_name");
    for (const i of [
      "subject_name_idx",
      "result_publication_name_bigrams_idx",
      "result_publication_current_idx",
      "result_publication_tenant_current_idx",
      "assignment_draw_idx",
      "assignment_tenant_task_idx",
      "inspection_task_plan_idx",
      "draw_task_idx",
      "annual_plan_tenant_year_idx",
    ])
      await q.query(`DROP INDEX ${i}`);
    await q.query("DROP FUNCTION public.jc_bigrams(text)");
  }
}
