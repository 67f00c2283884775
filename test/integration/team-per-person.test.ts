import { verifyDrawRecord } from "../../src/draw";
import { lockDrawNow } from "../helpers/draw-lock";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";

/**
 * A random team counts its enforcement inspectors per person (issue 14; the rule 指派 teams obey,
 * src/domain/inspection/team-members.ts): an inspector without an enforcement category, an external expert and an
 * inspector holding none of the task's required categories are never drawn — even where another member covers the
 * categories for the team. The record shows it (the frozen pool, memberCategoriesAnyOf) and verifies. A task that
 * asks for 随行专家/辅助人员 draws them from their own sub-library beside the enforcement team, apart from it.
 */
let s: TestServer;
let ids: DirectoryIds;
const TENANT = "wy-water";
const LIBRARY = "人员规则测试";
const EXPERTS = "随行专家库";

const ok = (r: GqlResponse, key: string): any => {
  if (r.errors) throw new Error(`${key}: ${JSON.stringify(r.errors)}`);
  return (r.data as any)[key];
};

beforeAll(async () => {
  s = await startTestServer({ poolSize: 4 });
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: TENANT,
    codeOffset: 930_000,
    subjects: [{ tag: LIBRARY, count: 8 }],
    inspectors: 7,
    categories: ["水政监察"],
    items: [{ code: "SW-P1", name: "取水许可监督检查", itemClass: "KEY", requiredCategories: ["水政监察"] }],
  });
  const [a, b, none, expert, other, c, support] = ids.inspectorIds;
  await s.superuser(`UPDATE inspector SET sub_libraries = $2, leader_eligible = true WHERE id = ANY ($1)`, [
    ids.inspectorIds,
    [LIBRARY],
  ]);
  await s.superuser(`UPDATE inspector SET enforcement_categories = '{}' WHERE id = $1`, [none]);
  await s.superuser(`UPDATE inspector SET is_external_expert = true WHERE id = $1`, [expert]);
  await s.superuser(`UPDATE inspector SET enforcement_categories = '{水土保持}' WHERE id = $1`, [other]);
  await s.superuser(`UPDATE inspector SET post = 'NON_ENFORCEMENT' WHERE id = $1`, [support]);
  expect([a, b, c].every(Boolean)).toBe(true);
});
afterAll(() => s.close());

/** A published plan's directed task over the fixture subjects, approved, locked and drawn; returns the draw. */
async function drawnTask(name: string, teamRule: Record<string, unknown>) {
  const planner = await s.login(TENANT, "planner");
  const supervisor = await s.login(TENANT, "supervisor");
  const plan = ok(
    await s.gql(`mutation { createPlan(year: 2026, title: "人员规则") { id } }`, {}, planner),
    "createPlan",
  );
  ok(await s.gql(`mutation($id: ID!) { submitPlan(id: $id) { id } }`, { id: plan.id }, planner), "submitPlan");
  ok(await s.gql(`mutation($id: ID!) { approvePlan(id: $id) { id } }`, { id: plan.id }, supervisor), "approvePlan");
  const task = ok(
    await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId: plan.id,
          name,
          kind: "DIRECTED",
          itemIds: [ids.itemIds["SW-P1"]],
          filters: { tags: [LIBRARY] },
          windowFrom: "2026-01-01",
          windowTo: "2026-12-31",
          samplingRule: { default: { mode: "ALL" }, strata: [] },
          stratifyBy: "NONE",
          drawEmbargoDays: 0,
          teamRule: { minSize: 2, maxSize: 3, subLibrary: LIBRARY, ...teamRule },
          // Each test draws the same subjects again: no exclusion of recently inspected ones.
          exclusions: {
            inspectedBySelfWithinMonths: null,
            inspectedByAnyWithinMonths: null,
            yearlyCapAcrossDepartments: null,
            cleanResultWithinMonths: null,
          },
        },
      },
      planner,
    ),
    "createTask",
  );
  ok(await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: task.id }, supervisor), "approveTask");
  await lockDrawNow(s.gql.bind(s), task.id, planner);
  const d = ok(
    await s.gql(
      `mutation($i: DrawInput!) { drawTask(input: $i) { id status } }`,
      {
        i: {
          taskId: task.id,
          witnessEntropy: "3-1-4",
          witnessUsername: "supervisor",
          witnessPassword: "jointcheck-demo",
        },
      },
      planner,
    ),
    "drawTask",
  );
  const read = async () => {
    const r = await s.gql(
      `query($id: ID!, $t: ID!) { draw(id: $id) { record } task(id: $t) { commitment } }`,
      { id: d.id, t: task.id },
      planner,
    );
    return { record: ok(r, "draw").record, commitment: ok(r, "task").commitment as string };
  };
  return { draw: d, planner, supervisor, read };
}

test("the drawn teams hold only enforcement inspectors of the task's categories; the record shows why and verifies", async () => {
  const { draw: d, read } = await drawnTask("取水许可抽查", {});
  expect(d.status).toBe("VALID");
  const [a, b, none, expert, other, c, support] = ids.inspectorIds;
  const members = (
    await s.superuser(`SELECT DISTINCT unnest(member_ids) AS id FROM assignment WHERE draw_id = $1`, [d.id])
  ).map((r: { id: string }) => r.id);
  expect(members.length).toBeGreaterThanOrEqual(2);
  for (const m of members) expect([a, b, c]).toContain(m);

  const { record, commitment } = await read();
  const config = record.config.inspectorDraws[0];
  const keys = config.pool.map((p: { key: string }) => p.key);
  // Out of the pool: no category, an external expert, a non-enforcement post. In it but never drawn: another category.
  for (const k of [none, expert, support]) expect(keys).not.toContain(k);
  expect(keys).toContain(other);
  expect(config.teamRule.memberCategoriesAnyOf).toEqual(["水政监察"]);
  expect(verifyDrawRecord(record, { expectedCommitment: commitment }).valid).toBe(true);
});

test("随行专家/辅助人员 are drawn from their own sub-library beside the team, never as its members; 递补 keeps them apart", async () => {
  const [a, b, , expert, , c, support] = ids.inspectorIds;
  await s.superuser(`UPDATE inspector SET sub_libraries = $2 WHERE id = ANY ($1)`, [
    [expert, support],
    [LIBRARY, EXPERTS],
  ]);
  await s.superuser(`UPDATE inspector SET organisation = '巴彦淖尔市水利科学研究所' WHERE id = ANY ($1)`, [
    [expert, support],
  ]);
  const { draw, supervisor, read } = await drawnTask("取水许可抽查（专家随行）", {
    experts: { count: 1, subLibrary: EXPERTS },
    rotationMonths: 0,
  });
  expect(draw.status).toBe("VALID");
  const rows = await s.superuser(`SELECT id, member_ids, expert_ids FROM assignment WHERE draw_id = $1 ORDER BY id`, [
    draw.id,
  ]);
  expect(rows.length).toBe(8);
  for (const r of rows) {
    expect(r.expert_ids).toHaveLength(1);
    expect([expert, support]).toContain(r.expert_ids[0]);
    for (const m of r.member_ids) expect([a, b, c]).toContain(m);
    expect(r.member_ids.length).toBeGreaterThanOrEqual(2);
  }
  const { record, commitment } = await read();
  expect(record.config.inspectorDraws.map((d: { departmentId: string }) => d.departmentId)).toEqual([
    ids.tenantId,
    `${ids.tenantId}:experts`,
  ]);
  expect(record.config.inspectorDraws[1].teamRule).toMatchObject({ minSize: 1, maxSize: 1, requireLeader: false });
  expect(verifyDrawRecord(record, { expectedCommitment: commitment }).valid).toBe(true);

  // The notice names the expert apart from the inspectors, without a 执法证号.
  const names = await s.superuser(`SELECT id, name, certificate_no FROM inspector WHERE id = ANY ($1)`, [
    [...rows[0].member_ids, ...rows[0].expert_ids],
  ]);
  const nameOf = (id: string) => names.find((n: { id: string }) => n.id === id);
  const notice = await (
    await fetch(`${s.url}/forms/notice/${rows[0].id}`, {
      headers: { authorization: `Bearer ${await s.login(TENANT, "planner")}` },
    })
  ).text();
  const experts = notice.slice(notice.indexOf("随行专家/辅助人员（不属于执法检查人员）："));
  expect(experts).toContain(nameOf(rows[0].expert_ids[0]).name);
  const inspectors = notice.slice(notice.indexOf("二、检查人员"), notice.indexOf("随行专家/辅助人员"));
  expect(inspectors).not.toContain(nameOf(rows[0].expert_ids[0]).certificate_no);
  for (const m of rows[0].member_ids) expect(inspectors).toContain(nameOf(m).certificate_no);

  // 扫码核验 (no login) names the expert apart from the inspectors as the notice does: name and 所在单位 only.
  const verifyCode = /核验码：<b>([0-9A-Z-]+)<\/b>/.exec(notice)![1];
  const scan = async () =>
    ok(
      await s.gql(
        `query($c: String!) { visitCheck(code: $c) { status facts {
           inspectors { id certificateNo } experts { name organisation department } } } }`,
        { c: verifyCode },
      ),
      "visitCheck",
    );
  const seen = await scan();
  expect(seen.status).toBe("VALID");
  expect(seen.facts.experts).toEqual([
    { name: nameOf(rows[0].expert_ids[0]).name, organisation: "巴彦淖尔市水利科学研究所", department: null },
  ]);
  expect(seen.facts.inspectors.map((p: { id: string }) => p.id).sort()).toEqual([...rows[0].member_ids].sort());
  // The type itself carries no 执法证号, identity number or phone: nothing but what the notice prints.
  const fields = ok(await s.gql(`{ __type(name: "VisitExpert") { fields { name } } }`), "__type").fields;
  expect(fields.map((f: { name: string }) => f.name).sort()).toEqual(["department", "id", "name", "organisation"]);

  // The expert of one target recuses: the other expert comes in, the enforcement team is untouched.
  const target = rows[0];
  const recused = await s.gql(
    `mutation($i: RecusalInput!) { recuseInspector(input: $i) { substituteId assignment { memberIds expertIds } } }`,
    {
      i: {
        assignmentId: target.id,
        inspectorId: target.expert_ids[0],
        reason: "SELF_DECLARED",
        note: "与检查对象负责人系近亲属",
        requestedBy: "本人",
      },
    },
    supervisor,
  );
  const r = ok(recused, "recuseInspector");
  const other = target.expert_ids[0] === expert ? support : expert;
  expect(r.substituteId).toBe(other);
  expect(r.assignment.expertIds).toEqual([other]);
  expect([...r.assignment.memberIds].sort()).toEqual([...target.member_ids].sort());
  // The check page follows the 递补: the firm now sees the substitute expert.
  const [substitute] = await s.superuser(`SELECT name FROM inspector WHERE id = $1`, [other]);
  expect((await scan()).facts.experts.map((e: { name: string }) => e.name)).toEqual([substitute.name]);
  const after = await read();
  expect(after.record.substitutions.at(-1)).toMatchObject({ departmentId: `${ids.tenantId}:experts` });
  expect(verifyDrawRecord(after.record, { expectedCommitment: commitment }).valid).toBe(true);
});
