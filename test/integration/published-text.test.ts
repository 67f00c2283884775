import { clockFrom, resetClock, setClock } from "../../src/time";
import { startTestServer, type TestServer } from "../helpers/harness";
import { approveAndDraw, confirm, JOINT_TEST_CLOCK, seedJointDepartments } from "../helpers/joint-fixture";

/**
 * Published plan text (一公开): the titles of department and joint plans, task names, a joint task's materials and
 * the printable draw record's task name are read by the public with ID and phone numbers masked — the rule of
 * published results (src/domain/inspection/redaction.ts) applied through src/context/published-text.ts. The owning
 * department reads what it wrote.
 */
let s: TestServer;
const PHONE = "+86 138-1234-5678";
const ID_NUMBER = "150821 19800101 123X";
const LANDLINE = "（0478）721 2345";

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const ok = (r: { data?: any; errors?: unknown }): any => {
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
};
const digits = (text: string) => text.normalize("NFKC").replace(/\D/g, "");

describe("joint plan", () => {
  // The joint draw runs inside its task's window (2026-06-01 to 2026-09-30): the one clock stands before it.
  beforeAll(() => setClock(clockFrom(JOINT_TEST_CLOCK)));
  afterAll(() => resetClock());
  test("a published joint plan's title, task names and materials reach the anonymous public masked", async () => {
    const setup = await seedJointDepartments(s, 7100);
    const admin = await s.login("wy-samr", "admin");
    // The coordinator names a contact in the texts that go public.
    const title = `联合抽查计划（联系人 ${PHONE}）`;
    const name = `管道联合抽查 负责人身份证 ${ID_NUMBER}`;
    const materials = [`营业执照复印件，咨询电话 ${LANDLINE}`, "安全生产台账"];
    const plan = ok(
      await s.gql(`mutation($t: String!) { createJointPlan(year: 2026, title: $t) { id } }`, { t: title }, admin),
    ).createJointPlan;
    const task = ok(
      await s.gql(
        `mutation($i: NewJointTaskInput!) { createJointTask(input: $i) { id } }`,
        {
          i: {
            planId: plan.id,
            name,
            initiatingDepartmentId: setup.tenants["wy-drc"],
            departments: [
              { departmentId: setup.tenants["wy-drc"], itemIds: [setup.items["DRC-J01"]] },
              { departmentId: setup.tenants["wy-samr"], itemIds: [setup.items["SAMR-J01"]] },
            ],
            windowFrom: "2026-06-01",
            windowTo: "2026-09-30",
            targetScope: { tags: ["联合测试管道"] },
            samplingRule: { default: { mode: "FIXED", count: 3 }, strata: [] },
            materials,
          },
        },
        admin,
      ),
    ).createJointTask;
    ok(await s.gql(`mutation($id: ID!) { publishJointPlan(id: $id) { id } }`, { id: plan.id }, admin));

    const q = `query($id: ID!, $t: ID!) {
      jointPlan(id: $id) { title status tasks { name materials } }
      jointTask(id: $t) { name materials }
    }`;
    const anonymous = ok(await s.gql(q, { id: plan.id, t: task.id }));
    expect(anonymous.jointPlan.status).toBe("PUBLISHED");
    const published = [
      anonymous.jointPlan.title,
      anonymous.jointPlan.tasks[0].name,
      ...anonymous.jointPlan.tasks[0].materials,
      anonymous.jointTask.name,
      ...anonymous.jointTask.materials,
    ].join("\n");
    for (const n of ["13812345678", "15082119800101123X", "04787212345"])
      expect(digits(published)).not.toContain(n.replace(/\D/g, ""));
    expect(anonymous.jointPlan.title).toBe("联合抽查计划（联系人 138****78）");
    expect(anonymous.jointTask.name).toBe("管道联合抽查 负责人身份证 1****************X");
    expect(anonymous.jointTask.materials).toEqual(["营业执照复印件，咨询电话 047****45", "安全生产台账"]);
    expect(anonymous.jointPlan.tasks[0]).toEqual(anonymous.jointTask);

    // Another department reads the published text too; the coordinator reads what it wrote.
    const other = ok(await s.gql(q, { id: plan.id, t: task.id }, await s.login("wy-tax", "planner")));
    expect(other.jointTask).toEqual(anonymous.jointTask);
    const own = ok(await s.gql(q, { id: plan.id, t: task.id }, admin));
    expect(own.jointPlan.title).toBe(title);
    expect(own.jointTask).toEqual({ name, materials });

    // The printable 选派（抽取）记录单 names the task as published (read here by the initiating participant).
    for (const code of ["wy-drc", "wy-samr"]) ok(await confirm(s, code, task.id));
    const { draw } = await approveAndDraw(s, task.id);
    const drawId = ok(draw).drawJointTask.id;
    const sheet = ok(
      await s.gql(
        `query($id: ID!) { draw(id: $id) { recordHtml } }`,
        { id: drawId },
        await s.login("wy-drc", "planner"),
      ),
    ).draw.recordHtml as string;
    expect(sheet).toContain("管道联合抽查 负责人身份证 1****************X");
    expect(digits(sheet)).not.toContain("15082119800101123");
  });
});

test("a published department plan's title reaches the public masked", async () => {
  const planner = await s.login("wy-health", "planner");
  const supervisor = await s.login("wy-health", "supervisor");
  const title = `2026年度抽查计划 咨询 ${PHONE}`;
  const p = ok(
    await s.gql(`mutation($t: String!) { createPlan(year: 2026, title: $t) { id } }`, { t: title }, planner),
  );
  const move = async (m: string, token: string) =>
    ok(await s.gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: p.createPlan.id }, token));
  await move("submitPlan", planner);
  await move("approvePlan", supervisor);
  await move("publishPlan", planner);
  const q = `query($id: ID!) { plan(id: $id) { title } }`;
  expect((ok(await s.gql(q, { id: p.createPlan.id })) as any).plan.title).toBe("2026年度抽查计划 咨询 138****78");
  expect((ok(await s.gql(q, { id: p.createPlan.id }, planner)) as any).plan.title).toBe(title);
});
