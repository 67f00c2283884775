import { MIGRATION_TABLE, migrate } from "../../src/db/migrate";
import { migrations } from "../../src/db/migrations";
import { withClient } from "../../src/db/roles";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

/** Migrations run in their declared order (src/db/migrations/index.ts), not by the timestamps in their names. */
describe("migration order", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const declaredNames = () => migrations.map((M) => new M().name ?? M.name);

  it("a fresh database applied every migration once, in the declared order", async () => {
    const rows = await withClient(db.ownerUrl, (c) => c.query(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY id`));
    expect(rows.rows.map((r: { name: string }) => r.name)).toEqual(declaredNames());
    // The declared order is not the timestamp order: 0006-joint-lifecycle (…106) comes right after 0006-joint.
    const names = declaredNames();
    expect(names.indexOf("JointLifecycle1763856000106")).toBe(names.indexOf("Joint1763856000006") + 1);
  });

  it("running the migrator again applies nothing", async () => {
    expect(await migrate(db.ownerUrl)).toEqual([]);
  });

  it("a migration added at the end runs after every earlier one, whatever its timestamp", async () => {
    class Early1000000000000 {
      name = "Early1000000000000";
      async up(q: { query(sql: string): Promise<unknown> }) {
        await q.query("CREATE TABLE migration_order_probe (x int)");
      }
      async down() {}
    }
    expect(await migrate(db.ownerUrl, [...migrations, Early1000000000000])).toEqual(["Early1000000000000"]);
    const rows = await withClient(db.ownerUrl, (c) =>
      c.query(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY id DESC LIMIT 1`),
    );
    expect(rows.rows[0].name).toBe("Early1000000000000");
  });

  it("a failing migration leaves no trace and names itself", async () => {
    class Broken1000000000001 {
      name = "Broken1000000000001";
      async up(q: { query(sql: string): Promise<unknown> }) {
        await q.query("CREATE TABLE migration_broken_probe (x int)");
        await q.query("SELECT no_such_function()");
      }
      async down() {}
    }
    await expect(migrate(db.ownerUrl, [...migrations, Broken1000000000001])).rejects.toThrow(/Broken1000000000001/);
    const probe = await withClient(db.ownerUrl, (c) => c.query("SELECT to_regclass('migration_broken_probe') AS t"));
    expect(probe.rows[0].t).toBeNull();
  });
});
