import { request } from "node:http";
import WebSocket from "ws";
import { DEMO_PASSWORD } from "../../src/demo/departments";
import { lockDrawNow } from "../helpers/draw-lock";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * Authentication and abuse: password throttling by account and by address over both transports, request bodies
 * refused before they are read, JSON errors in every mode, the per-client WebSocket cap.
 * Addresses are X-Forwarded-For values believed from the loopback proxy (TRUST_PROXY=loopback); nothing is sent
 * anywhere but 127.0.0.1.
 */
let s: TestServer;
let transports: Transport[];
beforeAll(async () => {
  s = await startTestServer({
    trustProxy: "loopback",
    maxSocketsPerClient: 3,
    throttleLimits: { perAccountAndAddress: 3, perAddress: 6, perAccount: 5 },
  });
  transports = transportsOf(s);
});
afterAll(async () => {
  for (const t of transports ?? []) await t.close();
  await s?.close();
});

const LOGIN = `mutation($t: String!, $u: String!, $p: String!) { login(tenantCode: $t, username: $u, password: $p) { token } }`;
const login = (tenant: string, username: string, password: string, address: string): Promise<GqlResponse> =>
  transports[0].run(LOGIN, { t: tenant, u: username, p: password }, undefined, { "x-forwarded-for": address });

describe.each([
  ["http", "wy-health", "10.9.1"],
  ["ws", "wy-water", "10.9.2"],
] as const)("password throttle (%s)", (name, tenant, net) => {
  const login = (username: string, password: string, address: string): Promise<GqlResponse> =>
    (transports.find((t) => t.name === name) as Transport).run(
      LOGIN,
      { t: tenant, u: username, p: password },
      undefined,
      {
        "x-forwarded-for": address,
      },
    );

  test("wrong passwords from one address block that address for the account, not the account's owner", async () => {
    const attacker = `${net}.1`;
    for (let i = 0; i < 3; i++)
      expect(errorCode(await login("planner", `guess-${i}`, attacker))).toBe("UNAUTHENTICATED");
    expect(errorCode(await login("planner", "guess-4", attacker))).toBe("LIMIT_EXCEEDED");
    // Even the right password: the attacker's address stays blocked for this account (no oracle).
    expect(errorCode(await login("planner", DEMO_PASSWORD, attacker))).toBe("LIMIT_EXCEEDED");
    // The owner, from their own address, signs in.
    expect((await login("planner", DEMO_PASSWORD, `${net}.2`)).data?.login.token).toBeTruthy();
  });

  test("password spraying across accounts from one address is slowed", async () => {
    const sprayer = `${net}.3`;
    for (let i = 0; i < 6; i++)
      expect(errorCode(await login(`nobody-${i}`, "Passw0rd!", sprayer))).toBe("UNAUTHENTICATED");
    expect(errorCode(await login("inspector1", "Passw0rd!", sprayer))).toBe("LIMIT_EXCEEDED");
    expect(errorCode(await login("inspector1", DEMO_PASSWORD, sprayer))).toBe("LIMIT_EXCEEDED");
    expect((await login("inspector1", DEMO_PASSWORD, `${net}.4`)).data?.login.token).toBeTruthy();
  });

  test("guessing one account from many addresses is slowed, except from the owner's known address", async () => {
    const home = `${net}.5`;
    expect((await login("supervisor", DEMO_PASSWORD, home)).data?.login.token).toBeTruthy(); // becomes known
    for (let i = 0; i < 6; i++) await login("supervisor", `guess-${i}`, `${net}.${100 + i}`);
    expect(errorCode(await login("supervisor", DEMO_PASSWORD, `${net}.200`))).toBe("LIMIT_EXCEEDED");
    expect((await login("supervisor", DEMO_PASSWORD, home)).data?.login.token).toBeTruthy();
  });

  test("refused attempts and failures are in the department's audit trail", async () => {
    const admin = await s.login(tenant, "admin", DEMO_PASSWORD);
    const r = await s.gql(
      `{ auditEvents(filter: { action: "auth.throttled" }, limit: 50) { total items { summary } } }`,
      {},
      admin,
    );
    expect(r.data?.auditEvents.total).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(r.data?.auditEvents.items[0].summary)).toMatchObject({ purpose: "login", reason: "throttled" });
  });
});

/**
 * The draw witness types a password on the operator's screen: the same throttle as sign-in, audited. The planner of
 * the demo's 发改委 (its plan is published) guesses a witness's password through drawTask; one witness account per
 * transport so the two cases do not share the account counter.
 */
describe("the draw witness's password goes through the sign-in throttle", () => {
  let taskId: string;
  let planner: string;
  beforeAll(async () => {
    planner = await s.login("wy-drc", "planner");
    const supervisor = await s.login("wy-drc", "supervisor");
    const plan = await s.gql(`mutation { createPlan(year: 2026, title: "口令测试计划") { id } }`, {}, planner);
    const planId = plan.data!.createPlan.id;
    for (const [m, t] of [
      ["submitPlan", planner],
      ["approvePlan", supervisor],
    ] as const)
      expect(
        (await s.gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: planId }, t)).errors,
      ).toBeUndefined();
    const items = await s.gql(`{ currentItemList(tenantCode: "wy-drc") { items { id } } }`);
    const t = await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId,
          name: "口令猜测测试任务",
          kind: "DIRECTED",
          itemIds: [items.data!.currentItemList.items[0].id],
          filters: { tags: ["油气管道"] },
          windowFrom: "2026-03-01",
          windowTo: "2026-12-31",
          samplingRule: { default: { mode: "FIXED", count: 1 } },
          stratifyBy: "NONE",
        },
      },
      planner,
    );
    expect(t.errors).toBeUndefined();
    taskId = t.data!.createTask.id;
    const a = await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: taskId }, supervisor);
    expect(a.errors).toBeUndefined();
    await lockDrawNow(s.gql, taskId, planner);
  });

  test.each([
    ["http", "supervisor", "10.9.4.1"],
    ["ws", "admin", "10.9.4.2"],
  ] as const)("guesses are limited like sign-ins (%s)", async (name, witness, address) => {
    const transport = transports.find((t) => t.name === name) as Transport;
    const draw = (password: string) =>
      transport.run(
        `mutation($i: DrawInput!) { drawTask(input: $i) { id } }`,
        { i: { taskId, witnessUsername: witness, witnessPassword: password, witnessEntropy: "1-2-3" } },
        planner,
        { "x-forwarded-for": address },
      );
    for (let i = 0; i < 3; i++) expect(errorCode(await draw(`guess-${i}`))).toBe("FORBIDDEN"); // rule DRAW_WITNESS
    expect(errorCode(await draw("guess-3"))).toBe("LIMIT_EXCEEDED");
    // Even the right password: the guessing address stays blocked for this witness (no oracle).
    expect(errorCode(await draw(DEMO_PASSWORD))).toBe("LIMIT_EXCEEDED");
    // Sign-in from that address is blocked for the same account: one counter for every password check.
    expect(errorCode(await login("wy-drc", witness, DEMO_PASSWORD, address))).toBe("LIMIT_EXCEEDED");
  });

  test("failures and refusals are audited with their purpose, although the draw rolled back", async () => {
    const admin = await s.login("wy-drc", "admin");
    const events = async (action: string) =>
      (
        await s.gql(
          `query($a: String!) { auditEvents(filter: { action: $a }, limit: 50) { items { summary } } }`,
          { a: action },
          admin,
        )
      ).data!.auditEvents.items.map((e: { summary: string }) => JSON.parse(e.summary));
    const failed = await events("auth.password_failed");
    expect(failed.filter((e: any) => e.purpose === "draw_witness" && e.reason === "bad_password")).toHaveLength(6);
    const throttled = await events("auth.throttled");
    expect(throttled.filter((e: any) => e.purpose === "draw_witness").length).toBeGreaterThanOrEqual(4);
    // The task was never drawn.
    const t = await s.gql(`query($id: ID!) { task(id: $id) { status } }`, { id: taskId }, planner);
    expect(t.data!.task.status).toBe("APPROVED");
  });
});

/** A raw HTTP request that declares a body but holds it back: answered before any byte of it is read? */
function declaredOnly(headers: Record<string, string>, length: number): Promise<{ status: number; body: string }> {
  const url = new URL(`${s.url}/graphql`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: "/graphql",
        method: "POST",
        headers: { ...headers, "content-length": String(length), "content-type": "application/json" },
      },
      (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", (e) => ((e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(e)));
    req.flushHeaders(); // headers only; the body never comes
    setTimeout(() => req.destroy(), 5000);
  });
}

describe("request bodies", () => {
  test("anonymous and failed-auth requests are refused before the body is read", async () => {
    const anonymous = await declaredOnly({}, 10 * 1024 * 1024);
    expect(anonymous.status).toBe(413);
    expect(JSON.parse(anonymous.body).errors[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "body" });
    const forged = await declaredOnly({ authorization: "Bearer not.a.token" }, 1000);
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const admin = await s.login("wy-edu", "admin");
    const key = (
      await s.gql(`mutation { createApiKey(input: { name: "上传", roles: [ADMIN] }) { key apiKey { id } } }`, {}, admin)
    ).data!.createApiKey;
    await s.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: key.apiKey.id }, admin);
    // A large body needs a credential confirmed against the database first: a revoked key is refused unread.
    const revoked = await declaredOnly({ authorization: `Bearer ${key.key}` }, 5 * 1024 * 1024);
    expect(revoked.status).toBe(401);
  });
});

describe.each([
  ["development", () => s],
  ["production", () => prod],
] as const)("every error is a GraphQL JSON error without a stack trace (%s)", (_mode, server) => {
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server().url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    const text = await res.text();
    expect(res.headers.get("content-type")).toMatch(/json/);
    expect(text).not.toMatch(/stack|\n\s+at /);
    return { status: res.status, body: JSON.parse(text) };
  };

  test("malformed JSON, too large, wrong method, bad header", async () => {
    const malformed = await post(`{"query": "{ __typename }"`);
    expect([malformed.status, malformed.body.errors[0].extensions.code]).toEqual([400, "BAD_REQUEST"]);
    const large = await post(JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(300_000) } }));
    expect([large.status, large.body.errors[0].extensions.code]).toEqual([413, "LIMIT_EXCEEDED"]);
    const basic = await post(JSON.stringify({ query: "{ __typename }" }), { authorization: "Basic YTpi" });
    expect([basic.status, basic.body.errors[0].extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
    const put = await fetch(`${server().url}/graphql`, { method: "PUT" });
    expect([put.status, ((await put.json()) as GqlResponse).errors?.[0].extensions?.code]).toEqual([
      405,
      "METHOD_NOT_ALLOWED",
    ]);
  });
});

let prod: TestServer;
beforeAll(async () => {
  prod = await startTestServer({ nodeEnv: "production" });
});
afterAll(() => prod?.close());

describe("WebSocket connections per client address", () => {
  const open = (address: string) =>
    new Promise<{ socket?: WebSocket; status?: number }>((resolve) => {
      const socket = new WebSocket(`${s.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws", {
        headers: { "x-forwarded-for": address },
      });
      socket.on("open", () => resolve({ socket }));
      socket.on("unexpected-response", (_req, res) => resolve({ status: res.statusCode }));
      socket.on("error", () => undefined);
    });
  const closed = (socket: WebSocket) =>
    new Promise((r) => {
      socket.once("close", r);
      socket.close();
    });

  test("a client address may hold at most maxSocketsPerClient sockets; others are unaffected", async () => {
    const first = await Promise.all([1, 2, 3].map(() => open("10.9.3.1")));
    expect(first.every((r) => r.socket)).toBe(true);
    expect((await open("10.9.3.1")).status).toBe(429);
    const other = await open("10.9.3.2");
    expect(other.socket).toBeDefined();
    await closed(first[0].socket as WebSocket);
    const again = await open("10.9.3.1");
    expect(again.socket).toBeDefined();
    for (const r of [...first.slice(1), other, again]) await closed(r.socket as WebSocket);
  });
});
