import { Client } from "pg";
import { runDemoWalkthrough } from "../../src/demo/walkthrough";
import { createLogger } from "../../src/logger";
import { chinaToday } from "../../src/time";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import { settle, subscribeFeed } from "../helpers/live-feed";

/**
 * Follow-up deadlines on the working-day calendar, the department deadline settings, transfers ticking the receiving
 * department's dashboard (and the narrow cross-tenant write policy behind it), and DEADLINE_ALERT scans.
 * Base state: the demo walkthrough (wy-drc: two published results, one with a problem whose follow-up was
 * transferred to and accepted by wy-samr).
 */
let s: TestServer;
let drcSup: string;
let drcAdmin: string;
let drcPlanner: string;
let samrSup: string;
let tenants: Record<string, string>;
let problemResultId: string;
let problemAssignmentId: string;
let taskId: string;

const ok = <T = any>(r: { data?: any; errors?: unknown }, key: string): T => {
  expect(r.errors).toBeUndefined();
  return r.data[key] as T;
};

async function openFollowUp(dueDate: string, action = "REINSPECTION"): Promise<string> {
  return ok(
    await s.gql(
      `mutation($i: OpenFollowUpInput!) { openFollowUp(input: $i) { id } }`,
      { i: { resultId: problemResultId, action, responsiblePerson: "复查组", dueDate } },
      drcSup,
    ),
    "openFollowUp",
  ).id;
}

const DEADLINES = `query($t: String, $task: ID) { inspectionDeadlines(today: $t, taskId: $task) {
  assignmentId followUpId subjectId kind dueDate state approximate } }`;
const deadlines = async (token: string, today: string, task?: string) =>
  ok<any[]>(await s.gql(DEADLINES, { t: today, task }, token), "inspectionDeadlines");

const dueStates = async (today: string) =>
  ok<any>(
    await s.gql(
      `query($t: String) { followUps { items { id status dueDate dueState(today: $t) } } }`,
      { t: today },
      drcSup,
    ),
    "followUps",
  ).items as Array<{ id: string; status: string; dueDate: string; dueState: string | null }>;

const settings = (input: object, token = drcAdmin) =>
  s.gql(
    `mutation($i: TenantSettingsInput!) { updateTenantSettings(input: $i) {
       samplingFloorPercent inspectionDeadlines { reportWorkingDays publishWorkingDays noticeWorkingDays dueSoonWorkingDays } } }`,
    { i: input },
    token,
  );

beforeAll(async () => {
  s = await startTestServer();
  await runDemoWalkthrough(s.url, s.db.ownerUrl, createLogger("error"));
  drcSup = await s.login("wy-drc", "supervisor");
  drcAdmin = await s.login("wy-drc", "admin");
  drcPlanner = await s.login("wy-drc", "planner");
  samrSup = await s.login("wy-samr", "supervisor");
  tenants = Object.fromEntries(ok<any[]>(await s.gql(`{ tenants { id code } }`), "tenants").map((t) => [t.code, t.id]));
  const results = ok<any>(
    await s.gql(`{ inspectionResults { items { id assignmentId categoryCode } } }`, {}, drcSup),
    "inspectionResults",
  );
  const problem = results.items.find((r: any) => r.categoryCode === "PENDING_FOLLOW_UP");
  problemResultId = problem.id;
  problemAssignmentId = problem.assignmentId;
  taskId = ok<any>(await s.gql(`{ plans(year: 2026) { items { tasks { id } } } }`, {}, drcSup), "plans").items[0]
    .tasks[0].id;
});
afterAll(() => s.close());

describe("follow-up deadlines (后续处置期限) on the working-day calendar", () => {
  let followUpId: string;

  test("an open follow-up due 2025-10-09 is due-soon on 30 Sep (National Day counts as days off) and overdue on 10 Oct", async () => {
    followUpId = await openFollowUp("2025-10-09");
    const state = async (today: string) => (await dueStates(today)).find((f) => f.id === followUpId)!.dueState;
    // 26 Sep: the next 3 working days are 28 Sep (Sunday 调休), 29 and 30 Sep, so 9 Oct is not yet near.
    expect(await state("2025-09-26")).toBe("OK");
    // 30 Sep: 1–8 Oct are off, so 9 Oct is the very next working day although it is nine calendar days away.
    expect(await state("2025-09-30")).toBe("DUE_SOON");
    expect(await state("2025-10-09")).toBe("DUE_SOON");
    expect(await state("2025-10-10")).toBe("OVERDUE");
    // The follow-up closed by the walkthrough shows no state.
    const closed = (await dueStates("2025-10-10")).find((f) => f.status === "CLOSED")!;
    expect(closed.dueState).toBeNull();
    expect(errorCode(await s.gql(`{ followUps { items { dueState(today: "2025-02-30") } } }`, {}, drcSup))).toBe(
      "BAD_USER_INPUT",
    );
  });

  test("inspectionDeadlines lists open follow-ups as FOLLOW_UP with the assignment they follow up; a task filter keeps them", async () => {
    const items = await deadlines(drcSup, "2025-09-30");
    expect(items).toContainEqual({
      assignmentId: problemAssignmentId,
      followUpId,
      subjectId: expect.any(String),
      kind: "FOLLOW_UP",
      dueDate: "2025-10-09",
      state: "DUE_SOON",
      approximate: false,
    });
    // Both assignments are published: nothing else is open; the closed follow-up is not listed.
    expect(items.map((d) => d.kind)).toEqual(["FOLLOW_UP"]);
    expect((await deadlines(drcSup, "2025-09-30", taskId)).map((d) => d.followUpId)).toEqual([followUpId]);
    expect(await deadlines(drcSup, "2025-09-30", "00000000-0000-4000-8000-000000000000")).toEqual([]);
  });

  test("a follow-up opened from a received transfer has no assignment of the receiver's", async () => {
    const items = await deadlines(samrSup, "2025-09-30");
    const fromTransfer = items.filter((d) => d.kind === "FOLLOW_UP");
    expect(fromTransfer).toHaveLength(1);
    expect(fromTransfer[0]).toMatchObject({ assignmentId: null, followUpId: expect.any(String), state: "OK" });
  });
});

describe("department deadline settings (tenant.settings.inspectionDeadlines)", () => {
  afterAll(async () => {
    ok(
      await settings({
        inspectionDeadlines: {
          reportWorkingDays: null,
          publishWorkingDays: null,
          noticeWorkingDays: null,
          dueSoonWorkingDays: null,
        },
      }),
      "updateTenantSettings",
    );
  });

  test("defaults are readable; only an ADMIN changes them; each field is validated by name", async () => {
    const read = ok<any>(
      await s.gql(
        `{ tenantSettings { inspectionDeadlines { reportWorkingDays publishWorkingDays noticeWorkingDays dueSoonWorkingDays } } }`,
        {},
        drcPlanner,
      ),
      "tenantSettings",
    );
    expect(read.inspectionDeadlines).toEqual({
      reportWorkingDays: 5,
      publishWorkingDays: 20,
      noticeWorkingDays: 3,
      dueSoonWorkingDays: 2,
    });
    expect(errorCode(await settings({ inspectionDeadlines: { dueSoonWorkingDays: 1 } }, drcSup))).toBe("FORBIDDEN");
    for (const [input, field] of [
      [{ reportWorkingDays: 0 }, "inspectionDeadlines.reportWorkingDays"],
      [{ publishWorkingDays: 121 }, "inspectionDeadlines.publishWorkingDays"],
      [{ noticeWorkingDays: -1 }, "inspectionDeadlines.noticeWorkingDays"],
      [{ dueSoonWorkingDays: 21 }, "inspectionDeadlines.dueSoonWorkingDays"],
      // Publication may not fall due before the report (checked against the stored report rule too).
      [{ publishWorkingDays: 4 }, "inspectionDeadlines.publishWorkingDays"],
    ] as const) {
      const r = await settings({ inspectionDeadlines: input });
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(r.errors![0].message).toMatch(/工作日/);
    }
  });

  test("the due-soon threshold set through the API is what the deadline query and follow-ups use", async () => {
    const before = await deadlines(drcSup, "2025-09-30");
    expect(before.find((d) => d.kind === "FOLLOW_UP")!.state).toBe("DUE_SOON");
    const r = ok<any>(
      await settings({ samplingFloorPercent: 5, inspectionDeadlines: { dueSoonWorkingDays: 0 } }),
      "updateTenantSettings",
    );
    expect(r).toEqual({
      samplingFloorPercent: 5,
      inspectionDeadlines: {
        reportWorkingDays: 5,
        publishWorkingDays: 20,
        noticeWorkingDays: 3,
        dueSoonWorkingDays: 0,
      },
    });
    expect((await deadlines(drcSup, "2025-09-30")).find((d) => d.kind === "FOLLOW_UP")!.state).toBe("OK");
    expect((await dueStates("2025-09-30")).filter((f) => f.dueState).map((f) => f.dueState)).toEqual(["OK"]);
    // A partial patch keeps the other stored values; null restores one default.
    const back = ok<any>(await settings({ inspectionDeadlines: { dueSoonWorkingDays: null } }), "updateTenantSettings");
    expect(back).toMatchObject({ samplingFloorPercent: 5, inspectionDeadlines: { dueSoonWorkingDays: 2 } });
    const audit = ok<any>(await s.gql(`{ auditEvents(limit: 20) { items { action } } }`, {}, drcSup), "auditEvents");
    expect(audit.items.map((e: any) => e.action)).toContain("tenant.settings");
  });

  test("the notice rule set through the API moves the NOTICE due date of a fresh draw", async () => {
    const task = ok<any>(
      await s.gql(
        `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
        {
          i: {
            planId: ok<any>(await s.gql(`{ plans(year: 2026) { items { id } } }`, {}, drcPlanner), "plans").items[0].id,
            name: "通知期限验证",
            kind: "DIRECTED",
            itemIds: ok<any>(
              await s.gql(`{ plans(year: 2026) { items { tasks { itemIds } } } }`, {}, drcPlanner),
              "plans",
            ).items[0].tasks[0].itemIds,
            filters: { tags: ["油气管道"] },
            windowFrom: "2026-03-01",
            windowTo: "2026-12-31",
            samplingRule: { default: { mode: "FIXED", count: 1 } },
            stratifyBy: "NONE",
            revisionReason: "测试：计划公布后新增任务（修订）",
            teamRule: { subLibrary: "演示组", minSize: 2, maxSize: 2, requiredCategories: [], rotationMonths: 0 },
            exclusions: { inspectedBySelfWithinMonths: 0, yearlyCapAcrossDepartments: 5, cleanResultWithinMonths: 0 },
          },
        },
        drcPlanner,
      ),
      "createTask",
    );
    ok(await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: task.id }, drcSup), "approveTask");
    ok(
      await s.gql(
        `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
        { id: task.id },
        drcPlanner,
      ),
      "lockDraw",
    );
    ok(
      await s.gql(
        `mutation($i: DrawInput!) { drawTask(input: $i) { id } }`,
        {
          i: {
            taskId: task.id,
            witnessUsername: "supervisor",
            witnessPassword: "jointcheck-demo",
            witnessEntropy: "4",
          },
        },
        drcPlanner,
      ),
      "drawTask",
    );
    const drawnOn = chinaToday();
    const expected = async (n: number) =>
      ok<any>(
        await s.gql(`query($d: String!, $n: Int!) { addWorkingDays(date: $d, days: $n) { date } }`, { d: drawnOn, n }),
        "addWorkingDays",
      ).date;
    const notice = async () => (await deadlines(drcSup, drawnOn, task.id)).find((d) => d.kind === "NOTICE")!.dueDate;
    expect(await notice()).toBe(await expected(3));
    ok(await settings({ inspectionDeadlines: { noticeWorkingDays: 10 } }), "updateTenantSettings");
    expect(await notice()).toBe(await expected(10));
  });
});

describe("transfers tick the receiving department's dashboard (移交/抄告, live)", () => {
  test("wy-samr's dashboard subscription receives the transfer from wy-drc; another department's does not", async () => {
    const samrDash = subscribeFeed(s.ws(samrSup), "dashboard");
    const healthDash = subscribeFeed(s.ws(await s.login("wy-health", "supervisor")), "dashboard");
    await settle(100);
    const followUpId = await openFollowUp("2026-12-31", "TRANSFER_DEPARTMENT");
    const t = ok<any>(
      await s.gql(
        `mutation($id: ID!, $to: ID!) { transferFollowUp(id: $id, toDepartmentId: $to, kind: NOTIFY, note: "抄告：该企业计量器具问题") { id } }`,
        { id: followUpId, to: tenants["wy-samr"] },
        drcSup,
      ),
      "transferFollowUp",
    );
    const [e] = await samrDash.waitFor(1);
    expect(e).toMatchObject({
      kind: "EVENT",
      topic: "TASK_PROGRESS",
      tenantId: tenants["wy-samr"],
      payload: {
        event: "FOLLOW_UP_TRANSFER",
        transferId: t.id,
        kind: "NOTIFY",
        fromDepartmentId: tenants["wy-drc"],
        fromDepartmentName: "五原县发展和改革委员会",
        message: expect.stringContaining("抄告"),
      },
    });
    await settle();
    expect(healthDash.events).toEqual([]);
    samrDash.stop();
    healthDash.stop();
    // The sender's own dashboard is not the receiver's stream: its catch-up shows no transfer tick.
    const own = ok<any>(await s.gql(`{ dashboardEvents { items { payload } } }`, {}, drcSup), "dashboardEvents");
    expect(own.items.filter((i: any) => i.payload?.transferId === t.id)).toEqual([]);
  });

  async function asRuntime(tenantCode: string, fn: (c: Client) => Promise<void>): Promise<void> {
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    try {
      await c.query("BEGIN");
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenants[tenantCode]]);
      await fn(c);
    } finally {
      await c.query("ROLLBACK");
      await c.end();
    }
  }
  const insert = (c: Client, to: string, topic: string, payload: object) =>
    c.query(`INSERT INTO live_event (tenant_id, topic, payload) VALUES ($1, $2, $3)`, [tenants[to], topic, payload]);

  test("the write policy: only the sender of a pending transfer, only TASK_PROGRESS naming it, only into the receiver's stream", async () => {
    const followUpId = await openFollowUp("2026-12-31", "TRANSFER_DEPARTMENT");
    const pending = ok<any>(
      await s.gql(
        `mutation($id: ID!, $to: ID!) { transferFollowUp(id: $id, toDepartmentId: $to, kind: TRANSFER, note: "请核查") { id } }`,
        { id: followUpId, to: tenants["wy-samr"] },
        drcSup,
      ),
      "transferFollowUp",
    ).id;
    const accepted = ok<any>(await s.gql(`{ followUpOutbox { id status } }`, {}, drcSup), "followUpOutbox").find(
      (t: any) => t.status === "ACCEPTED",
    ).id;
    const rls = /row-level security/;
    // The sender, naming its pending transfer: allowed (rolled back).
    await asRuntime("wy-drc", async (c) => {
      expect((await insert(c, "wy-samr", "TASK_PROGRESS", { transferId: pending })).rowCount).toBe(1);
    });
    const refused: Array<[string, string, string, object]> = [
      // An unrelated department cannot write into wy-samr's stream, even naming a real transfer.
      ["wy-health", "wy-samr", "TASK_PROGRESS", { transferId: pending }],
      ["wy-health", "wy-samr", "DEADLINE_ALERT", { message: "伪造提醒" }],
      // The sender: not another topic, not without or with a wrong transfer id, not an answered transfer,
      // not into a department the transfer does not go to.
      ["wy-drc", "wy-samr", "DEADLINE_ALERT", { transferId: pending }],
      ["wy-drc", "wy-samr", "TASK_PROGRESS", {}],
      ["wy-drc", "wy-samr", "TASK_PROGRESS", { transferId: "00000000-0000-4000-8000-000000000000" }],
      ["wy-drc", "wy-samr", "TASK_PROGRESS", { transferId: accepted }],
      ["wy-drc", "wy-emerg", "TASK_PROGRESS", { transferId: pending }],
      // The receiver cannot use the transfer to write back into the sender's stream.
      ["wy-samr", "wy-drc", "TASK_PROGRESS", { transferId: pending }],
    ];
    for (const [writer, to, topic, payload] of refused)
      await asRuntime(writer, async (c) => {
        await expect(insert(c, to, topic, payload)).rejects.toThrow(rls);
      });
  });
});

describe("DEADLINE_ALERT scans (scanDeadlines)", () => {
  const SCAN = `mutation($t: String) { scanDeadlines(today: $t) { today flagged remaining alerted { kind state dueDate followUpId } } }`;
  const scan = (today: string, token = drcSup) => s.gql(SCAN, { t: today }, token);

  test("each newly due-soon or overdue item reaches the dashboard once; repeated scans stay quiet", async () => {
    const id = await openFollowUp("2027-01-15");
    const dash = subscribeFeed(s.ws(drcSup), "dashboard");
    await settle(100);
    const first = ok<any>(await scan("2027-01-13"), "scanDeadlines");
    const mine = (r: any) => r.alerted.filter((a: any) => a.followUpId === id);
    expect(mine(first)).toEqual([{ kind: "FOLLOW_UP", state: "DUE_SOON", dueDate: "2027-01-15", followUpId: id }]);
    const events = await dash.waitFor(first.alerted.length);
    expect(events.every((e) => e.topic === "DEADLINE_ALERT" && e.tenantId === tenants["wy-drc"])).toBe(true);
    expect(events.find((e) => e.payload?.followUpId === id)!.payload).toMatchObject({
      kind: "FOLLOW_UP",
      state: "DUE_SOON",
      dueDate: "2027-01-15",
      message: expect.stringMatching(/^后续处置即将到期（截止 2027-01-15）：/),
    });
    // Same day again, and the next day (still due-soon): nothing new.
    for (const today of ["2027-01-13", "2027-01-14"]) {
      const again = ok<any>(await scan(today), "scanDeadlines");
      expect(again.flagged).toBeGreaterThan(0);
      expect(mine(again)).toEqual([]);
    }
    const overdue = ok<any>(await scan("2027-01-18"), "scanDeadlines");
    expect(mine(overdue)).toEqual([{ kind: "FOLLOW_UP", state: "OVERDUE", dueDate: "2027-01-15", followUpId: id }]);
    expect(mine(ok<any>(await scan("2027-01-19"), "scanDeadlines"))).toEqual([]);
    await settle();
    const forItem = dash.events.filter((e) => e.payload?.followUpId === id).map((e) => e.payload!.state);
    expect(forItem).toEqual(["DUE_SOON", "OVERDUE"]);
    dash.stop();
  });

  test("concurrent scans (as from several instances) announce an item once", async () => {
    const id = await openFollowUp("2027-03-01");
    const [a, b] = await Promise.all([scan("2027-03-05"), scan("2027-03-05")]);
    const count = [a, b].flatMap((r) => ok<any>(r, "scanDeadlines").alerted).filter((x) => x.followUpId === id);
    expect(count).toHaveLength(1);
    const since = ok<any>(
      await s.gql(`{ dashboardEvents(limit: 500) { items { topic payload } } }`, {}, drcSup),
      "dashboardEvents",
    );
    expect(
      since.items.filter(
        (e: any) => e.topic === "DEADLINE_ALERT" && e.payload.followUpId === id && e.payload.state === "OVERDUE",
      ),
    ).toHaveLength(1);
  });

  test("only a SUPERVISOR or ADMIN scans; a bad date is refused; another department's scan sees only its own items", async () => {
    expect(errorCode(await scan("2027-01-13", drcPlanner))).toBe("FORBIDDEN");
    expect(errorCode(await scan("2027-13-01"))).toBe("BAD_USER_INPUT");
    const samr = ok<any>(await scan("2027-12-31", samrSup), "scanDeadlines");
    // Its follow-ups, and the 移交 it received and has not answered (TRANSFER_FEEDBACK, issue 14).
    expect(samr.alerted.every((a: any) => a.kind === "FOLLOW_UP" || a.kind === "TRANSFER_FEEDBACK")).toBe(true);
    const drcFollowUps = ok<any>(await s.gql(`{ followUps { items { id } } }`, {}, drcSup), "followUps").items.map(
      (f: any) => f.id,
    );
    expect(samr.alerted.some((a: any) => drcFollowUps.includes(a.followUpId))).toBe(false);
    // The follow-up wy-samr opened when it accepted the demo transfer (plus any 移交 still awaiting its answer).
    expect(samr.alerted.filter((a: any) => a.kind === "FOLLOW_UP")).toHaveLength(1);
  });
});
