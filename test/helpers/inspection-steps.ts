import { Client } from "pg";
import type { GqlResponse, TestServer } from "./harness";

/**
 * An assignment taken through the department's result pipeline over the API, as its team and supervisor would:
 * accept, start on site, record every item of the assignment on `inspectedOn`, the firm signs, the team signs,
 * complete (recordInspection), result NO_PROBLEM, submit, approve (maker ≠ checker), publish (publishResult). The department's demo accounts
 * inspector1 (leading) and inspector2 are linked to the assignment's members first. Works for a department's own
 * assignment and for a department's part of a joint visit (kind JOINT) alike.
 */
export interface TeamAssignment {
  id: string;
  tenant_id: string;
  leader_id: string;
  member_ids: string[];
}

const ok = (r: GqlResponse, step: string): any => {
  if (r.errors) throw new Error(`${step}: ${JSON.stringify(r.errors)}`);
  return r.data;
};

export async function asSuperuser<T>(s: TestServer, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The department's part of a joint visit (its assignment of kind JOINT for the visit's target). */
export async function jointPartOf(s: TestServer, tenantCode: string, visitId: string): Promise<TeamAssignment> {
  return asSuperuser(s, async (c) => {
    const { rows } = await c.query(
      `SELECT a.id, a.tenant_id, a.leader_id, a.member_ids FROM assignment a
         JOIN joint_visit v ON v.target_id = a.joint_target_id
         JOIN tenant t ON t.id = a.tenant_id
        WHERE v.id = $1 AND t.code = $2 AND a.status <> 'CANCELLED'`,
      [visitId, tenantCode],
    );
    if (rows.length !== 1)
      throw new Error(`expected one part of ${tenantCode} in visit ${visitId}, found ${rows.length}`);
    return rows[0] as TeamAssignment;
  });
}

/** Tokens of the team, leader first (inspector1, then inspector2 for a second member). */
export async function teamTokens(s: TestServer, tenantCode: string, a: TeamAssignment): Promise<string[]> {
  const members = [a.leader_id, ...a.member_ids.filter((m) => m !== a.leader_id)].slice(0, 2);
  const names = ["inspector1", "inspector2"].slice(0, members.length);
  await asSuperuser(s, async (c) => {
    const users = (
      await c.query(`SELECT id, username FROM app_user WHERE tenant_id = $1 AND username = ANY ($2)`, [
        a.tenant_id,
        names,
      ])
    ).rows as Array<{ id: string; username: string }>;
    await c.query(`UPDATE inspector SET user_id = NULL WHERE user_id = ANY ($1)`, [users.map((u) => u.id)]);
    for (const [i, m] of members.entries())
      await c.query(`UPDATE inspector SET user_id = $1 WHERE id = $2`, [
        users.find((u) => u.username === names[i])?.id,
        m,
      ]);
  });
  return Promise.all(names.map((n) => s.login(tenantCode, n)));
}

export interface Recorded {
  /** The team's tokens, leader first. */
  team: string[];
  /** The answer to completeInspectionRecord (not checked: a refusal is for the caller to read). */
  completed: GqlResponse;
}

/**
 * The team records every item of the assignment on `inspectedOn`, the firm and the team sign, and the leader
 * completes. An assignment touched before (accepted, or started and saved) goes on from where it stands.
 */
export async function recordInspection(
  s: TestServer,
  tenantCode: string,
  a: TeamAssignment,
  inspectedOn: string,
): Promise<Recorded> {
  const team = await teamTokens(s, tenantCode, a);
  const [leader] = team;
  const id = a.id;
  for (const t of team) {
    const accepted = await s.gql(`mutation($id: ID!) { acceptAssignment(assignmentId: $id) { status } }`, { id }, t);
    if (accepted.errors && accepted.errors[0]?.extensions?.code !== "CONFLICT") ok(accepted, "accept");
  }
  const { assignment } = ok(
    await s.gql(`query($id: ID!) { assignment(id: $id) { status items { id } } }`, { id }, leader),
    "assignment",
  );
  if (assignment.status === "ACCEPTED")
    ok(
      await s.gql(
        `mutation($id: ID!) { startInspection(assignmentId: $id, input: { mode: ON_SITE }) { status } }`,
        { id },
        leader,
      ),
      "startInspection",
    );
  ok(
    await s.gql(
      `mutation($i: InspectionRecordInput!) { saveInspectionRecord(input: $i) { id } }`,
      {
        i: {
          assignmentId: id,
          inspectedOn,
          situation: "按本部门事项逐项检查。",
          handlingOpinion: "未发现问题。",
          identityShown: true,
          noticeShown: true,
          lines: assignment.items.map((item: { id: string }) => ({
            checkItemId: item.id,
            checked: true,
            result: "符合要求",
          })),
        },
      },
      leader,
    ),
    "saveInspectionRecord",
  );
  ok(
    await s.gql(
      `mutation($i: TargetSignoffInput!) { recordTargetSignoff(input: $i) { id } }`,
      { i: { assignmentId: id, signerName: "张经理", signerRole: "负责人" } },
      leader,
    ),
    "recordTargetSignoff",
  );
  for (const t of team)
    ok(await s.gql(`mutation($id: ID!) { signInspectionRecord(assignmentId: $id) { id } }`, { id }, t), "sign");
  const completed = await s.gql(
    `mutation($id: ID!) { completeInspectionRecord(assignmentId: $id) { status } }`,
    { id },
    leader,
  );
  return { team, completed };
}

/** Result NO_PROBLEM by the leader, submitted, approved and published by the supervisor; returns its id. */
export async function publishResult(s: TestServer, tenantCode: string, a: TeamAssignment, leader: string) {
  const result = ok(
    await s.gql(
      `mutation($id: ID!) { saveInspectionResult(assignmentId: $id, input: { categoryCode: "NO_PROBLEM" }) { id } }`,
      { id: a.id },
      leader,
    ),
    "saveInspectionResult",
  ).saveInspectionResult;
  const step = async (m: string, t: string) =>
    ok(await s.gql(`mutation($id: ID!) { ${m}(id: $id) { status } }`, { id: result.id }, t), m)[m];
  await step("submitInspectionResult", leader);
  const supervisor = await s.login(tenantCode, "supervisor");
  await step("approveInspectionResult", supervisor);
  const published = await step("publishInspectionResult", supervisor);
  if (published.status !== "PUBLISHED") throw new Error(`published as ${published.status}`);
  return result.id as string;
}

/** Records, approves and publishes the assignment; returns the published result's id. */
export async function recordAndPublish(
  s: TestServer,
  tenantCode: string,
  a: TeamAssignment,
  inspectedOn: string,
): Promise<string> {
  const { team, completed } = await recordInspection(s, tenantCode, a, inspectedOn);
  const done = ok(completed, "completeInspectionRecord").completeInspectionRecord;
  if (done.status !== "RECORDED") throw new Error(`recorded as ${done.status}`);
  return publishResult(s, tenantCode, a, team[0]);
}
