import { Client } from "pg";
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
import { httpTransport, type Transport, transportsOf } from "../helpers/transports";

/**
 * Issue 15 for a joint visit (一次上门), over HTTP and graphql-ws: the joint notice the initiating department prints
 * carries its codes; a scan (no login) shows every department of the visit with its inspectors' names and 执法证号
 * and the joint draw; a recusal request reaches the supervisor of the inspector's own department only; the firm's
 * proposed date enters the departments' date negotiation and the agreed date is what every department's inspectors
 * see; another tenant sees none of it; unknown codes and guessing are refused as for department visits.
 */
let s: TestServer;
let setup: JointSetup;
let transports: Transport[];
let taskId: string;
let visitId: string;
let targetId: string;
let drawId: string;
let code: string;
let firmCode: string;
const CODES = ["wy-drc", "wy-samr", "wy-emerg"] as const;
const parts: Record<string, { id: string; leader_id: string; member_ids: string[] }> = {};

const ok = <T = any>(r: GqlResponse, field: string): T => {
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data![field] as T;
};

async function asSuperuser<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const CHECK = `status message facts { assignmentId department kind taskName
  inspectors { id name certificateNo leader }
  booking { status proposedDate agreedDate }
  joint { jointVisitId agreedDate proposedDate draw { id sequence sealDigest }
          departments { department inspectors { id name certificateNo leader } } } }
  firm { requests { id kind inspectorId status } }`;
const check = (c: string, f?: string, t: Transport = transports[0]) =>
  t.run(`query($c: String!, $f: String) { visitCheck(code: $c, firmCode: $f) { ${CHECK} } }`, { c, f });

beforeAll(async () => {
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 6, trustProxy: "loopback", throttleLimits: { codeMissesPerAddress: 4 } });
  transports = transportsOf(s);
  setup = await seedJointDepartments(s, 640_000);
  const created = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
    { code: "wy-emerg", itemIds: [setup.emergEntryId] },
  ]);
  taskId = created.task.id;
  for (const c of ["wy-drc", "wy-samr"]) expect((await confirm(s, c, taskId)).errors).toBeUndefined();
  expect(
    (await confirm(s, "wy-emerg", taskId, { teamRule: { subLibrary: "联合检查", minSize: 1, maxSize: 1 } })).errors,
  ).toBeUndefined();
  const { draw } = await approveAndDraw(s, taskId);
  drawId = ok(draw, "drawJointTask").id;
  const visits = ok(
    await s.gql(
      `query($t: ID!) { jointVisits(taskId: $t) { items { id targetId } } }`,
      { t: taskId },
      await s.login("wy-drc", "planner"),
    ),
    "jointVisits",
  );
  visitId = visits.items[0].id;
  targetId = visits.items[0].targetId;
  await asSuperuser(async (c) => {
    const rows = (
      await c.query(`SELECT id, tenant_id, leader_id, member_ids FROM assignment WHERE joint_target_id = $1`, [
        targetId,
      ])
    ).rows;
    for (const r of rows) parts[CODES.find((k) => setup.tenants[k] === r.tenant_id)!] = r;
    // Each department's demo inspector1 is its part's leader.
    for (const k of CODES) {
      const [u] = (
        await c.query(`SELECT id FROM app_user WHERE tenant_id = $1 AND username = 'inspector1'`, [setup.tenants[k]])
      ).rows;
      await c.query(`UPDATE inspector SET user_id = NULL WHERE user_id = $1`, [u.id]);
      await c.query(`UPDATE inspector SET user_id = $1 WHERE id = $2`, [u.id, parts[k].leader_id]);
    }
  });
});
afterAll(async () => {
  resetClock();
  for (const t of transports ?? []) await t.close();
  await s?.close();
});

describe("扫码核验 of a joint visit", () => {
  test("the initiating department's joint notice carries its codes; another participant's print has none", async () => {
    const print = async (tenant: string) => {
      const res = await fetch(`${s.url}/forms/joint-notice/${visitId}`, {
        headers: { authorization: `Bearer ${await s.login(tenant, "planner")}` },
      });
      expect(res.status).toBe(200);
      return res.text();
    };
    const html = await print("wy-drc");
    expect(html).toContain("部门联合抽查检查通知书");
    expect(html).toContain('src="data:image/svg+xml;base64,');
    code = /核验码：<b>([0-9A-Z-]+)<\/b>/.exec(html)![1];
    firmCode = /企业办事码：<b>([0-9A-Z-]+)<\/b>/.exec(html)![1];
    expect(await print("wy-drc")).toContain(code);
    expect(await print("wy-samr")).not.toContain("核验码");
    // The codes are the initiating department's part's: its team reads them on its assignment.
    const mine = ok(
      await s.gql(
        `query($id: ID!) { assignment(id: $id) { verifyCode firmCode } }`,
        { id: parts["wy-drc"].id },
        await s.login("wy-drc", "inspector1"),
      ),
      "assignment",
    );
    expect(mine).toEqual({ verifyCode: code.replace(/-/g, ""), firmCode: firmCode.replace(/-/g, "") });
  });

  test.each([0, 1])("anyone sees every department, its inspectors and the joint draw (transport %s)", async (i) => {
    const r = ok(await check(code, undefined, transports[i]), "visitCheck");
    expect(r.status).toBe("VALID");
    expect(r.firm).toBeNull();
    expect(r.facts).toMatchObject({ assignmentId: parts["wy-drc"].id, kind: "JOINT" });
    const joint = r.facts.joint;
    expect(joint).toMatchObject({ jointVisitId: visitId, agreedDate: null, draw: { id: drawId, sequence: 1 } });
    expect(joint.departments).toHaveLength(3);
    expect(joint.departments[0].department).toBe(r.facts.department);
    const team = joint.departments.flatMap((d: any) => d.inspectors);
    const all = Object.values(parts).flatMap((p) => p.member_ids);
    expect(team.map((p: any) => p.id).sort()).toEqual([...all].sort());
    expect(team.every((p: any) => p.name && p.certificateNo)).toBe(true);
    expect(team.filter((p: any) => p.leader)).toHaveLength(1);
    expect(r.facts.inspectors.map((p: any) => p.id).sort()).toEqual([...all].sort());
    // The joint draw verifies for an anonymous visitor.
    const v = ok(
      await transports[i].run(`query($id: ID!) { jointTask(id: $id) { draw { id verification { valid } } } }`, {
        id: taskId,
      }),
      "jointTask",
    );
    expect(v.draw).toEqual({ id: drawId, verification: { valid: true } });
  });

  test("another department's part's code opens the same joint visit", async () => {
    const samrCode = ok(
      await s.gql(
        `query($id: ID!) { assignment(id: $id) { verifyCode } }`,
        { id: parts["wy-samr"].id },
        await s.login("wy-samr", "inspector1"),
      ),
      "assignment",
    ).verifyCode;
    const r = ok(await check(samrCode, firmCode), "visitCheck");
    expect(r.facts).toMatchObject({ assignmentId: parts["wy-drc"].id, joint: { jointVisitId: visitId } });
    expect(r.firm).not.toBeNull();
  });

  test("unknown codes say so; guessing is stopped per address", async () => {
    const http = httpTransport(s);
    const from = (ip: string, c: string) =>
      http.run(`query($c: String!) { visitCheck(code: $c) { status } }`, { c }, undefined, { "x-forwarded-for": ip });
    expect(ok(await from("198.51.100.1", "ABCD-EFGH-JKMN"), "visitCheck").status).toBe("UNKNOWN");
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) seen.push(errorCode(await from("198.51.100.2", `ZZZZ-ZZZZ-ZZ${i}${i}`)) ?? "ok");
    expect(seen).toEqual(["ok", "ok", "ok", "ok", "LIMIT_EXCEEDED"]);
    expect(errorCode(await from("198.51.100.2", code))).toBe("LIMIT_EXCEEDED");
    expect(ok(await from("198.51.100.3", code), "visitCheck").status).toBe("VALID");
  });

  test("another tenant cannot read a part's codes", async () => {
    const q = `query($id: ID!) { assignment(id: $id) { firmCode } }`;
    expect(errorCode(await s.gql(q, { id: parts["wy-drc"].id }, await s.login("wy-samr", "planner")))).toBe(
      "NOT_FOUND",
    );
    expect(errorCode(await s.gql(q, { id: parts["wy-drc"].id }, await s.login("wy-health", "admin")))).toBe(
      "NOT_FOUND",
    );
  });
});

describe("申请回避 from a joint visit", () => {
  const QUEUE = `query { firmRequests { id assignmentId kind inspectorId status } }`;
  test.each([0, 1])("reaches the supervisor of the inspector's own department only (transport %s)", async (i) => {
    const t = transports[i];
    const member = i === 0 ? parts["wy-samr"].member_ids[0] : parts["wy-emerg"].member_ids[0];
    const owner = i === 0 ? "wy-samr" : "wy-emerg";
    const r = await t.run(
      `mutation($c: String!, $f: String!, $p: ID!) {
        firmRequestRecusal(code: $c, firmCode: $f, inspectorId: $p, reason: "该检查人员系我公司股东的近亲属") { ${CHECK} } }`,
      { c: code, f: firmCode, p: member },
    );
    const after = ok(r, "firmRequestRecusal");
    expect(after.firm.requests.filter((x: any) => x.inspectorId === member)).toEqual([
      expect.objectContaining({ kind: "RECUSAL", status: "PENDING" }),
    ]);
    for (const k of [...CODES, "wy-health"]) {
      const queue = ok(await t.run(QUEUE, {}, await s.login(k, "supervisor")), "firmRequests");
      const mine = queue.filter((x: any) => x.inspectorId === member);
      expect([k, mine.length]).toEqual([k, k === owner ? 1 : 0]);
      if (k === owner) expect(mine[0].assignmentId).toBe(parts[owner].id);
    }
    // The department's inspectors never see the queue.
    expect(errorCode(await t.run(QUEUE, {}, await s.login(owner, "inspector1")))).toBe("FORBIDDEN");
  });

  test("the owning supervisor grants it: the 递补 comes from the joint draw and the firm sees the decision", async () => {
    const sup = await s.login("wy-samr", "supervisor");
    const queue = ok(
      await s.gql(`query { firmRequests(status: "PENDING") { id inspectorId } }`, {}, sup),
      "firmRequests",
    );
    const recused = parts["wy-samr"].member_ids[0];
    const req = queue.find((x: any) => x.inspectorId === recused);
    const d = ok(
      await s.gql(
        `mutation($id: ID!) { decideFirmRequest(id: $id, grant: true, note: "经核实存在利害关系") { status substituteId } }`,
        { id: req.id },
        sup,
      ),
      "decideFirmRequest",
    );
    expect(d.status).toBe("GRANTED");
    expect(d.substituteId).toBeTruthy();
    const r = ok(await check(code, firmCode), "visitCheck");
    const ids = r.facts.inspectors.map((p: any) => p.id);
    expect(ids).toContain(d.substituteId);
    expect(ids).not.toContain(recused);
    expect(r.firm.requests.find((x: any) => x.id === req.id).status).toBe("GRANTED");
    // 办理记录 covers every department's part: both recusal requests (wy-samr's and wy-emerg's), each naming its
    // department, and wy-samr's decision with the 递补's name, oldest first.
    const h = ok(
      await s.gql(
        `query($c: String!, $f: String) { visitCheck(code: $c, firmCode: $f) { firm { history {
          at kind department inspectorName substituteName requestId summary } } } }`,
        { c: code, f: firmCode },
      ),
      "visitCheck",
    ).firm.history;
    const names = async (k: string) =>
      ok(await s.gql(`{ me { tenant { name } } }`, {}, await s.login(k, "admin")), "me").tenant.name;
    const [samrName, emergName] = [await names("wy-samr"), await names("wy-emerg")];
    const asked = h.filter((e: any) => e.kind === "RECUSAL_REQUESTED");
    expect(asked.map((e: any) => e.department).sort()).toEqual([emergName, samrName].sort());
    const granted = h.find((e: any) => e.kind === "REQUEST_GRANTED");
    expect(granted).toEqual(expect.objectContaining({ requestId: req.id, department: samrName }));
    expect(granted.substituteName).toBeTruthy();
    expect(granted.summary).toContain(granted.substituteName);
    const at = h.map((e: any) => Date.parse(e.at));
    expect(at).toEqual([...at].sort((x, y) => x - y));
    // Another department's supervisor cannot decide it.
    expect(
      errorCode(
        await s.gql(
          `mutation($id: ID!) { decideFirmRequest(id: $id, grant: false, note: "x") { status } }`,
          { id: req.id },
          await s.login("wy-drc", "supervisor"),
        ),
      ),
    ).toBe("NOT_FOUND");
  });
});

describe("双预约 of a joint visit", () => {
  const BOOKING = `query($id: ID!) { assignment(id: $id) { visitBooking { status agreedDate } } }`;
  test("the firm's date enters the departments' negotiation; once agreed every department's inspectors see it", async () => {
    const [http, ws] = transports;
    ok(
      await http.run(
        `mutation($c: String!, $f: String!) { firmProposeVisitDate(code: $c, firmCode: $f, date: "2026-07-06") { status } }`,
        { c: code, f: firmCode },
      ),
      "firmProposeVisitDate",
    );
    // Only the joint negotiation moves the date: the team may not counter-propose on the firm's booking.
    expect(
      errorCode(
        await ws.run(
          `mutation($id: ID!) { proposeOtherFirmVisitDate(assignmentId: $id, date: "2026-07-08") { status } }`,
          { id: parts["wy-drc"].id },
          await s.login("wy-drc", "planner"),
        ),
      ),
    ).toBe("RULE_VIOLATION");
    const accepted = ok(
      await ws.run(
        `mutation($id: ID!) { acceptFirmVisitDate(assignmentId: $id) { status agreedDate } }`,
        { id: parts["wy-drc"].id },
        await s.login("wy-drc", "planner"),
      ),
      "acceptFirmVisitDate",
    );
    expect(accepted.agreedDate).toBeNull();
    const pending = ok(await check(code), "visitCheck");
    expect(pending.facts.joint).toMatchObject({ proposedDate: "2026-07-06", agreedDate: null });
    for (const k of ["wy-samr", "wy-emerg"])
      ok(
        await http.run(
          `mutation($v: ID!) { acceptJointVisitDate(visitId: $v) { status } }`,
          { v: visitId },
          await s.login(k, "planner"),
        ),
        "acceptJointVisitDate",
      );
    for (const k of CODES)
      for (const t of transports) {
        const b = ok(await t.run(BOOKING, { id: parts[k].id }, await s.login(k, "inspector1")), "assignment");
        expect([k, b.visitBooking]).toEqual([k, { status: "AGREED", agreedDate: "2026-07-06" }]);
      }
    const agreed = ok(await check(code), "visitCheck");
    expect(agreed.facts.booking).toMatchObject({ status: "AGREED", agreedDate: "2026-07-06" });
    expect(agreed.facts.joint.agreedDate).toBe("2026-07-06");
    // Agreed is final for the firm.
    expect(
      errorCode(
        await http.run(
          `mutation($c: String!, $f: String!) { firmProposeVisitDate(code: $c, firmCode: $f, date: "2026-07-09") { status } }`,
          { c: code, f: firmCode },
        ),
      ),
    ).toBe("CONFLICT");
  });
});

describe("after a joint visit", () => {
  test("the firm confirms on the agreed date, rates, and sees each department's published result", async () => {
    const before = await transports[0].run(
      `mutation($c: String!, $f: String!) { firmConfirmVisit(code: $c, firmCode: $f, tookPlace: true) { status } }`,
      { c: code, f: firmCode },
    );
    expect(errorCode(before)).toBe("CONFLICT");
    setClock(clockFrom("2026-07-06T08:00:00Z"));
    try {
      for (const [m, args] of [
        ["firmConfirmVisit", "tookPlace: true"],
        ["firmRateVisit", `rating: 5, comment: "三个部门一次检查完毕"`],
      ])
        ok(
          await transports[1].run(
            `mutation($c: String!, $f: String!) { ${m}(code: $c, firmCode: $f, ${args}) { status } }`,
            { c: code, f: firmCode },
          ),
          m,
        );
      // wy-samr publishes its part (written directly; the pipeline is joint-results' test).
      await asSuperuser(async (c) => {
        const p = parts["wy-samr"];
        const [a] = (await c.query(`SELECT subject_id FROM assignment WHERE id = $1`, [p.id])).rows;
        const t = setup.tenants["wy-samr"];
        const rec = await c.query(
          `INSERT INTO inspection_record (tenant_id, assignment_id, subject_id, inspected_on, recorded_at, refusal_reason)
           VALUES ($1, $2, $3, DATE '2026-07-06', now(), '测试') RETURNING id`,
          [t, p.id, a.subject_id],
        );
        const res = await c.query(
          `INSERT INTO inspection_result (tenant_id, assignment_id, subject_id, record_id, category_code, status, version,
             submitted_at, approved_at, approved_by, published_at, first_published_at, created_by)
           VALUES ($1, $2, $3, $4, 'NO_PROBLEM', 'PUBLISHED', 1, now(), now(), gen_random_uuid(), now(), now(),
             gen_random_uuid()) RETURNING id`,
          [t, p.id, a.subject_id, rec.rows[0].id],
        );
        await c.query(
          `INSERT INTO result_publication (tenant_id, result_id, version, subject_name, category_code, inspected_on, content)
           VALUES ($1, $2, 1, '联合检查对象', 'NO_PROBLEM', DATE '2026-07-06', '{}')`,
          [t, res.rows[0].id],
        );
      });
      const r = ok(
        await transports[0].run(
          `query($c: String!, $f: String!) { visitCheck(code: $c, firmCode: $f) {
            firm { tookPlace rating result { department } results { department category versions { version } } } } }`,
          { c: code, f: firmCode },
        ),
        "visitCheck",
      );
      const samrName = ok(await s.gql(`{ tenant(code: "wy-samr") { name } }`), "tenant").name;
      expect(r.firm).toMatchObject({ tookPlace: true, rating: 5, result: null });
      expect(r.firm.results).toEqual([
        { department: samrName, category: expect.any(String), versions: [{ version: 1 }] },
      ]);
    } finally {
      setClock(clockFrom(JOINT_TEST_CLOCK));
    }
  });
});
