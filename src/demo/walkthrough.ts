import { Client } from "pg";
import { addDays } from "../calendar/iso-date";
import { transactionSettings } from "../db/tenant-transaction";
import type { Logger } from "../logger";
import { chinaToday, chinaYear } from "../time";
import { DEMO_PASSWORD } from "./departments";

/**
 * The demo's lived-in state, produced through the real GraphQL API right after the first start: 五原县发改委's
 * year's plan is approved and published, a pipeline-safety task is drawn under a witness, one target is inspected,
 * reviewed and published (visible anonymously), the other stays open for the dashboards.
 * Before that, as the owner, the two inspectors linked to inspector1/inspector2 form the sub-library 演示组 so
 * that the drawn team is one whose members can sign in.
 * Then the second target is inspected with a problem found: its result is published, a follow-up transfers the case
 * to 五原县市场监督管理局 (wy-samr), which accepts it there, and 发改委 closes its follow-up (后续处置 via 移交).
 * That second part is best effort: a failure there is logged and leaves the first part in place.
 */
export async function runDemoWalkthrough(baseUrl: string, ownerUrl: string, log: Logger): Promise<void> {
  await prepareDemoTeam(ownerUrl);
  const gql = client(`${baseUrl}/graphql`);
  const login = async (username: string) =>
    (
      await gql(
        `mutation($u: String!, $p: String!) { login(tenantCode: "wy-drc", username: $u, password: $p) { token } }`,
        {
          u: username,
          p: DEMO_PASSWORD,
        },
      )
    ).login.token as string;
  const [planner, supervisor, inspector1, inspector2] = await Promise.all(
    ["planner", "supervisor", "inspector1", "inspector2"].map(login),
  );

  const year = chinaYear();
  const list = await gql(`{ currentItemList(tenantCode: "wy-drc") { items { id code name } } }`);
  const pipelineItem =
    list.currentItemList.items.find((i: { name: string }) => i.name.includes("管道")) ?? list.currentItemList.items[0];
  const plan = (
    await gql(
      `mutation($y: Int!, $t: String!) { createPlan(year: $y, title: $t) { id } }`,
      { y: year, t: `${year}年度“双随机、一公开”抽查工作计划` },
      planner,
    )
  ).createPlan;
  // The task is part of the plan as submitted, approved and published: a published plan is frozen (计划修订).
  const task = (
    await gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId: plan.id,
          name: "石油天然气管道保护定向抽查",
          kind: "DIRECTED",
          itemIds: [pipelineItem.id],
          filters: { tags: ["油气管道"] },
          // The whole plan year: the demo is built on whatever day the server first starts, and a draw is refused
          // once its task's window has ended (DRAW_WINDOW_ENDED).
          windowFrom: `${year}-01-01`,
          windowTo: `${year}-12-31`,
          samplingRule: { default: { mode: "FIXED", count: 2 } },
          stratifyBy: "NONE",
          teamRule: { subLibrary: "演示组", minSize: 2, maxSize: 2, requiredCategories: [] },
        },
      },
      planner,
    )
  ).createTask;
  for (const [m, t] of [
    ["submitPlan", planner],
    ["approvePlan", supervisor],
    ["publishPlan", planner],
  ] as const)
    await gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: plan.id }, t);
  await gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: task.id }, supervisor);
  // v2: lock the parameters first; the demo draws at once, so the lock records why (no notice period).
  await gql(
    `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "演示：锁定后当场抽取") { id } }`,
    { id: task.id },
    planner,
  );
  const drawn = (
    await gql(
      `mutation($i: DrawInput!) { drawTask(input: $i) { id assignments { id leaderId } } }`,
      {
        i: {
          taskId: task.id,
          witnessUsername: "supervisor",
          witnessPassword: DEMO_PASSWORD,
          witnessEntropy: "现场掷骰 3-6-2-5",
        },
      },
      planner,
    )
  ).drawTask;

  const me1 = (await gql(`{ myInspector { id } }`, {}, inspector1)).myInspector;
  const first = drawn.assignments[0];
  const [leader, member] = first.leaderId === me1.id ? [inspector1, inspector2] : [inspector2, inspector1];
  const id = first.id;
  const today = chinaToday();
  await gql(`mutation($id: ID!) { acceptAssignment(assignmentId: $id) { status } }`, { id }, member);
  await gql(
    `mutation($id: ID!) { startInspection(assignmentId: $id, input: { mode: ON_SITE }) { status } }`,
    { id },
    leader,
  );
  await gql(
    `mutation($i: InspectionRecordInput!) { saveInspectionRecord(input: $i) { assignmentId } }`,
    {
      i: {
        assignmentId: id,
        inspectedOn: today,
        situation: "现场检查管道标识、巡护记录和应急预案，未发现违法行为。",
        handlingOpinion: "无",
        identityShown: true,
        noticeShown: true,
        lines: [{ checkItemId: pipelineItem.id, checked: true, result: "符合要求", rectificationOrdered: false }],
      },
    },
    leader,
  );
  await gql(
    `mutation($i: TargetSignoffInput!) { recordTargetSignoff(input: $i) { assignmentId } }`,
    { i: { assignmentId: id, signerName: "王经理", signerRole: "企业负责人" } },
    leader,
  );
  for (const t of [leader, member])
    await gql(`mutation($id: ID!) { signInspectionRecord(assignmentId: $id) { assignmentId } }`, { id }, t);
  await gql(`mutation($id: ID!) { completeInspectionRecord(assignmentId: $id) { status } }`, { id }, leader);
  const result = (
    await gql(
      `mutation($id: ID!) { saveInspectionResult(assignmentId: $id, input: { categoryCode: "NO_PROBLEM" }) { id } }`,
      { id },
      leader,
    )
  ).saveInspectionResult;
  await gql(`mutation($id: ID!) { submitInspectionResult(id: $id) { status } }`, { id: result.id }, leader);
  await gql(`mutation($id: ID!) { approveInspectionResult(id: $id) { status } }`, { id: result.id }, supervisor);
  await gql(`mutation($id: ID!) { publishInspectionResult(id: $id) { status } }`, { id: result.id }, supervisor);
  log.info("demo walkthrough done", { plan: plan.id, task: task.id, draw: drawn.id, publishedResult: result.id });

  const second = drawn.assignments[1];
  if (!second) {
    log.warn("demo walkthrough: only one target drawn; the follow-up and transfer part is skipped");
    return;
  }
  try {
    const [leader2, member2] = second.leaderId === me1.id ? [inspector1, inspector2] : [inspector2, inspector1];
    const transfer = await walkProblemToTransfer(gql, {
      assignmentId: second.id,
      itemId: pipelineItem.id,
      today,
      leader: leader2,
      member: member2,
      supervisor,
    });
    log.info("demo walkthrough: follow-up transferred to wy-samr and accepted there", transfer);
  } catch (e) {
    log.warn("demo walkthrough: the follow-up and transfer part failed; the rest of the demo is in place", {
      error: String(e),
    });
  }
}

type Gql = ReturnType<typeof client>;

/**
 * The second target: a problem found (管道标识缺失), the result published, a follow-up 移送其他部门 transferred to
 * wy-samr, accepted by wy-samr's supervisor (opening its own follow-up), and 发改委's follow-up closed.
 */
async function walkProblemToTransfer(
  gql: Gql,
  a: { assignmentId: string; itemId: string; today: string; leader: string; member: string; supervisor: string },
): Promise<{ result: string; followUp: string; transfer: string }> {
  const id = a.assignmentId;
  await gql(`mutation($id: ID!) { acceptAssignment(assignmentId: $id) { status } }`, { id }, a.member);
  await gql(
    `mutation($id: ID!) { startInspection(assignmentId: $id, input: { mode: ON_SITE }) { status } }`,
    { id },
    a.leader,
  );
  await gql(
    `mutation($i: InspectionRecordInput!) { saveInspectionRecord(input: $i) { assignmentId } }`,
    {
      i: {
        assignmentId: id,
        inspectedOn: a.today,
        situation: "现场检查发现管道穿越段警示标识缺失，巡护记录不完整。",
        handlingOpinion: "责令补设警示标识；涉及计量器具未检定，移送市场监督管理局依职责处理。",
        identityShown: true,
        noticeShown: true,
        lines: [
          {
            checkItemId: a.itemId,
            checked: true,
            result: "警示标识缺失",
            rectificationOrdered: true,
            rectified: false,
          },
        ],
      },
    },
    a.leader,
  );
  await gql(
    `mutation($i: TargetSignoffInput!) { recordTargetSignoff(input: $i) { assignmentId } }`,
    { i: { assignmentId: id, signerName: "李经理", signerRole: "企业负责人" } },
    a.leader,
  );
  for (const t of [a.leader, a.member])
    await gql(`mutation($id: ID!) { signInspectionRecord(assignmentId: $id) { assignmentId } }`, { id }, t);
  await gql(`mutation($id: ID!) { completeInspectionRecord(assignmentId: $id) { status } }`, { id }, a.leader);
  const result = (
    await gql(
      `mutation($id: ID!, $i: ResultInput!) { saveInspectionResult(assignmentId: $id, input: $i) { id } }`,
      {
        id,
        i: {
          categoryCode: "PENDING_FOLLOW_UP",
          problems: "管道穿越段警示标识缺失，巡护记录不完整",
          handling: "责令限期补设标识，并移送市场监督管理局",
        },
      },
      a.leader,
    )
  ).saveInspectionResult;
  await gql(`mutation($id: ID!) { submitInspectionResult(id: $id) { status } }`, { id: result.id }, a.leader);
  await gql(`mutation($id: ID!) { approveInspectionResult(id: $id) { status } }`, { id: result.id }, a.supervisor);
  await gql(`mutation($id: ID!) { publishInspectionResult(id: $id) { status } }`, { id: result.id }, a.supervisor);

  const followUp = (
    await gql(
      `mutation($i: OpenFollowUpInput!) { openFollowUp(input: $i) { id } }`,
      {
        i: {
          resultId: result.id,
          action: "TRANSFER_DEPARTMENT",
          description: "计量器具未经检定，属市场监管职责",
          responsiblePerson: "发改委能源股",
          dueDate: addDays(a.today, 30),
        },
      },
      a.supervisor,
    )
  ).openFollowUp;
  const samr = (await gql(`{ tenant(code: "wy-samr") { id } }`)).tenant;
  const transfer = (
    await gql(
      `mutation($id: ID!, $to: ID!) { transferFollowUp(id: $id, toDepartmentId: $to, kind: TRANSFER, note: "检查中发现计量器具未经检定，请依职责查处") { id } }`,
      { id: followUp.id, to: samr.id },
      a.supervisor,
    )
  ).transferFollowUp;
  const samrSupervisor = (
    await gql(
      `mutation($p: String!) { login(tenantCode: "wy-samr", username: "supervisor", password: $p) { token } }`,
      { p: DEMO_PASSWORD },
    )
  ).login.token as string;
  await gql(
    `mutation($id: ID!, $d: String!) { acceptFollowUpTransfer(id: $id, note: "已接收，立案查处", responsiblePerson: "计量股", dueDate: $d) { status } }`,
    { id: transfer.id, d: addDays(a.today, 60) },
    samrSupervisor,
  );
  await gql(
    `mutation($id: ID!) { closeFollowUp(id: $id, note: "已移交市场监督管理局并被接收") { status } }`,
    { id: followUp.id },
    a.supervisor,
  );
  return { result: result.id, followUp: followUp.id, transfer: transfer.id };
}

async function prepareDemoTeam(ownerUrl: string): Promise<void> {
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    const [{ id: tenantId }] = (await c.query(`SELECT id FROM tenant WHERE code = 'wy-drc'`)).rows;
    await c.query(...transactionSettings(tenantId));
    await c.query(
      `UPDATE inspector i SET sub_libraries = array_append(i.sub_libraries, '演示组'), leader_eligible = true
         FROM app_user u WHERE u.id = i.user_id AND u.username IN ('inspector1', 'inspector2') AND i.tenant_id = $1`,
      [tenantId],
    );
    await c.query("COMMIT");
  } finally {
    await c.end();
  }
}

function client(url: string) {
  return async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(`demo walkthrough: ${body.errors[0].message} (${query.slice(0, 60)}…)`);
    return body.data!;
  };
}
