import { chinaYear } from "../../src/time";
import { type DirectoryIds, seedDirectory } from "./fixtures";
import type { GqlResponse, TestServer } from "./harness";

const ok = (r: GqlResponse, key: string): any => {
  if (r.errors) throw new Error(`${key}: ${JSON.stringify(r.errors)}`);
  return r.data![key];
};

/**
 * A wy-drc task ready for the draw ceremony: ten tagged subjects, six inspectors, one KEY item, this year's plan
 * submitted, approved and published, and a directed task of three approved. The browser runs on the real clock, so
 * the plan is this year's and the task window the whole year (open on any day; a draw is refused once it has ended).
 */
export async function approvedCeremonyTask(
  s: TestServer,
  f: { label: string; codeOffset: number; itemCode: string },
): Promise<{ ids: DirectoryIds; taskId: string }> {
  const year = chinaYear();
  const ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: f.codeOffset,
    subjects: [{ tag: `${f.label}测试`, count: 10 }],
    inspectors: 6,
    categories: ["发展改革"],
    items: [{ code: f.itemCode, name: `${f.label}测试事项`, itemClass: "KEY", requiredCategories: [] }],
  });
  const planner = await s.login("wy-drc", "planner");
  const supervisor = await s.login("wy-drc", "supervisor");
  const planId = ok(
    await s.gql(
      `mutation($y: Int!, $t: String!) { createPlan(year: $y, title: $t) { id } }`,
      { y: year, t: `${f.label}测试计划` },
      planner,
    ),
    "createPlan",
  ).id;
  for (const [m, t] of [
    ["submitPlan", planner],
    ["approvePlan", supervisor],
    ["publishPlan", planner],
  ] as const)
    ok(await s.gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: planId }, t), m);
  const taskId = ok(
    await s.gql(
      `mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`,
      {
        i: {
          planId,
          name: `${f.label}测试任务`,
          kind: "DIRECTED",
          itemIds: [ids.itemIds[f.itemCode]],
          filters: { tags: [`${f.label}测试`] },
          windowFrom: `${year}-01-01`,
          windowTo: `${year}-12-31`,
          samplingRule: { default: { mode: "FIXED", count: 3 } },
          stratifyBy: "NONE",
          revisionReason: "测试：计划公布后新增任务（修订）",
        },
      },
      planner,
    ),
    "createTask",
  ).id;
  ok(await s.gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: taskId }, supervisor), "approveTask");
  return { ids, taskId };
}
