import type { VisitOutcome } from "../../../src/joint";
import { regionSavings, savingsReport } from "../../../src/joint";

const visit = (visitId: string, targetId: string, departmentIds: string[], done: boolean, itemsChecked: number) =>
  ({ visitId, targetId, departmentIds, done, itemsChecked }) satisfies VisitOutcome;

describe("savings", () => {
  const pipelinePlan = [
    visit("v1", "firm-a", ["drc", "samr"], true, 4),
    visit("v2", "firm-b", ["drc", "samr", "emerg"], true, 6),
    visit("v3", "firm-c", ["drc", "samr"], false, 0),
  ];
  const grainPlan = [
    visit("v4", "firm-a", ["drc", "grain"], true, 3),
    visit("v5", "firm-d", ["samr", "grain", "samr"], true, 2),
  ];

  it("counts department-visits avoided as Σ departments of done visits − done visits", () => {
    expect(savingsReport(pipelinePlan)).toEqual({
      participatingDepartments: 3,
      targets: 3,
      visits: 3,
      visitsDone: 2,
      itemsChecked: 10,
      departmentVisitsAvoided: 2 + 3 - 2,
    });
  });

  it("counts a department listed twice in a visit once", () => {
    expect(savingsReport([grainPlan[1]]).departmentVisitsAvoided).toBe(1);
  });

  it("reports per plan and for the region, counting shared departments and targets once", () => {
    const { plans, region } = regionSavings([
      { planId: "plan-grain", visits: grainPlan },
      { planId: "plan-pipeline", visits: pipelinePlan },
    ]);
    expect(plans.map((p) => [p.planId, p.report.departmentVisitsAvoided])).toEqual([
      ["plan-grain", 2],
      ["plan-pipeline", 3],
    ]);
    expect(region).toEqual({
      participatingDepartments: 4,
      targets: 4,
      visits: 5,
      visitsDone: 4,
      itemsChecked: 15,
      departmentVisitsAvoided: 5,
    });
  });

  it("reports zeros for no visits", () => {
    expect(savingsReport([])).toEqual({
      participatingDepartments: 0,
      targets: 0,
      visits: 0,
      visitsDone: 0,
      itemsChecked: 0,
      departmentVisitsAvoided: 0,
    });
  });
});
