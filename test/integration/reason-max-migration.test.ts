import { Client } from "pg";
import { reasonLengthCheck } from "../../src/db/migrations/0300-reason-max";
import { REASON_MAX } from "../../src/domain/reasons";
import { REASON_MAX as GUARD_REASON_MAX } from "../../src/schema/argument-guard";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

/**
 * Migration 0300: plan_revision.reason's length check in the database is the argument guard's one cap on stated
 * reasons (REASON_MAX), not a number of its own. Rows are written as the superuser (no RLS), each in a rolled-back
 * savepoint, so only the check decides.
 */
let db: TestDatabase;
let c: Client;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  c = new Client({ connectionString: db.superuserUrl });
  await c.connect();
  tenantId = (await c.query(`SELECT id FROM tenant WHERE code = 'wy-drc'`)).rows[0].id;
});
afterAll(async () => {
  await c?.end();
  await db?.drop();
});

/** "ok", or the violated constraint's name: a revision row with `reason`, never kept. */
async function write(reason: string): Promise<string> {
  await c.query("BEGIN");
  try {
    await c.query(
      `INSERT INTO plan_revision (tenant_id, plan_kind, plan_id, number, reason, changes)
       VALUES ($1, 'DEPARTMENT', gen_random_uuid(), 1, $2, '[{"op":"test"}]')`,
      [tenantId, reason],
    );
    return "ok";
  } catch (e) {
    return (e as { constraint?: string }).constraint ?? String(e);
  } finally {
    await c.query("ROLLBACK");
  }
}

test("the guard and the database share one cap", () => {
  expect(GUARD_REASON_MAX).toBe(REASON_MAX);
});

test("a reason of REASON_MAX characters is stored, one more (or only blanks) is refused by plan_revision_reason_check", async () => {
  expect(await write("理".repeat(REASON_MAX))).toBe("ok");
  expect(await write(` ${"𠀀".repeat(REASON_MAX)} `)).toBe("ok"); // characters, not bytes or UTF-16 units; trimmed
  expect(await write("理".repeat(REASON_MAX + 1))).toBe("plan_revision_reason_check");
  expect(await write("   ")).toBe("plan_revision_reason_check");
});

test("the check is built from the cap it is given: recreated for a smaller cap, it refuses what REASON_MAX allows", async () => {
  await c.query("BEGIN");
  try {
    await c.query(reasonLengthCheck(10));
    const row = (reason: string) =>
      c
        .query(
          `INSERT INTO plan_revision (tenant_id, plan_kind, plan_id, number, reason, changes)
           VALUES ($1, 'DEPARTMENT', gen_random_uuid(), 1, $2, '[{"op":"test"}]')`,
          [tenantId, reason],
        )
        .then(
          () => "ok",
          (e: { constraint?: string }) => e.constraint,
        );
    expect(await row("理".repeat(10))).toBe("ok");
    expect(await row("理".repeat(11))).toBe("plan_revision_reason_check");
  } finally {
    await c.query("ROLLBACK");
  }
});
