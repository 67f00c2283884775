import {
  type DrawTallies,
  domainKeys,
  domainStrata,
  estimateCompliance,
  groupDraws,
  industryGroup,
  pooledStrata,
  regionGroup,
  taskStrata,
  wholeStratum,
} from "../../../src/domain/estimates";

const cell = (stratum: string, industryCode: string | null, drawn: number, published: number, problems: number) => ({
  stratum,
  industryCode,
  regionCode: "150821100",
  drawn,
  published,
  problems,
});

const food: DrawTallies = {
  departmentId: "samr",
  taskId: "t1",
  drawId: "d1",
  design: [
    { stratum: "A", population: 600, drawn: 18 },
    { stratum: "D", population: 20, drawn: 4 },
  ],
  cells: [cell("A", "F5211", 10, 10, 1), cell("A", "H6210", 8, 8, 0), cell("D", "H6210", 4, 3, 2)],
};
const health: DrawTallies = {
  departmentId: "health",
  taskId: "t2",
  drawId: "d2",
  design: [{ stratum: "全部", population: 50, drawn: 10 }],
  cells: [cell("全部", "Q8412", 6, 6, 1), cell("全部", "H6110", 4, 4, 2)],
};

describe("per task", () => {
  test("the record's strata with the department's published results", () => {
    const t = taskStrata(food);
    expect(t.mismatch).toBe(false);
    expect(t.rows).toEqual([
      { stratum: "A", population: 600, drawn: 18, published: 18, problems: 1 },
      { stratum: "D", population: 20, drawn: 4, published: 3, problems: 2 },
    ]);
    expect(t.strata).toEqual([wholeStratum(600, 18, 18, 1), wholeStratum(20, 4, 3, 2)]);
  });

  test("a drawn stratum without any assignment yet is all pending", () => {
    const t = taskStrata({ ...food, cells: food.cells.filter((c) => c.stratum === "A") });
    expect(t.rows[1]).toEqual({ stratum: "D", population: 20, drawn: 4, published: 0, problems: 0 });
  });

  test("assignments beyond the record (an unknown stratum, more than drawn) are left out and flagged", () => {
    const extra = taskStrata({ ...food, cells: [...food.cells, cell("X", null, 1, 1, 1)] });
    expect(extra.mismatch).toBe(true);
    expect(extra.rows.map((r) => r.stratum)).toEqual(["A", "D"]);
    const over = taskStrata({ ...food, cells: [cell("D", null, 6, 6, 6)] });
    expect(over.mismatch).toBe(true);
    expect(over.rows[1]).toMatchObject({ drawn: 4, published: 4, problems: 4 });
  });
});

describe("pooled", () => {
  test("tasks pool as separate strata: the weights are the draws' populations", () => {
    const pooled = estimateCompliance(pooledStrata([food, health]));
    expect(pooled.population).toBe(670);
    // (600·1/18 + 20·2/3 + 50·3/10) / 670
    expect(pooled.estimate).toBeCloseTo((600 / 18 + (20 * 2) / 3 + (50 * 3) / 10) / 670, 15);
    expect(pooled.rawRate).toBeCloseTo(6 / 31, 15);
  });

  test("by department", () => {
    const groups = groupDraws([food, health, { ...food, taskId: "t3", drawId: "d3" }], (t) => t.departmentId);
    expect([...groups.keys()]).toEqual(["samr", "health"]);
    expect(groups.get("samr")!.map((t) => t.taskId)).toEqual(["t1", "t3"]);
  });

  test("an industry is a domain across every task's strata", () => {
    const hotel = (c: { industryCode: string | null }) => industryGroup(c.industryCode, "SECTION").key === "H";
    expect(domainKeys([food, health], (c) => industryGroup(c.industryCode, "SECTION").key)).toEqual(["F", "H", "Q"]);
    const strata = domainStrata([food, health], hotel);
    expect(strata).toEqual([
      { population: 600, drawn: 18, published: 18, domain: { drawn: 8, published: 8, problems: 0 } },
      { population: 20, drawn: 4, published: 3, domain: { drawn: 4, published: 3, problems: 2 } },
      { population: 50, drawn: 10, published: 10, domain: { drawn: 4, published: 4, problems: 2 } },
    ]);
    const e = estimateCompliance(strata);
    // Σ (N/r)·y_d / Σ (N/r)·r_d
    const num = (600 / 18) * 0 + (20 / 3) * 2 + (50 / 10) * 2;
    const den = (600 / 18) * 8 + (20 / 3) * 3 + (50 / 10) * 4;
    expect(e.estimate).toBeCloseTo(num / den, 15);
    expect(e.pending).toBe(1);
  });
});

describe("groups", () => {
  test.each([
    ["F5211", "SECTION", "F", "F 批发和零售业"],
    ["5211", "SECTION", "F", "F 批发和零售业"],
    ["C13", "DIVISION", "C13", "C13（制造业）"],
    ["1311", "DIVISION", "C13", "C13（制造业）"],
    ["Q8412", "DIVISION", "Q84", "Q84（卫生和社会工作）"],
    ["C", "DIVISION", "C", "C 制造业（未细分到大类）"],
    ["05", "SECTION", "A", "A 农、林、牧、渔业"],
    ["98", "SECTION", "T", "T 国际组织"],
    [null, "SECTION", "", "未登记"],
    ["ZZ", "SECTION", "", "未登记"],
  ] as const)("industry %s at %s → %s", (code, level, key, label) => {
    expect(industryGroup(code, level)).toEqual({ key, label });
  });

  test.each([
    ["150821100", "TOWNSHIP", "150821100", "150821100"],
    ["150821100201", "TOWNSHIP", "150821100", "150821100"],
    ["150821100201", "COUNTY", "150821", "150821"],
    ["150821", "TOWNSHIP", "150821", "150821（未细分到乡镇）"],
    [null, "COUNTY", "", "未登记"],
    ["1508", "COUNTY", "", "未登记"],
  ] as const)("region %s at %s → %s", (code, level, key, label) => {
    expect(regionGroup(code, level)).toEqual({ key, label });
  });
});
