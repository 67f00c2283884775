import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type DrawRecordV2, substituteV2, verifyDrawRecord } from "../../src/draw";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, wsTransport } from "../helpers/transports";

/**
 * Draw protocol v2 (issue 11), one finding per test: the lock before the entropy and its notice period (4, 5), an
 * infeasible attempt that leaves a public trace (1), 递补 that a status flip cannot steer (2), and the public
 * verifying the current record, 递补 included (3). Over HTTP, and the lock over graphql-ws.
 */
let s: TestServer;
let ws: Transport;
let ids: DirectoryIds;
let planId: string;
const run = promisify(execFile);
const WITNESS = { witnessUsername: "supervisor", witnessPassword: "jointcheck-demo" };
// A Monday in Beijing (2026-03-02 10:00 +08:00): the next working day starts 2026-03-03T00:00+08:00.
const MONDAY = "2026-03-02T02:00:00Z";

/** Fresh tokens at the current (test) clock: cached ones would outlive a moved clock. */
async function login(username: string): Promise<string> {
  const r = await s.gql(
    `mutation($u: String!) { login(tenantCode: "wy-drc", username: $u, password: "jointcheck-demo") { token } }`,
    { u: username },
  );
  return r.data!.login.token;
}

const ok = <T = any>(r: GqlResponse, key: string): T => {
  expect(r.errors).toBeUndefined();
  return r.data![key] as T;
};

async function approvedTask(name: string, rule: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const planner = await login("planner");
  const t = ok(
    await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId,
          name,
          kind: "DIRECTED",
          itemIds: [ids.itemIds["DRC-101"]],
          filters: { tags: ["v2测试"] },
          windowFrom: "2026-03-01",
          windowTo: "2026-09-30",
          samplingRule: rule,
          stratifyBy: "NONE",
          revisionReason: "测试：计划公布后新增任务（修订）",
          ...extra,
        },
      },
      planner,
    ),
    "createTask",
  );
  const a = ok(
    await s.gql(
      `mutation($id: ID!) { approveTask(id: $id) { id commitment } }`,
      { id: t.id },
      await login("supervisor"),
    ),
    "approveTask",
  );
  return a as { id: string; commitment: string };
}

const LOCK = `mutation($id: ID!, $r: String) { lockDraw(taskId: $id, immediateReason: $r) {
  id status commitment lockDigest populationCount populationDigest configDigest drawNotBefore immediateReason } }`;
const DRAW = `mutation($i: DrawInput!) { drawTask(input: $i) {
  id status algorithm lockDigest infeasibleTargets verification { valid differences } assignments { id subjectId memberIds } } }`;
const draw = async (taskId: string, entropy = "3-1-4") =>
  s.gql(DRAW, { i: { taskId, witnessEntropy: entropy, ...WITNESS } }, await login("planner"));

beforeAll(async () => {
  s = await startTestServer();
  ws = wsTransport(s);
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 300_000,
    subjects: [{ tag: "v2测试", count: 30 }],
    inspectors: 12,
    categories: ["发展改革"],
    items: [{ code: "DRC-101", name: "协议 v2 测试事项", itemClass: "KEY", requiredCategories: [] }],
  });
  setClock(clockFrom(MONDAY));
  const planner = await login("planner");
  const supervisor = await login("supervisor");
  planId = ok(
    await s.gql(`mutation { createPlan(year: 2026, title: "v2 计划") { id } }`, {}, planner),
    "createPlan",
  ).id;
  for (const [m, t] of [
    ["submitPlan", planner],
    ["approvePlan", supervisor],
  ] as const)
    ok(await s.gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: planId }, t), m);
});
afterAll(async () => {
  resetClock();
  await ws.close();
  await s.close();
});

describe("lock, then draw (findings 4 and 5)", () => {
  let task: { id: string; commitment: string };
  let lock: any;

  test("no lock under an unpublished plan; once published, the lock's digests are public beside the commitment", async () => {
    task = await approvedTask("锁定与公示期", { default: { mode: "FIXED", count: 4 } });
    const early = await ws.run(LOCK, { id: task.id }, await login("planner"));
    expect(early.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "PLAN_NOT_PUBLISHED" });
    ok(
      await s.gql(`mutation($id: ID!) { publishPlan(id: $id) { status } }`, { id: planId }, await login("planner")),
      "publishPlan",
    );
    // A drawTask before any lock is refused before the witness is even checked.
    expect((await draw(task.id)).errors![0].extensions).toMatchObject({ rule: "DRAW_NOT_LOCKED" });
    lock = ok(await ws.run(LOCK, { id: task.id }, await login("planner")), "lockDraw");
    expect(lock).toMatchObject({
      status: "OPEN",
      commitment: task.commitment,
      populationCount: 30,
      immediateReason: null,
      drawNotBefore: "2026-03-02T16:00:00.000Z",
    });
    expect(errorCode(await ws.run(LOCK, { id: task.id }, await login("planner")))).toBe("CONFLICT");
    const anon = await s.gql(
      `query($id: ID!) { task(id: $id) { commitment drawLocks { lockDigest populationDigest configDigest drawNotBefore } } }`,
      { id: task.id },
    );
    expect(anon.data!.task).toEqual({
      commitment: task.commitment,
      drawLocks: [
        {
          lockDigest: lock.lockDigest,
          populationDigest: lock.populationDigest,
          configDigest: lock.configDigest,
          drawNotBefore: lock.drawNotBefore,
        },
      ],
    });
  });

  test("the draw waits for the notice period, then only adds the entropy: the record carries the published lock", async () => {
    const tooEarly = await draw(task.id);
    expect(tooEarly.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "DRAW_NOTICE_PERIOD" });
    // Inspector statuses change after the lock: the draw uses the frozen pool, not today's.
    await s.superuser(`UPDATE inspector SET status = 'ON_LEAVE' WHERE id = $1`, [ids.inspectorIds[0]]);
    setClock(clockFrom("2026-03-03T01:30:00Z"));
    const d = ok(await draw(task.id), "drawTask");
    expect(d).toMatchObject({
      status: "VALID",
      algorithm: "jc-draw-v2",
      lockDigest: lock.lockDigest,
      infeasibleTargets: 0,
      verification: { valid: true, differences: [] },
    });
    const { record } = (
      await s.gql(`query($id: ID!) { draw(id: $id) { record } }`, { id: d.id }, await login("planner"))
    ).data!.draw;
    expect(record.lock).toMatchObject({ digest: lock.lockDigest, drawNotBefore: "2026-03-02T16:00:00.000Z" });
    expect(record.population.digest).toBe(lock.populationDigest);
    expect(record.configDigest).toBe(lock.configDigest);
    const frozen = record.config.inspectorDraws[0].pool.find((c: any) => c.key === ids.inspectorIds[0]);
    expect(frozen.status).toBe("ACTIVE");
    expect(
      verifyDrawRecord(record, { expectedCommitment: task.commitment, expectedLockDigest: lock.lockDigest }).valid,
    ).toBe(true);
    await s.superuser(`UPDATE inspector SET status = 'ON_DUTY' WHERE id = $1`, [ids.inspectorIds[0]]);
  });
});

describe("every attempt counts (finding 1)", () => {
  test("an infeasible team is a public INFEASIBLE attempt with an audit entry; a redo needs a visible void and a new lock", async () => {
    const task = await approvedTask(
      "无法组队",
      { default: { mode: "FIXED", count: 3 } },
      { teamRule: { requiredCategories: ["特种设备"] } },
    );
    ok(await s.gql(LOCK, { id: task.id, r: "现场公开抽取" }, await login("planner")), "lockDraw");
    const attempt = await draw(task.id);
    // No error, so no message names a subject that is then thrown away.
    const d = ok(attempt, "drawTask");
    expect(d).toMatchObject({ status: "INFEASIBLE", infeasibleTargets: 3, assignments: [] });
    expect(d.verification.valid).toBe(true);
    const audit = await s.superuser(`SELECT action FROM audit_event WHERE entity_id = $1`, [d.id]);
    expect(audit.map((a) => a.action)).toEqual(["draw.infeasible"]);
    // Public at once (no embargo here), in the task's history.
    const anon = await s.gql(`query($id: ID!) { task(id: $id) { status draws { id status infeasibleTargets } } }`, {
      id: task.id,
    });
    expect(anon.data!.task).toEqual({
      status: "APPROVED",
      draws: [{ id: d.id, status: "INFEASIBLE", infeasibleTargets: 3 }],
    });
    // Retrying until the outcome suits is impossible: neither a new lock nor a new draw while the attempt stands.
    expect(errorCode(await s.gql(LOCK, { id: task.id, r: "再试" }, await login("planner")))).toBe("CONFLICT");
    expect(errorCode(await draw(task.id, "9-9-9"))).toBe("CONFLICT");
    const voided = ok(
      await s.gql(
        `mutation($id: ID!) { voidDraw(id: $id, reason: "执法类别要求无人满足，调整组队规则后重新抽取") { status } }`,
        { id: d.id },
        await login("supervisor"),
      ),
      "voidDraw",
    );
    expect(voided.status).toBe("VOIDED");
    const pub = (await s.gql(`query($id: ID!) { draw(id: $id) { record verification { valid } } }`, { id: d.id })).data!
      .draw;
    expect(pub.verification.valid).toBe(true);
    expect(pub.record.voided).toMatchObject({ reason: "执法类别要求无人满足，调整组队规则后重新抽取" });
    const after = ok(await s.gql(`query($id: ID!) { task(id: $id) { commitment } }`, { id: task.id }), "task");
    expect(after.commitment).not.toBe(task.commitment);
    const relock = ok(await s.gql(LOCK, { id: task.id, r: "作废后重新锁定" }, await login("planner")), "lockDraw");
    expect(relock.commitment).toBe(after.commitment);
  });
});

describe("递补 from frozen data, verified by the public (findings 2 and 3)", () => {
  let drawId: string;
  let record: DrawRecordV2;
  const RECUSE = `mutation($i: RecusalInput!) { recuseInspector(input: $i) { substituteId assignment { memberIds } } }`;

  test("flipping the next substitute's status does not move the 递补; only a recorded declaration does", async () => {
    const task = await approvedTask("递补", { default: { mode: "FIXED", count: 5 } });
    ok(await s.gql(LOCK, { id: task.id, r: "现场公开抽取" }, await login("planner")), "lockDraw");
    const d = ok(await draw(task.id), "drawTask");
    drawId = d.id;
    record = (await s.gql(`query($id: ID!) { draw(id: $id) { record } }`, { id: drawId }, await login("planner"))).data!
      .draw.record;
    const a = d.assignments[0];
    const request = {
      targetKey: a.subjectId,
      recused: a.memberIds[1],
      reason: { code: "SELF_DECLARED" as const, note: "亲属关系" },
      recordedAt: new Date().toISOString(),
      approvedBy: "x",
    };
    const predicted = substituteV2(record, request);
    if (!predicted.ok) throw new Error(predicted.code);
    // The v1 attack: set the predictable substitute ON_LEAVE for one request.
    await s.superuser(`UPDATE inspector SET status = 'ON_LEAVE' WHERE id = $1`, [predicted.substitution.substitute]);
    const r = ok(
      await s.gql(
        RECUSE,
        {
          i: {
            assignmentId: a.id,
            inspectorId: a.memberIds[1],
            reason: "SELF_DECLARED",
            note: "亲属关系",
            requestedBy: "本人",
          },
        },
        await login("supervisor"),
      ),
      "recuseInspector",
    );
    expect(r.substituteId).toBe(predicted.substitution.substitute);
    await s.superuser(`UPDATE inspector SET status = 'ON_DUTY' WHERE id = $1`, [predicted.substitution.substitute]);

    // The honest way: declare the unavailability; it is in the record and holds for the rest of this draw.
    const b = d.assignments[1];
    const r2 = ok(
      await s.gql(
        RECUSE,
        {
          i: {
            assignmentId: b.id,
            inspectorId: b.memberIds[0],
            reason: "UNAVAILABLE",
            note: "外出培训",
            requestedBy: "本人",
            unavailable: [{ inspectorId: b.memberIds[0], note: "外出培训至 3 月 20 日" }],
          },
        },
        await login("supervisor"),
      ),
      "recuseInspector",
    );
    expect(r2.substituteId).not.toBe(b.memberIds[0]);
    const current = (
      await s.gql(`query($id: ID!) { draw(id: $id) { record } }`, { id: drawId }, await login("planner"))
    ).data!.draw.record as DrawRecordV2;
    expect(current.substitutions[1]).toMatchObject({
      declaredUnavailable: [{ inspectorKey: b.memberIds[0], note: "外出培训至 3 月 20 日" }],
      // By name and role, never the login name (public records, issue 10 §4).
      approvedBy: "监督员（监督/审核人员）",
      overCapReason: null,
    });
    expect(
      errorCode(
        await s.gql(
          RECUSE,
          {
            i: {
              assignmentId: d.assignments[2].id,
              inspectorId: d.assignments[2].memberIds[0],
              reason: "OTHER",
              note: "x",
              requestedBy: "x",
              unavailable: [{ inspectorId: b.memberIds[0], note: "再次声明" }],
            },
          },
          await login("supervisor"),
        ),
      ),
    ).toBe("BAD_USER_INPUT");
  });

  test("the tenant's cap: the 4th 递补 of a draw needs a recorded reason", async () => {
    const planner = await login("planner");
    const assignments = ok(
      await s.gql(`query($id: ID!) { draw(id: $id) { assignments { id memberIds } } }`, { id: drawId }, planner),
      "draw",
    ).assignments;
    const recuse = async (i: number, overCapReason?: string) =>
      s.gql(
        RECUSE,
        {
          i: {
            assignmentId: assignments[i].id,
            inspectorId: assignments[i].memberIds[0],
            reason: "ORDERED",
            note: "监督人员决定回避",
            requestedBy: "监督人员",
            ...(overCapReason ? { overCapReason } : {}),
          },
        },
        await login("supervisor"),
      );
    ok(await recuse(2), "recuseInspector");
    const refused = await recuse(3);
    expect(refused.errors![0].extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "RECUSAL_CAP" });
    ok(await recuse(3, "该企业多名人员存在利害关系，经局长批准"), "recuseInspector");
  });

  test("anonymous users and other departments get the current record, every 递补 included, and it verifies offline", async () => {
    const anon = (
      await s.gql(`query($id: ID!) { draw(id: $id) { record verification { valid differences } } }`, { id: drawId })
    ).data!.draw;
    expect(anon.verification).toEqual({ valid: true, differences: [] });
    expect(anon.record.substitutions).toHaveLength(4);
    const declared = anon.record.substitutions[1].declaredUnavailable[0].inspectorKey;
    expect(anon.record.substitutions.slice(2).map((x: any) => x.substitute)).not.toContain(declared);
    const other = await s.login("wy-samr", "admin");
    const theirs = (await s.gql(`query($id: ID!) { draw(id: $id) { record } }`, { id: drawId }, other)).data!.draw;
    expect(theirs.record.substitutions).toHaveLength(4);
    const latest = anon.record.substitutions[3].digest;
    const dir = mkdtempSync(path.join(tmpdir(), "jc-v2-"));
    const file = path.join(dir, "record.json");
    writeFileSync(file, JSON.stringify(anon.record));
    const cli = (...args: string[]) =>
      run("node", ["-r", "./scripts/register.cjs", "src/cli/verify-draw.ts", ...args], {
        cwd: path.resolve(__dirname, "../.."),
      })
        .then((o) => ({ code: 0, out: o.stdout }))
        .catch((e) => ({ code: e.code as number, out: String(e.stdout) }));
    expect(await cli(file, "--lock", anon.record.lock.digest, "--digest", latest)).toMatchObject({
      code: 0,
      out: "VALID\n",
    });
    const stale = { ...anon.record, substitutions: anon.record.substitutions.slice(0, 3) };
    writeFileSync(file, JSON.stringify(stale));
    expect(await cli(file, "--digest", latest)).toMatchObject({ code: 1, out: expect.stringMatching(/^INVALID/) });
    const html = ok(
      await s.gql(`query($id: ID!) { draw(id: $id) { recordHtml } }`, { id: drawId }, await login("planner")),
      "draw",
    ).recordHtml as string;
    expect(html).toContain(latest);
    expect(html).toContain("实施抽查单位意见");
    expect(html).toContain("外出培训至 3 月 20 日");
  });
});
