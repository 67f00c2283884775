import { Client } from "pg";
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
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * 合规估计 with a random joint draw (docs/ESTIMATES.md §4): three targets drawn, each inspected by wy-drc, wy-samr and
 * wy-emerg. Each department's estimate counts its own three parts; the county total counts the joint draw once, the
 * visit as the unit: a target with a problem in any department's part has problems, a target with one part
 * unpublished is pending.
 */
let s: TestServer;
let setup: JointSetup;
let transports: Transport[];
let taskId: string;
let drawId: string;
const YEAR = 2026;
const CODES = ["wy-drc", "wy-samr", "wy-emerg"] as const;

const ok = <T = any>(r: GqlResponse, field: string): T => {
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data![field] as T;
};

beforeAll(async () => {
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 6 });
  transports = transportsOf(s);
  setup = await seedJointDepartments(s, 660_000);
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
  drawId = ok((await approveAndDraw(s, taskId)).draw, "drawJointTask").id;
  // Results written directly (how parts are recorded and published is joint-results' test): target 1 has a problem
  // in wy-samr's part only, target 2 is clean everywhere, target 3 is clean where published and wy-emerg's part is
  // still unpublished. The draw's embargo is over.
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query("SET LOCAL session_replication_role = replica");
    await c.query(`UPDATE joint_draw SET public_after = TIMESTAMPTZ '2026-05-01 00:00+08' WHERE id = $1`, [drawId]);
    const parts = (
      await c.query(
        `SELECT a.id, a.tenant_id, a.subject_id, t.created_at FROM assignment a
           JOIN joint_target t ON t.id = a.joint_target_id
          WHERE a.joint_task_id = $1 ORDER BY t.created_at, t.id, a.tenant_id`,
        [taskId],
      )
    ).rows;
    const targets = [...new Set(parts.map((p) => p.subject_id))];
    expect(targets).toHaveLength(3);
    for (const p of parts) {
      const k = targets.indexOf(p.subject_id);
      const dept = CODES.find((x) => setup.tenants[x] === p.tenant_id)!;
      if (k === 2 && dept === "wy-emerg") continue;
      const code = k === 0 && dept === "wy-samr" ? "CORRECTED" : "NO_PROBLEM";
      const { rows: rec } = await c.query(
        `INSERT INTO inspection_record (tenant_id, assignment_id, subject_id, inspected_on, recorded_at, refusal_reason)
         VALUES ($1, $2, $3, DATE '2026-07-01', now(), '测试') RETURNING id`,
        [p.tenant_id, p.id, p.subject_id],
      );
      const { rows: res } = await c.query(
        `INSERT INTO inspection_result (tenant_id, assignment_id, subject_id, record_id, category_code, status, version,
           submitted_at, approved_at, approved_by, published_at, first_published_at, created_by)
         VALUES ($1, $2, $3, $4, $5, 'PUBLISHED', 1, now(), now(), gen_random_uuid(), now(), now(), gen_random_uuid())
         RETURNING id`,
        [p.tenant_id, p.id, p.subject_id, rec[0].id, code],
      );
      await c.query(
        `INSERT INTO result_publication (tenant_id, result_id, version, subject_name, category_code, inspected_on, content)
         VALUES ($1, $2, 1, '联合检查对象', $3, DATE '2026-07-01', '{}')`,
        [p.tenant_id, res[0].id, code],
      );
    }
    await c.query("COMMIT");
  } finally {
    await c.end();
  }
});
afterAll(async () => {
  resetClock();
  for (const t of transports ?? []) await t.close();
  await s?.close();
});

const REPORT = `overall { tasks estimate { drawn published pending problems } }
  tasks { taskId taskName departmentId drawId estimate { drawn published pending problems } }
  byDepartment { key tasks estimate { drawn published pending problems } }`;
const report = (t: Transport, args: string, token?: string) =>
  t.run(`{ complianceEstimates(year: ${YEAR}, ${args}) { ${REPORT} } }`, {}, token);

describe("a random joint draw in the compliance estimates", () => {
  test.each([0, 1])("each department's estimate counts its own parts (transport %s)", async (i) => {
    const t = transports[i];
    for (const [code, published, problems] of [
      ["wy-drc", 3, 0],
      ["wy-samr", 3, 1],
      ["wy-emerg", 2, 0],
    ] as const) {
      const r = ok(await report(t, "scope: DEPARTMENT", await s.login(code, "supervisor")), "complianceEstimates");
      const joint = r.tasks.filter((x: any) => x.drawId === drawId);
      expect(joint).toHaveLength(1);
      expect(joint[0]).toMatchObject({ taskId, departmentId: setup.tenants[code], taskName: expect.any(String) });
      expect([code, joint[0].estimate]).toEqual([code, { drawn: 3, published, pending: 3 - published, problems }]);
    }
  });

  test.each([0, 1])(
    "pooled over departments, the joint draw counts once with the visit as the unit (transport %s)",
    async (i) => {
      const t = transports[i];
      for (const r of [
        ok(await report(t, "scope: COUNTY", await s.login("wy-samr", "supervisor")), "complianceEstimates"),
        ok(await report(t, "scope: PUBLIC"), "complianceEstimates"),
      ]) {
        // Every department's own row is there, but the total takes three targets, not nine parts.
        expect(r.tasks.filter((x: any) => x.drawId === drawId)).toHaveLength(3);
        expect(r.overall).toEqual({ tasks: 1, estimate: { drawn: 3, published: 2, pending: 1, problems: 1 } });
        const samr = r.byDepartment.find((d: any) => d.key === setup.tenants["wy-samr"]);
        expect(samr.estimate).toEqual({ drawn: 3, published: 3, pending: 0, problems: 1 });
      }
    },
  );
});
