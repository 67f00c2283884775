import { SignJWT } from "jose";
import { nowMs } from "../../src/time";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const ME = `{ me { username roles tenant { code } } }`;

describe("authentication", () => {
  test("login returns a short-lived token that identifies the user and tenant", async () => {
    const r = await s.gql(
      `mutation { login(tenantCode: "wy-health", username: "planner", password: "jointcheck-demo") { token expiresAt } }`,
    );
    const expiresIn = new Date(r.data!.login.expiresAt).getTime() - nowMs(); // tokens follow the one clock
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(s.config.jwtTtlSeconds * 1000);
    const me = await s.gql(ME, {}, r.data!.login.token);
    expect(me.data!.me).toEqual({ username: "planner", roles: ["PLANNER"], tenant: { code: "wy-health" } });
  });

  test("wrong password, unknown user and unknown tenant all get the same UNAUTHENTICATED answer", async () => {
    const attempts = [
      ["wy-health", "planner", "wrong-password"],
      ["wy-health", "nobody", "jointcheck-demo"],
      ["no-such-dept", "planner", "jointcheck-demo"],
    ];
    const messages = new Set<string>();
    for (const [t, u, p] of attempts) {
      const r = await s.gql(
        `mutation($t: String!, $u: String!, $p: String!) { login(tenantCode: $t, username: $u, password: $p) { token } }`,
        { t, u, p },
      );
      expect(errorCode(r)).toBe("UNAUTHENTICATED");
      expect(r.data).toBeNull();
      messages.add(r.errors![0].message);
    }
    expect(messages.size).toBe(1);
  });

  test("no token → UNAUTHENTICATED; a forged or expired token → HTTP 401 UNAUTHENTICATED", async () => {
    expect(errorCode(await s.gql(ME))).toBe("UNAUTHENTICATED");
    const forged = await new SignJWT({ tid: "00000000-0000-0000-0000-000000000000" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("x")
      .setIssuer("jointcheck")
      .setAudience("jointcheck-api")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-another-secret-another"));
    const f = await s.gql(ME, {}, forged);
    expect([f.status, errorCode(f)]).toEqual([401, "UNAUTHENTICATED"]);
    const real = await s.login("wy-health", "planner");
    const claims = JSON.parse(Buffer.from(real.split(".")[1], "base64url").toString());
    const expired = await new SignJWT({ tid: claims.tid })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.sub)
      .setIssuer("jointcheck")
      .setAudience("jointcheck-api")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(s.config.jwtSecret));
    const e = await s.gql(ME, {}, expired);
    expect([e.status, errorCode(e)]).toEqual([401, "UNAUTHENTICATED"]);
    expect(e.errors![0].message).toContain("过期");
  });

  test("a deactivated user's token stops working at once", async () => {
    const admin = await s.login("wy-edu", "admin");
    const token = await s.login("wy-edu", "inspector2");
    expect((await s.gql(ME, {}, token)).data!.me.username).toBe("inspector2");
    const id = (await s.gql(`{ users { items { id username } } }`, {}, admin)).data!.users.items.find(
      (u: any) => u.username === "inspector2",
    ).id;
    await s.gql(`mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { active } }`, { id }, admin);
    expect(errorCode(await s.gql(ME, {}, token))).toBe("UNAUTHENTICATED");
  });

  test("a role change applies to the next request, whatever the token says", async () => {
    const admin = await s.login("wy-edu", "admin");
    const token = await s.login("wy-edu", "planner");
    expect(errorCode(await s.gql(`{ users { total } }`, {}, token))).toBe("FORBIDDEN");
    const id = (await s.gql(`{ users { items { id username } } }`, {}, admin)).data!.users.items.find(
      (u: any) => u.username === "planner",
    ).id;
    await s.gql(`mutation($id: ID!) { updateUser(id: $id, input: { roles: [PLANNER, ADMIN] }) { id } }`, { id }, admin);
    expect((await s.gql(`{ users { total } }`, {}, token)).data!.users.total).toBe(5);
  });
});

describe("API keys", () => {
  test("created by an ADMIN, shown once, scoped to its roles, and dead once revoked", async () => {
    const admin = await s.login("wy-water", "admin");
    const c = await s.gql(
      `mutation { createApiKey(input: { name: "省平台对接", roles: [VIEWER] }) { key apiKey { id roles } } }`,
      {},
      admin,
    );
    const { key, apiKey } = c.data!.createApiKey;
    expect(key).toMatch(/^jck\./);
    const listed = await s.gql(`{ apiKeys { id name roles revokedAt } }`, {}, admin);
    expect(JSON.stringify(listed.data)).not.toContain(key.split(".")[3]);
    // The key acts with its own roles only: VIEWER cannot manage users.
    expect(errorCode(await s.gql(`{ users { total } }`, {}, key))).toBe("FORBIDDEN");
    expect((await s.gql(`{ tenants { code } }`, {}, key)).data!.tenants.length).toBeGreaterThan(0);
    await s.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id }, admin);
    const after = await s.gql(`{ tenants { code } }`, {}, key);
    expect([after.status, errorCode(after)]).toEqual([401, "UNAUTHENTICATED"]);
    // `{ __typename }` reads nothing and is answered without the database, so it proves nothing about a key.
    expect((await s.gql(`{ __typename }`, {}, key)).data).toEqual({ __typename: "Query" });
  });

  test("a key with a wrong secret is refused", async () => {
    const admin = await s.login("wy-water", "admin");
    const c = await s.gql(`mutation { createApiKey(input: { name: "x", roles: [VIEWER] }) { key } }`, {}, admin);
    const parts = c.data!.createApiKey.key.split(".");
    parts[3] = parts[3].replace(/^./, (ch: string) => (ch === "A" ? "B" : "A"));
    const r = await s.gql(`{ tenants { code } }`, {}, parts.join("."));
    expect([r.status, errorCode(r)]).toEqual([401, "UNAUTHENTICATED"]);
  });
});

describe("authorization and tenant administration", () => {
  test("a page larger than the cap → BAD_USER_INPUT naming the argument", async () => {
    const admin = await s.login("wy-health", "admin");
    const r = await s.gql(`{ users(limit: 501) { total } }`, {}, admin);
    expect(errorCode(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0].extensions!.fields[0].field).toBe("limit");
  });

  test("wrong role → FORBIDDEN", async () => {
    const inspector = await s.login("wy-samr", "inspector1");
    expect(errorCode(await s.gql(`{ users { total } }`, {}, inspector))).toBe("FORBIDDEN");
    const r = await s.gql(`mutation { createApiKey(input: { name: "x", roles: [VIEWER] }) { key } }`, {}, inspector);
    expect(errorCode(r)).toBe("FORBIDDEN");
  });

  test("a PLATFORM_ADMIN creates a tenant and its first admin, who can then sign in and add users", async () => {
    const root = await s.login("platform", "root");
    const r = await s.gql(
      `mutation($i: CreateTenantInput!) { createTenant(input: $i) { tenant { code isCoordinator } admin { username roles } } }`,
      {
        i: {
          code: "wy-forest",
          name: "五原县林业和草原局",
          regionCode: "150821",
          kind: "COUNTY_BUREAU",
          admin: { username: "admin", displayName: "林草管理员", password: "forest-admin-pw", roles: ["SUPERVISOR"] },
        },
      },
      root,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.createTenant.admin.roles).toEqual(expect.arrayContaining(["ADMIN", "SUPERVISOR"]));
    const admin = await s.login("wy-forest", "admin", "forest-admin-pw");
    const u = await s.gql(
      `mutation { createUser(input: { username: "li.si", displayName: "李四", password: "li-si-password", roles: [INSPECTOR] }) { username tenant { code } } }`,
      {},
      admin,
    );
    expect(u.data!.createUser).toEqual({ username: "li.si", tenant: { code: "wy-forest" } });
    // Only a platform admin may create tenants.
    const again = await s.gql(
      `mutation { createTenant(input: { code: "x1", name: "某部门", regionCode: "150821", kind: OTHER, admin: { username: "a1", displayName: "a", password: "0123456789", roles: [ADMIN] } }) { tenant { id } } }`,
      {},
      admin,
    );
    expect(errorCode(again)).toBe("FORBIDDEN");
  });

  test("bad input gets BAD_USER_INPUT naming the fields, and nothing is written", async () => {
    const root = await s.login("platform", "root");
    const r = await s.gql(
      `mutation { createTenant(input: { code: "bad code!", name: "某", regionCode: "1508", kind: OTHER, admin: { username: "a", displayName: "", password: "short", roles: [] } }) { tenant { id } } }`,
      {},
      root,
    );
    expect(errorCode(r)).toBe("BAD_USER_INPUT");
    const fields = r.errors![0].extensions!.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining(["code", "name", "regionCode", "admin.username", "admin.password", "admin.roles"]),
    );
    const tenants = await s.gql(`{ tenants { code } }`);
    expect(tenants.data!.tenants.map((t: any) => t.code)).not.toContain("bad code!");
  });

  test("a duplicate username is a CONFLICT and the first user is unchanged", async () => {
    const admin = await s.login("wy-trans", "admin");
    const r = await s.gql(
      `mutation { createUser(input: { username: "planner", displayName: "重复", password: "0123456789", roles: [VIEWER] }) { id } }`,
      {},
      admin,
    );
    expect(errorCode(r)).toBe("CONFLICT");
    expect(r.errors![0].extensions!.field).toBe("username");
  });
});
