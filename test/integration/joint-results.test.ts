import { Client } from "pg";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { publishResult, recordInspection, asSuperuser as superuser, teamTokens } from "../helpers/inspection-steps";
import {
  approveAndDraw,
  confirm,
  createJointPlanAndTask,
  JOINT_TEST_CLOCK,
  type JointSetup,
  seedJointDepartments,
} from "../helpers/joint-fixture";

/**
 * Issue 12's Done-when over GraphQL (谁检查、谁录入、谁公示): the coordinator (wy-samr) publishes a joint plan with three
 * departments, wy-drc locks and draws, and each department's own part of every target is an assignment in its own
 * tenant on the department pipeline: its inspectors record their items on the one visit (date agreed), its
 * supervisor approves and publishes. The public reads one result per department for one target, marked as one joint
 * visit; the visit is complete when every part is published or recorded as not published; the region report shows
 * the department-visits avoided and the joint share. Another department can neither read nor write a part.
 */
let s: TestServer;
let setup: JointSetup;
let taskId: string;
let planId: string;
const DATE = "2026-07-01";
const CODES = ["wy-drc", "wy-samr", "wy-emerg"] as const;

interface Part {
  id: string;
  tenant_id: string;
  joint_target_id: string;
  leader_id: string;
  member_ids: string[];
  status: string;
  kind: string;
}

const ok = <T = any>(r: GqlResponse, field: string): T => {
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data![field] as T;
};

const asSuperuser = <T>(fn: (c: Client) => Promise<T>) => superuser(s, fn);

const partsOf = (task: string) =>
  asSuperuser(
    async (c) =>
      (
        await c.query(
          `SELECT id, tenant_id, joint_target_id, leader_id, member_ids, status, kind FROM assignment
            WHERE joint_task_id = $1 ORDER BY joint_target_id, tenant_id`,
          [task],
        )
      ).rows as Part[],
  );

const codeOf = (tenantId: string) => CODES.find((c) => setup.tenants[c] === tenantId)!;
const itemOf: Record<string, string> = { "wy-drc": "DRC-J01", "wy-samr": "SAMR-J01", "wy-emerg": "EMG-J01" };

/** The department's part recorded on the visit date, and its result approved and published (maker ≠ checker). */
async function recordAndPublish(p: Part, inspectedOn = DATE): Promise<string> {
  const code = codeOf(p.tenant_id);
  // Each department's part holds exactly its own items of the merged checklist.
  const leader = (await teamTokens(s, code, p))[0];
  const items = ok(
    await s.gql(`query($id: ID!) { assignment(id: $id) { items { code } } }`, { id: p.id }, leader),
    "assignment",
  );
  expect(items.items.map((i: { code: string }) => i.code)).toEqual([itemOf[code]]);
  const { team, completed } = await recordInspection(s, code, p, inspectedOn);
  if (inspectedOn !== DATE) return JSON.stringify(completed.errors?.[0]?.extensions ?? null);
  expect(ok(completed, "completeInspectionRecord")).toEqual({ status: "RECORDED" });
  return publishResult(s, code, p, team[0]);
}

const VISITS = `query($id: ID!) { jointTask(id: $id) { visits { id targetId subjectId status agreedDate publishedBy
  notPublished { departmentId reason } pendingPublications } } }`;

beforeAll(async () => {
  // The draw runs before the task's window (2026-06-01 to 2026-09-30) and visits are agreed for a day not yet past;
  // the parts are recorded once that day has come (below).
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 6 });
  setup = await seedJointDepartments(s, 600_000);
  const created = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
    { code: "wy-emerg", itemIds: [setup.emergEntryId] },
  ]);
  taskId = created.task.id;
  planId = created.plan.id;
  for (const code of ["wy-drc", "wy-samr"]) expect((await confirm(s, code, taskId)).errors).toBeUndefined();
  expect(
    (await confirm(s, "wy-emerg", taskId, { teamRule: { subLibrary: "联合检查", minSize: 1, maxSize: 1 } })).errors,
  ).toBeUndefined();
  ok(
    await s.gql(
      `mutation($id: ID!) { publishJointPlan(id: $id) { id } }`,
      { id: planId },
      await s.login("wy-samr", "admin"),
    ),
    "publishJointPlan",
  );
});
afterAll(async () => {
  resetClock();
  await s.close();
});

describe("the Done-when path (issue 12)", () => {
  test("a joint draw gives each department its own part of every target; a void cancels them; the redraw makes new ones", async () => {
    const first = await approveAndDraw(s, taskId);
    expect(first.draw.errors).toBeUndefined();
    const parts = await partsOf(taskId);
    expect(parts).toHaveLength(9);
    expect(new Set(parts.map((p) => p.joint_target_id)).size).toBe(3);
    expect(parts.every((p) => p.kind === "JOINT" && p.status === "ASSIGNED")).toBe(true);
    const team = ok(
      await s.gql(
        `query($id: ID!) { jointTask(id: $id) { targets { id team { members { id departmentId role } } } } }`,
        { id: taskId },
        await s.login("wy-drc", "planner"),
      ),
      "jointTask",
    );
    for (const p of parts) {
      const members = team.targets
        .find((t: any) => t.id === p.joint_target_id)
        .team.members.filter((m: any) => m.departmentId === p.tenant_id);
      // Each part holds exactly its department's members of the mixed team; the team leader leads wy-drc's part.
      expect([...p.member_ids].sort()).toEqual(members.map((m: any) => m.id).sort());
      if (p.tenant_id === setup.tenants["wy-drc"])
        expect(p.leader_id).toBe(members.find((m: any) => m.role === "LEADER").id);
    }
    const drawId = ok(
      await s.gql(
        `query($id: ID!) { jointTask(id: $id) { draw { id } } }`,
        { id: taskId },
        await s.login("wy-drc", "planner"),
      ),
      "jointTask",
    ).draw.id;
    ok(
      await s.gql(
        `mutation($id: ID!) { voidJointDraw(id: $id, reason: "测试：监督人员核对后作废重抽") { status } }`,
        { id: drawId },
        await s.login("wy-drc", "supervisor"),
      ),
      "voidJointDraw",
    );
    expect((await partsOf(taskId)).every((p) => p.status === "CANCELLED")).toBe(true);
    const again = await approveAndDraw(s, taskId);
    expect(again.draw.errors).toBeUndefined();
    const now = await partsOf(taskId);
    expect(now.filter((p) => p.status === "ASSIGNED")).toHaveLength(9);
    expect(now.filter((p) => p.status === "CANCELLED")).toHaveLength(9);
  });

  test("a part starts only once the visit date is agreed, and is recorded on that date (一次上门)", async () => {
    const parts = (await partsOf(taskId)).filter((p) => p.status === "ASSIGNED");
    const [leader] = await teamTokens(s, codeOf(parts[0].tenant_id), parts[0]);
    ok(
      await s.gql(`mutation($id: ID!) { acceptAssignment(assignmentId: $id) { status } }`, { id: parts[0].id }, leader),
      "acceptAssignment",
    );
    const early = await s.gql(
      `mutation($id: ID!) { startInspection(assignmentId: $id, input: { mode: ON_SITE }) { status } }`,
      { id: parts[0].id },
      leader,
    );
    expect(errorCode(early)).toBe("CONFLICT");
    const coordinator = await s.login("wy-samr", "admin");
    const visits = ok(await s.gql(VISITS, { id: taskId }, coordinator), "jointTask").visits;
    expect(visits).toHaveLength(3);
    for (const v of visits) {
      ok(
        await s.gql(
          `mutation($i: JointVisitDateInput!) { proposeJointVisitDate(input: $i) { status } }`,
          { i: { visitId: v.id, date: DATE } },
          coordinator,
        ),
        "proposeJointVisitDate",
      );
      for (const code of ["wy-drc", "wy-emerg"])
        ok(
          await s.gql(
            `mutation($v: ID!) { acceptJointVisitDate(visitId: $v) { status } }`,
            { v: v.id },
            await s.login(code, "planner"),
          ),
          "acceptJointVisitDate",
        );
    }
    const agreed = ok(await s.gql(VISITS, { id: taskId }, coordinator), "jointTask").visits;
    expect(agreed.map((v: any) => [v.status, v.agreedDate])).toEqual(Array(3).fill(["AGREED", DATE]));
    // The visit day has come and gone: the parts are recorded on 2026-07-03 (an inspection date is never in the future).
    setClock(clockFrom("2026-07-03T02:00:00Z"));
    // A record dated otherwise than the visit is refused (the part stays open and is recorded properly below).
    const target = parts.find((p) => p.tenant_id === setup.tenants["wy-samr"])!;
    const refused = await recordAndPublish(target, "2026-07-02");
    expect(JSON.parse(refused)).toMatchObject({ code: "RULE_VIOLATION", rule: "JOINT_VISIT_DATE" });
  });

  test("another department can neither read nor write a department's part", async () => {
    const drcPart = (await partsOf(taskId)).find(
      (p) => p.status === "ASSIGNED" && p.tenant_id === setup.tenants["wy-drc"],
    )!;
    for (const code of ["wy-samr", "wy-emerg", "wy-tax"]) {
      const admin = await s.login(code, "admin");
      expect(errorCode(await s.gql(`query($id: ID!) { assignment(id: $id) { id } }`, { id: drcPart.id }, admin))).toBe(
        "NOT_FOUND",
      );
      const inspector = await s.login(code, "inspector1");
      const write = await s.gql(
        `mutation($id: ID!) { acceptAssignment(assignmentId: $id) { status } }`,
        { id: drcPart.id },
        inspector,
      );
      expect(errorCode(write)).toBe("NOT_FOUND");
      const result = await s.gql(
        `mutation($id: ID!) { saveInspectionResult(assignmentId: $id, input: { categoryCode: "NO_PROBLEM" }) { id } }`,
        { id: drcPart.id },
        inspector,
      );
      expect(["NOT_FOUND", "FORBIDDEN"]).toContain(errorCode(result));
    }
  });

  test("each department records and publishes its part; the visit completes when every part is settled", async () => {
    const parts = (await partsOf(taskId)).filter((p) => p.status !== "CANCELLED");
    const coordinator = await s.login("wy-samr", "admin");
    const visits = ok(await s.gql(VISITS, { id: taskId }, coordinator), "jointTask").visits;
    const [v1, v2, v3] = visits;
    for (const v of [v1, v2])
      for (const p of parts.filter((x) => x.joint_target_id === v.targetId)) await recordAndPublish(p);
    // The third visit: wy-drc and wy-samr publish, wy-emerg records why its part is not published.
    for (const p of parts.filter((x) => x.joint_target_id === v3.targetId && codeOf(x.tenant_id) !== "wy-emerg"))
      await recordAndPublish(p);
    const noReason = await s.gql(
      `mutation($v: ID!) { recordJointPartNotPublished(visitId: $v, reason: " ") { status } }`,
      { v: v3.id },
      await s.login("wy-emerg", "supervisor"),
    );
    expect(errorCode(noReason)).toBe("BAD_USER_INPUT");
    const settled = ok(
      await s.gql(
        `mutation($v: ID!) { recordJointPartNotPublished(visitId: $v, reason: "检查人员因公出差未能到场") { status notPublished { departmentId reason } } }`,
        { v: v3.id },
        await s.login("wy-emerg", "supervisor"),
      ),
      "recordJointPartNotPublished",
    );
    expect(settled).toEqual({
      status: "COMPLETE",
      notPublished: [{ departmentId: setup.tenants["wy-emerg"], reason: "检查人员因公出差未能到场" }],
    });
    const published = await s.gql(
      `mutation($v: ID!) { recordJointPartNotPublished(visitId: $v, reason: "x") { status } }`,
      { v: v1.id },
      await s.login("wy-drc", "supervisor"),
    );
    expect(errorCode(published)).toBe("CONFLICT"); // its part there is published already
    const after = ok(await s.gql(VISITS, { id: taskId }, coordinator), "jointTask").visits;
    expect(after.map((v: any) => v.status)).toEqual(["COMPLETE", "COMPLETE", "COMPLETE"]);
    expect(after.every((v: any) => v.pendingPublications.length === 0)).toBe(true);
  });

  test("the public reads three results for one target, marked as one joint visit naming the departments", async () => {
    const visits = ok(await s.gql(VISITS, { id: taskId }, await s.login("wy-samr", "admin")), "jointTask").visits;
    const r = ok(
      await s.gql(
        `{ publishedResults(limit: 100) { items { departmentId departmentName subjectName taskName inspectedOn items
            jointVisit { visitId taskName departments { id name } } } } }`,
      ),
      "publishedResults",
    );
    const joint = r.items.filter((i: any) => i.jointVisit);
    expect(joint).toHaveLength(8);
    const first = joint.filter((i: any) => i.jointVisit.visitId === visits[0].id);
    expect(first).toHaveLength(3);
    expect(new Set(first.map((i: any) => i.departmentId))).toEqual(new Set(CODES.map((c) => setup.tenants[c])));
    expect(new Set(first.map((i: any) => i.subjectName)).size).toBe(1);
    for (const i of first) {
      expect(i.inspectedOn).toBe(DATE);
      expect(i.taskName).toBe("油气长输管道安全联合抽查");
      expect(i.jointVisit.departments.map((d: any) => d.id)).toEqual([
        setup.tenants["wy-drc"],
        ...["wy-emerg", "wy-samr"].map((c) => setup.tenants[c]),
      ]);
      expect(i.jointVisit.departments.map((d: any) => d.name)).toContain(i.departmentName);
    }
    expect(first.map((i: any) => i.items).sort()).toEqual([
      ["压力管道安全生产检查"],
      ["油气长输管道安全检查"],
      ["特种设备（压力管道）安全检查"],
    ]);
  });

  test("statistics: joint share per department and region, visits avoided, joint inspections that were published", async () => {
    const coordinator = await s.login("wy-samr", "admin");
    const report = ok(
      await s.gql(
        `{ jointRegionReport(year: 2026) { region { visitsDone departmentVisitsAvoided }
            plans { plan { id } report { visits visitsDone departmentVisitsAvoided } }
            jointShare departmentShares { department { code } randomChecks jointChecks jointShare } } }`,
        {},
        coordinator,
      ),
      "jointRegionReport",
    );
    expect(report.plans.find((p: any) => p.plan.id === planId).report).toEqual({
      visits: 3,
      visitsDone: 3,
      departmentVisitsAvoided: 6,
    });
    const by = Object.fromEntries(report.departmentShares.map((d: any) => [d.department.code, d]));
    for (const code of CODES) expect(by[code].jointChecks).toBe(3);
    const sum = (k: string) => report.departmentShares.reduce((n: number, d: any) => n + d[k], 0);
    expect(report.jointShare).toBeCloseTo(sum("jointChecks") / sum("randomChecks"));
    expect(report.jointShare).toBeGreaterThan(0);
    const notCoordinator = await s.gql(
      `{ jointRegionReport(year: 2026) { jointShare } }`,
      {},
      await s.login("wy-drc", "planner"),
    );
    expect(errorCode(notCoordinator)).toBe("FORBIDDEN");

    const summary = ok(
      await s.gql(
        `{ inspectionSummary(year: 2026) { drawn published jointShare rows { note publication } } }`,
        {},
        await s.login("wy-emerg", "supervisor"),
      ),
      "inspectionSummary",
    );
    const jointRows = summary.rows.filter((r: any) => r.note.includes("部门联合抽查"));
    expect(jointRows).toHaveLength(3);
    expect(summary.jointShare).toBeCloseTo(3 / summary.drawn);
    expect(jointRows.filter((r: any) => r.publication.startsWith("已公示"))).toHaveLength(2);

    const counts = ok(
      await s.gql(
        `{ jointParticipationCounts(year: 2026) { department { code } published meetsRequirement } }`,
        {},
        coordinator,
      ),
      "jointParticipationCounts",
    );
    const c = Object.fromEntries(counts.map((x: any) => [x.department.code, x]));
    for (const code of CODES) expect(c[code]).toMatchObject({ published: 1, meetsRequirement: true });
    // wy-fire was never part of a joint inspection this year.
    expect(c["wy-fire"]).toMatchObject({ published: 0, meetsRequirement: false });
  });
});
