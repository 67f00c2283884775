import { compareStrings } from "./compare";
import { err, ok, type Result } from "./result";
import {
  DEFAULT_TEAM_RULES,
  type DrawnInspector,
  type JointTeam,
  type TeamFailure,
  type TeamInput,
  type TeamRules,
} from "./team";

/**
 * Forms one mixed team (联合检查组) from the inspectors each department drew for the target. The leader is
 * the most senior leader-eligible member of the initiating department. Returns every failure found, so a
 * planner sees all that is missing at once.
 */
export function composeTeam(input: TeamInput, rules: TeamRules = DEFAULT_TEAM_RULES): Result<JointTeam, TeamFailure[]> {
  const { targetId, initiatingDepartmentId } = input;
  const failures: TeamFailure[] = [];
  const seen = new Set<string>();
  const members: DrawnInspector[] = [];
  const departments = new Set(input.draws.map((d) => d.departmentId));
  departments.add(initiatingDepartmentId);

  for (const draw of input.draws) {
    for (const inspector of draw.inspectors) {
      if (inspector.departmentId !== draw.departmentId) {
        failures.push({
          code: "WRONG_DEPARTMENT",
          targetId,
          departmentId: draw.departmentId,
          inspectorId: inspector.id,
        });
      } else if (seen.has(inspector.id)) {
        failures.push({ code: "DUPLICATE_INSPECTOR", targetId, inspectorId: inspector.id });
      } else {
        seen.add(inspector.id);
        members.push(inspector);
      }
    }
  }

  for (const departmentId of [...departments].sort(compareStrings)) {
    if (!members.some((m) => m.departmentId === departmentId)) {
      failures.push({ code: "MISSING_DEPARTMENT", targetId, departmentId });
    }
  }
  if (members.length < rules.minMembers) {
    failures.push({ code: "TEAM_TOO_SMALL", targetId, size: members.length, minimum: rules.minMembers });
  }
  const leader = members
    .filter((m) => m.departmentId === initiatingDepartmentId && m.leaderEligible)
    .sort(bySeniority)[0];
  if (!leader) failures.push({ code: "NO_LEADER", targetId, departmentId: initiatingDepartmentId });

  if (failures.length > 0 || !leader) return err(failures);
  const ordered = [...members].sort(
    (a, b) =>
      Number(b.id === leader.id) - Number(a.id === leader.id) ||
      Number(b.departmentId === initiatingDepartmentId) - Number(a.departmentId === initiatingDepartmentId) ||
      compareStrings(a.departmentId, b.departmentId) ||
      bySeniority(a, b),
  );
  return ok({
    targetId,
    leaderId: leader.id,
    members: ordered.map((m) => ({ ...m, role: m.id === leader.id ? "LEADER" : "MEMBER" })),
  });
}

/** Teams for many targets at once: the teams that could be formed, and the failures of the others. */
export function composeTeams(
  inputs: readonly TeamInput[],
  rules: TeamRules = DEFAULT_TEAM_RULES,
): { teams: JointTeam[]; failures: TeamFailure[] } {
  const teams: JointTeam[] = [];
  const failures: TeamFailure[] = [];
  for (const input of inputs) {
    const result = composeTeam(input, rules);
    if (result.ok) teams.push(result.value);
    else failures.push(...result.error);
  }
  return { teams, failures };
}

function bySeniority(a: DrawnInspector, b: DrawnInspector): number {
  return a.rank - b.rank || compareStrings(a.id, b.id);
}
