import { SignJWT } from "jose";
import { Client } from "pg";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { probePg } from "../helpers/pg-probe";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * The one operation pipeline, tested as a table of cases that runs over BOTH transports: an HTTP client and a
 * graphql-ws client whose socket stays open while the caller's rights change.
 */
let s: TestServer;
let transports: Transport[];
beforeAll(async () => {
  s = await startTestServer({ maxCost: 1500 });
  transports = transportsOf(s);
});
afterAll(async () => {
  for (const t of transports ?? []) await t.close();
  await s?.close();
});

const ok = <T = Record<string, any>>(r: GqlResponse<T>): T => {
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
};

/** Server connections left inside a transaction (none may be, once an operation has answered). */
async function idleInTransaction(): Promise<number> {
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'jointcheck' AND state LIKE 'idle in transaction%'`,
    );
    return rows[0].n;
  } finally {
    await c.end();
  }
}

let serial = 0;
/** A fresh user of wy-edu (created by its admin over HTTP) and a token for it. */
async function newUser(roles: string[]): Promise<{ id: string; token: string; username: string }> {
  const admin = await s.login("wy-edu", "admin");
  const username = `pipe-${++serial}`;
  const r = ok(
    await s.gql(
      `mutation($i: NewUserInput!) { createUser(input: $i) { id } }`,
      { i: { username, displayName: "流水线测试", password: "pipeline-password", roles } },
      admin,
    ),
  );
  return { id: r.createUser.id, token: await s.login("wy-edu", username, "pipeline-password"), username };
}

async function updateUser(id: string, input: Record<string, unknown>) {
  const admin = await s.login("wy-edu", "admin");
  ok(
    await s.gql(
      `mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }`,
      { id, i: input },
      admin,
    ),
  );
}

async function signed(claims: { sub: string; tid: string }, exp?: number): Promise<string> {
  const jwt = new SignJWT({ tid: claims.tid })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuer("jointcheck")
    .setAudience("jointcheck-api")
    .setIssuedAt();
  if (exp !== undefined) jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(s.config.jwtSecret));
}
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());

interface RightsCase {
  name: string;
  /** Creates the caller; returns its credential and what to change while its socket is open. */
  arrange(): Promise<{ credential: string; change: () => Promise<void> }>;
  /** Sent before the change (must succeed, and opens the socket) and after it. */
  before: string;
  after: string;
  variables?: () => Record<string, unknown>;
  expected: string;
}

const cases: RightsCase[] = [
  {
    name: "a deactivated ADMIN can no longer create an ADMIN user",
    async arrange() {
      const u = await newUser(["ADMIN"]);
      return { credential: u.token, change: () => updateUser(u.id, { active: false }) };
    },
    before: `{ me { id } }`,
    after: `mutation($i: NewUserInput!) { createUser(input: $i) { id } }`,
    variables: () => ({
      i: { username: `evil-${++serial}`, displayName: "x", password: "0123456789", roles: ["ADMIN"] },
    }),
    expected: "UNAUTHENTICATED",
  },
  {
    name: "a demoted admin can no longer create an ADMIN API key",
    async arrange() {
      const u = await newUser(["ADMIN"]);
      return { credential: u.token, change: () => updateUser(u.id, { roles: ["PLANNER"] }) };
    },
    before: `{ users { total } }`,
    after: `mutation { createApiKey(input: { name: "后门", roles: [ADMIN] }) { key } }`,
    expected: "FORBIDDEN",
  },
  {
    name: "a revoked API key stops working",
    async arrange() {
      const admin = await s.login("wy-edu", "admin");
      const k = ok(
        await s.gql(
          `mutation { createApiKey(input: { name: "对接", roles: [ADMIN] }) { key apiKey { id } } }`,
          {},
          admin,
        ),
      ).createApiKey;
      return {
        credential: k.key,
        change: async () => {
          ok(await s.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: k.apiKey.id }, admin));
        },
      };
    },
    before: `{ users { total } }`,
    after: `{ users { total } }`,
    expected: "UNAUTHENTICATED",
  },
  {
    name: "a token that expires while the socket is open stops working",
    async arrange() {
      const u = await newUser(["VIEWER"]);
      const exp = Math.floor(Date.now() / 1000) + 2;
      const token = await signed(claimsOf(u.token), exp);
      return { credential: token, change: () => new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 200)) };
    },
    before: `{ me { id } }`,
    after: `{ me { id } }`,
    expected: "UNAUTHENTICATED",
  },
];

describe.each(["http", "ws"] as const)("rights apply at the next operation (%s)", (name) => {
  const transport = () => transports.find((t) => t.name === name) as Transport;

  test.each(cases.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    const { credential, change } = await c.arrange();
    ok(await transport().run(c.before, {}, credential));
    await change();
    const r = await transport().run(c.after, c.variables?.() ?? {}, credential);
    expect(errorCode(r)).toBe(c.expected);
    expect(r.data?.createUser ?? r.data?.createApiKey ?? null).toBeNull();
  });

  test("a promoted user gains the rights at once", async () => {
    const u = await newUser(["PLANNER"]);
    expect(errorCode(await transport().run(`{ users { total } }`, {}, u.token))).toBe("FORBIDDEN");
    await updateUser(u.id, { roles: ["PLANNER", "ADMIN"] });
    expect(ok(await transport().run(`{ users { total } }`, {}, u.token)).users.total).toBeGreaterThan(5);
  });

  test("a JWT without exp is refused", async () => {
    const u = await newUser(["VIEWER"]);
    const r = await transport().run(`{ me { id } }`, {}, await signed(claimsOf(u.token)));
    expect([r.status, errorCode(r)]).toEqual([401, "UNAUTHENTICATED"]);
  });
});

test("a running subscription ends when its token expires (ws)", async () => {
  const u = await newUser(["INSPECTOR"]);
  const exp = Math.floor(Date.now() / 1000) + 2;
  const client = s.ws(await signed(claimsOf(u.token), exp));
  const ended = await new Promise<unknown>((resolve) => {
    client.subscribe(
      { query: `subscription { myAssignments { kind } }` },
      { next: (v) => resolve(v), error: (e) => resolve(e), complete: () => resolve("complete") },
    );
    setTimeout(() => resolve("still running"), 8000);
  });
  // It ran until the expiry (not refused at the start), then ended with UNAUTHENTICATED.
  expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
  expect(JSON.stringify(ended)).toContain("UNAUTHENTICATED");
});

describe.each(["http", "ws"] as const)("limits are the same validation rules (%s)", (name) => {
  const run = (q: string, v?: Record<string, unknown>, token?: string) =>
    (transports.find((t) => t.name === name) as Transport).run(q, v, token);
  const limitOf = (r: GqlResponse) => r.errors?.find((e) => e.extensions?.code === "LIMIT_EXCEEDED")?.extensions?.limit;
  const login = (i: number) =>
    `l${i}: login(tenantCode: "wy-edu", username: "admin", password: "wrong-${i}") { token }`;

  test("30 aliased logins are refused before any runs (aliases, root fields of a mutation)", async () => {
    const r = await run(`mutation { ${Array.from({ length: 30 }, (_, i) => login(i)).join(" ")} }`);
    expect(r.data ?? null).toBeNull();
    expect(["aliases", "mutationFields", "cost"]).toContain(limitOf(r));
    const six = await run(`mutation { ${Array.from({ length: 6 }, (_, i) => login(i)).join(" ")} }`);
    expect(six.errors?.map((e) => e.extensions?.limit)).toContain("mutationFields");
  });

  test("more than 15 aliases", async () => {
    const r = await run(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: tenants { code }`).join(" ")} }`);
    expect(limitOf(r)).toBe("aliases");
  });

  test("more than 20 directives", async () => {
    const r = await run(`{ ${Array.from({ length: 21 }, () => "__typename @include(if: true)").join(" ")} }`);
    expect(limitOf(r)).toBe("directives");
  });

  test("more than 2000 tokens: refused by the parser", async () => {
    const r = await run(`{ ${"__typename ".repeat(2100)} }`);
    expect(errorCode(r)).toBe("GRAPHQL_PARSE_FAILED");
    expect(r.errors?.[0].message).toContain("2000 tokens");
  });

  test("expensive fields cost what they cost (draw verification), whatever the ids", async () => {
    const token = await s.login("wy-edu", "supervisor");
    const id = "00000000-0000-0000-0000-000000000000";
    const r = await run(
      `{ ${[1, 2, 3].map((i) => `d${i}: draw(id: "${id}") { verification { valid } }`).join(" ")} }`,
      {},
      token,
    );
    expect(limitOf(r)).toBe("cost");
    expect(r.errors?.[0].extensions?.value).toBeGreaterThan(1500);
  });

  test("cost depends on the variables of each operation", async () => {
    const admin = await s.login("wy-edu", "admin");
    const q = `query($n: Int!) { a: users(limit: $n) { items { id username } } b: users(limit: $n) { items { id } } }`;
    expect(ok(await run(q, { n: 10 }, admin)).a.items.length).toBeGreaterThan(0);
    expect(limitOf(await run(q, { n: 500 }, admin))).toBe("cost");
  });
});

describe.each(["http", "ws"] as const)("transaction (%s)", (name) => {
  const transport = () => transports.find((t) => t.name === name) as Transport;

  test("{ __typename } costs no database round trip, even with a credential; me alone costs one, with its COMMIT", async () => {
    const token = await s.login("wy-edu", "planner");
    await transport().run(`{ me { id } }`, {}, token); // opens the socket, warms caches
    const pg = probePg();
    try {
      expect(ok(await transport().run(`{ __typename }`, {}, token))).toEqual({ __typename: "Query" });
      expect(pg.probe.texts).toEqual([]);
      const me = ok(await transport().run(`{ me { id username displayName roles } __typename }`, {}, token)).me;
      expect(me).toMatchObject({ username: "planner", roles: ["PLANNER"] });
      // BEGIN + settings + principal re-read (which answers `me`) + COMMIT, in one round trip.
      expect(pg.probe.queries).toBe(1);
      expect(pg.probe.texts[0]).toMatch(/^BEGIN;/);
      expect(await idleInTransaction()).toBe(0);
      pg.reset();
      // `me` with a field the user row does not hold: the transaction stays open for its query, then COMMIT.
      const withTenant = ok(await transport().run(`{ me { id tenant { code } } }`, {}, token)).me;
      expect(withTenant.tenant.code).toBe("wy-edu");
      expect(pg.probe.queries).toBeGreaterThanOrEqual(3);
      expect(pg.probe.texts.at(-1)).toBe("COMMIT");
      pg.reset();
      expect(await idleInTransaction()).toBe(0);
    } finally {
      pg.restore();
    }
  });

  test("beside `me`, a query that reads tables sees only the caller's department", async () => {
    const seen: Record<string, string[]> = {};
    for (const tenant of ["wy-edu", "wy-samr"]) {
      const admin = await s.login(tenant, "admin");
      const pg = probePg();
      try {
        const r = ok(
          await transport().run(`{ me { id } users(limit: 200) { items { id tenant { code } } } }`, {}, admin),
        );
        expect(r.me.id).toBeTruthy();
        expect(r.users.items.length).toBeGreaterThan(0);
        expect(new Set(r.users.items.map((u: { tenant: { code: string } }) => u.tenant.code))).toEqual(
          new Set([tenant]),
        );
        seen[tenant] = r.users.items.map((u: { id: string }) => u.id);
        // Not answered by the re-read alone: the transaction stays open for the list, then COMMIT.
        expect(pg.probe.texts.at(-1)).toBe("COMMIT");
      } finally {
        pg.restore();
      }
    }
    expect(seen["wy-edu"].filter((id) => seen["wy-samr"].includes(id))).toEqual([]);
    expect(await idleInTransaction()).toBe(0);
  });

  test("a deactivated user's `me` is refused in the one round trip, on an open socket too", async () => {
    const u = await newUser(["VIEWER"]);
    expect(ok(await transport().run(`{ me { id } }`, {}, u.token)).me.id).toBe(u.id);
    await updateUser(u.id, { active: false });
    const r = await transport().run(`{ me { id username } }`, {}, u.token);
    expect(errorCode(r)).toBe("UNAUTHENTICATED");
    expect(r.data?.me ?? null).toBeNull();
    expect(await idleInTransaction()).toBe(0);
  });

  test("a serialization failure retries the whole operation", async () => {
    const admin = await s.login("wy-edu", "admin");
    const owner = new Client({ connectionString: s.db.ownerUrl });
    await owner.connect();
    try {
      // The first INSERT into api_key fails as a serialization failure would; the retry succeeds.
      await owner.query(`CREATE SEQUENCE IF NOT EXISTS retry_probe; SELECT setval('retry_probe', 1, false);
        CREATE OR REPLACE FUNCTION retry_probe_fail() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
          SET search_path = pg_catalog, public AS $$
          BEGIN
            IF nextval('public.retry_probe') = 1 THEN RAISE EXCEPTION 'probe' USING ERRCODE = '40001'; END IF;
            RETURN NEW;
          END $$;
        DROP TRIGGER IF EXISTS retry_probe ON api_key;
        CREATE TRIGGER retry_probe BEFORE INSERT ON api_key FOR EACH ROW EXECUTE FUNCTION retry_probe_fail();
        GRANT EXECUTE ON FUNCTION retry_probe_fail() TO PUBLIC;`);
      const keyName = `重试-${name}`;
      const r = await transport().run(
        `mutation($n: String!) { createApiKey(input: { name: $n, roles: [VIEWER] }) { apiKey { name } } }`,
        { n: keyName },
        admin,
      );
      expect(ok(r).createApiKey.apiKey.name).toBe(keyName);
      expect((await owner.query(`SELECT last_value FROM retry_probe`)).rows[0].last_value).toBe("2");
      await owner.query("BEGIN");
      await owner.query(
        `SELECT set_config('app.tenant_id', (SELECT id::text FROM tenant WHERE code = 'wy-edu'), true)`,
      );
      const keys = await owner.query(`SELECT count(*)::int AS n FROM api_key WHERE name = $1`, [keyName]);
      await owner.query("COMMIT");
      expect(keys.rows[0].n).toBe(1);
    } finally {
      await owner.query(`DROP TRIGGER IF EXISTS retry_probe ON api_key`);
      await owner.end();
    }
  });

  test("sibling resolvers never send a query to a busy pg client", async () => {
    const token = await s.login("wy-samr", "planner");
    const pg = probePg();
    try {
      const r = ok(
        await transport().run(
          `{ jointPlans(limit: 20) { items { status publishedAt coordinator { name } report { visits targets }
              tasks { name initiatingDepartment { name } draws { id } } } } tenants { code } }`,
          {},
          token,
        ),
      );
      expect(r.jointPlans.items.length).toBeGreaterThan(0);
      expect(pg.probe.queries).toBeGreaterThan(3);
      expect(pg.probe.overlaps).toEqual([]);
    } finally {
      pg.restore();
    }
  });
});

describe("production: no introspection, no schema hints, on both transports", () => {
  let p: TestServer;
  let both: Transport[];
  beforeAll(async () => {
    p = await startTestServer({ nodeEnv: "production" });
    both = transportsOf(p);
  });
  afterAll(async () => {
    for (const t of both ?? []) await t.close();
    await p?.close();
  });

  test.each(["http", "ws"])("%s", async (name) => {
    const t = both.find((x) => x.name === name) as Transport;
    const introspection = await t.run(`{ __schema { queryType { name } } }`);
    expect(introspection.data ?? null).toBeNull();
    expect(errorCode(introspection)).toBe("GRAPHQL_VALIDATION_FAILED");
    const typo = await t.run(`{ tenantz { code } }`);
    expect(errorCode(typo)).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(typo)).not.toContain("stacktrace");
  });

  test("outside production the hints stay (they help developers)", async () => {
    for (const t of transports) {
      const typo = await t.run(`{ tenantz { code } }`);
      expect(typo.errors?.[0].message).toMatch(/Did you mean .*"tenants"/);
    }
  });
});
