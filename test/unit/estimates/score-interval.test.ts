import {
  constrainedCellProportion,
  criticalValue,
  type ScoreCell,
  stratifiedScoreInterval,
} from "../../../src/domain/estimates";

const z = criticalValue(0.95);

/** Wilson's interval with a finite-population factor f, from its closed form: the roots of (p̂ − p)² = z²·f·p(1 − p)/n. */
function wilson(y: number, n: number, f = 1): [number, number] {
  const p = y / n;
  const k = (z * z * f) / n;
  const centre = (p + k / 2) / (1 + k);
  const half = Math.sqrt(k * p * (1 - p) + (k * k) / 4) / (1 + k);
  return [centre - half, centre + half];
}

const cell = (weight: number, sampled: number, problems: number, fpc = 1): ScoreCell => ({
  weight,
  sampled,
  problems,
  fpc,
});

describe("one stratum: Wilson's interval", () => {
  test.each([
    [0, 10],
    [5, 20],
    [1, 18],
    [30, 30],
    [1, 1],
    [3, 7],
  ])("%i of %i", (y, n) => {
    const r = stratifiedScoreInterval([cell(1, n, y)], z);
    const [lo, hi] = wilson(y, n);
    expect(r.estimate).toBeCloseTo(y / n, 15);
    expect(r.lower).toBeCloseTo(Math.max(0, lo), 10);
    expect(r.upper).toBeCloseTo(Math.min(1, hi), 10);
  });

  test("known published values: 0/10 → [0, 27.75 %], 5/20 → [11.19 %, 46.87 %]", () => {
    const a = stratifiedScoreInterval([cell(1, 10, 0)], z);
    expect([a.lower, a.upper]).toEqual([0, expect.closeTo(0.27753, 5)]);
    const b = stratifiedScoreInterval([cell(1, 20, 5)], z);
    expect([b.lower, b.upper]).toEqual([expect.closeTo(0.11186, 5), expect.closeTo(0.4687, 5)]);
  });

  test("the finite-population factor narrows the interval exactly as in the closed form", () => {
    const f = (100 - 40) / 99; // 40 of 100 drawn
    const r = stratifiedScoreInterval([cell(1, 40, 6, f)], z);
    const [lo, hi] = wilson(6, 40, f);
    expect(r.lower).toBeCloseTo(lo, 10);
    expect(r.upper).toBeCloseTo(hi, 10);
    const plain = stratifiedScoreInterval([cell(1, 40, 6)], z);
    expect(r.upper - r.lower).toBeLessThan(plain.upper - plain.lower);
  });

  test("a census (every subject drawn and published) has no sampling error", () => {
    const r = stratifiedScoreInterval([cell(1, 12, 4, 0)], z);
    expect(r).toEqual({ estimate: 4 / 12, lower: 4 / 12, upper: 4 / 12, standardError: 0 });
  });
});

describe("several strata", () => {
  test("two identical strata of equal weight give the pooled Wilson interval (10 of 40)", () => {
    const r = stratifiedScoreInterval([cell(0.5, 20, 5), cell(0.5, 20, 5)], z);
    const [lo, hi] = wilson(10, 40);
    expect(r.lower).toBeCloseTo(lo, 9);
    expect(r.upper).toBeCloseTo(hi, 9);
  });

  test("a census stratum shifts the interval by its known contribution and adds no width", () => {
    const free = stratifiedScoreInterval([cell(1, 20, 5)], z);
    const mixed = stratifiedScoreInterval([cell(0.6, 20, 5), cell(0.4, 10, 10, 0)], z);
    expect(mixed.estimate).toBeCloseTo(0.6 * 0.25 + 0.4, 15);
    expect(mixed.lower).toBeCloseTo(0.6 * free.lower + 0.4, 10);
    expect(mixed.upper).toBeCloseTo(0.6 * free.upper + 0.4, 10);
  });

  test("strata all at 0 % or 100 % still have a real interval (Wald's would be a point)", () => {
    const r = stratifiedScoreInterval([cell(0.6, 30, 0), cell(0.4, 10, 10)], z);
    expect(r.standardError).toBe(0);
    expect(r.estimate).toBeCloseTo(0.4, 15);
    expect(r.lower).toBeLessThan(0.4);
    expect(r.upper).toBeGreaterThan(0.4);
    expect(r.lower).toBeGreaterThan(0);
    expect(r.upper).toBeLessThan(1);
  });

  /**
   * An independent check of the endpoints: for two strata, the constrained maximum-likelihood proportions at a
   * hypothesised p are found by a plain grid search over p₁ (p₂ follows from the constraint); the endpoints must be
   * where (p̂ − p)² = z²·V(p).
   */
  test("endpoints satisfy the score equation with the constrained MLE found by grid search", () => {
    const cells = [cell(0.7, 25, 2, 0.9), cell(0.3, 12, 5, 0.8)];
    const r = stratifiedScoreInterval(cells, z);
    const logLik = (p: number, c: ScoreCell) =>
      (c.problems ? c.problems * Math.log(p) : 0) +
      (c.sampled - c.problems ? (c.sampled - c.problems) * Math.log(1 - p) : 0);
    for (const p of [r.lower, r.upper]) {
      let best = { ll: -Infinity, p1: 0, p2: 0 };
      for (let i = 1; i < 200_000; i++) {
        const p1 = i / 200_000;
        const p2 = (p - 0.7 * p1) / 0.3;
        if (p2 <= 0 || p2 >= 1) continue;
        const ll = logLik(p1, cells[0]) + logLik(p2, cells[1]);
        if (ll > best.ll) best = { ll, p1, p2 };
      }
      const v = cells.reduce(
        (t, c, i) => t + (c.weight ** 2 * c.fpc * [best.p1, best.p2][i] * (1 - [best.p1, best.p2][i])) / c.sampled,
        0,
      );
      expect((r.estimate - p) ** 2).toBeCloseTo(z * z * v, 5);
    }
  });

  test("a wider confidence level gives a wider interval containing the narrower one", () => {
    const cells = [cell(0.5, 30, 3), cell(0.3, 20, 4), cell(0.2, 8, 3)];
    const a = stratifiedScoreInterval(cells, criticalValue(0.9));
    const b = stratifiedScoreInterval(cells, criticalValue(0.99));
    expect(b.lower).toBeLessThan(a.lower);
    expect(b.upper).toBeGreaterThan(a.upper);
  });
});

describe("constrained cell proportion", () => {
  test("λ = 0 is the observed proportion; the boundaries of a cell without (or with only) problems", () => {
    expect(constrainedCellProportion(0, 20, 5)).toBe(0.25);
    expect(constrainedCellProportion(5, 10, 0)).toBe(0);
    expect(constrainedCellProportion(-20, 10, 0)).toBeCloseTo(0.5, 15); // 1 + n/a
    expect(constrainedCellProportion(-5, 10, 10)).toBe(1);
    expect(constrainedCellProportion(20, 10, 10)).toBeCloseTo(0.5, 15); // n/a
  });

  test("solves the stationarity condition (y − n·p)/(p(1 − p)) = a for large and small multipliers", () => {
    for (const a of [-1e6, -300, -7, 0.5, 9, 1e4, 1e8]) {
      const p = constrainedCellProportion(a, 30, 4);
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
      expect((4 - 30 * p) / (p * (1 - p)) / a).toBeCloseTo(1, 6);
    }
  });
});
