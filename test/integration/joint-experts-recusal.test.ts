import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import {
  approveAndDraw,
  confirm,
  createJointPlanAndTask,
  JOINT_TEST_CLOCK,
  type JointSetup,
  seedJointDepartments,
} from "../helpers/joint-fixture";

/**
 * 回避/递补 of a joint task's 随行专家 (issue 14): the joint recusal takes the person kind. An expert recused on a
 * joint visit is replaced by the next one of its department's experts config in the record (the one 递补 of the draw
 * protocol, as for inspectors), the team's experts, the department's part (assignment.expert_ids) and the joint notice
 * follow, the record still verifies, an audit entry says it was an expert, and the recused expert no longer sees the
 * visit. With no expert left the recusal is a typed rule violation; no other department recuses another's expert.
 */
let s: TestServer;
let setup: JointSetup;
let taskId: string;
/** wy-samr's two linked people (users inspector1, inspector2), both external experts of its 专家库. */
let experts: Record<string, { id: string; name: string }>;

const RECUSE = `mutation($i: JointRecusalInput!) { recuseJointInspector(input: $i) {
  target { id team { leaderId members { id } experts { id name departmentId rank } } }
  substitution { sequence departmentId personKind recusedId substituteId reasonCode } } }`;

const TASK = `query($id: ID!) { jointTask(id: $id) {
  draw { verification { valid differences } record }
  targets { id subjectId team { leaderId members { id departmentId } experts { id name departmentId rank } } }
  visits { targetId notice noticeHtml } } }`;

const ok = <T = any>(r: GqlResponse, field: string): T => {
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data![field] as T;
};

const task = async (code = "wy-drc") =>
  ok(await s.gql(TASK, { id: taskId }, await s.login(code, "planner")), "jointTask");

const mine = async (user: string) =>
  ok(await s.gql(`{ myJointVisits { targetId } }`, {}, await s.login("wy-samr", user)), "myJointVisits").map(
    (v: any) => v.targetId,
  );

async function assignmentEvents(user: string) {
  const r = await s.gql(`{ myEvents(since: "0") { items { topic payload } } }`, {}, await s.login("wy-samr", user));
  return ok(r, "myEvents")
    .items.filter((e: any) => e.topic === "ASSIGNMENT")
    .map((e: any) => e.payload);
}

const userOf = (id: string) => Object.keys(experts).find((u) => experts[u].id === id)!;

beforeAll(async () => {
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 6 });
  setup = await seedJointDepartments(s, 710_000);
  const rows = await s.superuser<{ id: string; name: string; username: string }>(
    `UPDATE inspector i SET is_external_expert = true, sub_libraries = '{专家库}', status = 'ON_DUTY',
           name = '外聘专家' || u.username
       FROM app_user u WHERE u.id = i.user_id AND i.tenant_id = $1 AND u.username IN ('inspector1', 'inspector2')
     RETURNING i.id, i.name, u.username`,
    [setup.tenants["wy-samr"]],
  );
  experts = Object.fromEntries(rows.map((r) => [r.username, { id: r.id, name: r.name }]));
  expect(Object.keys(experts).sort()).toEqual(["inspector1", "inspector2"]);
  const created = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
  ]);
  taskId = created.task.id;
  expect((await confirm(s, "wy-drc", taskId)).errors).toBeUndefined();
  expect(
    (await confirm(s, "wy-samr", taskId, { teamRule: { experts: { count: 1, subLibrary: "专家库" } } })).errors,
  ).toBeUndefined();
  const steps = await approveAndDraw(s, taskId);
  expect(steps.approve.errors).toBeUndefined();
  expect(steps.lock.errors).toBeUndefined();
  expect(ok(steps.draw, "drawJointTask").drawnCount).toBe(3);
});
afterAll(async () => {
  await s.close();
  resetClock();
});

test("another department cannot recuse wy-samr's expert, nor recuse it as an inspector", async () => {
  const target = (await task()).targets[0];
  const expert = target.team.experts[0];
  const input = {
    targetId: target.id,
    kind: "EXPERT",
    inspectorId: expert.id,
    reason: "REQUESTED",
    note: "企业申请",
    requestedBy: "被检查对象",
  };
  // A participant (the initiating department) is not the expert's department.
  const drc = await s.gql(RECUSE, { i: input }, await s.login("wy-drc", "supervisor"));
  expect(drc.errors![0].extensions).toMatchObject({ code: "FORBIDDEN" });
  expect(drc.errors![0].message).toBe("只能批准本部门随行专家的回避");
  // A department that takes no part does not see the target at all.
  expect(errorCode(await s.gql(RECUSE, { i: input }, await s.login("wy-tax", "supervisor")))).toBe("NOT_FOUND");
  // The kind decides where the person is looked for: an expert is not a member of the team.
  const asInspector = await s.gql(
    RECUSE,
    { i: { ...input, kind: "INSPECTOR" } },
    await s.login("wy-samr", "supervisor"),
  );
  expect(asInspector.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "inspectorId" });
  // Only a supervisor approves.
  expect(errorCode(await s.gql(RECUSE, { i: input }, await s.login("wy-samr", "planner")))).toBe("FORBIDDEN");
  expect((await s.superuser(`SELECT 1 FROM joint_substitution WHERE task_id = $1`, [taskId])).length).toBe(0);
  expect((await task()).targets[0].team.experts).toEqual(target.team.experts);
});

test("a recused joint expert is replaced by the next in order; team, part, notice and record follow; the recused one no longer sees the visit", async () => {
  const samr = setup.tenants["wy-samr"];
  const before = await task();
  const target = before.targets[0];
  expect(target.team.experts).toHaveLength(1);
  const recused = target.team.experts[0];
  const other = Object.values(experts).find((e) => e.id !== recused.id)!;
  expect(await mine(userOf(recused.id))).toContain(target.id);
  const partBefore = await s.superuser(
    `SELECT id, member_ids, expert_ids FROM assignment WHERE joint_target_id = $1 AND tenant_id = $2`,
    [target.id, samr],
  );
  expect(partBefore[0].expert_ids).toEqual([recused.id]);

  const r = ok(
    await s.gql(
      RECUSE,
      {
        i: {
          targetId: target.id,
          kind: "EXPERT",
          inspectorId: recused.id,
          reason: "SELF_DECLARED",
          note: "曾为该企业提供咨询服务",
          requestedBy: "本人",
        },
      },
      await s.login("wy-samr", "supervisor"),
    ),
    "recuseJointInspector",
  );
  expect(r.substitution).toEqual({
    sequence: 1,
    departmentId: samr,
    personKind: "EXPERT",
    recusedId: recused.id,
    substituteId: other.id,
    reasonCode: "SELF_DECLARED",
  });
  expect(r.target.team.experts).toEqual([{ id: other.id, name: other.name, departmentId: samr, rank: 1 }]);
  // The enforcement team is untouched.
  expect(r.target.team.members).toEqual(target.team.members.map((m: any) => ({ id: m.id })));
  expect(r.target.team.leaderId).toBe(target.team.leaderId);

  const after = await task();
  // The record: the 递补 in wy-samr's experts config, the chain verifies.
  expect(after.draw.record.substitutions).toHaveLength(1);
  expect(after.draw.record.substitutions[0]).toMatchObject({
    departmentId: `${samr}:experts`,
    recused: recused.id,
    substitute: other.id,
  });
  expect(after.draw.verification).toEqual({ valid: true, differences: [] });
  // Other targets keep their experts.
  for (const t of after.targets.slice(1))
    expect(t.team.experts).toEqual(before.targets.find((b: any) => b.id === t.id).team.experts);
  // The joint notice names the replacement, not the recused expert.
  const visit = after.visits.find((v: any) => v.targetId === target.id);
  expect(visit.notice.experts).toEqual([{ name: other.name, departmentName: expect.stringContaining("市场监督") }]);
  expect(visit.noticeHtml).toContain(other.name);
  expect(visit.noticeHtml).not.toContain(recused.name);
  // wy-samr's part holds the replacement (same part, members unchanged).
  const partAfter = await s.superuser(
    `SELECT id, member_ids, expert_ids FROM assignment WHERE joint_target_id = $1 AND tenant_id = $2`,
    [target.id, samr],
  );
  expect(partAfter[0]).toEqual({ ...partBefore[0], expert_ids: [other.id] });
  // The replacement sees the visit and hears of it; the recused expert no longer sees it, and hears of it.
  expect(await mine(userOf(other.id))).toContain(target.id);
  expect(await mine(userOf(recused.id))).not.toContain(target.id);
  expect(await assignmentEvents(userOf(other.id))).toContainEqual(
    expect.objectContaining({ change: "SUBSTITUTED_IN", jointTargetId: target.id }),
  );
  expect(await assignmentEvents(userOf(recused.id))).toContainEqual(
    expect.objectContaining({ change: "RECUSED", jointTargetId: target.id }),
  );
  // 留痕: wy-samr's audit chain holds the substitution, naming the kind.
  const audit = await s.superuser<{ actor: string; summary: string }>(
    `SELECT actor, summary FROM audit_event WHERE tenant_id = $1 AND action = 'joint_draw.substitute' AND entity_id = $2`,
    [samr, target.id],
  );
  expect(audit).toHaveLength(1);
  expect(JSON.parse(audit[0].summary)).toMatchObject({ kind: "EXPERT", reason: "SELF_DECLARED" });
});

test("recusing the replacement when no expert is left is a typed error in Chinese; nothing changes", async () => {
  const target = (await task()).targets[0];
  const expert = target.team.experts[0];
  const none = await s.gql(
    RECUSE,
    {
      i: {
        targetId: target.id,
        kind: "EXPERT",
        inspectorId: expert.id,
        reason: "REQUESTED",
        note: "企业申请回避",
        requestedBy: "被检查对象",
      },
    },
    await s.login("wy-samr", "supervisor"),
  );
  expect(none.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "NO_ELIGIBLE_SUBSTITUTE" });
  expect(none.errors![0].message).toBe("按锁定时的人员库和排序找不到符合规则的递补人员");
  expect((await s.superuser(`SELECT 1 FROM joint_substitution WHERE task_id = $1`, [taskId])).length).toBe(1);
  expect((await task()).targets[0].team.experts).toEqual(target.team.experts);
  expect(await mine(userOf(expert.id))).toContain(target.id);
});

test("the firm sees the visit's expert, asks for its recusal, and wy-samr's supervisor grants it with the other expert", async () => {
  const samr = setup.tenants["wy-samr"];
  const target = (await task()).targets[1];
  const expert = target.team.experts[0];
  const other = Object.values(experts).find((e) => e.id !== expert.id)!;
  const visits = ok(
    await s.gql(
      `query($t: ID!) { jointVisits(taskId: $t) { items { id targetId } } }`,
      { t: taskId },
      await s.login("wy-drc", "planner"),
    ),
    "jointVisits",
  );
  const visitId = visits.items.find((v: any) => v.targetId === target.id).id;
  // The initiating department prints the joint notice with the visit's codes.
  const res = await fetch(`${s.url}/forms/joint-notice/${visitId}`, {
    headers: { authorization: `Bearer ${await s.login("wy-drc", "planner")}` },
  });
  const html = await res.text();
  const code = /核验码：<b>([0-9A-Z-]+)<\/b>/.exec(html)![1];
  const firmCode = /企业办事码：<b>([0-9A-Z-]+)<\/b>/.exec(html)![1];
  const CHECK = `query($c: String!, $f: String) { visitCheck(code: $c, firmCode: $f) {
    facts { joint { departments { department experts { id name } inspectors { id } } } } } }`;
  const expertsSeen = async () =>
    ok(await s.gql(CHECK, { c: code, f: firmCode }), "visitCheck").facts.joint.departments.flatMap(
      (d: any) => d.experts,
    );
  expect(await expertsSeen()).toEqual([{ id: expert.id, name: expert.name }]);

  ok(
    await s.gql(
      `mutation($c: String!, $f: String!, $p: ID!) {
        firmRequestRecusal(code: $c, firmCode: $f, inspectorId: $p, reason: "该专家曾为我公司提供有偿咨询") { status } }`,
      { c: code, f: firmCode, p: expert.id },
    ),
    "firmRequestRecusal",
  );
  const sup = await s.login("wy-samr", "supervisor");
  const queue = ok(
    await s.gql(`query { firmRequests(status: "PENDING") { id inspectorId } }`, {}, sup),
    "firmRequests",
  );
  const req = queue.find((x: any) => x.inspectorId === expert.id);
  const d = ok(
    await s.gql(
      `mutation($id: ID!) { decideFirmRequest(id: $id, grant: true, note: "经核实存在利害关系") { status substituteId } }`,
      { id: req.id },
      sup,
    ),
    "decideFirmRequest",
  );
  expect(d).toEqual({ status: "GRANTED", substituteId: other.id });
  expect(await expertsSeen()).toEqual([{ id: other.id, name: other.name }]);
  const after = (await task()).targets.find((t: any) => t.id === target.id);
  expect(after.team.experts).toEqual([{ id: other.id, name: other.name, departmentId: samr, rank: 1 }]);
  expect(after.team.members).toEqual(target.team.members);
  const [part] = await s.superuser(`SELECT expert_ids FROM assignment WHERE joint_target_id = $1 AND tenant_id = $2`, [
    target.id,
    samr,
  ]);
  expect(part.expert_ids).toEqual([other.id]);
  expect((await task()).draw.verification).toEqual({ valid: true, differences: [] });
});

test("as the runtime role, another department cannot rewrite wy-samr's experts of a joint team (joint_target_guard)", async () => {
  const samr = setup.tenants["wy-samr"];
  const other = new Client({ connectionString: s.db.appUrl });
  await other.connect();
  try {
    await other.query("BEGIN");
    await other.query(...transactionSettings(setup.tenants["wy-drc"], "", "ADMIN,PLANNER,SUPERVISOR"));
    const [target] = (
      await other.query(
        `SELECT id, team FROM joint_target WHERE task_id = $1 AND status = 'ACTIVE' ORDER BY id LIMIT 1`,
        [taskId],
      )
    ).rows;
    const expert = target.team.experts.find((e: any) => e.departmentId === samr);
    const swapped = Object.values(experts).find((e) => e.id !== expert.id)!;
    const team = { ...target.team, experts: [{ ...expert, id: swapped.id, name: swapped.name }] };
    await expect(other.query(`UPDATE joint_target SET team = $2 WHERE id = $1`, [target.id, team])).rejects.toThrow(
      /joint targets/,
    );
  } finally {
    await other.query("ROLLBACK").catch(() => undefined);
    await other.end();
  }
});
