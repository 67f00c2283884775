import { errorCode, startTestServer, type TestServer, take } from "../helpers/harness";

let s: TestServer;
beforeAll(async () => {
  // Low limits so that a modest query is "abusive" on this small schema (login alone costs 1000).
  s = await startTestServer({ maxDepth: 3, maxCost: 1500 });
});
afterAll(() => s.close());

/** Resolves with the close code when the server closes the socket. */
function closeCode(token?: string): Promise<number> {
  return new Promise((resolve) => {
    s.ws(token, { on: { closed: (e) => resolve((e as { code: number }).code) } });
  });
}

describe("WebSocket (graphql-ws)", () => {
  test("a connection with a bad token is refused with 4403; without a token it is anonymous (public only)", async () => {
    expect(await closeCode("not-a-token")).toBe(4403);
    const anonymous = s.ws();
    await expect(take(anonymous, `subscription { serverTime(intervalMs: 100) }`, 1)).rejects.toMatchObject({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }) })],
    });
  });

  test("with a good token a subscription starts and delivers events", async () => {
    const client = s.ws(await s.login("wy-samr", "inspector1"));
    const events = await take<{ serverTime: string }>(client, `subscription { serverTime(intervalMs: 100) }`, 2);
    expect(events).toHaveLength(2);
    expect(new Date(events[1].serverTime).getTime()).toBeGreaterThanOrEqual(new Date(events[0].serverTime).getTime());
  });

  test("queries over the socket run under the caller's tenant", async () => {
    const client = s.ws(await s.login("wy-health", "admin"));
    const [r] = await take<{ me: { tenant: { code: string } }; users: { total: number } }>(
      client,
      `{ me { tenant { code } } users { total } }`,
      1,
    );
    expect(r).toEqual({ me: { tenant: { code: "wy-health" } }, users: { total: 5 } });
  });

  test("an abusive query is rejected on the socket too", async () => {
    const client = s.ws(await s.login("wy-health", "admin"));
    await expect(take(client, `{ users { items { tenant { name } } } }`, 1)).rejects.toMatchObject({
      errors: [
        expect.objectContaining({ extensions: expect.objectContaining({ code: "LIMIT_EXCEEDED", limit: "depth" }) }),
      ],
    });
    await expect(take(client, `{ users(limit: 500) { items { id username active } } }`, 1)).rejects.toMatchObject({
      errors: [
        expect.objectContaining({ extensions: expect.objectContaining({ code: "LIMIT_EXCEEDED", limit: "cost" }) }),
      ],
    });
  });

  test("a connection may hold at most 20 subscriptions", async () => {
    const client = s.ws(await s.login("wy-samr", "inspector2"));
    const disposers = Array.from({ length: 20 }, () =>
      client.subscribe(
        { query: `subscription { serverTime(intervalMs: 60000) }` },
        { next() {}, error() {}, complete() {} },
      ),
    );
    const extra = await new Promise<unknown>((resolve) =>
      client.subscribe(
        { query: `subscription { serverTime(intervalMs: 60000) }` },
        { next: resolve, error: resolve, complete() {} },
      ),
    );
    expect(JSON.stringify(extra)).toContain("LIMIT_EXCEEDED");
    for (const d of disposers) d();
  });
});

describe("query limits over HTTP", () => {
  test("too deep → LIMIT_EXCEEDED", async () => {
    const admin = await s.login("wy-health", "admin");
    const r = await s.gql(`{ users { items { tenant { name } } } }`, {}, admin);
    expect(errorCode(r)).toBe("LIMIT_EXCEEDED");
    expect(r.errors![0].extensions).toMatchObject({ limit: "depth", max: 3 });
  });

  test("too costly (many rows × fields, or aliases) → LIMIT_EXCEEDED, before anything runs", async () => {
    const admin = await s.login("wy-health", "admin");
    const r = await s.gql(`{ users(limit: 500) { items { id username active } } }`, {}, admin);
    expect(errorCode(r)).toBe("LIMIT_EXCEEDED");
    expect(r.errors![0].extensions).toMatchObject({ limit: "cost" });
    const aliases = Array.from({ length: 16 }, (_, i) => `t${i}: tenants { code }`).join(" ");
    expect(errorCode(await s.gql(`{ ${aliases} }`))).toBe("LIMIT_EXCEEDED");
  });
});

describe("HTTP surface", () => {
  test("/healthz and /readyz answer", async () => {
    expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${s.url}/readyz`)).json()).toEqual({ status: "ready" });
  });

  test("a simple GET without a preflight header is refused (CSRF prevention)", async () => {
    const res = await fetch(`${s.url}/graphql?query=${encodeURIComponent("{ __typename }")}`);
    expect(res.status).toBe(400);
  });

  test("anonymous request bodies are capped small; large uploads need a credential", async () => {
    const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: "x".repeat(300_000) } });
    const anon = await fetch(`${s.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: big,
    });
    expect(anon.status).toBe(413);
    const token = await s.login("wy-health", "admin");
    const signedIn = await fetch(`${s.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: big,
    });
    expect(signedIn.status).toBe(200);
  });

  test("automatic persisted queries are off", async () => {
    const res = await fetch(`${s.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "a".repeat(64) } } }),
    });
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_SUPPORTED");
  });
});
