import { createHash } from "node:crypto";
import { type DrawInput, freezePopulation, performDraw } from "../../../src/draw";

/**
 * Uniformity over 2,000 draws with deterministic server seeds. Pearson's chi-square against the
 * uniform distribution at significance α = 0.01; critical values χ²₀.₉₉(df) from standard tables.
 * (The seeds are fixed, so the outcome is reproducible; a fair algorithm fails a given seed set with
 * probability 1 %.)
 */
const DRAWS = 2000;
const CRITICAL_0_99: Record<number, number> = { 9: 21.666, 24: 42.98, 39: 62.428 };

function chiSquare(observed: number[], expectedEach: number): number {
  return observed.reduce((sum, o) => sum + (o - expectedEach) ** 2 / expectedEach, 0);
}

const seedFor = (i: number) => createHash("sha256").update(`fairness-${i}`).digest("hex");

describe("selection frequencies are uniform (chi-square, α = 0.01)", () => {
  const aKeys = Array.from({ length: 40 }, (_, i) => `a-${String(i).padStart(2, "0")}`);
  const bKeys = Array.from({ length: 25 }, (_, i) => `b-${String(i).padStart(2, "0")}`);
  const population = freezePopulation([
    ...aKeys.map((key) => ({ key, stratum: "A" })),
    ...bKeys.map((key) => ({ key, stratum: "B" })),
  ]);
  const pool = Array.from({ length: 10 }, (_, i) => ({ key: `inspector-${i}`, status: "ACTIVE" }));
  const base: Omit<DrawInput, "serverSeed"> = {
    taskId: "fairness",
    witnessEntropy: "fixed witness text",
    operator: "op",
    witnesses: ["w"],
    drawnAt: "2024-01-01T00:00:00Z",
    population,
    samplingRule: { default: { mode: "MIN", percent: 10 }, strata: {} },
    inspectorDraws: [{ departmentId: "dept", pool, teamRule: { minSize: 2, maxSize: 2 } }],
  };

  const selected = new Map<string, number>();
  const firstInA = new Map<string, number>();
  const onTeam = new Map<string, number>();
  const leader = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  beforeAll(() => {
    for (let i = 0; i < DRAWS; i++) {
      const { record } = performDraw({ ...base, serverSeed: seedFor(i) });
      for (const d of record.drawn) bump(selected, d.key);
      bump(firstInA, record.drawn[0].key);
      // One team per draw (the first-processed target) keeps inspector observations independent.
      const team = record.inspectorResults[0].teams[0];
      for (const m of team.members) bump(onTeam, m);
      bump(leader, team.leader);
    }
  });

  test("strata draw exactly their sizes every time", () => {
    const total = [...selected.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(DRAWS * (4 + 3)); // ceil(10 % of 40) = 4, ceil(10 % of 25) = 3
  });

  test("stratum A (40 subjects, 4 drawn): each subject ≈ 200 times", () => {
    const stat = chiSquare(
      aKeys.map((k) => selected.get(k) ?? 0),
      (DRAWS * 4) / 40,
    );
    expect(stat).toBeLessThan(CRITICAL_0_99[39]);
  });

  test("stratum B (25 subjects, 3 drawn): each subject ≈ 240 times", () => {
    const stat = chiSquare(
      bKeys.map((k) => selected.get(k) ?? 0),
      (DRAWS * 3) / 25,
    );
    expect(stat).toBeLessThan(CRITICAL_0_99[24]);
  });

  test("the best-ranked subject of A is uniform too (rank order carries no bias)", () => {
    const stat = chiSquare(
      aKeys.map((k) => firstInA.get(k) ?? 0),
      DRAWS / 40,
    );
    expect(stat).toBeLessThan(CRITICAL_0_99[39]);
  });

  test("inspectors: team membership and leadership are uniform over a pool of 10", () => {
    const keys = pool.map((p) => p.key);
    expect(
      chiSquare(
        keys.map((k) => onTeam.get(k) ?? 0),
        (DRAWS * 2) / 10,
      ),
    ).toBeLessThan(CRITICAL_0_99[9]);
    expect(
      chiSquare(
        keys.map((k) => leader.get(k) ?? 0),
        DRAWS / 10,
      ),
    ).toBeLessThan(CRITICAL_0_99[9]);
  });

  test("the test has power: a mildly biased selector is rejected", () => {
    // Subjects a-00..a-09 chosen 30 % more often than the rest (same total).
    const biased = aKeys.map((_, i) => (i < 10 ? 260 : 180));
    expect(biased.reduce((a, b) => a + b, 0)).toBe(DRAWS * 4);
    expect(chiSquare(biased, (DRAWS * 4) / 40)).toBeGreaterThan(CRITICAL_0_99[39]);
  });
});
