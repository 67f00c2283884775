import type { DrawnInspector, TeamInput } from "../../../src/joint";
import { composeTeam, composeTeams } from "../../../src/joint";

function inspector(id: string, departmentId: string, rank: number, leaderEligible = false): DrawnInspector {
  return { id, name: `检查员${id}`, certificateNo: `64-${id}`, departmentId, rank, leaderEligible };
}

const drc = [inspector("d1", "drc", 3, true), inspector("d2", "drc", 1, false), inspector("d3", "drc", 2, true)];
const samr = [inspector("s1", "samr", 1, true), inspector("s2", "samr", 4)];

function input(over: Partial<TeamInput> = {}): TeamInput {
  return {
    targetId: "t-1",
    initiatingDepartmentId: "drc",
    draws: [
      { departmentId: "samr", inspectors: samr },
      { departmentId: "drc", inspectors: drc },
    ],
    ...over,
  };
}

describe("composeTeam", () => {
  it("chooses as leader the most senior leader-eligible member of the initiating department", () => {
    const result = composeTeam(input());
    // d2 is more senior but not eligible; s1 is more senior but from a participating department.
    expect(result.ok && result.value.leaderId).toBe("d3");
    expect(result.ok && result.value.members.filter((m) => m.role === "LEADER").map((m) => m.id)).toEqual(["d3"]);
  });

  it("lists the leader first, then the initiating department, then the others, by seniority", () => {
    const result = composeTeam(input());
    expect(result.ok && result.value.members.map((m) => m.id)).toEqual(["d3", "d2", "d1", "s1", "s2"]);
  });

  it("breaks a tie in seniority by inspector id, so the leader does not depend on input order", () => {
    const tied = [inspector("b", "drc", 1, true), inspector("a", "drc", 1, true)];
    const result = composeTeam(
      input({
        draws: [
          { departmentId: "drc", inspectors: tied },
          { departmentId: "samr", inspectors: samr },
        ],
      }),
    );
    expect(result.ok && result.value.leaderId).toBe("a");
  });

  it("fails with MISSING_DEPARTMENT when a participating department drew nobody", () => {
    const result = composeTeam(
      input({
        draws: [
          { departmentId: "drc", inspectors: drc },
          { departmentId: "samr", inspectors: [] },
        ],
      }),
    );
    expect(!result.ok && result.error).toEqual([{ code: "MISSING_DEPARTMENT", targetId: "t-1", departmentId: "samr" }]);
  });

  it("fails with NO_LEADER when the initiating department has no leader-eligible member", () => {
    const result = composeTeam(
      input({
        draws: [
          { departmentId: "drc", inspectors: [drc[1]] },
          { departmentId: "samr", inspectors: samr },
        ],
      }),
    );
    expect(!result.ok && result.error).toEqual([{ code: "NO_LEADER", targetId: "t-1", departmentId: "drc" }]);
  });

  it("reports every failure at once: initiator absent, team too small, no leader", () => {
    const result = composeTeam(input({ draws: [{ departmentId: "samr", inspectors: [samr[0]] }] }));
    expect(!result.ok && result.error).toEqual([
      { code: "MISSING_DEPARTMENT", targetId: "t-1", departmentId: "drc" },
      { code: "TEAM_TOO_SMALL", targetId: "t-1", size: 1, minimum: 2 },
      { code: "NO_LEADER", targetId: "t-1", departmentId: "drc" },
    ]);
  });

  it("applies a tenant's own minimum team size", () => {
    const draws = [
      { departmentId: "drc", inspectors: [drc[0]] },
      { departmentId: "samr", inspectors: [samr[0]] },
    ];
    expect(composeTeam(input({ draws })).ok).toBe(true);
    const result = composeTeam(input({ draws }), { minMembers: 3 });
    expect(!result.ok && result.error).toEqual([{ code: "TEAM_TOO_SMALL", targetId: "t-1", size: 2, minimum: 3 }]);
  });

  it("rejects an inspector listed twice or under another department", () => {
    const result = composeTeam(
      input({
        draws: [
          { departmentId: "drc", inspectors: [...drc, drc[0]] },
          { departmentId: "samr", inspectors: [...samr, drc[1]] },
        ],
      }),
    );
    expect(!result.ok && result.error).toEqual([
      { code: "DUPLICATE_INSPECTOR", targetId: "t-1", inspectorId: "d1" },
      { code: "WRONG_DEPARTMENT", targetId: "t-1", departmentId: "samr", inspectorId: "d2" },
    ]);
  });
});

describe("composeTeams", () => {
  it("returns the teams it could form and the failures of the other targets", () => {
    const { teams, failures } = composeTeams([
      input(),
      input({
        targetId: "t-2",
        draws: [
          { departmentId: "drc", inspectors: drc },
          { departmentId: "samr", inspectors: [] },
        ],
      }),
    ]);
    expect(teams.map((t) => t.targetId)).toEqual(["t-1"]);
    expect(failures).toEqual([{ code: "MISSING_DEPARTMENT", targetId: "t-2", departmentId: "samr" }]);
  });
});
