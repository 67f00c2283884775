import { verifyDrawRecord } from "../../src/draw";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import {
  approveAndDraw,
  confirm,
  createJointPlanAndTask,
  JOINT_TEST_CLOCK,
  type JointSetup,
  seedJointDepartments,
} from "../helpers/joint-fixture";

/**
 * 随行专家/辅助人员 on a joint task (issue 14): a participant's team rule asks for experts as a department task's does;
 * the joint draw adds that department's experts config (the same second config: `<tenant>:experts`, from its expert
 * sub-library), each target's team carries them beside its members (never counted as members), the joint notice
 * names them apart from the inspectors without a 执法证号, and the record verifies.
 */
let s: TestServer;
let setup: JointSetup;
let expert: { id: string; name: string };

const ok = <T = any>(r: GqlResponse, field: string): T => {
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data![field] as T;
};

beforeAll(async () => {
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 6 });
  setup = await seedJointDepartments(s, 690_000);
  // One of wy-samr's people, on duty, is an external expert in its sub-library 专家库 (so not an enforcement
  // inspector). Picked by name, not by a random id: the tenant also holds the demo's inspectors, some of them
  // unavailable, and an unavailable pick left the experts draw with no one eligible (a flake, 1 run in ~20).
  // Renamed: every seeded department has a 测试检查员1–4, and the notice's name checks must not meet a namesake.
  [expert] = await s.superuser(
    `UPDATE inspector SET is_external_expert = true, sub_libraries = '{专家库}', status = 'ON_DUTY', name = '外聘专家甲'
      WHERE tenant_id = $1 AND name = '测试检查员4' RETURNING id, name`,
    [setup.tenants["wy-samr"]],
  );
});
afterAll(async () => {
  await s.close();
  resetClock();
});

test("a participant's experts are drawn beside its inspectors, shown in the joint notice, and the record verifies", async () => {
  const samr = setup.tenants["wy-samr"];
  const { task } = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
  ]);
  expect((await confirm(s, "wy-drc", task.id)).errors).toBeUndefined();
  const confirmed = await s.gql(
    `mutation($i: ConfirmJointParticipationInput!) { confirmJointParticipation(input: $i) { status teamRule } }`,
    { i: { taskId: task.id, teamRule: { experts: { count: 1, subLibrary: "专家库" } } } },
    await s.login("wy-samr", "planner"),
  );
  expect(ok<any>(confirmed, "confirmJointParticipation").teamRule.experts).toEqual({ count: 1, subLibrary: "专家库" });
  const drawn = ok((await approveAndDraw(s, task.id)).draw, "drawJointTask");
  expect(drawn.drawnCount).toBe(3);

  const t = ok(
    await s.gql(
      `query($id: ID!) { jointTask(id: $id) { status commitment draw { record }
         targets { subjectId team { members { id departmentId role } experts { id name departmentId rank } } }
         visits { notice noticeHtml } } }`,
      { id: task.id },
      await s.login("wy-drc", "planner"),
    ),
    "jointTask",
  );
  expect(t.status).toBe("DRAWN");
  const record = t.draw.record;
  // The same experts config as a department task's: count per target, no leader, no categories, own sub-library.
  const config = record.config.inspectorDraws.find((d: any) => d.departmentId === `${samr}:experts`);
  expect(config.teamRule).toMatchObject({ minSize: 1, maxSize: 1, requireLeader: false, subLibrary: "专家库" });
  expect(config.pool.map((p: any) => p.key)).toEqual([expert.id]);
  for (const d of record.config.inspectorDraws.filter((x: any) => !x.departmentId.endsWith(":experts")))
    expect(d.pool.map((p: any) => p.key)).not.toContain(expert.id);

  expect(t.targets).toHaveLength(3);
  for (const target of t.targets) {
    expect(target.team.experts).toEqual([{ id: expert.id, name: expert.name, departmentId: samr, rank: 1 }]);
    expect(target.team.members.map((m: any) => m.id)).not.toContain(expert.id);
    expect(target.team.members.some((m: any) => m.departmentId === samr)).toBe(true);
  }
  for (const v of t.visits) {
    expect(v.notice.experts).toEqual([{ name: expert.name, departmentName: expect.stringContaining("市场监督") }]);
    expect(v.notice.inspectors.map((i: any) => i.name)).not.toContain(expert.name);
    expect(v.noticeHtml).toContain("随行专家/辅助人员（不属于执法检查人员）");
    expect(v.noticeHtml).toContain(expert.name);
  }
  // Each department's part (its own assignment) holds its own experts apart from its members.
  const parts = await s.superuser<{ tenant_id: string; member_ids: string[]; expert_ids: string[] }>(
    `SELECT tenant_id, member_ids, expert_ids FROM assignment WHERE joint_task_id = $1`,
    [task.id],
  );
  expect(parts).toHaveLength(6);
  for (const p of parts) {
    expect(p.expert_ids).toEqual(p.tenant_id === samr ? [expert.id] : []);
    expect(p.member_ids).not.toContain(expert.id);
  }
  expect(verifyDrawRecord(record, { expectedCommitment: t.commitment })).toEqual({ valid: true, differences: [] });

  // 扫码核验 of a visit (the initiating department's joint notice carries the codes): every department's inspectors
  // and wy-samr's expert, named with their department, apart from the inspectors and without a 执法证号.
  const [visit] = ok<any>(
    await s.gql(
      `query($t: ID!) { jointVisits(taskId: $t) { items { id } } }`,
      { t: task.id },
      await s.login("wy-drc", "planner"),
    ),
    "jointVisits",
  ).items;
  const html = await (
    await fetch(`${s.url}/forms/joint-notice/${visit.id}`, {
      headers: { authorization: `Bearer ${await s.login("wy-drc", "planner")}` },
    })
  ).text();
  const code = /核验码：<b>([0-9A-Z-]+)<\/b>/.exec(html)![1];
  const seen = ok<any>(
    await s.gql(
      `query($c: String!) { visitCheck(code: $c) { status facts { inspectors { name certificateNo }
         experts { name organisation department } joint { departments { department inspectors { id } } } } } }`,
      { c: code },
    ),
    "visitCheck",
  );
  expect(seen.status).toBe("VALID");
  const samrName = ok<any>(await s.gql(`{ tenant(code: "wy-samr") { name } }`), "tenant").name;
  expect(seen.facts.experts).toEqual([{ name: expert.name, organisation: null, department: samrName }]);
  expect(seen.facts.inspectors.map((i: any) => i.name)).not.toContain(expert.name);
  expect(seen.facts.joint.departments.map((d: any) => d.department)).toContain(samrName);
});

test("a joint task whose departments ask for no experts draws none and prints none", async () => {
  const { task } = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
  ]);
  for (const c of ["wy-drc", "wy-samr"]) expect((await confirm(s, c, task.id)).errors).toBeUndefined();
  ok((await approveAndDraw(s, task.id)).draw, "drawJointTask");
  const t = ok(
    await s.gql(
      `query($id: ID!) { jointTask(id: $id) { draw { record } targets { team { experts { id } } } visits { notice } } }`,
      { id: task.id },
      await s.login("wy-drc", "planner"),
    ),
    "jointTask",
  );
  expect(t.draw.record.config.inspectorDraws.map((d: any) => d.departmentId)).toHaveLength(2);
  for (const target of t.targets) expect(target.team.experts).toEqual([]);
  for (const v of t.visits) expect(v.notice.experts).toEqual([]);
});
