import { Client } from "pg";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/** Tenant isolation over the real HTTP API and directly as the runtime role (a superuser would prove nothing). */
let s: TestServer;
let tokenA: string;
let tokenB: string;
let userOfB: { id: string };

const USERS = `query { users(limit: 100) { total items { id username tenant { code } } } }`;

beforeAll(async () => {
  s = await startTestServer({ poolSize: 2 });
  tokenA = await s.login("wy-samr", "admin");
  tokenB = await s.login("wy-health", "admin");
  const r = await s.gql(USERS, {}, tokenB);
  userOfB = r.data!.users.items.find((u: { username: string }) => u.username === "inspector1");
});
afterAll(() => s.close());

describe("over GraphQL", () => {
  test("an admin lists only its own department's users", async () => {
    const r = await s.gql(USERS, {}, tokenA);
    expect(r.data!.users.total).toBe(5);
    expect(new Set(r.data!.users.items.map((u: any) => u.tenant.code))).toEqual(new Set(["wy-samr"]));
  });

  test("ids of another tenant's rows are not found, for reads and writes", async () => {
    const read = await s.gql(`query($id: ID!) { user(id: $id) { id } }`, { id: userOfB.id }, tokenA);
    expect(errorCode(read)).toBe("NOT_FOUND");
    const update = await s.gql(
      `mutation($id: ID!) { updateUser(id: $id, input: { displayName: "篡改", active: false }) { id } }`,
      { id: userOfB.id },
      tokenA,
    );
    expect(errorCode(update)).toBe("NOT_FOUND");
    const still = await s.gql(`query($id: ID!) { user(id: $id) { displayName active } }`, { id: userOfB.id }, tokenB);
    expect(still.data!.user).toEqual({ displayName: "检查员甲", active: true });
  });

  test("another tenant's API key cannot be revoked or seen", async () => {
    const created = await s.gql(
      `mutation { createApiKey(input: { name: "省平台对接", roles: [VIEWER] }) { apiKey { id } } }`,
      {},
      tokenB,
    );
    const id = created.data!.createApiKey.apiKey.id;
    expect(errorCode(await s.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id }, tokenA))).toBe(
      "NOT_FOUND",
    );
    const listA = await s.gql(`{ apiKeys { id } }`, {}, tokenA);
    expect(listA.data!.apiKeys.map((k: any) => k.id)).not.toContain(id);
  });

  test("a malformed id is typed bad input, not a database error", async () => {
    const r = await s.gql(`query { user(id: "1 OR 1=1") { id } }`, {}, tokenA);
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id", reason: "uuid" });
  });

  test("interleaved requests of two tenants on a pool of 2 never carry a tenant into the next request", async () => {
    const calls = Array.from({ length: 120 }, (_, i) => {
      const [token, code] = i % 2 ? [tokenA, "wy-samr"] : [tokenB, "wy-health"];
      return s
        .gql(`{ me { tenant { code } } users(limit: 10) { items { tenant { code } } } }`, {}, token)
        .then((r) => ({ r, code }));
    });
    for (const { r, code } of await Promise.all(calls)) {
      expect(r.errors).toBeUndefined();
      expect(r.data!.me.tenant.code).toBe(code);
      for (const u of r.data!.users.items) expect(u.tenant.code).toBe(code);
    }
    // And an anonymous request right after sees no tenant-owned data at all.
    expect(errorCode(await s.gql(USERS))).toBe("UNAUTHENTICATED");
  });
});

describe("in the database, as the runtime role", () => {
  let c: Client;
  let tenantA: string;
  let tenantB: string;
  beforeAll(async () => {
    c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    const { rows } = await c.query(`SELECT id, code FROM tenant WHERE code IN ('wy-samr', 'wy-health')`);
    tenantA = rows.find((r) => r.code === "wy-samr").id;
    tenantB = rows.find((r) => r.code === "wy-health").id;
  });
  afterAll(() => c.end());

  test("the runtime role is not a superuser, cannot bypass RLS and owns no table", async () => {
    const { rows } = await c.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await c.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`,
    );
    expect(owned.rows[0].n).toBe(0);
  });

  test("every table with a tenant_id has RLS enabled and forced", async () => {
    const { rows } = await c.query(`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
      WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect([r.relname, r.relrowsecurity, r.relforcerowsecurity]).toEqual([r.relname, true, true]);
  });

  test("no tenant set → zero rows (fails closed)", async () => {
    expect((await c.query(`SELECT count(*)::int AS n FROM app_user`)).rows[0].n).toBe(0);
    expect((await c.query(`SELECT count(*)::int AS n FROM api_key`)).rows[0].n).toBe(0);
  });

  test("with tenant A set, B's rows are invisible, unchangeable and cannot be inserted", async () => {
    await c.query("BEGIN");
    try {
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantA]);
      const seen = await c.query(`SELECT DISTINCT tenant_id FROM app_user`);
      expect(seen.rows.map((r) => r.tenant_id)).toEqual([tenantA]);
      const upd = await c.query(`UPDATE app_user SET display_name = 'x' WHERE tenant_id = $1`, [tenantB]);
      expect(upd.rowCount).toBe(0);
      const del = await c.query(`DELETE FROM app_user WHERE tenant_id = $1`, [tenantB]);
      expect(del.rowCount).toBe(0);
      await expect(
        c.query(
          `INSERT INTO app_user (tenant_id, username, display_name, password_hash, roles) VALUES ($1, 'intruder', 'x', 'x', '{VIEWER}')`,
          [tenantB],
        ),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await c.query("ROLLBACK");
    }
  });

  test("a transaction-local tenant does not survive the transaction", async () => {
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantA]);
    await c.query("COMMIT");
    expect((await c.query(`SELECT count(*)::int AS n FROM app_user`)).rows[0].n).toBe(0);
  });

  test("only platform admins may create tenants, even at the database level", async () => {
    await expect(
      c.query(`INSERT INTO tenant (code, name, region_code, kind) VALUES ('rogue', '流氓部门', '150821', 'OTHER')`),
    ).rejects.toThrow(/row-level security/);
  });
});
