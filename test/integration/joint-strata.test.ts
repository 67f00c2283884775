import { verifyDrawRecord } from "../../src/draw";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import {
  approveAndDraw,
  confirm,
  createJointPlanAndTask,
  JOINT_TEST_CLOCK,
  type JointSetup,
  publishJointPlanOf,
  seedJointDepartments,
} from "../helpers/joint-fixture";

/**
 * 信用风险分类 in a joint draw (issue 14): the joint task stratifies its population with the department draws' one
 * mechanism (buildPopulation's strata, the runner's per-stratum sizes), so listed subjects are drawn at the raised
 * ratio or excluded, and the record verifies like any other.
 */
let s: TestServer;
let setup: JointSetup;
let subjects: string[];

const CREDIT_RULE = {
  stratifyBy: "CREDIT",
  samplingRule: {
    default: { mode: "MIN", percent: 20 },
    strata: [
      { stratum: "经营异常", mode: "ALL" },
      { stratum: "严重违法失信", mode: "EXCLUDE" },
    ],
  },
};

async function stratifiedTask() {
  const { task } = await createJointPlanAndTask(
    s,
    setup,
    [
      { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
      { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
    ],
    2026,
    CREDIT_RULE,
  );
  for (const c of ["wy-drc", "wy-samr"]) expect((await confirm(s, c, task.id)).errors).toBeUndefined();
  return task;
}

const ok = <T = any>(r: GqlResponse, field: string): T => {
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data![field] as T;
};

beforeAll(async () => {
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 6 });
  setup = await seedJointDepartments(s, 680_000);
  // wy-drc's 10 pipeline subjects: 4 on the abnormal list, 1 of them also on the serious-violation list.
  subjects = (
    await s.superuser<{ id: string }>(
      `SELECT d.subject_id AS id FROM directory_entry d WHERE d.tenant_id = $1 AND '联合测试管道' = ANY (d.tags)
        ORDER BY d.subject_id`,
      [setup.tenants["wy-drc"]],
    )
  ).map((r) => r.id);
  expect(subjects).toHaveLength(10);
  await s.superuser(`UPDATE subject SET abnormal_list_since = '2025-06-01' WHERE id = ANY ($1)`, [
    subjects.slice(0, 4),
  ]);
  await s.superuser(`UPDATE subject SET blacklist_since = '2025-09-01' WHERE id = $1`, [subjects[0]]);
});
afterAll(async () => {
  await s.close();
  resetClock();
});

test("a participant's GENERAL item caps the ratio in every stratum of the joint rule, as in a department task", async () => {
  // wy-samr's item as a 一般事项 capped at 50%: the rule draws all of 经营异常 (100%), so the lock refuses.
  const item = setup.items["SAMR-J01"];
  const setClass = (cls: string, cap: number | null) =>
    s.superuser(
      `SET session_replication_role = replica;
       UPDATE check_item SET item_class = '${cls}', ratio_cap = ${cap ?? "NULL"} WHERE id = '${item}';
       SET session_replication_role = origin`,
    );
  await setClass("GENERAL", 0.5);
  try {
    const task = await stratifiedTask();
    await s.gql(
      `mutation($id: ID!) { approveJointTask(id: $id) { status } }`,
      { id: task.id },
      await s.login("wy-drc", "supervisor"),
    );
    await publishJointPlanOf(s, task.id);
    const lock = await s.gql(
      `mutation($id: ID!) { lockJointDraw(taskId: $id, immediateReason: "测试") { id } }`,
      { id: task.id },
      await s.login("wy-drc", "planner"),
    );
    expect(errorCode(lock)).toBe("RULE_VIOLATION");
    expect(lock.errors![0].extensions).toMatchObject({ rule: "GENERAL_ITEM_RATIO_CAP" });
    expect(lock.errors![0].message).toContain("经营异常");
    const t = ok(
      await s.gql(
        `query($id: ID!) { jointTask(id: $id) { drawLocks { id } } }`,
        { id: task.id },
        await s.login("wy-drc", "planner"),
      ),
      "jointTask",
    );
    expect(t.drawLocks).toEqual([]);
  } finally {
    await setClass("KEY", null);
  }
});

test("a joint draw stratified by credit draws each stratum at its own ratio, and its record verifies", async () => {
  const task = await stratifiedTask();
  const drawn = ok((await approveAndDraw(s, task.id)).draw, "drawJointTask");
  // 经营异常 3 of 3 (ALL), 其他 ceil(6 × 20%) = 2, 严重违法失信 excluded: 5 of 10.
  expect(drawn).toMatchObject({ populationSize: 10, drawnCount: 5 });

  const t = ok(
    await s.gql(
      `query($id: ID!) { jointTask(id: $id) { commitment stratifyBy draw { record } targets { subjectId } } }`,
      { id: task.id },
      await s.login("wy-drc", "planner"),
    ),
    "jointTask",
  );
  expect(t.stratifyBy).toBe("CREDIT");
  const record = t.draw.record;
  const sizes = Object.fromEntries(record.stratumSizes.map((x: any) => [x.stratum, [x.populationCount, x.size]]));
  expect(sizes).toEqual({ 严重违法失信: [1, 0], 经营异常: [3, 3], 其他: [6, 2] });
  const byStratum = (label: string) => record.drawn.filter((d: any) => d.stratum === label).map((d: any) => d.key);
  expect(byStratum("经营异常").sort()).toEqual(subjects.slice(1, 4).sort());
  expect(byStratum("其他")).toHaveLength(2);
  for (const k of byStratum("其他")) expect(subjects.slice(4)).toContain(k);
  expect(record.drawn.map((d: any) => d.key)).not.toContain(subjects[0]);
  // One visit target per drawn subject, with the stratum it was drawn in.
  const targets = await s.superuser<{ subject_id: string; stratum: string }>(
    `SELECT subject_id, stratum FROM joint_target WHERE task_id = $1`,
    [task.id],
  );
  expect(targets.map((x) => x.subject_id).sort()).toEqual(record.drawn.map((d: any) => d.key).sort());
  expect(targets.filter((x) => x.stratum === "经营异常")).toHaveLength(3);

  expect(verifyDrawRecord(record, { expectedCommitment: t.commitment })).toEqual({ valid: true, differences: [] });
  // A changed stratum label is caught: the population digest and the per-stratum sizes no longer match.
  const forged = structuredClone(record);
  forged.population.strata.find((x: any) => x.stratum === "经营异常").stratum = "其它";
  expect(verifyDrawRecord(forged).valid).toBe(false);
});
