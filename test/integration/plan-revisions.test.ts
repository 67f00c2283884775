import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { REASON_MAX } from "../../src/schema/argument-guard";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import {
  createJointPlanAndTask,
  type JointSetup,
  publishJointPlanOf,
  seedJointDepartments,
} from "../helpers/joint-fixture";
import { httpTransport, wsTransport } from "../helpers/transports";

/**
 * 计划修订 (issue 12): a published plan, department or joint, is frozen. A change needs a reason and becomes a public
 * numbered revision with its diff (seed 001: 不得随意增加或减少检查次数), with an audit entry; nothing else can write one.
 */
let s: TestServer;
let ids: DirectoryIds;
let setup: JointSetup;
let planner: string;
let supervisor: string;

const REVISION_FIELDS = `revisions { number reason revisedAt department { name } changes { kind taskId name before after } }`;

const ok = <T>(r: GqlResponse<T>): T => {
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
};

async function newPlan(title: string, publish: boolean): Promise<string> {
  const id = ok(
    await s.gql(`mutation($t: String!) { createPlan(year: 2026, title: $t) { id } }`, { t: title }, planner),
  ).createPlan.id as string;
  if (publish)
    for (const [m, t] of [
      ["submitPlan", planner],
      ["approvePlan", supervisor],
      ["publishPlan", planner],
    ] as const)
      ok(await s.gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id }, t));
  return id;
}

function createTask(planId: string, name: string, revisionReason?: string | null, token = planner) {
  return s.gql(
    `mutation($i: NewTaskInput!) { createTask(input: $i) { id name } }`,
    {
      i: {
        planId,
        name,
        kind: "DIRECTED",
        itemIds: [ids.itemIds["REV-001"]],
        filters: { tags: ["修订测试"] },
        windowFrom: "2026-06-01",
        windowTo: "2026-09-30",
        samplingRule: { default: { mode: "FIXED", count: 2 } },
        stratifyBy: "NONE",
        ...(revisionReason === undefined ? {} : { revisionReason }),
      },
    },
    token,
  );
}

const taskNames = async (planId: string) =>
  ok(await s.gql(`query($id: ID!) { plan(id: $id) { tasks { name } } }`, { id: planId }, planner)).plan.tasks.map(
    (t: { name: string }) => t.name,
  ) as string[];

/** As the owner (still under FORCE RLS) in a tenant's settings. */
async function asOwner<T>(tenantId: string, f: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(...transactionSettings(tenantId));
    return await f(c);
  } finally {
    await c.query("ROLLBACK");
    await c.end();
  }
}

/** One statement as the runtime role under a tenant's settings, rolled back. */
async function asRuntime(tenantId: string, sql: string, params: unknown[]) {
  const c = new Client({ connectionString: s.db.appUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(...transactionSettings(tenantId, "", "ADMIN,PLANNER"));
    return await c.query(sql, params);
  } finally {
    await c.query("ROLLBACK").catch(() => undefined);
    await c.end();
  }
}

const insertRevision = `INSERT INTO plan_revision (tenant_id, plan_kind, plan_id, number, reason, changes)
  VALUES ($1, $2, $3, 99, '伪造的修订', '[{"kind":"TASK_ADDED","taskId":"x","name":"x","before":null,"after":null}]')`;

beforeAll(async () => {
  s = await startTestServer({ poolSize: 6 });
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 1_900_000,
    subjects: [{ tag: "修订测试", count: 6 }],
    inspectors: 4,
    categories: ["发展改革"],
    items: [{ code: "REV-001", name: "修订测试事项", itemClass: "KEY" }],
  });
  setup = await seedJointDepartments(s, 1_910_000);
  planner = await s.login("wy-drc", "planner");
  supervisor = await s.login("wy-drc", "supervisor");
});
afterAll(() => s.close());

describe("department plan (年度抽查计划)", () => {
  test("a draft plan changes without a reason and has no revisions", async () => {
    const planId = await newPlan("草稿计划", false);
    expect((await createTask(planId, "草稿中的任务")).errors).toBeUndefined();
    const p = ok(await s.gql(`query($id: ID!) { plan(id: $id) { ${REVISION_FIELDS} } }`, { id: planId }, planner));
    expect(p.plan.revisions).toEqual([]);
  });

  test("a published plan refuses a change without a reason, and keeps its tasks", async () => {
    const planId = await newPlan("已公布计划（无理由）", true);
    for (const reason of [undefined, null, "   "]) {
      const r = await createTask(planId, "未说明理由的新增任务", reason);
      expect(errorCode(r)).toBe("RULE_VIOLATION");
      expect(r.errors![0].extensions).toMatchObject({ rule: "PLAN_PUBLISHED_FROZEN", field: "revisionReason" });
      expect(r.errors![0].message).toContain("修订理由（revisionReason）");
    }
    expect(await taskNames(planId)).toEqual([]);
    const count = await asOwner(
      ids.tenantId,
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM plan_revision WHERE plan_id = $1`, [planId])).rows[0].n,
    );
    expect(count).toBe(0);
  });

  test("with a reason the task lands as revision 1 with its diff and an audit entry; the public reads it", async () => {
    const planId = await newPlan("已公布计划（修订）", true);
    const r = await createTask(planId, "省局部署的补充抽查", "  根据省局部署增加管道安全专项抽查  ");
    expect(r.errors).toBeUndefined();
    const taskId = r.data!.createTask.id;
    expect(await taskNames(planId)).toEqual(["省局部署的补充抽查"]);

    // The public (anonymous, the /public pages' API) reads the revision with its diff, and no one's user data.
    const pub = await s.gql(`query($id: ID!) { plan(id: $id) { status ${REVISION_FIELDS} } }`, { id: planId });
    expect(pub.errors).toBeUndefined();
    const [rev] = pub.data!.plan.revisions;
    expect(pub.data!.plan.revisions).toHaveLength(1);
    expect(rev).toMatchObject({
      number: 1,
      reason: "根据省局部署增加管道安全专项抽查",
      department: { name: expect.stringContaining("发展") },
      changes: [
        {
          kind: "TASK_ADDED",
          taskId,
          name: "省局部署的补充抽查",
          before: null,
          after: {
            kind: "DIRECTED",
            items: ["REV-001"],
            windowFrom: "2026-06-01",
            windowTo: "2026-09-30",
            samplingRule: { default: { mode: "FIXED", count: 2 }, strata: {} },
          },
        },
      ],
    });
    const me = ok(await s.gql(`{ me { id } }`, {}, planner)).me.id as string;
    expect(JSON.stringify(pub.data)).not.toContain(me);

    const audit = await asOwner(
      ids.tenantId,
      async (c) =>
        (
          await c.query(`SELECT action, entity_type FROM audit_event WHERE entity_id = $1 AND action = 'plan.revise'`, [
            planId,
          ])
        ).rows,
    );
    expect(audit).toEqual([{ action: "plan.revise", entity_type: "annual_plan" }]);
  });

  test("a reason over the one cap on stated reasons (REASON_MAX) is refused as bad input, and nothing changes", async () => {
    const planId = await newPlan("已公布计划（理由过长）", true);
    const r = await createTask(planId, "理由过长的任务", "理".repeat(REASON_MAX + 1));
    expect(errorCode(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0].extensions).toMatchObject({ field: "revisionReason", reason: "length" });
    expect(await taskNames(planId)).toEqual([]);
    // At the cap the revision is stored whole (the table's CHECK is no tighter than the API).
    expect((await createTask(planId, "理由恰好达到上限的任务", "理".repeat(REASON_MAX))).errors).toBeUndefined();
    const p = ok(await s.gql(`query($id: ID!) { plan(id: $id) { revisions { reason } } }`, { id: planId }));
    expect(p.plan.revisions[0].reason).toHaveLength(REASON_MAX);
  });

  test("concurrent changes get distinct revision numbers 1, 2, 3, 4 (the plan row serializes them)", async () => {
    const planId = await newPlan("已公布计划（并发修订）", true);
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => createTask(planId, `并发任务${i}`, `并发修订理由${i}`)),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    const p = ok(await s.gql(`query($id: ID!) { plan(id: $id) { ${REVISION_FIELDS} } }`, { id: planId }));
    expect(p.plan.revisions.map((r: { number: number }) => r.number)).toEqual([1, 2, 3, 4]);
    const byNumber = p.plan.revisions.map((r: { reason: string; changes: Array<{ name: string }> }) => [
      r.reason.replace("并发修订理由", ""),
      r.changes[0].name.replace("并发任务", ""),
    ]);
    for (const [reason, name] of byNumber) expect(reason).toBe(name);
  });

  test("another department can neither change the plan nor write a revision into it (runtime role, RLS)", async () => {
    const planId = await newPlan("已公布计划（他部门）", true);
    const other = await s.login("wy-samr", "planner");
    expect(errorCode(await createTask(planId, "他部门的任务", "他部门的理由", other))).toBe("NOT_FOUND");
    const drc = ids.tenantId;
    const samr = setup.tenants["wy-samr"];
    // Its own tenant id on another's plan, or this tenant's id under its own settings: both refused by the policy.
    for (const tenantId of [samr, drc])
      await expect(asRuntime(samr, insertRevision, [tenantId, "DEPARTMENT", planId])).rejects.toMatchObject({
        code: "42501",
      });
    // Not even the owner writes one into a draft plan, and nobody edits or deletes a revision (append-only).
    const draft = await newPlan("草稿计划（不可伪造修订）", false);
    await expect(asRuntime(drc, insertRevision, [drc, "DEPARTMENT", draft])).rejects.toMatchObject({ code: "42501" });
    ok(await createTask(planId, "合规修订", "合规的修订理由"));
    await expect(
      asRuntime(drc, `UPDATE plan_revision SET reason = '改写' WHERE plan_id = $1`, [planId]),
    ).rejects.toMatchObject({
      code: "42501",
    });
    await expect(asRuntime(drc, `DELETE FROM plan_revision WHERE plan_id = $1`, [planId])).rejects.toMatchObject({
      code: "42501",
    });
    // The revision of a published plan is public; another department reads it, it cannot write it.
    const seen = await asRuntime(samr, `SELECT number FROM plan_revision WHERE plan_id = $1`, [planId]);
    expect(seen.rows).toEqual([{ number: 1 }]);
  });
});

describe.each([
  ["http", () => httpTransport(s)],
  ["ws", () => wsTransport(s)],
] as const)("over %s (one operation pipeline)", (_name, transport) => {
  test("the frozen rule refuses the change and the anonymous public reads the revisions", async () => {
    const t = transport();
    try {
      const planId = await newPlan("已公布计划（两种传输）", true);
      const mutation = `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`;
      const input = {
        planId,
        name: "两种传输的任务",
        kind: "UNDIRECTED",
        itemIds: [ids.itemIds["REV-001"]],
        windowFrom: "2026-06-01",
        windowTo: "2026-09-30",
        samplingRule: { default: { mode: "FIXED", count: 1 } },
        stratifyBy: "NONE",
      };
      const refused = await t.run(mutation, { i: input }, planner);
      expect(refused.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "PLAN_PUBLISHED_FROZEN" });
      expect(
        (await t.run(mutation, { i: { ...input, revisionReason: "两种传输的修订" } }, planner)).errors,
      ).toBeUndefined();
      const pub = await t.run(`query($id: ID!) { plan(id: $id) { revisions { number reason } } }`, { id: planId });
      expect(pub.errors).toBeUndefined();
      expect(pub.data!.plan.revisions).toEqual([{ number: 1, reason: "两种传输的修订" }]);
    } finally {
      await t.close();
    }
  });
});

describe("joint plan (部门联合抽查计划)", () => {
  const jointTask = (planId: string, name: string, revisionReason?: string) =>
    s.gql(
      `mutation($i: NewJointTaskInput!) { createJointTask(input: $i) { id name } }`,
      {
        i: {
          planId,
          name,
          initiatingDepartmentId: setup.tenants["wy-drc"],
          departments: [
            { departmentId: setup.tenants["wy-drc"], itemIds: [setup.items["DRC-J01"]] },
            { departmentId: setup.tenants["wy-samr"], itemIds: [setup.items["SAMR-J01"]] },
          ],
          windowFrom: "2026-06-01",
          windowTo: "2026-09-30",
          targetScope: { tags: ["联合测试管道"] },
          samplingRule: { default: { mode: "FIXED", count: 2 }, strata: [] },
          ...(revisionReason === undefined ? {} : { revisionReason }),
        },
      },
      coordinator,
    );
  let coordinator: string;

  test("a published joint plan takes a new joint task only with a reason, as a public revision", async () => {
    coordinator = await s.login("wy-samr", "admin");
    const { plan, task } = await createJointPlanAndTask(s, setup, [
      { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
      { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
    ]);
    // Before publication: the second task needs no reason and makes no revision.
    expect((await jointTask(plan.id, "草稿期新增的联合任务")).errors).toBeUndefined();
    await publishJointPlanOf(s, task.id);

    const refused = await jointTask(plan.id, "未说明理由的联合任务");
    expect(refused.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "PLAN_PUBLISHED_FROZEN" });
    const tooLong = await jointTask(plan.id, "理由过长的联合任务", "长".repeat(REASON_MAX + 1));
    expect(errorCode(tooLong)).toBe("BAD_USER_INPUT");
    const added = await jointTask(plan.id, "补充的联合任务", "联席会议决定增加一项联合抽查");
    expect(added.errors).toBeUndefined();
    // Another department (not the coordinator) cannot revise the coordinator's plan.
    const other = await s.gql(
      `mutation($i: NewJointTaskInput!) { createJointTask(input: $i) { id } }`,
      {
        i: {
          planId: plan.id,
          name: "他部门",
          initiatingDepartmentId: setup.tenants["wy-drc"],
          departments: [
            { departmentId: setup.tenants["wy-drc"], itemIds: [] },
            { departmentId: setup.tenants["wy-samr"], itemIds: [] },
          ],
          windowFrom: "2026-06-01",
          windowTo: "2026-09-30",
          samplingRule: { default: { mode: "FIXED", count: 1 }, strata: [] },
          revisionReason: "他部门的理由",
        },
      },
      await s.login("wy-drc", "admin"),
    );
    expect(["FORBIDDEN", "NOT_FOUND"]).toContain(errorCode(other));
    await expect(
      asRuntime(setup.tenants["wy-drc"], insertRevision, [setup.tenants["wy-drc"], "JOINT", plan.id]),
    ).rejects.toMatchObject({ code: "42501" });

    const pub = await s.gql(`query($id: ID!) { jointPlan(id: $id) { tasks { name } ${REVISION_FIELDS} } }`, {
      id: plan.id,
    });
    expect(pub.errors).toBeUndefined();
    expect(pub.data!.jointPlan.tasks.map((t: { name: string }) => t.name).sort()).toEqual(
      ["油气长输管道安全联合抽查", "草稿期新增的联合任务", "补充的联合任务"].sort(),
    );
    expect(pub.data!.jointPlan.revisions).toMatchObject([
      {
        number: 1,
        reason: "联席会议决定增加一项联合抽查",
        department: { name: expect.stringContaining("市场监督") },
        changes: [
          {
            kind: "JOINT_TASK_ADDED",
            taskId: added.data!.createJointTask.id,
            name: "补充的联合任务",
            before: null,
            after: {
              departments: [setup.tenants["wy-drc"], setup.tenants["wy-samr"]],
              windowFrom: "2026-06-01",
              windowTo: "2026-09-30",
            },
          },
        ],
      },
    ]);
    const audit = await asOwner(
      setup.tenants["wy-samr"],
      async (c) =>
        (
          await c.query(
            `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'joint_plan.revise'`,
            [plan.id],
          )
        ).rows[0].n,
    );
    expect(audit).toBe(1);
  });
});
