import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import {
  confirm,
  createJointPlanAndTask,
  JOINT_TEST_CLOCK,
  type JointSetup,
  seedJointDepartments,
  WITNESS,
} from "../helpers/joint-fixture";

/**
 * A joint task after the draw, over GraphQL: 20 concurrent draws give one; 回避/递补 by a participant's SUPERVISOR
 * for its own inspectors (the record with substitutions still verifies, the leader stays with wy-drc); 作废 by the
 * initiator's SUPERVISOR (history kept, targets and visits cancelled, new seed, drawn again); then publication: the
 * public reads the plan, its tasks and the draw record after its embargo, through RLS.
 */
let s: TestServer;
let setup: JointSetup;
let taskId: string;
let planId: string;
/** wy-samr's inspectors linked to inspector1 / inspector2, alone in its sub-library 联合检查. */
let samrLinked: Record<string, string>;

const DRAW = `mutation($i: DrawInput!) { drawJointTask(input: $i) { id sequence status } }`;
const TASK = `query($id: ID!) { jointTask(id: $id) {
  status commitment
  draw { id sequence status verification { valid differences } record substitutions { departmentId recusedId substituteId sequence } }
  draws { id sequence status voidReason }
  targets { id subjectId leaderId status team { leaderId members { id name departmentId role } } }
  visits { id status }
} }`;
const RECUSE = `mutation($i: JointRecusalInput!) { recuseJointInspector(input: $i) {
  target { id leaderId team { leaderId members { id departmentId role } } }
  substitution { sequence departmentId recusedId substituteId reasonCode }
} }`;

async function sql<T = any>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}
const count = async (text: string, params: unknown[] = []) => Number((await sql(s.db.superuserUrl, text, params))[0].n);

interface PartRow {
  id: string;
  tenant_id: string;
  joint_target_id: string;
  leader_id: string;
  member_ids: string[];
  status: string;
  updated_at: Date;
}
/** Every department's JOINT part of the task's targets (joint_parts_sync, migration 0130). */
const parts = () =>
  sql<PartRow>(
    s.db.superuserUrl,
    `SELECT id, tenant_id, joint_target_id, leader_id, member_ids, status, updated_at FROM assignment
      WHERE joint_task_id = $1 AND kind = 'JOINT' ORDER BY joint_target_id, tenant_id`,
    [taskId],
  );

const task = async (code = "wy-drc", user = "planner") =>
  (await s.gql(TASK, { id: taskId }, await s.login(code, user))).data!.jointTask;

async function assignmentEvents(code: string, user: string) {
  const r = await s.gql(`{ myEvents(since: "0") { items { topic payload } } }`, {}, await s.login(code, user));
  return r.data!.myEvents.items.filter((e: any) => e.topic === "ASSIGNMENT").map((e: any) => e.payload);
}

beforeAll(async () => {
  // The fixture window is 2026-06-01 to 2026-09-30: draws and visit dates run before it (src/domain/plan/draw-rules).
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 6 });
  setup = await seedJointDepartments(s, 500_000);
  const samr = setup.tenants["wy-samr"];
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [samr]);
    const rows = await c.query(
      `UPDATE inspector i SET sub_libraries = '{联合检查}', enforcement_categories = '{市场监管}', status = 'ON_DUTY'
         FROM app_user u WHERE u.id = i.user_id AND i.tenant_id = $1 AND u.username IN ('inspector1', 'inspector2')
       RETURNING i.id, u.username`,
      [samr],
    );
    await c.query("COMMIT");
    samrLinked = Object.fromEntries(rows.rows.map((r: { id: string; username: string }) => [r.username, r.id]));
  } finally {
    await c.end();
  }
  expect(Object.keys(samrLinked).sort()).toEqual(["inspector1", "inspector2"]);
  const created = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
    { code: "wy-emerg", itemIds: [setup.emergEntryId] },
    { code: "wy-fire", itemIds: [] },
  ]);
  taskId = created.task.id;
  planId = created.plan.id;
  expect((await confirm(s, "wy-drc", taskId)).errors).toBeUndefined();
  const rule = { subLibrary: "联合检查", minSize: 1, maxSize: 1 };
  expect((await confirm(s, "wy-samr", taskId, { teamRule: rule })).errors).toBeUndefined();
  expect((await confirm(s, "wy-emerg", taskId, { teamRule: rule })).errors).toBeUndefined();
  const fire = await s.gql(
    `mutation($t: ID!) { declineJointParticipation(taskId: $t, reason: "无相关执法职责") { status } }`,
    { t: taskId },
    await s.login("wy-fire", "planner"),
  );
  expect(fire.errors).toBeUndefined();
});
afterAll(async () => {
  await s.close();
  resetClock();
});

test("before publication the plan is a DRAFT and the public and non-participants read nothing of it", async () => {
  const coordinator = await s.gql(
    `query($id: ID!) { jointPlan(id: $id) { status publishedAt } }`,
    { id: planId },
    await s.login("wy-samr", "admin"),
  );
  expect(coordinator.data!.jointPlan).toEqual({ status: "DRAFT", publishedAt: null });
  for (const token of [undefined, await s.login("wy-tax", "planner")]) {
    expect(errorCode(await s.gql(`query($id: ID!) { jointPlan(id: $id) { id } }`, { id: planId }, token))).toBe(
      "NOT_FOUND",
    );
    expect(errorCode(await s.gql(`query($id: ID!) { jointTask(id: $id) { id } }`, { id: taskId }, token))).toBe(
      "NOT_FOUND",
    );
    const lists = await s.gql(
      `query($p: ID!) { jointPlans(limit: 500) { items { id } } jointTasks(planId: $p) { total } }`,
      { p: planId },
      token,
    );
    expect(lists.data!.jointPlans.items.map((p: any) => p.id)).not.toContain(planId);
    expect(lists.data!.jointTasks.total).toBe(0);
  }
});

test("only the coordinator publishes the plan, once; a joint draw runs only under a published plan", async () => {
  const approve = await s.gql(
    `mutation($id: ID!) { approveJointTask(id: $id) { status } }`,
    { id: taskId },
    await s.login("wy-drc", "supervisor"),
  );
  expect(approve.errors).toBeUndefined();
  const planner = await s.login("wy-drc", "planner");
  const lock = () =>
    s.gql(
      `mutation($id: ID!) { lockJointDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
      { id: taskId },
      planner,
    );
  const draft = await lock();
  // The department rule and its message (src/domain/plan/draw-rules), not a joint copy.
  expect(draft.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "PLAN_NOT_PUBLISHED" });
  expect(draft.errors![0].message).toBe("抽查计划公布后才能锁定抽取参数（抽取须在公开的计划下进行）");
  const drawDraft = await s.gql(DRAW, { i: { taskId, witnessEntropy: "1-2-3", ...WITNESS } }, planner);
  expect(drawDraft.errors![0].extensions).toMatchObject({ rule: "PLAN_NOT_PUBLISHED" });
  expect(await count(`SELECT count(*) AS n FROM draw_lock WHERE task_id = $1`, [taskId])).toBe(0);
  const m = `mutation($id: ID!) { publishJointPlan(id: $id) { id status publishedAt } }`;
  expect(errorCode(await s.gql(m, { id: planId }, await s.login("wy-drc", "admin")))).toBe("FORBIDDEN");
  expect(errorCode(await s.gql(m, { id: planId }))).toBe("UNAUTHENTICATED");
  const r = await s.gql(m, { id: planId }, await s.login("wy-samr", "planner"));
  expect(r.errors).toBeUndefined();
  expect(r.data!.publishJointPlan).toMatchObject({
    id: planId,
    status: "PUBLISHED",
    publishedAt: expect.any(String),
  });
  expect(errorCode(await s.gql(m, { id: planId }, await s.login("wy-samr", "planner")))).toBe("CONFLICT");
  // Published, but the task's window (to 2026-09-30) has ended: no lock.
  setClock(clockFrom("2026-10-01T02:00:00Z"));
  try {
    // Tokens follow the clock too: sign in again at the later instant (s.login caches the earlier token).
    const signIn = await s.gql(
      `mutation { login(tenantCode: "wy-drc", username: "planner", password: "jointcheck-demo") { token } }`,
      {},
    );
    const latePlanner = signIn.data!.login.token;
    const late = await s.gql(
      `mutation($id: ID!) { lockJointDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
      { id: taskId },
      latePlanner,
    );
    expect(late.errors![0].extensions).toMatchObject({
      code: "RULE_VIOLATION",
      rule: "DRAW_WINDOW_ENDED",
      windowTo: "2026-09-30",
    });
    expect(late.errors![0].message).toContain("任务期限（2026-06-01 至 2026-09-30）已过");
  } finally {
    setClock(clockFrom(JOINT_TEST_CLOCK));
  }
  expect(await count(`SELECT count(*) AS n FROM draw_lock WHERE task_id = $1`, [taskId])).toBe(0);
});

test("20 concurrent joint draw requests give exactly one draw", async () => {
  const planner = await s.login("wy-drc", "planner");
  await s.gql(
    `mutation($id: ID!) { lockJointDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
    { id: taskId },
    planner,
  );
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      s.gql(DRAW, { i: { taskId, witnessEntropy: `并发-${i}`, ...WITNESS } }, planner),
    ),
  );
  const ok = results.filter((r) => !r.errors);
  expect(ok).toHaveLength(1);
  expect(ok[0].data!.drawJointTask).toMatchObject({ sequence: 1, status: "VALID" });
  expect(results.filter((r) => errorCode(r) === "CONFLICT")).toHaveLength(19);
  expect(await count(`SELECT count(*) AS n FROM joint_draw WHERE task_id = $1`, [taskId])).toBe(1);
  expect(await count(`SELECT count(*) AS n FROM joint_target WHERE task_id = $1`, [taskId])).toBe(3);
  expect(await count(`SELECT count(*) AS n FROM joint_visit WHERE task_id = $1`, [taskId])).toBe(3);
});

describe("回避/递补 inside the joint team", () => {
  test("only a SUPERVISOR of the inspector's own department approves", async () => {
    const t = await task();
    const target = t.targets[0];
    const samrMember = target.team.members.find((m: any) => m.departmentId === setup.tenants["wy-samr"]);
    const input = {
      targetId: target.id,
      inspectorId: samrMember.id,
      reason: "ORDERED",
      note: "亲属关系",
      requestedBy: "本人",
    };
    expect(errorCode(await s.gql(RECUSE, { i: input }, await s.login("wy-drc", "supervisor")))).toBe("FORBIDDEN");
    expect(errorCode(await s.gql(RECUSE, { i: input }, await s.login("wy-samr", "planner")))).toBe("FORBIDDEN");
    expect(errorCode(await s.gql(RECUSE, { i: input }, await s.login("wy-tax", "supervisor")))).toBe("NOT_FOUND");
    const notMember = await s.gql(
      RECUSE,
      {
        i: {
          ...input,
          inspectorId: samrLinked.inspector1 === samrMember.id ? samrLinked.inspector2 : samrLinked.inspector1,
        },
      },
      await s.login("wy-samr", "supervisor"),
    );
    expect(notMember.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "inspectorId" });
    // wy-emerg has one inspector in its sub-library: nobody can step in.
    const emergMember = target.team.members.find((m: any) => m.departmentId === setup.tenants["wy-emerg"]);
    const none = await s.gql(
      RECUSE,
      { i: { ...input, inspectorId: emergMember.id } },
      await s.login("wy-emerg", "supervisor"),
    );
    expect(none.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "NO_ELIGIBLE_SUBSTITUTE" });
    expect(await count(`SELECT count(*) AS n FROM joint_substitution`)).toBe(0);
  });

  test("a participant's substitute comes from its own ranking; the record still verifies; both inspectors hear of it", async () => {
    const before = await task();
    const target = before.targets[0];
    const recused = target.team.members.find((m: any) => m.departmentId === setup.tenants["wy-samr"]);
    const partsBefore = await parts();
    const r = await s.gql(
      RECUSE,
      {
        i: {
          targetId: target.id,
          inspectorId: recused.id,
          reason: "REQUESTED",
          note: "被检查对象申请回避",
          requestedBy: "被检查对象",
        },
      },
      await s.login("wy-samr", "supervisor"),
    );
    expect(r.errors).toBeUndefined();
    const { substitution, target: after } = r.data!.recuseJointInspector;
    const other = recused.id === samrLinked.inspector1 ? samrLinked.inspector2 : samrLinked.inspector1;
    expect(substitution).toEqual({
      sequence: 1,
      departmentId: setup.tenants["wy-samr"],
      recusedId: recused.id,
      substituteId: other,
      reasonCode: "REQUESTED",
    });
    const ids = after.team.members.map((m: any) => m.id);
    expect(ids).toContain(other);
    expect(ids).not.toContain(recused.id);
    expect(after.team.members.filter((m: any) => m.departmentId === setup.tenants["wy-samr"])).toHaveLength(1);
    expect(after.leaderId).toBe(target.leaderId);
    const t = await task("wy-emerg");
    expect(t.draw.record.substitutions).toHaveLength(1);
    expect(t.draw.record.substitutions[0]).toMatchObject({ departmentId: setup.tenants["wy-samr"], substitute: other });
    expect(t.draw.verification).toEqual({ valid: true, differences: [] });
    const userOf = (id: string) => (id === samrLinked.inspector1 ? "inspector1" : "inspector2");
    const inEvents = await assignmentEvents("wy-samr", userOf(other));
    expect(inEvents).toContainEqual(expect.objectContaining({ change: "SUBSTITUTED_IN", jointTargetId: target.id }));
    const outEvents = await assignmentEvents("wy-samr", userOf(recused.id));
    expect(outEvents).toContainEqual(expect.objectContaining({ change: "RECUSED", jointTargetId: target.id }));
    // The substitute now sees the visit among their joint visits; the recused inspector no longer for that target.
    const mine = async (user: string) =>
      (await s.gql(`{ myJointVisits { targetId } }`, {}, await s.login("wy-samr", user))).data!.myJointVisits.map(
        (v: any) => v.targetId,
      );
    expect(await mine(userOf(other))).toContain(target.id);
    expect(await mine(userOf(recused.id))).not.toContain(target.id);
    // joint_parts_sync follows the 递补: wy-samr's part of that target now holds the substitute; every other part
    // (the other departments' parts of that target, and every part of the other targets) is unchanged.
    const partsAfter = await parts();
    const samrPart = (rows: PartRow[]) =>
      rows.find((p) => p.joint_target_id === target.id && p.tenant_id === setup.tenants["wy-samr"])!;
    expect(samrPart(partsBefore)).toMatchObject({ member_ids: [recused.id], leader_id: recused.id });
    expect(samrPart(partsAfter)).toMatchObject({ member_ids: [other], leader_id: other, status: "ASSIGNED" });
    expect(samrPart(partsAfter).id).toBe(samrPart(partsBefore).id);
    const rest = (rows: PartRow[]) => rows.filter((p) => p !== samrPart(rows));
    expect(partsAfter).toHaveLength(partsBefore.length);
    expect(rest(partsAfter)).toEqual(rest(partsBefore));
  });

  test("the initiator recusing its leader keeps a leader from the initiating department; the chain still verifies", async () => {
    const target = (await task()).targets[1];
    const r = await s.gql(
      RECUSE,
      {
        i: {
          targetId: target.id,
          inspectorId: target.leaderId,
          reason: "SELF_DECLARED",
          note: "曾在该企业任职",
          requestedBy: "本人",
        },
      },
      await s.login("wy-drc", "supervisor"),
    );
    expect(r.errors).toBeUndefined();
    const team = r.data!.recuseJointInspector.target.team;
    expect(team.leaderId).not.toBe(target.leaderId);
    const leader = team.members.find((m: any) => m.role === "LEADER");
    expect(leader).toMatchObject({ id: team.leaderId, departmentId: setup.tenants["wy-drc"] });
    expect(team.members[0].id).toBe(team.leaderId);
    for (const dept of ["wy-drc", "wy-samr", "wy-emerg"])
      expect(team.members.some((m: any) => m.departmentId === setup.tenants[dept])).toBe(true);
    const t = await task("wy-samr");
    expect(t.draw.substitutions.map((x: any) => [x.sequence, x.departmentId])).toEqual([
      [1, setup.tenants["wy-samr"]],
      [2, setup.tenants["wy-drc"]],
    ]);
    expect(t.draw.verification.valid).toBe(true);
    // Tampering with a stored substitution breaks verification.
    await sql(
      s.db.superuserUrl,
      `UPDATE joint_substitution SET entry = jsonb_set(entry, '{substitute}', to_jsonb(recused_id::text)) WHERE sequence = 1`,
    );
    expect((await task("wy-samr")).draw.verification.valid).toBe(false);
    await sql(
      s.db.superuserUrl,
      `UPDATE joint_substitution SET entry = jsonb_set(entry, '{substitute}', to_jsonb(substitute_id::text)) WHERE sequence = 1`,
    );
    expect((await task("wy-samr")).draw.verification.valid).toBe(true);
  });
});

describe("作废 of the joint draw", () => {
  test("only the initiating department's SUPERVISOR voids, with a reason", async () => {
    const { draw } = await task();
    const v = (token: string, reason: string) =>
      s.gql(
        `mutation($id: ID!, $r: String!) { voidJointDraw(id: $id, reason: $r) { id status } }`,
        { id: draw.id, r: reason },
        token,
      );
    expect(errorCode(await v(await s.login("wy-drc", "planner"), "操作失误"))).toBe("FORBIDDEN");
    expect(errorCode(await v(await s.login("wy-samr", "supervisor"), "操作失误"))).toBe("FORBIDDEN");
    // The plan is published, so wy-tax sees the task (the public part) but may not void its draw.
    expect(errorCode(await v(await s.login("wy-tax", "supervisor"), "操作失误"))).toBe("FORBIDDEN");
    expect(errorCode(await v(await s.login("wy-drc", "supervisor"), "  "))).toBe("BAD_USER_INPUT");
    expect(await count(`SELECT count(*) AS n FROM joint_draw WHERE status = 'VOIDED'`)).toBe(0);
  });

  test("voiding cancels targets and visits, keeps the history, commits a new seed; the task is drawn again", async () => {
    const before = await task();
    const voided = await s.gql(
      `mutation($id: ID!) { voidJointDraw(id: $id, reason: "现场监督人未到场，程序不合规") { id status voidReason voidedAt } }`,
      { id: before.draw.id },
      await s.login("wy-drc", "supervisor"),
    );
    expect(voided.errors).toBeUndefined();
    expect(voided.data!.voidJointDraw).toMatchObject({ status: "VOIDED", voidReason: "现场监督人未到场，程序不合规" });
    const again = await s.gql(
      `mutation($id: ID!) { voidJointDraw(id: $id, reason: "再次作废") { id } }`,
      { id: before.draw.id },
      await s.login("wy-drc", "supervisor"),
    );
    expect(errorCode(again)).toBe("CONFLICT");
    const after = await task("wy-samr");
    expect(after.status).toBe("APPROVED");
    expect(after.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(after.commitment).not.toBe(before.commitment);
    expect(after.draw).toBeNull();
    expect(after.targets).toEqual([]);
    expect(after.visits).toEqual([]);
    // Participants still see the voided draw in the history.
    expect(after.draws).toEqual([
      { id: before.draw.id, sequence: 1, status: "VOIDED", voidReason: "现场监督人未到场，程序不合规" },
    ]);
    expect(
      await count(`SELECT count(*) AS n FROM joint_target WHERE task_id = $1 AND status = 'CANCELLED'`, [taskId]),
    ).toBe(3);
    expect(
      await count(`SELECT count(*) AS n FROM joint_visit WHERE task_id = $1 AND status = 'CANCELLED'`, [taskId]),
    ).toBe(3);
    const cancelled = before.targets.map((t: any) => t.id);
    const events = [
      ...(await assignmentEvents("wy-samr", "inspector1")),
      ...(await assignmentEvents("wy-samr", "inspector2")),
    ];
    expect(
      events.filter((p: any) => p.change === "CANCELLED" && cancelled.includes(p.jointTargetId)).length,
    ).toBeGreaterThanOrEqual(1);
    // A cancelled target and visit take no more changes.
    const recuse = await s.gql(
      RECUSE,
      {
        i: {
          targetId: cancelled[2],
          inspectorId: before.targets[2].leaderId,
          reason: "OTHER",
          note: "x",
          requestedBy: "本人",
        },
      },
      await s.login("wy-drc", "supervisor"),
    );
    expect(errorCode(recuse)).toBe("NOT_FOUND");
    const visitId = before.visits[0].id;
    const propose = await s.gql(
      `mutation($i: JointVisitDateInput!) { proposeJointVisitDate(input: $i) { status } }`,
      { i: { visitId, date: "2026-06-15" } },
      await s.login("wy-samr", "admin"),
    );
    expect(errorCode(propose)).toBe("CONFLICT");

    // The initiator keeps its new draws embargoed for 30 days; the task is drawn again.
    const settings = await s.gql(
      `mutation { updateTenantSettings(input: { drawEmbargoDays: 30 }) { drawEmbargoDays } }`,
      {},
      await s.login("wy-drc", "admin"),
    );
    expect(settings.errors).toBeUndefined();
    await s.gql(
      `mutation($id: ID!) { lockJointDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
      { id: taskId },
      await s.login("wy-drc", "planner"),
    );
    const redraw = await s.gql(
      DRAW,
      { i: { taskId, witnessEntropy: "3-3-1", ...WITNESS } },
      await s.login("wy-drc", "planner"),
    );
    expect(redraw.errors).toBeUndefined();
    expect(redraw.data!.drawJointTask).toMatchObject({ sequence: 2, status: "VALID" });
    const drawn = await task("wy-emerg");
    expect(drawn.status).toBe("DRAWN");
    expect(drawn.draws.map((d: any) => [d.sequence, d.status])).toEqual([
      [1, "VOIDED"],
      [2, "VALID"],
    ]);
    expect(drawn.targets).toHaveLength(3);
    expect(drawn.visits.map((v: any) => v.status)).toEqual(["UNSCHEDULED", "UNSCHEDULED", "UNSCHEDULED"]);
    expect(drawn.draw.verification.valid).toBe(true);
  });
});

describe("publication of the joint plan", () => {
  const PUBLIC = `query($id: ID!) { jointPlan(id: $id) { status title tasks { id name
    initiatingDepartment { name }
    participations { status department { name } items { code name } }
    draw { id } draws { id sequence status voidReason record verification { valid } }
  } } }`;

  test("anonymous: the plan, its tasks with department names and items, and the draws past their embargo", async () => {
    const r = await s.gql(PUBLIC, { id: planId });
    expect(r.errors).toBeUndefined();
    const plan = r.data!.jointPlan;
    expect(plan.status).toBe("PUBLISHED");
    const [t] = plan.tasks;
    expect(t.initiatingDepartment.name).toBe("五原县发展和改革委员会");
    // Confirmed participants only: wy-fire declined.
    expect(t.participations.map((p: any) => p.status)).toEqual(["CONFIRMED", "CONFIRMED", "CONFIRMED"]);
    expect(t.participations.flatMap((p: any) => p.items.map((i: any) => i.code)).sort()).toEqual([
      "DRC-J01",
      "EMG-J01",
      "SAMR-J01",
    ]);
    // The valid draw is embargoed for 30 days; the voided one (no embargo) is public with its substitutions.
    expect(t.draw).toBeNull();
    expect(t.draws).toHaveLength(1);
    expect(t.draws[0]).toMatchObject({ sequence: 1, status: "VOIDED", verification: { valid: true } });
    expect(t.draws[0].record.substitutions).toHaveLength(2);
    // One public path for department and joint draws (finding 6): draw(id), the record with its 递补 and void, the sheet.
    const byId = await s.gql(
      `query($id: ID!) { draw(id: $id) { kind algorithm status record verification { valid } recordHtml } }`,
      { id: t.draws[0].id },
    );
    expect(byId.errors).toBeUndefined();
    expect(byId.data!.draw).toMatchObject({ kind: "JOINT", algorithm: "jc-draw-v2", status: "VOIDED" });
    expect(byId.data!.draw.verification.valid).toBe(true);
    expect(byId.data!.draw.record.substitutions).toHaveLength(2);
    expect(byId.data!.draw.record.voided.reason).toBe("现场监督人未到场，程序不合规");
    expect(byId.data!.draw.recordHtml).toContain("选派（抽取）记录单");
    const list = await s.gql(`query($p: ID!) { jointTasks(planId: $p) { total } }`, { p: planId });
    expect(list.data!.jointTasks.total).toBe(1);
    // Targets, teams and visits stay with the participants.
    const visits = await s.gql(`query($t: ID!) { jointVisits(taskId: $t) { total } }`, { t: taskId });
    expect(errorCode(visits)).toBe("UNAUTHENTICATED");
  });

  test("as the runtime role without a tenant: exactly the public rows; after the embargo the valid draw too", async () => {
    const publicCounts = async () => {
      const c = new Client({ connectionString: s.db.appUrl });
      await c.connect();
      try {
        // An anonymous visitor's transaction as the server opens it: no tenant, the one clock's date and instant.
        await c.query("BEGIN");
        await c.query(...transactionSettings(""));
        const n = async (q: string) => Number((await c.query(q, [taskId])).rows[0].n);
        return {
          plan: await n(`SELECT count(*) AS n FROM joint_plan p JOIN joint_task t ON t.plan_id = p.id WHERE t.id = $1`),
          task: await n(`SELECT count(*) AS n FROM joint_task WHERE id = $1`),
          participations: await n(`SELECT count(*) AS n FROM joint_participation WHERE task_id = $1`),
          seed: await n(`SELECT count(*) AS n FROM joint_task_seed WHERE task_id = $1`),
          draws: await n(`SELECT count(*) AS n FROM joint_draw WHERE task_id = $1`),
          substitutions: await n(`SELECT count(*) AS n FROM joint_substitution WHERE task_id = $1`),
          targets: await n(`SELECT count(*) AS n FROM joint_target WHERE task_id = $1`),
          visits: await n(`SELECT count(*) AS n FROM joint_visit WHERE task_id = $1`),
        };
      } finally {
        await c.end();
      }
    };
    const base = { plan: 1, task: 1, participations: 3, seed: 0, substitutions: 2, targets: 0, visits: 0 };
    expect(await publicCounts()).toEqual({ ...base, draws: 1 });
    // Past the embargo (tampered as superuser, the append-only trigger set aside).
    await sql(
      s.db.superuserUrl,
      `SET session_replication_role = replica;
       UPDATE joint_draw SET public_after = drawn_at WHERE task_id = '${taskId}' AND status = 'VALID';
       SET session_replication_role = DEFAULT`,
    );
    expect(await publicCounts()).toEqual({ ...base, draws: 2 });
    const r = await s.gql(`query($id: ID!) { jointTask(id: $id) { draw { sequence verification { valid } } } }`, {
      id: taskId,
    });
    expect(r.data!.jointTask.draw).toEqual({ sequence: 2, verification: { valid: true } });
  });

  test("the region report of a department of another region does not list this region's published plan", async () => {
    const q = `query($y: Int!) { jointRegionReport(year: $y) { plans { plan { id } } region { visits targets } } }`;
    const other = await s.gql(q, { y: 2026 }, await s.login("dlt-samr", "admin"));
    expect(other.errors).toBeUndefined();
    expect(other.data!.jointRegionReport.plans.map((p: any) => p.plan.id)).not.toContain(planId);
    expect(other.data!.jointRegionReport.region).toEqual({ visits: 0, targets: 0 });
    // The plan is public (anyone reads it by id), and its own region's report still lists it.
    expect((await s.gql(`query($id: ID!) { jointPlan(id: $id) { id } }`, { id: planId })).errors).toBeUndefined();
    const own = await s.gql(q, { y: 2026 }, await s.login("wy-samr", "admin"));
    expect(own.data!.jointRegionReport.plans.map((p: any) => p.plan.id)).toContain(planId);
    expect(own.data!.jointRegionReport.region.targets).toBeGreaterThan(0);
  });

  test("a department that declined or was never invited now reads the public part, still no targets or visits", async () => {
    for (const code of ["wy-fire", "wy-tax"]) {
      const token = await s.login(code, "planner");
      const r = await s.gql(
        `query($id: ID!) { jointTask(id: $id) { id targets { id } visits { id } participations { status } } }`,
        { id: taskId },
        token,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!.jointTask).toMatchObject({ id: taskId, targets: [], visits: [] });
      expect(r.data!.jointTask.participations).toHaveLength(3);
      const v = await s.gql(`query($t: ID!) { jointVisits(taskId: $t) { total } }`, { t: taskId }, token);
      expect(v.data!.jointVisits.total).toBe(0);
    }
  });
});
