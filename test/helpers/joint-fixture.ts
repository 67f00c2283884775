import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { FIXTURE_CLOCK } from "./fixture-clock";
import { seedDirectory } from "./fixtures";
import type { GqlResponse, TestServer } from "./harness";

export const WITNESS = { witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" };

export interface JointSetup {
  tenants: Record<string, string>;
  items: Record<string, string>;
  /** The coordinator's joint list entry for wy-emerg's item (declared the same matter as wy-samr's). */
  emergEntryId: string;
}

const ok = <T>(r: GqlResponse<T>): T => {
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
};

/**
 * wy-drc (initiator: 10 pipeline subjects, 6 inspectors), wy-samr and wy-emerg with one published item each, declared
 * the same matter in the joint list; wy-emerg's linked inspector1 alone in sub-library 联合检查.
 */
export async function seedJointDepartments(s: TestServer, offset: number): Promise<JointSetup> {
  const item = (code: string, name: string, categories: string[]) => ({
    code,
    name,
    itemClass: "KEY" as const,
    requiredCategories: categories,
  });
  const drc = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: offset,
    subjects: [{ tag: "联合测试管道", count: 10 }],
    inspectors: 6,
    categories: ["发展改革"],
    items: [item("DRC-J01", "油气长输管道安全检查", ["发展改革"])],
  });
  const samr = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-samr",
    codeOffset: offset + 100,
    subjects: [],
    inspectors: 4,
    categories: ["市场监管"],
    items: [item("SAMR-J01", "特种设备（压力管道）安全检查", ["市场监管"])],
  });
  const emerg = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-emerg",
    codeOffset: offset + 200,
    subjects: [],
    inspectors: 2,
    categories: ["应急管理"],
    items: [item("EMG-J01", "压力管道安全生产检查", ["应急管理"])],
  });
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(...transactionSettings(emerg.tenantId));
    await c.query(
      `UPDATE inspector SET sub_libraries = '{联合检查}' WHERE tenant_id = $1
          AND user_id = (SELECT id FROM app_user WHERE tenant_id = $1 AND username = 'inspector1')`,
      [emerg.tenantId],
    );
    await c.query("COMMIT");
    const tenants = Object.fromEntries(
      (await c.query(`SELECT code, id FROM tenant`)).rows.map((r: { code: string; id: string }) => [r.code, r.id]),
    );
    const admin = await s.login("wy-samr", "admin");
    const entry = async (itemId: string) =>
      ok(
        await s.gql<{ addJointItemEntry: { id: string } }>(
          `mutation($i: JointItemEntryInput!) { addJointItemEntry(input: $i) { id } }`,
          { i: { industry: `压力管道${offset}`, checkItemId: itemId, equivalenceKey: `压力管道安全${offset}` } },
          admin,
        ),
      ).addJointItemEntry.id;
    await entry(samr.itemIds["SAMR-J01"]);
    const emergEntryId = await entry(emerg.itemIds["EMG-J01"]);
    return {
      tenants,
      items: { ...drc.itemIds, ...samr.itemIds, ...emerg.itemIds },
      emergEntryId,
    };
  } finally {
    await c.end();
  }
}

export async function createJointPlanAndTask(
  s: TestServer,
  setup: JointSetup,
  departments: Array<{ code: string; itemIds: string[] }>,
  year = 2026,
  /** The task's sampling: FIXED 3, one stratum, unless a test stratifies it (分层). */
  sampling: { samplingRule: unknown; stratifyBy?: string } = {
    samplingRule: { default: { mode: "FIXED", count: 3 }, strata: [] },
  },
) {
  const admin = await s.login("wy-samr", "admin");
  const plan = ok(
    await s.gql<{ createJointPlan: { id: string; dueDate: string } }>(
      `mutation($y: Int!) { createJointPlan(year: $y, title: "部门联合抽查计划") { id dueDate } }`,
      { y: year },
      admin,
    ),
  ).createJointPlan;
  const task = ok(
    await s.gql<{ createJointTask: { id: string; status: string } }>(
      `mutation($i: NewJointTaskInput!) { createJointTask(input: $i) { id status } }`,
      {
        i: {
          planId: plan.id,
          name: "油气长输管道安全联合抽查",
          initiatingDepartmentId: setup.tenants["wy-drc"],
          departments: departments.map((d) => ({ departmentId: setup.tenants[d.code], itemIds: d.itemIds })),
          windowFrom: `${year}-06-01`,
          windowTo: `${year}-09-30`,
          targetScope: { tags: ["联合测试管道"] },
          ...sampling,
        },
      },
      admin,
    ),
  ).createJointTask;
  return { plan, task };
}

export async function confirm(s: TestServer, code: string, taskId: string, extra: Record<string, unknown> = {}) {
  return s.gql(
    `mutation($i: ConfirmJointParticipationInput!) { confirmJointParticipation(input: $i) { status itemIds } }`,
    { i: { taskId, ...extra } },
    await s.login(code, "planner"),
  );
}

/**
 * A joint draw runs only under a published joint plan, inside the task's window: the coordinator publishes the plan
 * (when it is still a draft) before the initiator locks. Joint test files set the one clock before the fixture's
 * window (JOINT_TEST_CLOCK) so visits can be dated inside it and not in the past.
 */
export async function publishJointPlanOf(s: TestServer, taskId: string) {
  const coordinator = await s.login("wy-samr", "admin");
  const t = ok(
    await s.gql<{ jointTask: { planId: string } }>(
      `query($id: ID!) { jointTask(id: $id) { planId } }`,
      { id: taskId },
      coordinator,
    ),
  );
  const plan = ok(
    await s.gql<{ jointPlan: { status: string } }>(
      `query($id: ID!) { jointPlan(id: $id) { status } }`,
      { id: t.jointTask.planId },
      coordinator,
    ),
  );
  if (plan.jointPlan.status === "PUBLISHED") return;
  ok(
    await s.gql(`mutation($id: ID!) { publishJointPlan(id: $id) { status } }`, { id: t.jointTask.planId }, coordinator),
  );
}

/** 2026-05-20 10:00 in Beijing: before the fixture's window (2026-06-01 to 2026-09-30), in the plan's year. */
export const JOINT_TEST_CLOCK = FIXTURE_CLOCK;

export async function approveAndDraw(s: TestServer, taskId: string) {
  const a = await s.gql(
    `mutation($id: ID!) { approveJointTask(id: $id) { status commitment } }`,
    { id: taskId },
    await s.login("wy-drc", "supervisor"),
  );
  await publishJointPlanOf(s, taskId);
  const lock = await s.gql(
    `mutation($id: ID!) { lockJointDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
    { id: taskId },
    await s.login("wy-drc", "planner"),
  );
  const d = await s.gql(
    `mutation($i: DrawInput!) { drawJointTask(input: $i) { id drawnCount populationSize sealDigest } }`,
    { i: { taskId, witnessEntropy: "4-2-6", ...WITNESS } },
    await s.login("wy-drc", "planner"),
  );
  return { approve: a, lock, draw: d };
}
