import { Client } from "pg";
import { SharedRegistry1763856000040 } from "../../src/db/migrations/0040-shared-registry";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

/**
 * Migration 0040 merges the duplicates created before the identity indexes existed (issue 18): same 注册号, or same
 * type + name + address without codes. Every directory entry and history row is kept on the survivor.
 */
let db: TestDatabase;
let c: Client;
beforeAll(async () => {
  db = await createTestDatabase();
  c = new Client({ connectionString: db.ownerUrl });
  await c.connect();
});
afterAll(async () => {
  await c.end();
  await db.drop();
});

test("duplicates are merged into one subject keeping every directory entry and history row", async () => {
  const q = { query: (sql: string) => c.query(sql) } as never;
  const migration = new SharedRegistry1763856000040();
  await c.query("BEGIN");
  await migration.down(q);
  const tenant = async (code: string) =>
    (await c.query("SELECT id FROM tenant WHERE code = $1", [code])).rows[0].id as string;
  const [health, emerg] = [await tenant("wy-health"), await tenant("wy-emerg")];
  const as = (t: string) =>
    c.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', 'ADMIN', true)", [t]);
  await as(health);
  const insert = async (name: string, reg: string | null, address: string | null, legal: string | null) =>
    (
      await c.query(
        `INSERT INTO subject (kind, name, registration_no, address, legal_representative) VALUES ('INDIVIDUAL_BUSINESS', $1, $2, $3, $4) RETURNING id`,
        [name, reg, address, legal],
      )
    ).rows[0].id as string;
  const keep = await insert("五原县重复登记店", "150821600999001", null, null);
  const dup = await insert("五原县重复登记店（二）", "150821600999001", "五原县", "赵六");
  const placeA = await insert("五原县重复场所", null, "五原县乌兰镇", null);
  const placeB = await insert("五原县重复场所", null, "五原县乌兰镇", "钱七");
  const entry = async (t: string, subject: string, tags: string[], notes: string | null) => {
    await as(t);
    await c.query("INSERT INTO directory_entry (tenant_id, subject_id, tags, notes) VALUES ($1, $2, $3, $4)", [
      t,
      subject,
      tags,
      notes,
    ]);
  };
  await entry(health, keep, ["甲"], "先登记");
  await entry(health, dup, ["乙"], "后登记");
  await entry(emerg, dup, ["丙"], null);
  await entry(emerg, placeB, [], null);
  await as(health);
  await c.query(
    "INSERT INTO subject_status_history (subject_id, status, changed_by_tenant_id, note) VALUES ($1, 'UNREACHABLE', $2, '查无下落')",
    [dup, health],
  );

  await migration.up(q);
  await as(health);
  const subjects = await c.query(
    "SELECT id, address, legal_representative, steward_tenant_id FROM subject WHERE id = ANY($1::uuid[]) ORDER BY name",
    [[keep, dup, placeA, placeB]],
  );
  expect(subjects.rows).toEqual([
    { id: placeA, address: "五原县乌兰镇", legal_representative: "钱七", steward_tenant_id: emerg },
    { id: keep, address: "五原县", legal_representative: "赵六", steward_tenant_id: health },
  ]);
  await c.query("ALTER TABLE directory_entry NO FORCE ROW LEVEL SECURITY");
  const entries = await c.query(
    "SELECT tenant_id, subject_id, tags, notes FROM directory_entry WHERE subject_id = ANY($1::uuid[]) ORDER BY tenant_id = $2 DESC, subject_id",
    [[keep, dup, placeA, placeB], health],
  );
  expect(entries.rows).toEqual(
    expect.arrayContaining([
      { tenant_id: health, subject_id: keep, tags: expect.arrayContaining(["甲", "乙"]), notes: "先登记\n后登记" },
      { tenant_id: emerg, subject_id: keep, tags: ["丙"], notes: null },
      { tenant_id: emerg, subject_id: placeA, tags: [], notes: null },
    ]),
  );
  expect(entries.rows).toHaveLength(3);
  const history = await c.query("SELECT subject_id, note FROM subject_status_history WHERE note = '查无下落'");
  expect(history.rows).toEqual([{ subject_id: keep, note: "查无下落" }]);
  const merges = await c.query(
    "SELECT subject_id, changes FROM subject_change WHERE action = 'MERGE' AND subject_id = ANY($1::uuid[])",
    [[keep, placeA]],
  );
  expect(merges.rows).toEqual(
    expect.arrayContaining([
      { subject_id: keep, changes: { mergedFrom: dup } },
      { subject_id: placeA, changes: { mergedFrom: placeB } },
    ]),
  );
  await c.query("ROLLBACK");
});
