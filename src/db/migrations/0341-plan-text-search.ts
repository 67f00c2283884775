import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { PIN_DEFINERS, SAFE_SEARCH_PATH } from "./sql";

/**
 * The /public plan search by bigrams (issue 19). `plans(search:)` matched `title ILIKE '%q%' OR EXISTS (a task whose
 * name ILIKE '%q%')` row by row over every department's plans: ILIKE is not leakproof, so under annual_plan's policies
 * no index could serve it (the subjects' case, migration 0120).
 *
 * As for subjects: the texts (each plan's title and each task's name) are copied into an RLS-free table with a GIN
 * index over jc_bigrams(), kept by statement-level triggers, read only through plan_ids_by_text(q). That function
 * returns the ids of plans whose title or one of whose tasks' names contains q (case-insensitive for Latin letters:
 * the same match as ILIKE of the escaped fragment) AND that the caller may see: the EXISTS reads annual_plan under its
 * own policies with the caller's tenant (one rule for who sees a plan, not a copy of it). The only definer-only
 * policy on annual_plan is the county roll-up's (0080); with its flag raised by the caller the function returns
 * nothing, so the caller cannot borrow the roll-up's view through it.
 */
export class PlanTextSearch1763856000341 implements MigrationInterface {
  name = "PlanTextSearch1763856000341";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE plan_search_text (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES annual_plan (id) ON DELETE CASCADE,
        text text NOT NULL
      )`,
      `REVOKE ALL ON plan_search_text FROM PUBLIC`,
      `CREATE INDEX plan_search_text_bigrams_idx ON plan_search_text USING gin (public.jc_bigrams(text))`,
      `CREATE INDEX plan_search_text_plan_idx ON plan_search_text (plan_id)`,
      // The owner backfills every department's rows: RLS lifted inside this transaction only.
      `ALTER TABLE annual_plan NO FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE inspection_task NO FORCE ROW LEVEL SECURITY`,
      `INSERT INTO plan_search_text (id, plan_id, text) SELECT id, id, title FROM annual_plan`,
      `INSERT INTO plan_search_text (id, plan_id, text) SELECT id, plan_id, name FROM inspection_task`,
      `ALTER TABLE inspection_task FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE annual_plan FORCE ROW LEVEL SECURITY`,
      // Statement-level with transition tables: a bulk insert pays one set-based write.
      `CREATE FUNCTION public.plan_search_text_plan() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = ${SAFE_SEARCH_PATH} AS $$
        BEGIN
          INSERT INTO public.plan_search_text AS s (id, plan_id, text) SELECT r.id, r.id, r.title FROM new_rows r
            ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text WHERE s.text IS DISTINCT FROM EXCLUDED.text;
          RETURN NULL;
        END $$`,
      `CREATE FUNCTION public.plan_search_text_task() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = ${SAFE_SEARCH_PATH} AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            DELETE FROM public.plan_search_text s USING old_rows r WHERE s.id = r.id;
          ELSE
            INSERT INTO public.plan_search_text AS s (id, plan_id, text) SELECT r.id, r.plan_id, r.name FROM new_rows r
              ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, plan_id = EXCLUDED.plan_id
              WHERE (s.text, s.plan_id) IS DISTINCT FROM (EXCLUDED.text, EXCLUDED.plan_id);
          END IF;
          RETURN NULL;
        END $$`,
      `CREATE TRIGGER plan_search_text_insert AFTER INSERT ON annual_plan REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION public.plan_search_text_plan()`,
      `CREATE TRIGGER plan_search_text_update AFTER UPDATE ON annual_plan REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION public.plan_search_text_plan()`,
      `CREATE TRIGGER plan_search_text_insert AFTER INSERT ON inspection_task REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION public.plan_search_text_task()`,
      `CREATE TRIGGER plan_search_text_update AFTER UPDATE ON inspection_task REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION public.plan_search_text_task()`,
      `CREATE TRIGGER plan_search_text_delete AFTER DELETE ON inspection_task REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION public.plan_search_text_task()`,
      `CREATE FUNCTION public.plan_ids_by_text(q text) RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER
        ROWS 50 SET search_path = ${SAFE_SEARCH_PATH} AS $$
        SELECT DISTINCT s.plan_id FROM public.plan_search_text s
         WHERE q IS NOT NULL AND pg_catalog.length(q) > 0
           AND coalesce(pg_catalog.current_setting('app.county_rollup', true), '') <> 'on'
           AND public.jc_bigrams(s.text) @> public.jc_bigrams(q)
           AND pg_catalog.strpos(pg_catalog.lower(s.text), pg_catalog.lower(q)) > 0
           AND EXISTS (SELECT 1 FROM public.annual_plan p WHERE p.id = s.plan_id) $$`,
      `GRANT EXECUTE ON FUNCTION public.plan_ids_by_text(text) TO ${RUNTIME_GROUP}`,
      PIN_DEFINERS,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ["annual_plan", "inspection_task"])
      for (const g of ["insert", "update", "delete"])
        await q.query(`DROP TRIGGER IF EXISTS plan_search_text_${g} ON ${t}`);
    await q.query(
      "DROP FUNCTION public.plan_ids_by_text(text), public.plan_search_text_plan(), public.plan_search_text_task()",
    );
    await q.query("DROP TABLE plan_search_text");
  }
}
