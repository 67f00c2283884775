import { spawn } from "node:child_process";
import { Client } from "pg";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/** 全程留痕: events of the foundation's writes, chain verification, tamper detection, append-only, concurrency. */
let s: TestServer;
const ids = new Map<string, string>();

const EVENTS = `query($f: AuditEventFilter, $limit: Int) {
  auditEvents(filter: $f, limit: $limit) { total items { seq actor action entityType entityId beforeDigest afterDigest summary prevHash hash } }
}`;
const VERIFY = `{ verifyAuditChain { valid checked firstBroken { seq reason message } } }`;

async function me(token: string): Promise<string> {
  const r = await s.gql(`{ me { id } }`, {}, token);
  return r.data!.me.id;
}

async function events(token: string, f: Record<string, unknown> = {}) {
  const r = await s.gql(EVENTS, { f, limit: 300 }, token);
  expect(r.errors).toBeUndefined();
  return r.data!.auditEvents as { total: number; items: Array<Record<string, string | null>> };
}

async function tenantId(code: string): Promise<string> {
  const r = await s.gql(`query($c: String!) { tenant(code: $c) { id } }`, { c: code });
  return r.data!.tenant.id;
}

/** A client connected with `url`, inside a transaction for `tenant` (app.tenant_id). */
async function asTenantClient(url: string, tenant: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query("BEGIN");
  await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
  return c;
}

function runCli(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", "./scripts/register.cjs", "src/cli/verify-audit.ts"], {
      env: { ...process.env, DATABASE_URL: s.db.ownerUrl },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  s = await startTestServer({ poolSize: 8 });
  for (const [t, u] of [
    ["wy-samr", "admin"],
    ["wy-samr", "supervisor"],
    ["platform", "root"],
  ]) {
    const token = await s.login(t, u);
    ids.set(`${t}/${u}`, await me(token));
  }
});
afterAll(() => s.close());

describe("events of the foundation's writes", () => {
  test("createUser, updateUser, createApiKey and revokeApiKey are recorded with the admin as actor", async () => {
    const admin = await s.login("wy-samr", "admin");
    const actor = `user:${ids.get("wy-samr/admin")}`;
    const created = await s.gql(
      `mutation { createUser(input: { username: "clerk7", displayName: "办事员", password: "long-enough-pw", roles: [VIEWER] }) { id } }`,
      {},
      admin,
    );
    const userId = created.data!.createUser.id;
    await s.gql(`mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }`, { id: userId }, admin);
    const key = await s.gql(
      `mutation { createApiKey(input: { name: "对接", roles: [VIEWER] }) { apiKey { id } key } }`,
      {},
      admin,
    );
    const keyId = key.data!.createApiKey.apiKey.id;
    await s.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: keyId }, admin);

    const supervisor = await s.login("wy-samr", "supervisor");
    const { items } = await events(supervisor, { actor });
    const byAction = (a: string) => items.filter((e) => e.action === a);
    expect(byAction("user.create")).toEqual([expect.objectContaining({ entityType: "user", entityId: userId })]);
    const update = byAction("user.update")[0];
    expect(update.entityId).toBe(userId);
    expect(update.beforeDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(update.afterDigest).not.toBe(update.beforeDigest);
    expect(JSON.parse(update.summary!)).toEqual({ active: false, roles: ["VIEWER"], username: "clerk7" });
    expect(byAction("api_key.create")[0].entityId).toBe(keyId);
    expect(byAction("api_key.revoke")[0].entityId).toBe(keyId);
    // Secrets never reach the trail.
    const all = JSON.stringify(items);
    expect(all).not.toContain(key.data!.createApiKey.key);
    expect(all).not.toContain("long-enough-pw");
    expect(all).not.toMatch(/argon2/);
  });

  test("a successful login is recorded on the user's department's chain with the user as actor", async () => {
    const supervisorId = ids.get("wy-samr/supervisor")!;
    const { items } = await events(await s.login("wy-samr", "supervisor"), {
      action: "auth.login",
      entityId: supervisorId,
    });
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items[0].actor).toBe(`user:${supervisorId}`);
  });

  test("failed logins survive the rollback of the failing operation; unknown tenants go to the platform chain", async () => {
    const bad = await s.gql(
      `mutation { login(tenantCode: "wy-samr", username: "planner", password: "wrong-password") { token } }`,
    );
    expect(errorCode(bad)).toBe("UNAUTHENTICATED");
    const unknown = await s.gql(
      `mutation { login(tenantCode: "no-such-dept", username: "x", password: "wrong-password") { token } }`,
    );
    expect(errorCode(unknown)).toBe("UNAUTHENTICATED");

    const samr = await events(await s.login("wy-samr", "supervisor"), { action: "auth.login_failed" });
    expect(samr.items).toHaveLength(1);
    expect(samr.items[0].actor).toBe("anonymous");
    expect(JSON.parse(samr.items[0].summary!)).toEqual({
      purpose: "login",
      reason: "bad_password",
      tenantCode: "wy-samr",
      username: "planner",
    });
    expect(JSON.stringify(samr.items)).not.toContain("wrong-password");

    const platform = await events(await s.login("platform", "root"), { action: "auth.login_failed" });
    expect(platform.items.map((e) => JSON.parse(e.summary!).reason)).toEqual(["unknown_tenant"]);
  });

  test("createTenant goes to the platform chain; the new department's first admin to the new department's chain", async () => {
    const root = await s.login("platform", "root");
    const r = await s.gql(
      `mutation { createTenant(input: { code: "wy-audit", name: "五原县审计局", regionCode: "150821", kind: COUNTY_BUREAU, isCoordinator: false,
         admin: { username: "admin", displayName: "审计管理员", password: "audit-admin-pw", roles: [SUPERVISOR] } }) { tenant { id } admin { id } } }`,
      {},
      root,
    );
    expect(r.errors).toBeUndefined();
    const { tenant, admin } = r.data!.createTenant;
    const rootActor = `user:${ids.get("platform/root")}`;
    const platform = await events(root, { action: "tenant.create" });
    expect(platform.items).toEqual([expect.objectContaining({ entityId: tenant.id, actor: rootActor })]);

    const newAdmin = await s.login("wy-audit", "admin", "audit-admin-pw");
    const own = await events(newAdmin, { action: "user.create" });
    expect(own.items).toEqual([expect.objectContaining({ entityId: admin.id, actor: rootActor, seq: "1" })]);
    expect((await s.gql(VERIFY, {}, newAdmin)).data!.verifyAuditChain.valid).toBe(true);
  });

  test("a failed write leaves no event (the event rolls back with the change)", async () => {
    const admin = await s.login("wy-samr", "admin");
    const supervisor = await s.login("wy-samr", "supervisor");
    const before = (await events(supervisor)).total;
    const dup = await s.gql(
      `mutation { createUser(input: { username: "planner", displayName: "重复", password: "long-enough-pw", roles: [VIEWER] }) { id } }`,
      {},
      admin,
    );
    expect(errorCode(dup)).toBe("CONFLICT");
    expect((await events(supervisor)).total).toBe(before);
  });

  test("only ADMIN, SUPERVISOR (and the platform admin for the platform chain) read the trail", async () => {
    const inspector = await s.login("wy-samr", "inspector1");
    expect(errorCode(await s.gql(EVENTS, {}, inspector))).toBe("FORBIDDEN");
    expect(errorCode(await s.gql(VERIFY, {}, inspector))).toBe("FORBIDDEN");
    expect(errorCode(await s.gql(VERIFY))).toBe("UNAUTHENTICATED");
  });
});

describe("the chain", () => {
  test("verifies for a department and the events link up (prev_hash = previous hash, gap-free seq)", async () => {
    const supervisor = await s.login("wy-samr", "supervisor");
    const v = await s.gql(VERIFY, {}, supervisor);
    const { total, items } = await events(supervisor);
    expect(v.data!.verifyAuditChain).toEqual({ valid: true, checked: total, firstBroken: null });
    const asc = [...items].reverse();
    asc.forEach((e, i) => {
      expect(e.seq).toBe(String(i + 1));
      if (i > 0) expect(e.prevHash).toBe(asc[i - 1].hash);
    });
    expect(asc[0].prevHash).toBe("0".repeat(64));
  });

  test("20 concurrent writers of one department keep a valid, gap-free chain", async () => {
    const health = await tenantId("wy-health");
    const admin = await s.login("wy-health", "admin");
    const users = await s.gql(`{ users(limit: 10) { items { id username } } }`, {}, admin);
    const inspector = users.data!.users.items.find((u: { username: string }) => u.username === "inspector1");
    // 20 GraphQL mutations at once, and 20 direct inserts as the runtime role that hold their transaction open.
    const viaApi = Array.from({ length: 20 }, (_, i) =>
      s.gql(
        `mutation($id: ID!, $n: String!) { updateUser(id: $id, input: { displayName: $n }) { id } }`,
        { id: inspector.id, n: `检查员${i}` },
        admin,
      ),
    );
    const direct = Array.from({ length: 20 }, async (_, i) => {
      const c = await asTenantClient(s.db.appUrl, health);
      try {
        await c.query(
          `INSERT INTO audit_event (tenant_id, actor, action, entity_type, entity_id) VALUES ($1, 'system:test', 'test.concurrent', 'test', $2)`,
          [health, String(i)],
        );
        await c.query("SELECT pg_sleep(0.02)");
        await c.query("COMMIT");
      } finally {
        await c.end();
      }
    });
    const results = await Promise.all(viaApi);
    await Promise.all(direct);
    for (const r of results) expect(r.errors).toBeUndefined();

    const supervisor = await s.login("wy-health", "supervisor");
    const all = await events(supervisor);
    expect(all.items.filter((e) => e.action === "user.update")).toHaveLength(20);
    expect(all.items.filter((e) => e.action === "test.concurrent")).toHaveLength(20);
    expect(all.items.map((e) => Number(e.seq)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: all.total }, (_, i) => i + 1),
    );
    expect((await s.gql(VERIFY, {}, supervisor)).data!.verifyAuditChain).toMatchObject({
      valid: true,
      checked: all.total,
    });
  });

  test("a writer cannot choose seq, prev_hash, time or hash: the trigger sets them", async () => {
    const drc = await tenantId("wy-drc");
    const c = await asTenantClient(s.db.appUrl, drc);
    try {
      const { rows } = await c.query(
        `INSERT INTO audit_event (tenant_id, seq, occurred_at, actor, action, entity_type, prev_hash, hash)
         VALUES ($1, 999, '2000-01-01', 'system:test', 'test.forge', 'test', repeat('a', 64), repeat('b', 64))
         RETURNING seq::text, prev_hash, hash, occurred_at`,
        [drc],
      );
      await c.query("COMMIT");
      expect(rows[0].seq).toBe("1");
      expect(rows[0].prev_hash).toBe("0".repeat(64));
      expect(rows[0].hash).not.toBe("b".repeat(64));
      expect(rows[0].occurred_at.getUTCFullYear()).toBeGreaterThan(2020);
    } finally {
      await c.end();
    }
    // seq 2 is the supervisor's login below.
    const v = await s.gql(VERIFY, {}, await s.login("wy-drc", "supervisor"));
    expect(v.data!.verifyAuditChain).toEqual({ valid: true, checked: 2, firstBroken: null });
  });
});

describe("append-only and isolation in the database", () => {
  test("the runtime role can insert and read, but not update, delete or truncate", async () => {
    const samr = await tenantId("wy-samr");
    for (const sql of [
      "UPDATE audit_event SET actor = 'user:evil' WHERE tenant_id = $1",
      "DELETE FROM audit_event WHERE tenant_id = $1",
      "TRUNCATE audit_event",
    ]) {
      const c = await asTenantClient(s.db.appUrl, samr);
      try {
        const params = sql.includes("$1") ? [samr] : [];
        await expect(c.query(sql, params)).rejects.toMatchObject({ code: "42501" });
      } finally {
        await c.end();
      }
    }
  });

  test("even the owner cannot rewrite history (trigger), short of disabling triggers as a superuser", async () => {
    const samr = await tenantId("wy-samr");
    const c = await asTenantClient(s.db.ownerUrl, samr);
    try {
      await expect(c.query("UPDATE audit_event SET actor = 'user:evil' WHERE tenant_id = $1", [samr])).rejects.toThrow(
        /append-only/,
      );
    } finally {
      await c.end();
    }
  });

  test("a department sees only its own events; another department's id cannot be written", async () => {
    const samr = await tenantId("wy-samr");
    const health = await tenantId("wy-health");
    const c = await asTenantClient(s.db.appUrl, samr);
    try {
      const { rows } = await c.query("SELECT DISTINCT tenant_id FROM audit_event");
      expect(rows.map((r) => r.tenant_id)).toEqual([samr]);
      await expect(
        c.query(
          `INSERT INTO audit_event (tenant_id, actor, action, entity_type) VALUES ($1, 'x', 'test.cross', 'test')`,
          [health],
        ),
      ).rejects.toMatchObject({ code: "42501" });
    } finally {
      await c.end();
    }
    const none = new Client({ connectionString: s.db.appUrl });
    await none.connect();
    try {
      expect((await none.query("SELECT count(*)::int AS n FROM audit_event")).rows[0].n).toBe(0);
    } finally {
      await none.end();
    }
    // Over GraphQL: wy-health's trail holds none of wy-samr's entities.
    const samrUsers = (await events(await s.login("wy-samr", "supervisor"), { entityType: "user" })).items.map(
      (e) => e.entityId,
    );
    const healthEntities = (await events(await s.login("wy-health", "supervisor"))).items.map((e) => e.entityId);
    expect(samrUsers.length).toBeGreaterThan(0);
    expect(healthEntities.filter((id) => samrUsers.includes(id))).toEqual([]);
  });
});

describe("tamper detection", () => {
  test("the CLI reports every chain OK before tampering", async () => {
    const r = await runCli();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK\s+wy-samr\s+\d+ events$/m);
    expect(r.out).toMatch(/^OK\s+platform\s+\d+ events$/m);
    expect(r.out).toMatch(/all \d+ chains valid/);
  });

  test("a row changed by a superuser is found by the query and the CLI, which point at the first broken link", async () => {
    const water = await tenantId("wy-water");
    const admin = await s.login("wy-water", "admin");
    for (const name of ["甲", "乙", "丙"])
      await s.gql(
        `mutation($n: String!) { createApiKey(input: { name: $n, roles: [VIEWER] }) { key } }`,
        { n: name },
        admin,
      );
    const supervisor = await s.login("wy-water", "supervisor");
    const before = await events(supervisor);
    expect(before.total).toBeGreaterThanOrEqual(4);

    const su = new Client({ connectionString: s.db.superuserUrl });
    await su.connect();
    try {
      // A superuser can do anything, including bypassing the append-only trigger: the chain still tells.
      await su.query("SET session_replication_role = replica");
      const changed = await su.query(
        'UPDATE audit_event SET summary = \'{"name":"改"}\' WHERE tenant_id = $1 AND seq = 3',
        [water],
      );
      expect(changed.rowCount).toBe(1);
    } finally {
      await su.end();
    }

    const v = await s.gql(VERIFY, {}, supervisor);
    expect(v.data!.verifyAuditChain).toEqual({
      valid: false,
      checked: 3,
      firstBroken: { seq: "3", reason: "HASH_MISMATCH", message: expect.stringContaining("第 3 条") },
    });
    const cli = await runCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/^BROKEN\s+wy-water\s+first broken link: seq 3 \(HASH_MISMATCH\)$/m);
    expect(cli.out).toMatch(/^OK\s+wy-samr/m);
  });

  test("a row deleted by a superuser is reported as a gap", async () => {
    const edu = await tenantId("wy-edu");
    const admin = await s.login("wy-edu", "admin");
    for (const name of ["甲", "乙"])
      await s.gql(
        `mutation($n: String!) { createApiKey(input: { name: $n, roles: [VIEWER] }) { key } }`,
        { n: name },
        admin,
      );
    const su = new Client({ connectionString: s.db.superuserUrl });
    await su.connect();
    try {
      await su.query("SET session_replication_role = replica");
      await su.query("DELETE FROM audit_event WHERE tenant_id = $1 AND seq = 2", [edu]);
    } finally {
      await su.end();
    }
    const v = await s.gql(VERIFY, {}, await s.login("wy-edu", "supervisor"));
    expect(v.data!.verifyAuditChain.firstBroken).toMatchObject({ seq: "3", reason: "SEQ_GAP" });
  });
});
