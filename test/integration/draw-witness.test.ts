import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { atFixtureClock } from "../helpers/fixture-clock";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import {
  confirm,
  createJointPlanAndTask,
  type JointSetup,
  publishJointPlanOf,
  seedJointDepartments,
} from "../helpers/joint-fixture";

/**
 * The draw witness (现场监督人, issue 11): a different user from the operator and from whoever locked, of the drawing
 * department (the initiating department for a joint draw), active, a SUPERVISOR, confirming with their own
 * credentials — from their own signed-in session (confirmDrawWitness / confirmJointDrawWitness) or, without that,
 * their own password typed at the draw. Every refusal is FORBIDDEN with rule DRAW_WITNESS and a reason, never
 * UNAUTHENTICATED (which signs the operator out). A witness of the designated supervision body (纪委监委) is
 * re-checked at the draw through draw_witness_eligible() (migration 0310): lapsed, the draw is refused with rule
 * DRAW_WITNESS_LAPSED and nothing is written. Department and joint draws, and the database floor.
 */
let s: TestServer;
let ids: DirectoryIds;
let planId: string;
const PASSWORD = "jointcheck-demo";
const OTHER_PASSWORD = "witness-test-password-42";

const ok = (r: GqlResponse, key: string): any => {
  if (r.errors) throw new Error(`${key}: ${JSON.stringify(r.errors)}`);
  return r.data![key];
};
const refusal = (r: GqlResponse) => ({
  code: r.errors?.[0]?.extensions?.code,
  reason: r.errors?.[0]?.extensions?.reason ?? r.errors?.[0]?.extensions?.rule,
});
const as = (username: string, tenant = "wy-drc") =>
  s.login(tenant, username, username.startsWith("w-") ? OTHER_PASSWORD : PASSWORD);

const CONFIRM = `mutation($t: ID!, $e: String!) { confirmDrawWitness(taskId: $t, witnessEntropy: $e) { id status witnessedAt } }`;
const DRAW = `mutation($i: DrawInput!) { drawTask(input: $i) { id status record verification { valid differences } } }`;
const LOCKS = `query($id: ID!) { task(id: $id) { drawLocks { status witnessedAt } } }`;

async function createUser(tenant: string, username: string, roles: string[]): Promise<string> {
  return ok(
    await s.gql(
      `mutation($i: NewUserInput!) { createUser(input: $i) { id } }`,
      { i: { username, displayName: `监督测试${username.slice(2)}`, password: OTHER_PASSWORD, roles } },
      await s.login(tenant, "admin"),
    ),
    "createUser",
  ).id;
}

/** An approved task of the published plan, locked (to draw at once) by `locker`. */
async function lockedTask(name: string, locker = "planner"): Promise<string> {
  const t = ok(
    await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId,
          name,
          kind: "DIRECTED",
          itemIds: [ids.itemIds["DRC-W01"]],
          filters: { tags: ["监督人测试"] },
          windowFrom: "2026-03-01",
          windowTo: "2026-11-30",
          samplingRule: { default: { mode: "FIXED", count: 2 } },
          stratifyBy: "NONE",
          revisionReason: "测试：计划公布后新增任务（修订）",
        },
      },
      await as("planner"),
    ),
    "createTask",
  ).id;
  ok(
    await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: t }, await as("supervisor")),
    "approveTask",
  );
  ok(
    await s.gql(
      `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
      { id: t },
      await as(locker),
    ),
    "lockDraw",
  );
  return t;
}

// The department tasks' windows are 2026-03-01 to 2026-11-30: the draws run inside them (src/domain/plan/draw-rules).
atFixtureClock();

beforeAll(async () => {
  s = await startTestServer();
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 410_000,
    subjects: [{ tag: "监督人测试", count: 30 }],
    inspectors: 6,
    categories: ["发展改革"],
    items: [{ code: "DRC-W01", name: "监督人测试事项", itemClass: "KEY", requiredCategories: [] }],
  });
  const planner = await as("planner");
  planId = ok(
    await s.gql(`mutation { createPlan(year: 2026, title: "监督人测试计划") { id } }`, {}, planner),
    "createPlan",
  ).id;
  for (const [m, t] of [
    ["submitPlan", planner],
    ["approvePlan", await as("supervisor")],
    ["publishPlan", planner],
  ] as const)
    ok(await s.gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: planId }, t), m);
  // A planner who is also a supervisor, a second supervisor, and a user of another department only.
  await createUser("wy-drc", "w-dual", ["PLANNER", "SUPERVISOR"]);
  await createUser("wy-drc", "w-sup2", ["SUPERVISOR"]);
  await createUser("wy-samr", "w-samronly", ["SUPERVISOR"]);
});
afterAll(async () => {
  await s?.close();
});

describe("department draw", () => {
  test("the witness confirms from their own session; the operator's draw uses that confirmation", async () => {
    const task = await lockedTask("本人设备确认");
    const planner = await as("planner");
    expect(refusal(await s.gql(DRAW, { i: { taskId: task } }, planner))).toEqual({
      code: "RULE_VIOLATION",
      reason: "DRAW_WITNESS_PENDING",
    });
    // Not the operator (no SUPERVISOR role), not a supervisor of another department.
    expect(errorCode(await s.gql(CONFIRM, { t: task, e: "1" }, planner))).toBe("FORBIDDEN");
    expect(refusal(await s.gql(CONFIRM, { t: task, e: "1" }, await s.login("wy-samr", "supervisor")))).toEqual({
      code: "FORBIDDEN",
      reason: "OTHER_DEPARTMENT",
    });
    expect(errorCode(await s.gql(CONFIRM, { t: task, e: "   " }, await as("supervisor")))).toBe("BAD_USER_INPUT");
    expect((ok(await s.gql(LOCKS, { id: task }, planner), "task").drawLocks as any[])[0].witnessedAt).toBeNull();

    const confirmed = ok(await s.gql(CONFIRM, { t: task, e: "5-2-6" }, await as("supervisor")), "confirmDrawWitness");
    expect(confirmed).toMatchObject({ status: "OPEN", witnessedAt: expect.any(String) });
    // The operator's screen sees that the witness has confirmed (never the entropy before the draw).
    const lock = (ok(await s.gql(LOCKS, { id: task }, planner), "task").drawLocks as any[])[0];
    expect(lock).toEqual({ status: "OPEN", witnessedAt: confirmed.witnessedAt });
    expect(errorCode(await s.gql(CONFIRM, { t: task, e: "9" }, await as("w-sup2")))).toBe("CONFLICT");
    // With a confirmation, nobody types a witness's credentials or entropy at the draw.
    expect(
      refusal(
        await s.gql(DRAW, { i: { taskId: task, witnessUsername: "supervisor", witnessPassword: PASSWORD } }, planner),
      ),
    ).toEqual({ code: "BAD_USER_INPUT", reason: "witness_confirmed" });

    const d = ok(await s.gql(DRAW, { i: { taskId: task } }, planner), "drawTask");
    expect(d.status).toBe("VALID");
    expect(d.verification).toEqual({ valid: true, differences: [] });
    expect(d.record.witnessEntropy).toBe("5-2-6");
    expect(d.record.witnesses).toEqual(["监督员（监督/审核人员）"]);
  });

  test("neither the operator nor whoever locked may witness, confirming or by password", async () => {
    // w-dual locked: as witness they are refused, on their own device and by password.
    const lockedByDual = await lockedTask("锁定人不能监督", "w-dual");
    expect(refusal(await s.gql(CONFIRM, { t: lockedByDual, e: "3" }, await as("w-dual")))).toEqual({
      code: "FORBIDDEN",
      reason: "IS_LOCKER",
    });
    const byPassword = (taskId: string, username: string, password: string, operator: string) =>
      as(operator).then((t) =>
        s.gql(DRAW, { i: { taskId, witnessUsername: username, witnessPassword: password, witnessEntropy: "4" } }, t),
      );
    expect(refusal(await byPassword(lockedByDual, "w-dual", OTHER_PASSWORD, "planner"))).toEqual({
      code: "FORBIDDEN",
      reason: "IS_LOCKER",
    });

    // w-dual confirmed as witness, then tries to run the draw as operator: refused; the planner runs it.
    const task = await lockedTask("操作人不能监督");
    ok(await s.gql(CONFIRM, { t: task, e: "2-2" }, await as("w-dual")), "confirmDrawWitness");
    expect(refusal(await s.gql(DRAW, { i: { taskId: task } }, await as("w-dual")))).toEqual({
      code: "FORBIDDEN",
      reason: "IS_OPERATOR",
    });
    const d = ok(await s.gql(DRAW, { i: { taskId: task } }, await as("planner")), "drawTask");
    expect(d.record.witnesses).toEqual(["监督测试dual（监督/审核人员）"]);

    // By password: the operator naming themselves.
    const another = await lockedTask("本人不能监督本人");
    expect(refusal(await byPassword(another, "w-dual", OTHER_PASSWORD, "w-dual"))).toEqual({
      code: "FORBIDDEN",
      reason: "IS_OPERATOR",
    });
  });

  test("a wrong password, another department's user or a non-supervisor is refused, typed, and the operator stays signed in", async () => {
    const task = await lockedTask("口令核验");
    const planner = await as("planner");
    const attempt = (username: string, password: string) =>
      s.gql(
        DRAW,
        { i: { taskId: task, witnessUsername: username, witnessPassword: password, witnessEntropy: "6" } },
        planner,
      );
    expect(refusal(await attempt("supervisor", "wrong-password"))).toEqual({
      code: "FORBIDDEN",
      reason: "BAD_CREDENTIALS",
    });
    // A user of another department is not found in the drawing department: the same answer as a wrong password.
    expect(refusal(await attempt("w-samronly", OTHER_PASSWORD))).toEqual({
      code: "FORBIDDEN",
      reason: "BAD_CREDENTIALS",
    });
    expect(refusal(await attempt("inspector1", PASSWORD))).toEqual({ code: "FORBIDDEN", reason: "NOT_SUPERVISOR" });
    const me = await s.gql(`{ me { username } }`, {}, planner);
    expect(me.data?.me.username).toBe("planner");
    expect(ok(await attempt("supervisor", PASSWORD), "drawTask").status).toBe("VALID");
  });

  test("a witness deactivated after confirming cannot witness the draw", async () => {
    const task = await lockedTask("停用的监督人");
    ok(await s.gql(CONFIRM, { t: task, e: "1-1" }, await as("w-sup2")), "confirmDrawWitness");
    const [sup2] = await asRuntime(
      "wy-drc",
      async (c) => (await c.query(`SELECT id FROM app_user WHERE username = 'w-sup2'`)).rows,
    );
    ok(
      await s.gql(
        `mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { active } }`,
        { id: sup2.id },
        await s.login("wy-drc", "admin"),
      ),
      "updateUser",
    );
    expect(refusal(await s.gql(DRAW, { i: { taskId: task } }, await as("planner")))).toEqual({
      code: "FORBIDDEN",
      reason: "INACTIVE",
    });
  });

  test("a released lock takes its witness confirmation with it; the release is public and happens once", async () => {
    const task = await lockedTask("解除锁定");
    ok(await s.gql(CONFIRM, { t: task, e: "4-4" }, await as("supervisor")), "confirmDrawWitness");
    const RELEASE = `mutation($t: ID!, $r: String!) { releaseDrawLock(taskId: $t, reason: $r) { id status releaseReason witnessedAt } }`;
    const released = ok(await s.gql(RELEASE, { t: task, r: "名录有误" }, await as("supervisor")), "releaseDrawLock");
    expect(released).toMatchObject({ id: expect.any(String), status: "RELEASED", releaseReason: "名录有误" });
    expect(errorCode(await s.gql(RELEASE, { t: task, r: "再次解除" }, await as("supervisor")))).toBe("CONFLICT");
    ok(
      await s.gql(
        `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "测试：重新锁定") { id witnessedAt } }`,
        { id: task },
        await as("planner"),
      ),
      "lockDraw",
    );
    // The new lock waits for a new confirmation: the one given for the released lock is not reused.
    expect(refusal(await s.gql(DRAW, { i: { taskId: task } }, await as("planner")))).toEqual({
      code: "RULE_VIOLATION",
      reason: "DRAW_WITNESS_PENDING",
    });
  });

  test("database floor: only the witness's own transaction writes the confirmation, once, never the locker's", async () => {
    const task = await lockedTask("数据库底线");
    const users = await asRuntime("wy-drc", async (c) =>
      Object.fromEntries(
        (await c.query(`SELECT username, id FROM app_user WHERE username IN ('planner', 'supervisor')`)).rows.map(
          (r) => [r.username, r.id],
        ),
      ),
    );
    const write = (asUser: string, witness: string) =>
      asRuntime(
        "wy-drc",
        (c) =>
          c.query(
            `UPDATE draw_lock SET witness_id = $2, witness_entropy = 'x', witnessed_at = now()
            WHERE task_id = $1 AND status = 'OPEN'`,
            [task, witness],
          ),
        users[asUser],
      );
    // The planner (who locked) writes the supervisor in as witness: refused; nor can they name themselves.
    await expect(write("planner", users.supervisor)).rejects.toMatchObject({ code: "23514" });
    await expect(write("planner", users.planner)).rejects.toMatchObject({ code: "23514" });
    await write("supervisor", users.supervisor);
    await expect(write("supervisor", users.supervisor)).rejects.toMatchObject({ code: "23514" });
  });

  test("database floor: a lock's frozen columns cannot be updated, and a settled lock never moves again", async () => {
    const task = await lockedTask("冻结的锁定");
    const update = (set: string) =>
      asRuntime("wy-drc", (c) => c.query(`UPDATE draw_lock SET ${set} WHERE task_id = $1`, [task]));
    // What the planner froze: the population, its digest, the commitment, who locked (permission denied).
    for (const set of [
      "population_count = population_count + 1",
      "population_digest = 'x'",
      "commitment = 'x'",
      "lock = '{}'::jsonb",
      "locked_by = witness_id",
      "draw_not_before = now()",
    ])
      await expect(update(set)).rejects.toMatchObject({ code: "42501" });
    // A release needs its reason, a use names its draw.
    await expect(update("status = 'RELEASED'")).rejects.toMatchObject({ code: "23514" });
    await expect(update("status = 'USED'")).rejects.toMatchObject({ code: "23514" });
    await update("status = 'RELEASED', release_reason = '名录有误'");
    // Released is final: not reopened, not re-reasoned.
    await expect(update("status = 'OPEN', release_reason = NULL")).rejects.toMatchObject({ code: "23514" });
    await expect(update("release_reason = '另一个理由'")).rejects.toMatchObject({ code: "23514" });
    const [row] = await asRuntime(
      "wy-drc",
      async (c) => (await c.query(`SELECT status, release_reason FROM draw_lock WHERE task_id = $1`, [task])).rows,
    );
    expect(row).toEqual({ status: "RELEASED", release_reason: "名录有误" });
  });
});

describe("a witness from the body designated to supervise the region's draws (纪委监委)", () => {
  test("its supervisor confirms a department's draw from their own session; the record names them and their body", async () => {
    const task = await lockedTask("纪委监委现场监督");
    const jw = await s.login("wy-jw", "supervisor");
    const tenants = (await s.gql(`{ tenants { code supervisesDraws } }`)).data!.tenants as Array<{
      code: string;
      supervisesDraws: boolean;
    }>;
    expect(tenants.filter((t) => t.supervisesDraws).map((t) => t.code)).toEqual(["wy-jw"]);
    // Its administrator is no witness; a supervisor of another department (not designated) is refused.
    expect(errorCode(await s.gql(CONFIRM, { t: task, e: "7" }, await s.login("wy-jw", "admin")))).toBe("FORBIDDEN");
    expect(refusal(await s.gql(CONFIRM, { t: task, e: "7" }, await s.login("wy-edu", "supervisor")))).toEqual({
      code: "FORBIDDEN",
      reason: "OTHER_DEPARTMENT",
    });
    ok(await s.gql(CONFIRM, { t: task, e: "4-2-6" }, jw), "confirmDrawWitness");
    const d = ok(await s.gql(DRAW, { i: { taskId: task } }, await as("planner")), "drawTask");
    expect(d.status).toBe("VALID");
    expect(d.verification.valid).toBe(true);
    expect(d.record.witnesses).toEqual(["纪检监察员（五原县纪委监委）"]);
    expect(d.record.witnessEntropy).toBe("4-2-6");
  });

  test("database floor: the outside witness writes only the confirmation, never the lock's settlement", async () => {
    const task = await lockedTask("纪委监委数据库底线");
    const [{ id: witness }] = await asRuntime(
      "wy-jw",
      async (c) => (await c.query(`SELECT id FROM app_user WHERE username = 'supervisor'`)).rows,
    );
    const outside = (sql: string) => asRuntime("wy-jw", (c) => c.query(sql.replace("$TASK", `'${task}'`)), witness);
    await expect(
      outside(`UPDATE draw_lock SET status = 'RELEASED', release_reason = '越权解除' WHERE task_id = $TASK`),
    ).rejects.toMatchObject({ code: "42501" });
    // The label is the database's, from the witness's own rows, whatever the writer tries.
    await expect(outside(`UPDATE draw_lock SET witness_label = '伪造' WHERE task_id = $TASK`)).rejects.toMatchObject({
      code: "42501",
    });
    await outside(
      `UPDATE draw_lock SET witness_id = '${witness}', witness_entropy = '9', witnessed_at = now() WHERE task_id = $TASK`,
    );
    const [row] = await asRuntime(
      "wy-drc",
      async (c) => (await c.query(`SELECT witness_label, status FROM draw_lock WHERE task_id = $1`, [task])).rows,
    );
    expect(row).toEqual({ witness_label: "纪检监察员（五原县纪委监委）", status: "OPEN" });
  });
});

describe("the outside witness re-checked at the draw (DRAW_WITNESS_LAPSED)", () => {
  const jwAdmin = () => s.login("wy-jw", "admin");
  const UPDATE_USER = `mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { active roles } }`;
  /** What the draw left in the database: draws of the task, its lock and the task status. */
  const traces = (task: string) =>
    asRuntime("wy-drc", async (c) => ({
      draws: Number((await c.query(`SELECT count(*) AS n FROM draw WHERE task_id = $1`, [task])).rows[0].n),
      lock: (await c.query(`SELECT status, draw_id FROM draw_lock WHERE task_id = $1`, [task])).rows,
      taskStatus: (await c.query(`SELECT status FROM inspection_task WHERE id = $1`, [task])).rows[0].status,
    }));
  const lockOf = async (task: string) =>
    (
      await asRuntime(
        "wy-drc",
        async (c) =>
          (
            await c.query(`SELECT id, witness_id FROM draw_lock WHERE task_id = $1 AND status = 'OPEN'`, [task])
          ).rows,
      )
    )[0] as { id: string; witness_id: string };

  test("deactivated in the 纪委 tenant after confirming: the draw is refused, typed, and nothing is written; reactivated, it draws", async () => {
    const witness = await createUser("wy-jw", "w-jwdeact", ["SUPERVISOR"]);
    const task = await lockedTask("纪委监督人确认后停用");
    ok(await s.gql(CONFIRM, { t: task, e: "3-1-4" }, await as("w-jwdeact", "wy-jw")), "confirmDrawWitness");
    const before = await traces(task);
    expect(before).toEqual({ draws: 0, lock: [{ status: "OPEN", draw_id: null }], taskStatus: "APPROVED" });
    ok(await s.gql(UPDATE_USER, { id: witness, i: { active: false } }, await jwAdmin()), "updateUser");

    const planner = await as("planner");
    const refused = await s.gql(DRAW, { i: { taskId: task } }, planner);
    expect(refusal(refused)).toEqual({ code: "RULE_VIOLATION", reason: "DRAW_WITNESS_LAPSED" });
    expect(refused.errors![0].message).toContain("监督测试jwdeact（五原县纪委监委）");
    expect(refused.errors![0].message).toContain("解除本次锁定");
    expect(await traces(task)).toEqual(before);
    // The operator stays signed in.
    expect((await s.gql(`{ me { username } }`, {}, planner)).data?.me.username).toBe("planner");

    // The check is live, not a mark left by the refusal: reactivated, the same confirmation draws.
    ok(await s.gql(UPDATE_USER, { id: witness, i: { active: true } }, await jwAdmin()), "updateUser");
    const d = ok(await s.gql(DRAW, { i: { taskId: task } }, planner), "drawTask");
    expect(d.status).toBe("VALID");
    expect(d.verification.valid).toBe(true);
    expect(d.record.witnesses).toEqual(["监督测试jwdeact（五原县纪委监委）"]);
    expect(d.record.witnessEntropy).toBe("3-1-4");
    expect((await traces(task)).draws).toBe(1);
  });

  test("lost the SUPERVISOR role, or the body lost its designation: refused; a still-valid witness draws", async () => {
    const witness = await createUser("wy-jw", "w-jwrole", ["SUPERVISOR"]);
    const task = await lockedTask("纪委监督人确认后失去角色");
    ok(await s.gql(CONFIRM, { t: task, e: "2-7" }, await as("w-jwrole", "wy-jw")), "confirmDrawWitness");
    ok(await s.gql(UPDATE_USER, { id: witness, i: { roles: ["VIEWER"] } }, await jwAdmin()), "updateUser");
    expect(refusal(await s.gql(DRAW, { i: { taskId: task } }, await as("planner")))).toEqual({
      code: "RULE_VIOLATION",
      reason: "DRAW_WITNESS_LAPSED",
    });
    expect((await traces(task)).draws).toBe(0);

    // The body no longer designated (set by the platform, here in SQL as the owner): its witness lapses too.
    const valid = await lockedTask("纪委监督机构撤销指定");
    ok(await s.gql(CONFIRM, { t: valid, e: "8-8" }, await s.login("wy-jw", "supervisor")), "confirmDrawWitness");
    const designate = (on: boolean) =>
      withOwner(async (c) => {
        await c.query("BEGIN");
        await c.query(`SELECT set_config('app.roles', 'PLATFORM_ADMIN', true)`);
        const r = await c.query(`UPDATE tenant SET supervises_draws = $1 WHERE code = 'wy-jw'`, [on]);
        await c.query("COMMIT");
        expect(r.rowCount).toBe(1);
      });
    await designate(false);
    try {
      expect(refusal(await s.gql(DRAW, { i: { taskId: valid } }, await as("planner")))).toEqual({
        code: "RULE_VIOLATION",
        reason: "DRAW_WITNESS_LAPSED",
      });
    } finally {
      await designate(true);
    }
    const d = ok(await s.gql(DRAW, { i: { taskId: valid } }, await as("planner")), "drawTask");
    expect(d.status).toBe("VALID");
    expect(d.record.witnesses).toEqual(["纪检监察员（五原县纪委监委）"]);
  });

  test("database floor: the function answers only for the caller's own open lock and its own witness", async () => {
    const task = await lockedTask("纪委监督人探测");
    ok(await s.gql(CONFIRM, { t: task, e: "5" }, await s.login("wy-jw", "supervisor")), "confirmDrawWitness");
    const lock = await lockOf(task);
    // Another supervisor of the 纪委 tenant, valid, who did not confirm this lock.
    const bystander = await createUser("wy-jw", "w-jwother", ["SUPERVISOR"]);
    const eligible = (tenant: string, lockId: string, witnessId: string) =>
      asRuntime(
        tenant,
        async (c) =>
          (await c.query(`SELECT public.draw_witness_eligible($1, $2) AS ok`, [lockId, witnessId])).rows as unknown[],
      );
    expect(await eligible("wy-drc", lock.id, lock.witness_id)).toEqual([{ ok: true }]);
    // Any other user id on the own lock: false, whatever that user is.
    expect(await eligible("wy-drc", lock.id, bystander)).toEqual([{ ok: false }]);
    // Another tenant (a participant, the witness's own body, an unrelated department) learns nothing of this lock.
    for (const tenant of ["wy-samr", "wy-jw", "wy-edu"])
      expect(await eligible(tenant, lock.id, lock.witness_id)).toEqual([{ ok: false }]);
    // The runtime role raising the function's flag itself reads no user of another tenant.
    const leaked = await asRuntime("wy-drc", async (c) => {
      await c.query(`SELECT set_config('app.draw_witness_check', $1, true)`, [lock.witness_id]);
      return (await c.query(`SELECT id FROM app_user WHERE id = $1`, [lock.witness_id])).rows;
    });
    expect(leaked).toEqual([]);
    // EXECUTE for the runtime group only (not PUBLIC), and the answer is one boolean.
    const [fn] = await withOwner(
      async (c) =>
        (
          await c.query(
            `SELECT pg_catalog.pg_get_function_result(p.oid) AS result,
                    has_function_privilege('public', p.oid, 'EXECUTE') AS "publicExecute",
                    has_function_privilege('jointcheck_runtime', p.oid, 'EXECUTE') AS "runtimeExecute"
               FROM pg_proc p WHERE p.proname = 'draw_witness_eligible'`,
          )
        ).rows,
    );
    expect(fn).toEqual({ result: "boolean", publicExecute: false, runtimeExecute: true });
  });
});

describe("joint draw", () => {
  // A joint draw runs inside its task's window (2026-06-01 to 2026-09-30): the file's clock stands before it.
  let setup: JointSetup;
  beforeAll(async () => {
    setup = await seedJointDepartments(s, 7300);
  });
  const JOINT_CONFIRM = `mutation($t: ID!, $e: String!) { confirmJointDrawWitness(taskId: $t, witnessEntropy: $e) { witnessedAt } }`;
  const JOINT_DRAW = `mutation($i: DrawInput!) { drawJointTask(input: $i) { id status record } }`;
  /** A joint task of wy-drc (initiator) and wy-samr, confirmed, approved, its plan published, locked to draw at once. */
  async function lockedJointTask(): Promise<string> {
    const { task } = await createJointPlanAndTask(s, setup, [
      { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
      { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
    ]);
    for (const code of ["wy-drc", "wy-samr"]) ok(await confirm(s, code, task.id), "confirmJointParticipation");
    ok(
      await s.gql(
        `mutation($id: ID!) { approveJointTask(id: $id) { status } }`,
        { id: task.id },
        await as("supervisor"),
      ),
      "approveJointTask",
    );
    await publishJointPlanOf(s, task.id);
    ok(
      await s.gql(
        `mutation($id: ID!) { lockJointDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
        { id: task.id },
        await as("planner"),
      ),
      "lockJointDraw",
    );
    return task.id;
  }

  test("the initiating department's supervisor confirms from their own session; a participant's cannot", async () => {
    const task = { id: await lockedJointTask() };
    const planner = await as("planner");
    // A participant department's supervisor sees the task and its lock, but does not witness the initiator's draw.
    expect(refusal(await s.gql(JOINT_CONFIRM, { t: task.id, e: "1" }, await s.login("wy-samr", "supervisor")))).toEqual(
      {
        code: "FORBIDDEN",
        reason: "OTHER_DEPARTMENT",
      },
    );
    expect(
      refusal(
        await s.gql(
          JOINT_DRAW,
          { i: { taskId: task.id, witnessUsername: "supervisor", witnessPassword: "wrong", witnessEntropy: "1" } },
          planner,
        ),
      ),
    ).toEqual({ code: "FORBIDDEN", reason: "BAD_CREDENTIALS" });
    expect(refusal(await s.gql(JOINT_DRAW, { i: { taskId: task.id } }, planner))).toEqual({
      code: "RULE_VIOLATION",
      reason: "DRAW_WITNESS_PENDING",
    });
    ok(await s.gql(JOINT_CONFIRM, { t: task.id, e: "6-3" }, await as("supervisor")), "confirmJointDrawWitness");
    const d = ok(await s.gql(JOINT_DRAW, { i: { taskId: task.id } }, planner), "drawJointTask");
    expect(d.status).toBe("VALID");
    expect(d.record.witnessEntropy).toBe("6-3");
    expect(d.record.witnesses).toEqual(["监督员（监督/审核人员）"]);
  });

  test("the same re-check: a 纪委 witness deactivated after confirming stops the joint draw, nothing written", async () => {
    const witness = await createUser("wy-jw", "w-jwjoint", ["SUPERVISOR"]);
    const task = await lockedJointTask();
    ok(await s.gql(JOINT_CONFIRM, { t: task, e: "1-6" }, await as("w-jwjoint", "wy-jw")), "confirmJointDrawWitness");
    const active = async (on: boolean) =>
      ok(
        await s.gql(
          `mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { active } }`,
          { id: witness, i: { active: on } },
          await s.login("wy-jw", "admin"),
        ),
        "updateUser",
      );
    const joint = () =>
      asRuntime("wy-drc", async (c) => ({
        draws: Number((await c.query(`SELECT count(*) AS n FROM joint_draw WHERE task_id = $1`, [task])).rows[0].n),
        lock: (await c.query(`SELECT status FROM draw_lock WHERE task_id = $1`, [task])).rows,
      }));
    await active(false);
    const planner = await as("planner");
    expect(refusal(await s.gql(JOINT_DRAW, { i: { taskId: task } }, planner))).toEqual({
      code: "RULE_VIOLATION",
      reason: "DRAW_WITNESS_LAPSED",
    });
    expect(await joint()).toEqual({ draws: 0, lock: [{ status: "OPEN" }] });
    await active(true);
    const d = ok(await s.gql(JOINT_DRAW, { i: { taskId: task } }, planner), "drawJointTask");
    expect(d.status).toBe("VALID");
    expect(d.record.witnesses).toEqual(["监督测试jwjoint（五原县纪委监委）"]);
    expect(await joint()).toEqual({ draws: 1, lock: [{ status: "USED" }] });
  });
});

/** A statement as the owner (what the platform does outside the API). */
async function withOwner<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: s.db.ownerUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A transaction as the runtime role (the server's login, not the owner) for a tenant and optionally a user. */
async function asRuntime<T>(tenant: string, fn: (c: Client) => Promise<T>, userId = ""): Promise<T> {
  const c = new Client({ connectionString: s.db.appUrl });
  await c.connect();
  try {
    const [{ id }] = (await c.query(`SELECT id FROM tenant WHERE code = $1`, [tenant])).rows;
    await c.query("BEGIN");
    await c.query(...transactionSettings(id, userId, "PLANNER,SUPERVISOR"));
    const out = await fn(c);
    await c.query("COMMIT");
    return out;
  } catch (e) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}
