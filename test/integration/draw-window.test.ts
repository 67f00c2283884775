import { clockFrom, resetClock, setClock } from "../../src/time";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";

/**
 * A department draw, like a joint one, is refused once its task's window has ended (src/domain/plan/draw-rules,
 * DRAW_WINDOW_ENDED), at the lock and at the draw, by the business date in China: the window's last day is a whole
 * Beijing day, and 16:00 UTC on it is already the next day there.
 */
let s: TestServer;
let ids: DirectoryIds;
let planId: string;
const tasks: Record<"lastMinute" | "lockedEarlier" | "late", string> = { lastMinute: "", lockedEarlier: "", late: "" };

const WINDOW = { windowFrom: "2026-03-01", windowTo: "2026-09-30" };
/** 2026-09-30 23:59 in Beijing: the window's last day. */
const LAST_MINUTE = "2026-09-30T15:59:00Z";
/** 2026-10-01 00:30 in Beijing (still 2026-09-30 in UTC): the window has ended. */
const DAY_AFTER = "2026-09-30T16:30:00Z";

const ok = (r: GqlResponse, key: string): any => {
  if (r.errors) throw new Error(`${key}: ${JSON.stringify(r.errors)}`);
  return r.data![key];
};
const LOCK = `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`;
const DRAW = `mutation($i: DrawInput!) { drawTask(input: $i) { id status } }`;
const WITNESS = { witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" };
const HISTORY = `query($id: ID!) { task(id: $id) { status drawLocks { status } draws { id } } }`;

/** An approved task of the published plan (a revision: the plan is published). */
async function approvedTask(name: string): Promise<string> {
  const id = ok(
    await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId,
          name,
          kind: "DIRECTED",
          itemIds: [ids.itemIds["DRC-T01"]],
          filters: { tags: ["期限测试"] },
          ...WINDOW,
          samplingRule: { default: { mode: "FIXED", count: 2 } },
          stratifyBy: "NONE",
          revisionReason: "测试：计划公布后新增任务（修订）",
        },
      },
      await s.login("wy-drc", "planner"),
    ),
    "createTask",
  ).id;
  ok(
    await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id }, await s.login("wy-drc", "supervisor")),
    "approveTask",
  );
  return id;
}

beforeAll(async () => {
  // 2026-09-30 14:00 in Beijing: the plan, its tasks and one lock are made on the window's last day.
  setClock(clockFrom("2026-09-30T06:00:00Z"));
  s = await startTestServer();
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 950_000,
    subjects: [{ tag: "期限测试", count: 6 }],
    inspectors: 4,
    categories: ["发展改革"],
    items: [{ code: "DRC-T01", name: "任务期限测试事项", itemClass: "KEY", requiredCategories: [] }],
  });
  const planner = await s.login("wy-drc", "planner");
  planId = ok(
    await s.gql(`mutation { createPlan(year: 2026, title: "任务期限测试计划") { id } }`, {}, planner),
    "createPlan",
  ).id;
  for (const [m, t] of [
    ["submitPlan", planner],
    ["approvePlan", await s.login("wy-drc", "supervisor")],
    ["publishPlan", planner],
  ] as const)
    ok(await s.gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: planId }, t), m);
  tasks.lastMinute = await approvedTask("最后一天锁定并抽取");
  tasks.lockedEarlier = await approvedTask("期限内锁定、期限后抽取");
  tasks.late = await approvedTask("期限后锁定");
  ok(await s.gql(LOCK, { id: tasks.lockedEarlier }, planner), "lockDraw");
});
afterAll(async () => {
  resetClock();
  await s?.close();
});

test("on the window's last day in Beijing (23:59 there, 15:59 UTC) a task is locked and drawn", async () => {
  setClock(clockFrom(LAST_MINUTE));
  const planner = await s.login("wy-drc", "planner");
  ok(await s.gql(LOCK, { id: tasks.lastMinute }, planner), "lockDraw");
  const d = ok(
    await s.gql(DRAW, { i: { taskId: tasks.lastMinute, witnessEntropy: "3-1-4", ...WITNESS } }, planner),
    "drawTask",
  );
  expect(d.status).toBe("VALID");
});

test("at 16:30 UTC on the last day, already the next day in Beijing, the lock and the draw are refused, typed and in Chinese", async () => {
  setClock(clockFrom(DAY_AFTER));
  const planner = await s.login("wy-drc", "planner");
  const refusedLock = await s.gql(LOCK, { id: tasks.late }, planner);
  expect(refusedLock.status).toBe(200);
  expect(refusedLock.data).toBeNull();
  expect(refusedLock.errors).toHaveLength(1);
  expect(refusedLock.errors![0].extensions).toEqual({
    code: "RULE_VIOLATION",
    rule: "DRAW_WINDOW_ENDED",
    windowFrom: "2026-03-01",
    windowTo: "2026-09-30",
    today: "2026-10-01",
  });
  expect(refusedLock.errors![0].message).toBe(
    "任务期限（2026-03-01 至 2026-09-30）已过，不能再锁定抽取参数；如需继续开展，请提交计划修订并说明理由",
  );

  // Locked inside the window, but the draw comes after it: refused by the same rule, nothing drawn.
  const refusedDraw = await s.gql(
    DRAW,
    { i: { taskId: tasks.lockedEarlier, witnessEntropy: "7-2-9", ...WITNESS } },
    planner,
  );
  expect(refusedDraw.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "DRAW_WINDOW_ENDED" });
  expect(refusedDraw.errors![0].message).toContain("已过，不能再抽取；");

  const history = async (id: string) => ok(await s.gql(HISTORY, { id }, planner), "task");
  expect(await history(tasks.late)).toMatchObject({ status: "APPROVED", drawLocks: [], draws: [] });
  expect(await history(tasks.lockedEarlier)).toMatchObject({ drawLocks: [{ status: "OPEN" }], draws: [] });
});
