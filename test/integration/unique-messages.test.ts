import { Client } from "pg";
import { formatError } from "../../src/schema/format-error";
import { DUPLICATE_MESSAGE, UNIQUE_MESSAGES } from "../../src/schema/unique-messages";
import { startTestServer, type TestServer } from "../helpers/harness";

/**
 * A write that loses a race to an identical one gets a message naming what is duplicated, by the constraint that
 * refused it (src/schema/unique-messages.ts). The table names real constraints: one renamed in a migration fails here.
 */
let s: TestServer;
const log = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() } as never;

beforeAll(async () => {
  s = await startTestServer({ poolSize: 8 });
});
afterAll(() => s.close());

test("every constraint the table names is a unique constraint or index of the schema", async () => {
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = 'public' AND x.indisunique`,
    );
    const names = new Set(rows.map((r: { name: string }) => r.name));
    expect(Object.keys(UNIQUE_MESSAGES).filter((k) => !names.has(k))).toEqual([]);
  } finally {
    await c.end();
  }
});

test("a unique violation becomes CONFLICT with the constraint's message, never the refused values", () => {
  const pg = Object.assign(new Error('duplicate key value violates unique constraint "inspector_id_number_key"'), {
    code: "23505",
    constraint: "inspector_id_number_key",
    detail: "Key (tenant_id, id_number_hash)=(x, 150821198001011234) already exists.",
  });
  const out = formatError({ message: "x" }, pg, "req-1", log);
  expect(out).toMatchObject({ message: UNIQUE_MESSAGES.inspector_id_number_key, extensions: { code: "CONFLICT" } });
  expect(JSON.stringify(out)).not.toContain("150821");
  const other = formatError(
    { message: "x" },
    Object.assign(new Error("dup"), { code: "23505", constraint: "x" }),
    "r",
    log,
  );
  expect(other.message).toBe(DUPLICATE_MESSAGE);
});

test("racing clerks adding the same login name: one wins, the others read what is duplicated", async () => {
  const admin = await s.login("wy-edu", "admin");
  const add = () =>
    s.gql(
      `mutation($i: NewUserInput!) { createUser(input: $i) { id } }`,
      { i: { username: "race-user", displayName: "并发测试", password: "race-password-1", roles: ["PLANNER"] } },
      admin,
    );
  const answers = await Promise.all(Array.from({ length: 6 }, add));
  expect(answers.filter((a) => !a.errors)).toHaveLength(1);
  for (const a of answers.filter((x) => x.errors)) {
    expect(a.errors![0].extensions?.code).toBe("CONFLICT");
    expect(a.errors![0].message).not.toBe(DUPLICATE_MESSAGE);
    expect(a.errors![0].message).toMatch(/登录名/);
  }
});
