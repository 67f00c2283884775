import {
  countsAsEnforcement,
  enforcementTeamProblems,
  type TeamPerson,
} from "../../../src/domain/inspection/team-members";

const person = (name: string, over: Partial<TeamPerson> = {}): TeamPerson => ({
  id: name,
  name,
  post: "ENFORCEMENT",
  isExternalExpert: false,
  enforcementCategories: ["卫生监督"],
  ...over,
});

describe("enforcement inspectors are counted per person", () => {
  it("an external expert, support staff or a person without 执法类别 never counts", () => {
    expect(countsAsEnforcement(person("甲"), [])).toBe(true);
    expect(countsAsEnforcement(person("专家", { isExternalExpert: true }), [])).toBe(false);
    expect(countsAsEnforcement(person("辅助", { post: "NON_ENFORCEMENT" }), [])).toBe(false);
    expect(countsAsEnforcement(person("无类别", { enforcementCategories: [] }), [])).toBe(false);
    expect(countsAsEnforcement(person("别类", { enforcementCategories: ["交通运输"] }), ["卫生监督"])).toBe(false);
  });

  it("a team whose union covers the categories fails when one member holds none", () => {
    const team = [
      person("甲", { enforcementCategories: ["卫生监督", "传染病防治"] }),
      person("乙", { enforcementCategories: [] }),
    ];
    const problems = enforcementTeamProblems(team, ["卫生监督"], 2);
    expect(problems.map((p) => p.rule)).toEqual(["NOT_ENFORCEMENT", "TOO_FEW_ENFORCEMENT"]);
  });

  it("two qualified members covering the required categories pass", () => {
    const team = [
      person("甲", { enforcementCategories: ["卫生监督"] }),
      person("乙", { enforcementCategories: ["卫生监督", "放射"] }),
    ];
    expect(enforcementTeamProblems(team, ["卫生监督", "放射"], 2)).toEqual([]);
    expect(enforcementTeamProblems(team, ["卫生监督", "职业病"], 2)).toEqual([
      { rule: "CATEGORIES_MISSING", missing: ["职业病"] },
    ]);
  });
});
