import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 审核与编制分离 as the database floor (src/domain/maker-checker.ts states the rule): a row's approver is never its
 * author or submitter. One trigger function, told by its arguments which columns name the makers; it runs only when
 * approved_by is set or changes, so rows approved before this migration are left alone. Plans and results record
 * who submitted them (`submitted_by`); a task is submitted by creating it.
 */
const TABLES: Array<[table: string, makers: string[]]> = [
  ["annual_plan", ["created_by", "submitted_by"]],
  ["inspection_task", ["created_by"]],
  ["inspection_result", ["created_by", "submitted_by"]],
  ["joint_task", ["created_by"]],
];

export class MakerChecker1763856000070 implements MigrationInterface {
  name = "MakerChecker1763856000070";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE annual_plan ADD COLUMN submitted_by uuid`,
      `ALTER TABLE inspection_result ADD COLUMN submitted_by uuid`,
      `CREATE FUNCTION maker_checker() RETURNS trigger LANGUAGE plpgsql
        SET search_path = pg_catalog, public AS $$
        DECLARE
          row jsonb := pg_catalog.to_jsonb(NEW);
          approver text := row ->> 'approved_by';
          maker text;
        BEGIN
          IF approver IS NULL OR (TG_OP = 'UPDATE' AND approver IS NOT DISTINCT FROM pg_catalog.to_jsonb(OLD) ->> 'approved_by') THEN
            RETURN NEW;
          END IF;
          FOREACH maker IN ARRAY TG_ARGV LOOP
            IF row ->> maker = approver THEN
              RAISE EXCEPTION 'maker-checker: % % approved by its %', TG_TABLE_NAME, row ->> 'id', maker
                USING ERRCODE = 'JC001', TABLE = TG_TABLE_NAME, COLUMN = maker;
            END IF;
          END LOOP;
          RETURN NEW;
        END $$`,
      `REVOKE ALL ON FUNCTION maker_checker() FROM PUBLIC`,
      ...TABLES.map(
        ([table, makers]) =>
          `CREATE TRIGGER ${table}_maker_checker BEFORE INSERT OR UPDATE ON ${table}
            FOR EACH ROW EXECUTE FUNCTION maker_checker(${makers.map((m) => `'${m}'`).join(", ")})`,
      ),
    ];
    for (const s of statements) await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of TABLES) await q.query(`DROP TRIGGER ${table}_maker_checker ON ${table}`);
    await q.query(`DROP FUNCTION maker_checker()`);
    await q.query(`ALTER TABLE annual_plan DROP COLUMN submitted_by`);
    await q.query(`ALTER TABLE inspection_result DROP COLUMN submitted_by`);
  }
}
