import { clockFrom, resetClock, setClock } from "../../src/time";
import { errorCode, type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import {
  approveAndDraw,
  confirm,
  createJointPlanAndTask,
  type JointSetup,
  seedJointDepartments,
} from "../helpers/joint-fixture";

/**
 * Issue 12, "Items apply to the targets they are for" and "Joint plan rules", over HTTP: an item's target kinds and
 * industries decide where it applies — a department task's preview warns and its population leaves out the targets
 * none of its items apply to, and a joint visit's checklist and notice hold only the items that apply to that target,
 * with rich text printed as text; visit dates lie inside the window and not in the past.
 */
let s: TestServer;
let setup: JointSetup;
let taskId: string;
const items: Record<string, string> = {};
// Inside the fixture window (2026-06-01 to 2026-09-30): dates before 06-05 are in the past.
const TODAY = "2026-06-05";

const ok = <T = any>(r: GqlResponse<T>, key: string): any => {
  if (r.errors) throw new Error(`${key}: ${JSON.stringify(r.errors)}`);
  return (r.data as any)[key];
};

/** A new published version of the department's list with the items given (its earlier items stay in it). */
async function publishItems(code: string, list: Array<Record<string, unknown>>) {
  const admin = await s.login(code, "admin");
  ok(await s.gql(`mutation { createItemListDraft { id } }`, {}, admin), "createItemListDraft");
  for (const i of list) {
    const saved = ok(
      await s.gql(
        `mutation($i: CheckItemInput!) { saveCheckItem(input: $i) { id code targetKinds targetIndustryCodes } }`,
        {
          i: {
            category: "行政检查",
            methods: ["ON_SITE"],
            legalBasis: [{ kind: "LAW", title: "中华人民共和国安全生产法", articles: "第六十五条" }],
            itemClass: "KEY",
            ...i,
          },
        },
        admin,
      ),
      "saveCheckItem",
    );
    items[saved.code] = saved.id;
  }
  ok(await s.gql(`mutation { publishItemList(effectiveDate: "2026-01-01") { id } }`, {}, admin), "publishItemList");
}

beforeAll(async () => {
  setClock(clockFrom(`${TODAY}T02:00:00Z`));
  s = await startTestServer({ poolSize: 4 });
  setup = await seedJointDepartments(s, 700_000);
  // The fixture's subjects are enterprises in 管道运输业 (G57).
  await publishItems("wy-drc", [
    {
      code: "DRC-J02",
      name: "油气长输管道保护的监督检查",
      content: "<p>查看<strong>管道标识</strong>&nbsp;和巡护记录</p><p>核对保护方案</p>",
      targetKinds: ["ENTERPRISE", "FACILITY"],
      targetIndustryCodes: ["G57"],
      requiredCategories: ["发展改革"],
    },
    {
      code: "DRC-J03",
      name: "对医疗机构的卫生监督",
      content: "查看执业许可",
      targetKinds: ["PUBLIC_INSTITUTION", "ENTERPRISE"],
      targetIndustryCodes: ["q84"],
    },
  ]);
  await publishItems("wy-samr", [
    {
      code: "SAMR-J02",
      name: "政策性储备粮（油）储存企业的检查",
      content: "<ul><li>库存数量</li><li>储存质量</li></ul>",
      targetKinds: ["ENTERPRISE"],
      targetIndustryCodes: ["A05"],
      requiredCategories: ["市场监管"],
    },
  ]);
});
afterAll(async () => {
  await s.close();
  resetClock();
});

describe("a department task's population holds only the targets its items apply to", () => {
  const preview = async (itemCode: string) =>
    s
      .gql(
        `mutation($y: Int!) { createPlan(year: $y, title: "适用范围") { id } }`,
        { y: 2026 },
        await s.login("wy-drc", "planner"),
      )
      .then(async (p) =>
        s.gql(
          `query($i: NewTaskInput!) { taskPreview(input: $i) { populationSize drawCount warnings } }`,
          {
            i: {
              planId: p.data!.createPlan.id,
              name: "适用范围预览",
              kind: "DIRECTED",
              itemIds: [items[itemCode]],
              filters: { tags: ["联合测试管道"] },
              windowFrom: "2026-06-01",
              windowTo: "2026-09-30",
              samplingRule: { default: { mode: "FIXED", count: 2 }, strata: [] },
            },
          },
          await s.login("wy-drc", "planner"),
        ),
      );

  test("the pipeline item applies to the ten pipeline enterprises: no warning", async () => {
    const r = ok(await preview("DRC-J02"), "taskPreview");
    expect(r).toMatchObject({ populationSize: 10, drawCount: 2, warnings: [] });
  });

  test("an item for medical institutions applies to none of them: the planner is warned before the lock", async () => {
    const r = ok(await preview("DRC-J03"), "taskPreview");
    expect(r.populationSize).toBe(0);
    expect(r.warnings[0]).toContain("有 10 户检查对象不属于所选抽查事项适用的检查对象类型或行业");
  });

  test("a malformed industry code on an item is refused", async () => {
    const admin = await s.login("wy-drc", "admin");
    ok(await s.gql(`mutation { createItemListDraft { id } }`, {}, admin), "createItemListDraft");
    const bad = await s.gql(
      `mutation($i: CheckItemInput!) { saveCheckItem(input: $i) { id } }`,
      {
        i: {
          code: "DRC-BAD",
          category: "行政检查",
          name: "错误的行业代码",
          methods: ["ON_SITE"],
          legalBasis: [{ kind: "LAW", title: "某法" }],
          itemClass: "KEY",
          targetIndustryCodes: ["医疗"],
        },
      },
      admin,
    );
    expect(bad.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "targetIndustryCodes" });
    ok(await s.gql(`mutation { discardItemListDraft }`, {}, admin), "discardItemListDraft");
  });
});

describe("a joint visit's checklist and notice hold only the items that apply to its target", () => {
  let visitId: string;
  beforeAll(async () => {
    const created = await createJointPlanAndTask(s, setup, [
      { code: "wy-drc", itemIds: [items["DRC-J02"]] },
      { code: "wy-samr", itemIds: [setup.items["SAMR-J01"], items["SAMR-J02"]] },
    ]);
    taskId = created.task.id;
    for (const code of ["wy-drc", "wy-samr"]) expect((await confirm(s, code, taskId)).errors).toBeUndefined();
    const { draw } = await approveAndDraw(s, taskId);
    expect(draw.errors).toBeUndefined();
    expect(draw.data!.drawJointTask.populationSize).toBe(10);
    const visits = ok(
      await s.gql(
        `query($t: ID!) { jointVisits(taskId: $t) { items { id } } }`,
        { t: taskId },
        await s.login("wy-samr", "admin"),
      ),
      "jointVisits",
    );
    visitId = visits.items[0].id;
  });

  test("the task-wide list has every confirmed item; the pipeline target's list leaves out the grain depot item", async () => {
    const r = ok(
      await s.gql(
        `query($t: ID!, $v: ID!) {
          jointTask(id: $t) { checklist { lines { owners { itemCode } } } }
          jointVisit(id: $v) { checklist { lines { name content owners { itemCode } } } notice noticeHtml inspectionFormHtml }
        }`,
        { t: taskId, v: visitId },
        await s.login("wy-samr", "planner"),
      ),
      "jointVisit",
    );
    const codes = r.checklist.lines.flatMap((l: any) => l.owners.map((o: any) => o.itemCode)).sort();
    expect(codes).toEqual(["DRC-J02", "SAMR-J01"]);
    expect(JSON.stringify(r.notice)).not.toContain("储备粮");
    expect(r.noticeHtml).not.toContain("储备粮");
    expect(r.noticeHtml).toContain("油气长输管道保护的监督检查");
    // Rich text prints as text: no literal (or escaped) <p> on the notice or the form.
    const pipeline = r.checklist.lines.find((l: any) => l.owners[0].itemCode === "DRC-J02");
    expect(pipeline.content).toBe("查看管道标识 和巡护记录\n核对保护方案");
    for (const page of [r.noticeHtml, r.inspectionFormHtml]) {
      expect(page).toContain("查看管道标识 和巡护记录");
      expect(page).not.toMatch(/&lt;p&gt;|&lt;strong&gt;|&amp;nbsp;/);
    }
    const task = ok(
      await s.gql(
        `query($t: ID!) { jointTask(id: $t) { checklist { lines { owners { itemCode } } } } }`,
        { t: taskId },
        await s.login("wy-samr", "planner"),
      ),
      "jointTask",
    );
    expect(task.checklist.lines.flatMap((l: any) => l.owners.map((o: any) => o.itemCode)).sort()).toEqual([
      "DRC-J02",
      "SAMR-J01",
      "SAMR-J02",
    ]);
  });

  test("a visit's itemsChecked counts the lines that apply to its target, not the task-wide list", async () => {
    const r = await s.gql(
      `query($t: ID!) {
        jointTask(id: $t) { checklist { counts { lines } } targets { id } }
        jointVisits(taskId: $t) { items { itemsChecked checklist { counts { lines } lines { owners { itemCode } } } } }
      }`,
      { t: taskId },
      await s.login("wy-drc", "planner"),
    );
    expect(r.errors).toBeUndefined();
    const { jointTask, jointVisits } = r.data as any;
    expect(jointTask.checklist.counts.lines).toBe(3);
    expect(jointTask.targets.length).toBeGreaterThan(0);
    expect(jointVisits.items).toHaveLength(jointTask.targets.length);
    for (const v of jointVisits.items) {
      // Every target is a pipeline enterprise: the grain depot item (SAMR-J02, industry A05) does not apply.
      expect(v.checklist.lines.flatMap((l: any) => l.owners.map((o: any) => o.itemCode)).sort()).toEqual([
        "DRC-J02",
        "SAMR-J01",
      ]);
      expect(v.itemsChecked).toBe(v.checklist.counts.lines);
      expect(v.itemsChecked).toBe(2);
    }
  });

  test("visit dates: not in the past, inside the window; a past date cannot be accepted or set by a counter-proposal", async () => {
    const coordinator = await s.login("wy-samr", "admin");
    const mut = (name: string, token: string, i: object) =>
      s.gql(
        `mutation($i: JointVisitDateInput!) { ${name}(input: $i) { status proposedDate agreedDate } }`,
        { i },
        token,
      );
    const past = await mut("proposeJointVisitDate", coordinator, { visitId, date: "2026-06-04" });
    expect(past.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "date", rule: "DATE_IN_PAST" });
    expect(past.errors![0].message).toBe(`检查日期不能早于今天（${TODAY}）`);
    const late = await mut("proposeJointVisitDate", coordinator, { visitId, date: "2026-10-08" });
    expect(late.errors![0].message).toBe("检查日期须在任务期限 2026-06-01 至 2026-09-30 之内");
    expect(
      ok(await mut("proposeJointVisitDate", coordinator, { visitId, date: TODAY }), "proposeJointVisitDate"),
    ).toMatchObject({
      status: "PROPOSED",
      proposedDate: TODAY,
    });
    const drc = await s.login("wy-drc", "planner");
    const counter = await mut("proposeOtherJointVisitDate", drc, { visitId, date: "2026-06-01" });
    expect(counter.errors![0].extensions).toMatchObject({ rule: "DATE_IN_PAST" });
    // The next day the proposed date has passed: it can no longer be accepted.
    setClock(clockFrom("2026-06-06T02:00:00Z"));
    try {
      const signIn = await s.gql(
        `mutation { login(tenantCode: "wy-drc", username: "planner", password: "jointcheck-demo") { token } }`,
        {},
      );
      const accept = await s.gql(
        `mutation($v: ID!) { acceptJointVisitDate(visitId: $v) { status } }`,
        { v: visitId },
        signIn.data!.login.token,
      );
      expect(accept.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", rule: "DATE_IN_PAST" });
      expect(accept.errors![0].message).toBe("提出的检查日期已过，请另提日期");
    } finally {
      setClock(clockFrom(`${TODAY}T02:00:00Z`));
    }
    const status = ok(
      await s.gql(`query($v: ID!) { jointVisit(id: $v) { status } }`, { v: visitId }, coordinator),
      "jointVisit",
    );
    expect(status.status).toBe("PROPOSED");
  });

  test("another tenant and the anonymous public cannot read the visit's documents", async () => {
    const q = `query($v: ID!) { jointVisit(id: $v) { noticeHtml } }`;
    expect(errorCode(await s.gql(q, { v: visitId }, await s.login("wy-tax", "planner")))).toBe("NOT_FOUND");
    expect(errorCode(await s.gql(q, { v: visitId }))).toBe("UNAUTHENTICATED");
  });
});
