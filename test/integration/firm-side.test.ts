import { Client } from "pg";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { lockDrawNow } from "../helpers/draw-lock";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { settle, subscribeFeed } from "../helpers/live-feed";
import { httpTransport, type Transport, transportsOf } from "../helpers/transports";

/**
 * Issue 15, the inspected firm's side, over HTTP and graphql-ws: the codes on the notice and on the inspector's
 * assignment, the anonymous check (扫码核验) with its draw, the firm code working only for its own visit, 双预约,
 * 申请回避 granted by the supervisor with a 递补 in the public draw record, a complaint no inspector sees, the
 * confirmation and rating after the visit, voided / expired / unknown codes, and the lookup throttle.
 */
let s: TestServer;
let ids: DirectoryIds;
let transports: Transport[];
let planner: string;
let supervisor: string;
let leader: string;
/** An inspector of the department who is not on the first visit's team. */
let outsider: string;
let otherPlanner: string;
let drawId: string;
const A: Array<{ id: string; leaderId: string; memberIds: string[]; code: string; firmCode: string }> = [];
const WITNESS = { witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" };

const ok = <T = any>(r: GqlResponse, key: string): T => {
  expect(r.errors).toBeUndefined();
  return r.data![key] as T;
};

const CHECK = `status message facts { assignmentId department firmName taskName kind items { name legalBasis }
  inspectors { id name certificateNo leader } windowFrom windowTo expiresOn
  booking { status bookableFrom bookableTo proposedDate counterDate agreedDate }
  draw { id sequence sealDigest } }
  firm { tookPlace rating comment requests { id kind inspectorId status decisionNote }
         result { resultId category versions { version } } }`;
const check = (code: string, firmCode?: string, t: Transport = transports[0]) =>
  t.run(`query($c: String!, $f: String) { visitCheck(code: $c, firmCode: $f) { ${CHECK} } }`, { c: code, f: firmCode });
const firm = (m: string, args: string, vars: Record<string, unknown>, t: Transport = transports[0]) =>
  t.run(
    `mutation($c: String!, $f: String!${args ? `, ${args}` : ""}) { ${m}(code: $c, firmCode: $f${
      args
        ? `, ${args
            .split(", ")
            .map((a) => a.split(":")[0].slice(1))
            .map((n) => `${n}: $${n}`)
            .join(", ")}`
        : ""
    }) { ${CHECK} } }`,
    vars,
  );

async function asOwner<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', 'ADMIN', true)`, [
      ids.tenantId,
    ]);
    const out = await fn(c);
    await c.query("COMMIT");
    return out;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  setClock(clockFrom("2026-04-01T02:00:00Z"));
  s = await startTestServer({ poolSize: 6, trustProxy: "loopback", throttleLimits: { codeMissesPerAddress: 6 } });
  transports = transportsOf(s);
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 610_000,
    subjects: [{ tag: "企业扫码核验", count: 2 }],
    inspectors: 5,
    categories: ["发展改革"],
    items: [{ code: "DRC-611", name: "石油天然气管道保护的监督检查", itemClass: "KEY" }],
  });
  planner = await s.login("wy-drc", "planner");
  supervisor = await s.login("wy-drc", "supervisor");
  otherPlanner = await s.login("wy-samr", "planner");
  const plan = ok(
    await s.gql(`mutation { createPlan(year: 2026, title: "2026年度抽查计划") { id } }`, {}, planner),
    "createPlan",
  );
  ok(await s.gql(`mutation($id: ID!) { submitPlan(id: $id) { status } }`, { id: plan.id }, planner), "submitPlan");
  ok(await s.gql(`mutation($id: ID!) { approvePlan(id: $id) { status } }`, { id: plan.id }, supervisor), "approvePlan");
  const task = ok(
    await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId: plan.id,
          name: "管道保护专项抽查",
          kind: "DIRECTED",
          itemIds: [ids.itemIds["DRC-611"]],
          filters: { tags: ["企业扫码核验"] },
          windowFrom: "2026-04-10",
          windowTo: "2026-06-30",
          samplingRule: { default: { mode: "ALL" } },
          stratifyBy: "NONE",
          teamRule: { minSize: 2, maxSize: 2 },
        },
      },
      planner,
    ),
    "createTask",
  );
  ok(await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: task.id }, supervisor), "approveTask");
  await lockDrawNow(s.gql, task.id, planner);
  const d = ok(
    await s.gql(
      `mutation($i: DrawInput!) { drawTask(input: $i) { id assignments { id leaderId memberIds } } }`,
      { i: { taskId: task.id, witnessEntropy: "3-1-4", ...WITNESS } },
      planner,
    ),
    "drawTask",
  );
  drawId = d.id;
  await asOwner(async (c) => {
    const users = (
      await c.query(`SELECT id, username FROM app_user WHERE tenant_id = $1 AND username LIKE 'inspector%'`, [
        ids.tenantId,
      ])
    ).rows;
    const uid = (n: string) => users.find((u) => u.username === n).id;
    const a = d.assignments[0];
    await c.query(`UPDATE inspector SET user_id = NULL WHERE user_id = ANY ($1)`, [users.map((u) => u.id)]);
    await c.query(`UPDATE inspector SET user_id = $1 WHERE id = $2`, [uid("inspector1"), a.leaderId]);
    const outside = (
      await c.query(`SELECT id FROM inspector WHERE tenant_id = $1 AND NOT (id = ANY ($2)) LIMIT 1`, [
        ids.tenantId,
        a.memberIds,
      ])
    ).rows[0].id;
    await c.query(`UPDATE inspector SET user_id = $1 WHERE id = $2`, [uid("inspector2"), outside]);
  });
  leader = await s.login("wy-drc", "inspector1");
  outsider = await s.login("wy-drc", "inspector2");
  for (const a of d.assignments) {
    const res = await fetch(`${s.url}/forms/notice/${a.id}`, { headers: { authorization: `Bearer ${planner}` } });
    const html = await res.text();
    expect(res.status).toBe(200);
    const code = /核验码：<b>([0-9A-Z-]+)<\/b>/.exec(html)![1];
    const firmCode = /企业办事码：<b>([0-9A-Z-]+)<\/b>/.exec(html)![1];
    A.push({ ...a, code, firmCode });
  }
});
afterAll(async () => {
  resetClock();
  for (const t of transports ?? []) await t.close();
  await s?.close();
});

describe("扫码核验: the codes and the anonymous check", () => {
  test("the notice carries a QR code of the check page and both codes; a reprint carries the same codes", async () => {
    const res = await fetch(`${s.url}/forms/notice/${A[0].id}`, { headers: { authorization: `Bearer ${planner}` } });
    const html = await res.text();
    expect(html).toContain('src="data:image/svg+xml;base64,');
    expect(html).toContain(`/workbench#/visit/${A[0].code.replace(/-/g, "")}`);
    expect(html).toContain(A[0].code);
    expect(html).toContain(A[0].firmCode);
    expect(A[0].code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(A[0].firmCode).toMatch(/^([0-9A-Z]{4}-){3}[0-9A-Z]{4}$/);
    expect(A[0].code).not.toBe(A[1].code);
  });

  test.each([0, 1])(
    "the team reads the notice's codes on its assignment; someone off the team or another department may not (transport %s)",
    async (i) => {
      const t = transports[i];
      const bare = (c: string) => c.replace(/-/g, "");
      for (const field of ["verifyCode", "firmCode"]) {
        const q = `query($id: ID!) { assignment(id: $id) { ${field} } }`;
        const mine = ok(await t.run(q, { id: A[0].id }, leader), "assignment")[field];
        expect(mine).toBe(bare(field === "verifyCode" ? A[0].code : A[0].firmCode));
        const off = await t.run(q, { id: A[0].id }, outsider);
        expect(errorCode(off)).toBe("FORBIDDEN");
        expect(JSON.stringify(off.data ?? null)).not.toContain(bare(A[0].firmCode));
        expect(errorCode(await t.run(q, { id: A[0].id }, otherPlanner))).toBe("NOT_FOUND");
        expect(errorCode(await t.run(q, { id: A[0].id }))).toBe("UNAUTHENTICATED");
      }
    },
  );

  test.each([0, 1])("anyone checks the visit without signing in (transport %s)", async (i) => {
    const r = ok(await check(A[0].code.toLowerCase(), undefined, transports[i]), "visitCheck");
    expect(r.status).toBe("VALID");
    expect(r.message).toContain("真实");
    expect(r.firm).toBeNull();
    expect(r.facts).toMatchObject({
      assignmentId: A[0].id,
      department: expect.any(String),
      taskName: "管道保护专项抽查",
      kind: "RANDOM",
      windowFrom: "2026-04-10",
      windowTo: "2026-06-30",
      draw: { id: drawId, sequence: 1 },
      booking: { status: "UNSCHEDULED", bookableFrom: "2026-04-10", bookableTo: "2026-06-30" },
    });
    expect(r.facts.items[0]).toMatchObject({
      name: "石油天然气管道保护的监督检查",
      legalBasis: expect.stringContaining("《"),
    });
    expect(r.facts.inspectors.map((p: any) => p.id).sort()).toEqual([...A[0].memberIds].sort());
    expect(r.facts.inspectors[0]).toMatchObject({ leader: true, id: A[0].leaderId });
    expect(r.facts.inspectors[0].certificateNo).toBeTruthy();
    // The draw that selected the firm verifies for an anonymous visitor (the public draw page's query).
    const v = ok(
      await transports[i].run(`query($id: ID!) { draw(id: $id) { verification { valid } } }`, { id: drawId }),
      "draw",
    );
    expect(v.verification.valid).toBe(true);
  });

  test("unknown and malformed codes say so plainly", async () => {
    for (const code of ["ABCD-EFGH-JKMN", "x"]) {
      const r = ok(await check(code), "visitCheck");
      expect(r).toMatchObject({ status: "UNKNOWN", facts: null });
      expect(r.message).toContain("未找到该核验码");
    }
  });
});

describe("the firm's code works only for its own visit", () => {
  test("another visit's firm code, or a wrong one, is refused on both transports", async () => {
    for (const t of transports) {
      expect(errorCode(await check(A[0].code, A[1].firmCode, t))).toBe("FORBIDDEN");
      expect(
        errorCode(await firm("firmComplain", "$reason: String!", { c: A[0].code, f: A[1].firmCode, reason: "x" }, t)),
      ).toBe("FORBIDDEN");
    }
    const mine = ok(await check(A[0].code, A[0].firmCode), "visitCheck");
    expect(mine.firm).toMatchObject({ tookPlace: null, rating: null, requests: [], result: null });
  });
});

describe("双预约", () => {
  test("the firm proposes in the window, the team proposes another, the firm accepts; inspectors see the date", async () => {
    const c = { c: A[0].code, f: A[0].firmCode };
    const propose = (date: string) => firm("firmProposeVisitDate", "$date: String!", { ...c, date });
    expect((await propose("2026-07-02")).errors![0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "date",
    });
    expect(ok(await propose("2026-05-10"), "firmProposeVisitDate").facts.booking).toMatchObject({
      status: "PROPOSED",
      proposedDate: "2026-05-10",
      agreedDate: null,
    });
    const other = (token: string) =>
      s.gql(
        `mutation($id: ID!, $d: String!) { proposeOtherFirmVisitDate(assignmentId: $id, date: $d) { status counterDate } }`,
        { id: A[0].id, d: "2026-05-12" },
        token,
      );
    expect(errorCode(await other(otherPlanner))).toBe("NOT_FOUND");
    expect(ok(await other(leader), "proposeOtherFirmVisitDate")).toEqual({
      status: "CONTESTED",
      counterDate: "2026-05-12",
    });
    // The team hears of the agreed date live (graphql-ws, 我的任务); an inspector off the team does not.
    const team = subscribeFeed(s.ws(leader), "myAssignments");
    const offTeam = subscribeFeed(s.ws(outsider), "myAssignments");
    await settle(100);
    const accepted = ok(await firm("firmAcceptVisitDate", "", c, transports[1]), "firmAcceptVisitDate");
    expect(accepted.facts.booking).toMatchObject({ status: "AGREED", agreedDate: "2026-05-12" });
    const [agreed] = await team.waitFor(1);
    expect(agreed).toMatchObject({
      kind: "EVENT",
      topic: "ASSIGNMENT",
      tenantId: ids.tenantId,
      payload: {
        change: "VISIT_DATE_AGREED",
        assignmentId: A[0].id,
        agreedDate: "2026-05-12",
        agreedBy: "FIRM",
        role: "LEADER",
      },
    });
    await settle();
    expect(offTeam.events.filter((e) => e.payload?.assignmentId === A[0].id)).toEqual([]);
    team.stop();
    offTeam.stop();
    const seen = ok(
      await s.gql(
        `query($id: ID!) { assignment(id: $id) { visitBooking { status agreedDate } } }`,
        { id: A[0].id },
        leader,
      ),
      "assignment",
    );
    expect(seen.visitBooking).toEqual({ status: "AGREED", agreedDate: "2026-05-12" });
    expect(errorCode(await propose("2026-05-20"))).toBe("CONFLICT");
  });

  test("the team accepts the firm's date directly; anonymous callers cannot answer for the team", async () => {
    const c = { c: A[1].code, f: A[1].firmCode };
    ok(await firm("firmProposeVisitDate", "$date: String!", { ...c, date: "2026-04-20" }), "firmProposeVisitDate");
    const q = `mutation($id: ID!) { acceptFirmVisitDate(assignmentId: $id) { status agreedDate } }`;
    expect(errorCode(await s.gql(q, { id: A[1].id }))).toBe("UNAUTHENTICATED");
    expect(ok(await s.gql(q, { id: A[1].id }, planner), "acceptFirmVisitDate")).toEqual({
      status: "AGREED",
      agreedDate: "2026-04-20",
    });
  });
});

describe("申请回避 and complaints reach the supervisor only", () => {
  let recusalId: string;
  const recused = () => A[0].memberIds.find((m) => m !== A[0].leaderId)!;

  test("the firm asks for an inspector's recusal; only the supervisor's queue has it", async () => {
    const c = { c: A[0].code, f: A[0].firmCode };
    const stranger = "00000000-0000-4000-8000-000000000000";
    const ask = (inspectorId: string, reason: string) =>
      firm("firmRequestRecusal", "$inspectorId: ID!, $reason: String!", { ...c, inspectorId, reason });
    expect((await ask(stranger, "亲属关系")).errors![0].extensions).toMatchObject({ field: "inspectorId" });
    expect((await ask(recused(), "  ")).errors![0].extensions).toMatchObject({ field: "reason" });
    const r = ok(await ask(recused(), "该检查人员是我单位法定代表人的亲属"), "firmRequestRecusal");
    expect(r.firm.requests).toEqual([
      expect.objectContaining({ kind: "RECUSAL", inspectorId: recused(), status: "PENDING" }),
    ]);
    expect(errorCode(await ask(recused(), "再次申请"))).toBe("CONFLICT");
    const q = `{ firmRequests(status: "PENDING") { id kind inspectorId reason firmName } }`;
    for (const t of [leader, outsider, planner]) expect(errorCode(await s.gql(q, {}, t))).toBe("FORBIDDEN");
    expect(errorCode(await s.gql(q, {}))).toBe("UNAUTHENTICATED");
    const queue = ok(await s.gql(q, {}, supervisor), "firmRequests");
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ kind: "RECUSAL", reason: "该检查人员是我单位法定代表人的亲属" });
    recusalId = queue[0].id;
  });

  test("the database keeps the requests from every role but the supervisor (runtime role)", async () => {
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    try {
      const count = async (roles: string) => {
        await c.query("BEGIN");
        await c.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', $2, true)`, [
          ids.tenantId,
          roles,
        ]);
        const n = (await c.query(`SELECT count(*)::int AS n FROM firm_request`)).rows[0].n;
        await c.query("ROLLBACK");
        return n;
      };
      expect(await count("INSPECTOR")).toBe(0);
      expect(await count("ADMIN,PLANNER")).toBe(0);
      expect(await count("SUPERVISOR")).toBe(1);
      expect((await c.query(`SELECT count(*)::int AS n FROM visit_code_lookup('', false)`)).rows[0].n).toBe(0);
      expect((await c.query(`SELECT count(*)::int AS n FROM visit_code`)).rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
  });

  test("the supervisor grants: the 递补 is in the draw record and on the check page", async () => {
    const decide = (grant: boolean, note: string, token = supervisor) =>
      s.gql(
        `mutation($id: ID!, $g: Boolean!, $n: String!) { decideFirmRequest(id: $id, grant: $g, note: $n) { status substituteId decisionNote } }`,
        { id: recusalId, g: grant, n: note },
        token,
      );
    expect(errorCode(await decide(true, "同意", leader))).toBe("FORBIDDEN");
    const d = ok(await decide(true, "理由成立，准予回避"), "decideFirmRequest");
    expect(d).toMatchObject({ status: "GRANTED", substituteId: expect.any(String) });
    expect(errorCode(await decide(false, "再处理"))).toBe("CONFLICT");
    // Read as the department: the anonymous record path does not yet join the 递补 (draw protocol, another issue).
    const rec = ok(
      await s.gql(`query($id: ID!) { draw(id: $id) { record verification { valid } } }`, { id: drawId }, planner),
      "draw",
    );
    expect(rec.verification.valid).toBe(true);
    expect(rec.record.substitutions).toEqual([
      expect.objectContaining({ recused: recused(), substitute: d.substituteId }),
    ]);
    const page = ok(await check(A[0].code, A[0].firmCode), "visitCheck");
    const team = page.facts.inspectors.map((p: any) => p.id);
    expect(team).toContain(d.substituteId);
    expect(team).not.toContain(recused());
    expect(page.firm.requests[0]).toMatchObject({ status: "GRANTED", decisionNote: "理由成立，准予回避" });
  });

  test("a complaint reaches the supervisor's queue; everything the firm did is in the audit trail", async () => {
    ok(
      await firm("firmComplain", "$reason: String!", { c: A[0].code, f: A[0].firmCode, reason: "检查人员态度恶劣" }),
      "firmComplain",
    );
    const queue = ok(
      await s.gql(`{ firmRequests(status: "PENDING") { kind reason } }`, {}, supervisor),
      "firmRequests",
    );
    expect(queue).toEqual([{ kind: "COMPLAINT", reason: "检查人员态度恶劣" }]);
    const actions = await asOwner(
      async (c) =>
        (
          await c.query(`SELECT action FROM audit_event WHERE tenant_id = $1 AND actor = $2 ORDER BY seq`, [
            ids.tenantId,
            `firm:${A[0].id}`,
          ])
        ).rows.map((r) => r.action) as string[],
    );
    expect(actions).toEqual(["firm.propose_date", "firm.accept_date", "firm.request_recusal", "firm.complain"]);
  });

  test("the firm and the supervisor read the visit's history: booking steps, requests and their decisions", async () => {
    const HISTORY = `party kind visitDate inspectorName substituteName note summary`;
    const firmHistory = async (i: number, t: Transport) =>
      ok(
        await t.run(
          `query($c: String!, $f: String) { visitCheck(code: $c, firmCode: $f) { firm { history { ${HISTORY} } } } }`,
          { c: A[i].code, f: A[i].firmCode },
        ),
        "visitCheck",
      ).firm.history;
    const expected = [
      { party: "FIRM", kind: "BOOKING_PROPOSED", visitDate: "2026-05-10" },
      { party: "TEAM", kind: "BOOKING_COUNTER_PROPOSED", visitDate: "2026-05-12" },
      {
        party: "FIRM",
        kind: "BOOKING_ACCEPTED",
        visitDate: "2026-05-12",
        summary: "企业同意，检查日期确定为 2026-05-12",
      },
      { party: "FIRM", kind: "RECUSAL_REQUESTED", inspectorName: expect.any(String) },
      {
        party: "SUPERVISOR",
        kind: "REQUEST_GRANTED",
        note: "理由成立，准予回避",
        substituteName: expect.any(String),
        summary: expect.stringContaining("递补检查人员"),
      },
      { party: "FIRM", kind: "COMPLAINT_FILED", summary: "企业投诉检查人员的行为" },
    ];
    for (const t of transports) {
      const mine = await firmHistory(0, t);
      expect(mine).toEqual(expected.map((e) => expect.objectContaining(e)));
      // The other visit's firm sees its own steps only: its date accepted by the team.
      expect(await firmHistory(1, t)).toEqual([
        expect.objectContaining({ party: "FIRM", kind: "BOOKING_PROPOSED", visitDate: "2026-04-20" }),
        expect.objectContaining({ party: "TEAM", kind: "BOOKING_ACCEPTED", visitDate: "2026-04-20" }),
      ]);
    }
    // Without the firm code there is no firm part at all.
    const anonymous = await check(A[0].code);
    expect(anonymous.data!.visitCheck.firm).toBeNull();
    const q = `query($id: ID!) { firmVisitHistory(assignmentId: $id) { ${HISTORY} } }`;
    for (const t of transports) {
      const sup = ok(await t.run(q, { id: A[0].id }, supervisor), "firmVisitHistory");
      expect(sup).toEqual(expected.map((e) => expect.objectContaining(e)));
      for (const who of [leader, planner]) expect(errorCode(await t.run(q, { id: A[0].id }, who))).toBe("FORBIDDEN");
      expect(errorCode(await t.run(q, { id: A[0].id }))).toBe("UNAUTHENTICATED");
      const otherSupervisor = await s.login("wy-samr", "supervisor");
      expect(errorCode(await t.run(q, { id: A[0].id }, otherSupervisor))).toBe("NOT_FOUND");
    }
  });
});

describe("after the visit", () => {
  test("the firm confirms the visit once it has begun, then rates it", async () => {
    const c = { c: A[0].code, f: A[0].firmCode };
    const confirm = () => firm("firmConfirmVisit", "$tookPlace: Boolean!", { ...c, tookPlace: true });
    const rate = (rating: number) =>
      firm("firmRateVisit", "$rating: Int!, $comment: String", { ...c, rating, comment: "检查规范，态度良好" });
    expect(errorCode(await confirm())).toBe("CONFLICT");
    expect(errorCode(await rate(5))).toBe("CONFLICT");
    ok(
      await s.gql(`mutation($id: ID!) { acceptAssignment(assignmentId: $id) { status } }`, { id: A[0].id }, leader),
      "acceptAssignment",
    );
    ok(
      await s.gql(
        `mutation($id: ID!) { startInspection(assignmentId: $id, input: { mode: ON_SITE }) { status } }`,
        { id: A[0].id },
        leader,
      ),
      "startInspection",
    );
    expect(ok(await confirm(), "firmConfirmVisit").firm.tookPlace).toBe(true);
    expect((await rate(6)).errors![0].extensions).toMatchObject({ field: "rating" });
    expect(ok(await rate(5), "firmRateVisit").firm).toMatchObject({ rating: 5, comment: "检查规范，态度良好" });
    const q = `{ firmFeedback { assignmentId tookPlace rating comment agreedDate } }`;
    expect(ok(await s.gql(q, {}, supervisor), "firmFeedback")).toEqual([
      { assignmentId: A[0].id, tookPlace: true, rating: 5, comment: "检查规范，态度良好", agreedDate: "2026-05-12" },
    ]);
    expect(errorCode(await s.gql(q, {}, leader))).toBe("FORBIDDEN");
  });
});

describe("voided, expired and throttled", () => {
  test("a code past its validity says it has expired", async () => {
    setClock(clockFrom("2027-01-15T02:00:00Z"));
    try {
      const r = ok(await check(A[0].code), "visitCheck");
      expect(r).toMatchObject({ status: "EXPIRED", facts: null });
      expect(r.message).toContain("已过期");
    } finally {
      setClock(clockFrom("2026-04-01T02:00:00Z"));
    }
  });

  test("misses are counted per address: guessing stops, other addresses are unaffected", async () => {
    const http = httpTransport(s);
    const from = (ip: string, code: string) =>
      http.run(`query($c: String!) { visitCheck(code: $c) { status } }`, { c: code }, undefined, {
        "x-forwarded-for": ip,
      });
    // A real code gives its attempt back: looking up one's own code never adds up.
    for (let i = 0; i < 8; i++) expect(ok(await from("203.0.113.9", A[0].code), "visitCheck").status).toBe("VALID");
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) codes.push(errorCode(await from("203.0.113.7", `ZZZZ-ZZZZ-ZZ${i}${i}`)) ?? "ok");
    expect(codes.slice(0, 6)).toEqual(Array(6).fill("ok"));
    expect(codes.slice(6)).toEqual(["LIMIT_EXCEEDED", "LIMIT_EXCEEDED"]);
    expect(errorCode(await from("203.0.113.7", A[0].code))).toBe("LIMIT_EXCEEDED");
    expect(ok(await from("203.0.113.8", A[0].code), "visitCheck").status).toBe("VALID");
  });
  test("a voided draw voids the codes; the firm can no longer act", async () => {
    ok(
      await s.gql(
        `mutation($id: ID!) { voidDraw(id: $id, reason: "抽取参数设置错误") { status } }`,
        { id: drawId },
        supervisor,
      ),
      "voidDraw",
    );
    const r = ok(await check(A[1].code), "visitCheck");
    expect(r).toMatchObject({ status: "VOIDED", facts: null });
    expect(r.message).toContain("已作废");
    expect(
      errorCode(await firm("firmComplain", "$reason: String!", { c: A[1].code, f: A[1].firmCode, reason: "x" })),
    ).toBe("CONFLICT");
  });
});
