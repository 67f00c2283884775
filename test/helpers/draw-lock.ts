import type { GqlResponse } from "./harness";

type Gql = (query: string, variables: Record<string, unknown>, token?: string) => Promise<GqlResponse>;

/**
 * Locks a task's draw (protocol v2: population, pools and rules frozen before the entropy) with a recorded reason to
 * draw at once, as the tests' planners do before `drawTask`.
 */
export async function lockDrawNow(gql: Gql, taskId: string, token: string): Promise<void> {
  const lock = () =>
    gql(
      `mutation($id: ID!) { lockDraw(taskId: $id, immediateReason: "测试：锁定后当场抽取") { id } }`,
      { id: taskId },
      token,
    );
  let r = await lock();
  // A draw runs only under a published plan: an approved plan of the fixture is published first.
  if (r.errors?.[0]?.extensions?.rule === "PLAN_NOT_PUBLISHED") {
    const t = await gql(`query($id: ID!) { task(id: $id) { planId } }`, { id: taskId }, token);
    const p = await gql(`mutation($id: ID!) { publishPlan(id: $id) { status } }`, { id: t.data?.task.planId }, token);
    if (p.errors) throw new Error(`publishPlan: ${JSON.stringify(p.errors)}`);
    r = await lock();
  }
  if (r.errors) throw new Error(`lockDraw: ${JSON.stringify(r.errors)}`);
}
