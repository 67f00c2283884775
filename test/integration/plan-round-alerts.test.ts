import { Client } from "pg";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { CLEAN, seedEstimateTask } from "../helpers/estimate-fixture";
import { startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * 抽查频次 (issue 14): a plan requiring "每年不少于 3 次" has its rounds due on 30 April, 31 August and 31 December.
 * One round is drawn (2 March), so round 2 is open: it is flagged due-soon two working days ahead, overdue from the
 * first minute of 1 September in Beijing, for the department and for its county coordinator — and not before, and
 * not for another department.
 */
let s: TestServer;
let transports: Transport[];
let planId: string;
let emergId: string;
const YEAR = 2027;
const token = (tenant: string, user = "supervisor") => s.login(tenant, user);
const SCAN = `mutation { scanDeadlines { today alerted { kind state dueDate planId round departmentId subjectId } } }`;
const LIST = `query { inspectionDeadlines { kind state dueDate planId round departmentId } }`;

beforeAll(async () => {
  s = await startTestServer();
  transports = transportsOf(s);
  const t = await seedEstimateTask(s.db.superuserUrl, {
    tenantCode: "wy-emerg",
    year: YEAR,
    taskName: "危化品经营",
    publicAfter: null,
    strata: [{ stratum: "全部", population: 10, subjects: [{ result: CLEAN }, { result: CLEAN }] }],
  });
  planId = t.planId;
  emergId = t.tenantId;
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  await c.query(`UPDATE annual_plan SET required_rounds = 3 WHERE id = $1`, [planId]);
  await c.end();
});
afterAll(async () => {
  resetClock();
  for (const t of transports) await t.close();
  await s.close();
});

const at = (instant: string) => setClock(clockFrom(instant));
async function scan(t: Transport, tenant: string) {
  const r = await t.run(SCAN, {}, await token(tenant));
  expect(r.errors).toBeUndefined();
  return (r.data!.scanDeadlines.alerted as any[]).filter((a) => a.kind === "PLAN_ROUND");
}

describe("a missed plan round is a deadline alert", () => {
  it("listed as open but not alerted while more than two working days remain", async () => {
    at(`${YEAR}-08-26T02:00:00Z`); // Thursday 26 August, 10:00 in Beijing
    const [http] = transports;
    const list = await http.run(LIST, {}, await token("wy-emerg"));
    expect(list.errors).toBeUndefined();
    const rounds = list.data!.inspectionDeadlines.filter((d: any) => d.kind === "PLAN_ROUND");
    expect(rounds).toEqual([
      { kind: "PLAN_ROUND", state: "OK", dueDate: `${YEAR}-08-31`, planId, round: 2, departmentId: emergId },
      { kind: "PLAN_ROUND", state: "OK", dueDate: `${YEAR}-12-31`, planId, round: 3, departmentId: emergId },
    ]);
    expect(await scan(http, "wy-emerg")).toEqual([]);
  });

  it("due soon two working days ahead, for the department and the coordinator (both transports)", async () => {
    at(`${YEAR}-08-27T02:00:00Z`); // Friday: Monday 30 and Tuesday 31 August are the two working days
    const [http, ws] = transports;
    const soon = { kind: "PLAN_ROUND", state: "DUE_SOON", dueDate: `${YEAR}-08-31`, planId, round: 2 };
    expect(await scan(http, "wy-emerg")).toEqual([{ ...soon, departmentId: emergId, subjectId: null }]);
    expect(await scan(ws, "wy-samr")).toEqual([{ ...soon, departmentId: emergId, subjectId: null }]);
    // Another department sees none of it, and the same state is never announced twice.
    expect(await scan(http, "wy-drc")).toEqual([]);
    expect(await scan(ws, "wy-emerg")).toEqual([]);
  });

  it("overdue from 00:00 on 1 September in Beijing, not at 23:59 on 31 August", async () => {
    const [http, ws] = transports;
    at(`${YEAR}-08-31T15:59:00Z`);
    expect(await scan(http, "wy-emerg")).toEqual([]);
    at(`${YEAR}-08-31T16:00:00Z`);
    const overdue = { kind: "PLAN_ROUND", state: "OVERDUE", dueDate: `${YEAR}-08-31`, planId, round: 2 };
    expect(await scan(ws, "wy-emerg")).toEqual([{ ...overdue, departmentId: emergId, subjectId: null }]);
    expect(await scan(http, "wy-samr")).toEqual([{ ...overdue, departmentId: emergId, subjectId: null }]);
    expect(await scan(http, "wy-drc")).toEqual([]);
  });

  it("a second round of the plan closes round 2's item", async () => {
    const c = new Client({ connectionString: s.db.superuserUrl });
    await c.connect();
    try {
      // A second own random task moved into the plan (the fixture draws on 2 March).
      const t = await seedEstimateTask(s.db.superuserUrl, {
        tenantCode: "wy-emerg",
        year: YEAR,
        taskName: "危化品储存",
        publicAfter: null,
        strata: [{ stratum: "全部", population: 4, subjects: [{ result: CLEAN }] }],
      });
      await c.query(`UPDATE inspection_task SET plan_id = $2 WHERE id = $1`, [t.taskId, planId]);
    } finally {
      await c.end();
    }
    at(`${YEAR}-09-03T02:00:00Z`);
    const list = await transports[1].run(LIST, {}, await token("wy-emerg"));
    const rounds = list.data!.inspectionDeadlines.filter((d: any) => d.kind === "PLAN_ROUND");
    expect(rounds.map((r: any) => r.round)).toEqual([3]);
  });
});
