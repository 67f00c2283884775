import { runDemoWalkthrough } from "../../src/demo/walkthrough";
import { createLogger } from "../../src/logger";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";

/**
 * One clock: the server, its tokens and the business date each transaction carries to the row policies all follow
 * src/time. Each case moves the clock across the instants where dates change in China — 15:59 and 16:01 UTC
 * (00:00 Beijing), 23:59 UTC on 31 December (already New Year in Beijing) and a 调休 working Saturday — and checks
 * a rule that reads "today" without being told the date.
 */
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
  await runDemoWalkthrough(s.url, s.db.ownerUrl, createLogger("error"));
});
afterAll(() => s.close());
afterEach(() => resetClock());

const at = (instant: string) => setClock(clockFrom(instant));

const ok = <T = any>(r: GqlResponse, key: string): T => {
  expect(r.errors).toBeUndefined();
  return r.data![key] as T;
};

/** A fresh token at the current (test) clock: the harness caches tokens, which would outlive a moved clock. */
async function login(tenantCode: string, username: string): Promise<string> {
  const r = await s.gql(
    `mutation($t: String!, $u: String!) { login(tenantCode: $t, username: $u, password: "jointcheck-demo") { token } }`,
    { t: tenantCode, u: username },
  );
  return ok<{ token: string }>(r, "login").token;
}

describe("a lent inspector (跨部门子库) is visible to the partner at every hour", () => {
  const lentIds = async (token: string) =>
    ok<any>(
      await s.gql(`{ inspectors(limit: 200, filter: { includeLent: true }) { items { id } } }`, {}, token),
      "inspectors",
    ).items.map((i: { id: string }) => i.id) as string[];

  test("shared at 15:59, 16:01 and 23:59 UTC: seen at once, and still seen after Beijing's midnight", async () => {
    at("2026-12-01T15:59:00Z");
    const health = await login("wy-health", "admin");
    const inspectors = ok<any>(await s.gql(`{ inspectors(limit: 3) { items { id } } }`, {}, health), "inspectors")
      .items as Array<{ id: string }>;
    const share = async (inspectorId: string) =>
      ok<any>(
        await s.gql(
          `mutation($i: InspectorShareInput!) { shareInspector(input: $i) { id validFrom } }`,
          { i: { inspectorId, partnerTenantCode: "wy-samr", subLibrary: "时钟测试" } },
          health,
        ),
        "shareInspector",
      );
    const samr = await login("wy-samr", "admin");
    expect((await share(inspectors[0].id)).validFrom).toBe("2026-12-01");
    expect(await lentIds(samr)).toContain(inspectors[0].id);

    at("2026-12-01T16:01:00Z"); // 00:01 on 2 December in Beijing; still 1 December in UTC
    expect((await share(inspectors[1].id)).validFrom).toBe("2026-12-02");
    const seen = await lentIds(samr);
    expect(seen).toContain(inspectors[0].id);
    expect(seen).toContain(inspectors[1].id); // the case that failed every day from 16:00 to 24:00 UTC

    at("2026-12-01T16:30:00Z");
    expect((await share(inspectors[2].id)).validFrom).toBe("2026-12-02");
    expect(await lentIds(await login("wy-samr", "admin"))).toEqual(expect.arrayContaining(inspectors.map((i) => i.id)));
  });
});

describe("a plan is overdue from the Beijing day after its due date", () => {
  test("due 31 December: not overdue at 15:59 UTC that day, overdue at 16:01 and 23:59 UTC (New Year in Beijing)", async () => {
    at("2026-12-31T10:00:00Z");
    const admin = await login("wy-health", "admin");
    ok(
      await s.gql(
        `mutation { updateTenantSettings(input: { planDueMonthDay: "12-31" }) { planDueMonthDay } }`,
        {},
        admin,
      ),
      "updateTenantSettings",
    );
    const planner = await login("wy-health", "planner");
    const plan = ok<any>(
      await s.gql(`mutation { createPlan(year: 2026, title: "时钟边界测试计划") { id dueDate overdue } }`, {}, planner),
      "createPlan",
    );
    expect(plan).toMatchObject({ dueDate: "2026-12-31", overdue: false });
    const overdue = async () =>
      ok<any>(
        await s.gql(
          `query($id: ID!) { plan(id: $id) { overdue } }`,
          { id: plan.id },
          await login("wy-health", "planner"),
        ),
        "plan",
      ).overdue;
    at("2026-12-31T15:59:00Z");
    expect(await overdue()).toBe(false);
    at("2026-12-31T16:01:00Z");
    expect(await overdue()).toBe(true);
    at("2026-12-31T23:59:00Z");
    expect(await overdue()).toBe(true);
  });
});

describe("follow-up deadlines on a 调休 working Saturday", () => {
  test("due Saturday 2026-02-28 (春节调休, a working day): due that day until 16:00 UTC, overdue after", async () => {
    at("2026-02-27T02:00:00Z");
    const sup = await login("wy-drc", "supervisor");
    const results = ok<any>(
      await s.gql(`{ inspectionResults { items { id categoryCode } } }`, {}, sup),
      "inspectionResults",
    ).items as Array<{ id: string; categoryCode: string }>;
    const problem = results.find((r) => r.categoryCode === "PENDING_FOLLOW_UP")!;
    const followUp = ok<any>(
      await s.gql(
        `mutation($i: OpenFollowUpInput!) { openFollowUp(input: $i) { id } }`,
        { i: { resultId: problem.id, action: "REINSPECTION", responsiblePerson: "复查组", dueDate: "2026-02-28" } },
        sup,
      ),
      "openFollowUp",
    );
    // Tokens follow the one clock too: sign in again at each instant (they last an hour).
    const state = async () =>
      (
        ok<any>(
          await s.gql(`{ followUps { items { id dueState } } }`, {}, await login("wy-drc", "supervisor")),
          "followUps",
        ).items as Array<{
          id: string;
          dueState: string;
        }>
      ).find((f) => f.id === followUp.id)!.dueState;
    at("2026-02-28T15:59:00Z"); // Saturday 23:59 in Beijing, a working day
    expect(await state()).toBe("DUE_SOON");
    at("2026-02-28T16:01:00Z"); // Sunday 00:01 in Beijing
    expect(await state()).toBe("OVERDUE");
  });
});

describe("the database never decides a business date itself", () => {
  test("no row policy, column default or function reads the server's own date or clock", async () => {
    const { Client } = await import("pg");
    const c = new Client({ connectionString: s.db.ownerUrl });
    await c.connect();
    try {
      const clockWords = /current_date|localtimestamp|current_timestamp|\bnow\(\)|clock_timestamp|statement_timestamp/i;
      const policies = (await c.query(`SELECT tablename, policyname, qual, with_check FROM pg_policies`)).rows;
      const badPolicies = policies.filter((p) => clockWords.test(`${p.qual ?? ""} ${p.with_check ?? ""}`));
      expect(badPolicies.map((p) => `${p.tablename}.${p.policyname}`)).toEqual([]);
      // Date columns default to the transaction's business date; timestamps of rows may default to now().
      const defaults = (
        await c.query(
          `SELECT table_name, column_name, column_default FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type = 'date' AND column_default IS NOT NULL`,
        )
      ).rows;
      expect(defaults.filter((d) => clockWords.test(d.column_default))).toEqual([]);
      const functions = (
        await c.query(
          `SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' AND p.prokind = 'f'`,
        )
      ).rows;
      // The audit chain stamps its own rows (a row timestamp, not a business date).
      const offenders = functions.filter((f) => /current_date|localtimestamp/i.test(f.prosrc));
      expect(offenders.map((f) => f.proname)).toEqual([]);
    } finally {
      await c.end();
    }
  });
});
