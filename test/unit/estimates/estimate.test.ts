import { estimateCompliance, estimateNotes, type StratumTally, wholeStratum } from "../../../src/domain/estimates";

/**
 * The worked example of docs/ESTIMATES.md §8, computed by hand there: a task stratified by credit class, sampled at
 * 3 % / 5 % / 10 % / 20 %, one D-class result still pending publication.
 */
const example: StratumTally[] = [
  wholeStratum(600, 18, 18, 1), // A
  wholeStratum(300, 15, 15, 2), // B
  wholeStratum(80, 8, 8, 2), // C
  wholeStratum(20, 4, 3, 2), // D: 1 pending
];

describe("the worked example (docs/ESTIMATES.md §8)", () => {
  const e = estimateCompliance(example);

  test("counts, raw rate and design-weighted estimate", () => {
    expect(e).toMatchObject({ population: 1000, populationSampled: 1000, populationCovered: 1000 });
    expect(e).toMatchObject({ drawn: 45, published: 44, pending: 1, problems: 7 });
    expect(e.rawRate).toBeCloseTo(7 / 44, 15); // 15.91 %
    // Σ W_h·p̂_h = 0.6·1/18 + 0.3·2/15 + 0.08·2/8 + 0.02·2/3
    expect(e.estimate).toBeCloseTo(0.6 / 18 + (0.3 * 2) / 15 + (0.08 * 2) / 8 + (0.02 * 2) / 3, 15);
    expect(e.estimate).toBeCloseTo(0.106667, 6);
  });

  test("standard error from Σ W²·(N−r)/(N−1)·p̂(1−p̂)/r, hand-computed: 0.042938", () => {
    const term = (w: number, N: number, r: number, y: number) =>
      (w * w * (N - r) * (y / r) * (1 - y / r)) / ((N - 1) * r);
    const v = term(0.6, 600, 18, 1) + term(0.3, 300, 15, 2) + term(0.08, 80, 8, 2) + term(0.02, 20, 3, 2);
    expect(e.standardError).toBeCloseTo(Math.sqrt(v), 12);
    expect(e.standardError).toBeCloseTo(0.042938, 6);
  });

  test("the 95 % interval (score interval: numbers of the table in §8)", () => {
    expect(e.lower).toBeCloseTo(0.052043, 6);
    expect(e.upper).toBeCloseTo(0.237809, 6);
  });

  test("the pending D-class result: bounds as all clean / all with problems", () => {
    expect(e.bounds!.cleanEstimate).toBeCloseTo(0.6 / 18 + (0.3 * 2) / 15 + (0.08 * 2) / 8 + (0.02 * 2) / 4, 15);
    expect(e.bounds!.problemEstimate).toBeCloseTo(0.6 / 18 + (0.3 * 2) / 15 + (0.08 * 2) / 8 + (0.02 * 3) / 4, 15);
    expect(e.bounds!.lower).toBeLessThan(e.lower!);
    expect(e.bounds!.upper).toBeGreaterThan(e.upper!);
    expect(estimateNotes(e)).toEqual([
      expect.stringContaining("尚有 1 户结果待公示，未计入估计，也不按“未发现问题”计"),
    ]);
  });
});

describe("missing and uncovered", () => {
  test("nothing published: no estimate, bounds from 0 % to 100 % of the drawn", () => {
    const e = estimateCompliance([wholeStratum(100, 10, 0, 0)]);
    expect(e.estimate).toBeNull();
    expect(e.rawRate).toBeNull();
    expect(e.bounds).toMatchObject({ cleanEstimate: 0, problemEstimate: 1, lower: 0, upper: 1 });
    expect(estimateNotes(e)[0]).toBe("尚无已公示的随机抽查结果，暂不能估计。");
  });

  test("pending results are never counted as clean: the estimate uses the published ones only", () => {
    const pending = estimateCompliance([wholeStratum(200, 20, 10, 5)]);
    expect(pending.estimate).toBe(0.5);
    expect(pending.pending).toBe(10);
    expect(pending.bounds!.cleanEstimate).toBe(0.25);
    expect(pending.bounds!.problemEstimate).toBe(0.75);
  });

  test("a stratum without any published result is left out of the estimate and said so", () => {
    const e = estimateCompliance([wholeStratum(900, 27, 27, 3), wholeStratum(100, 20, 0, 0)]);
    expect(e.populationCovered).toBe(900);
    expect(e.estimate).toBeCloseTo(3 / 27, 15);
    // The bounds speak for the whole sampled population: 0 % or 100 % for the unpublished stratum.
    expect(e.bounds!.cleanEstimate).toBeCloseTo(0.9 * (3 / 27), 15);
    expect(e.bounds!.problemEstimate).toBeCloseTo(0.9 * (3 / 27) + 0.1, 15);
    expect(estimateNotes(e)).toContain(
      "部分分层尚无已公示结果：估计只代表其余分层的 900 户（抽取所在分层共 1000 户）。",
    );
  });

  test("a stratum that drew nobody (EXCLUDE, or a ratio rounding to 0) is outside what the draw speaks for", () => {
    const e = estimateCompliance([wholeStratum(500, 25, 25, 5), wholeStratum(40, 0, 0, 0)]);
    expect(e).toMatchObject({ population: 540, populationSampled: 500, populationCovered: 500 });
    expect(e.estimate).toBeCloseTo(0.2, 15);
    expect(estimateNotes(e)).toContain("有 40 户所在的分层未抽取任何对象（排除或抽取数为 0），估计不代表这些对象。");
  });

  test("everything published: bounds equal the interval", () => {
    const e = estimateCompliance([wholeStratum(300, 30, 30, 6), wholeStratum(50, 10, 10, 4)]);
    expect(e.bounds).toEqual({
      lower: e.lower,
      upper: e.upper,
      cleanEstimate: e.estimate,
      problemEstimate: e.estimate,
    });
    expect(estimateNotes(e)).toEqual([]);
  });
});

describe("a domain (e.g. one industry) across strata, hand-computed", () => {
  // Stratum 1: 400 subjects, 20 drawn, 8 of them in the domain (2 with problems); stratum 2: 100, 10 drawn, 5 (3).
  const strata: StratumTally[] = [
    { population: 400, drawn: 20, published: 20, domain: { drawn: 8, published: 8, problems: 2 } },
    { population: 100, drawn: 10, published: 10, domain: { drawn: 5, published: 5, problems: 3 } },
  ];
  const e = estimateCompliance(strata);

  test("ratio estimate Σ(N/r)·y_d / Σ(N/r)·r_d = 70/210 and the estimated domain size", () => {
    expect(e.estimatedSize).toBeCloseTo(400 * (8 / 20) + 100 * (5 / 10), 12); // 160 + 50
    expect(e.estimate).toBeCloseTo((20 * 2 + 10 * 3) / (20 * 8 + 10 * 5), 15);
    expect(e.rawRate).toBeCloseTo(5 / 13, 15);
  });

  test("standard error with the domain-size term, hand-computed: 0.127104", () => {
    const w1 = 160 / 210;
    const w2 = 50 / 210;
    const p = 1 / 3;
    const within = (w1 ** 2 * 0.95 * (160 / 159) * 0.25 * 0.75) / 8 + (w2 ** 2 * 0.9 * (50 / 49) * 0.6 * 0.4) / 5;
    const between =
      ((w1 ** 2 * 0.95 * 12) / (20 * 8)) * (0.25 - p) ** 2 + ((w2 ** 2 * 0.9 * 5) / (10 * 5)) * (0.6 - p) ** 2;
    expect(e.standardError).toBeCloseTo(Math.sqrt(within + between), 12);
    expect(e.standardError).toBeCloseTo(0.127104, 6);
  });

  test("a domain equal to the whole stratum is the whole-population estimate", () => {
    const whole = estimateCompliance([wholeStratum(400, 20, 20, 5), wholeStratum(100, 10, 10, 4)]);
    const asDomain = estimateCompliance([
      { population: 400, drawn: 20, published: 20, domain: { drawn: 20, published: 20, problems: 5 } },
      { population: 100, drawn: 10, published: 10, domain: { drawn: 10, published: 10, problems: 4 } },
    ]);
    expect(asDomain).toEqual(whole);
  });

  test("a domain with no published subject has no estimate", () => {
    const e = estimateCompliance([
      { population: 400, drawn: 20, published: 20, domain: { drawn: 0, published: 0, problems: 0 } },
    ]);
    expect(e.estimate).toBeNull();
    expect(e.bounds).toBeNull();
  });
});

describe("input checks", () => {
  test.each([
    [{ population: 10, drawn: 11, published: 0, domain: { drawn: 0, published: 0, problems: 0 } }],
    [{ population: 10, drawn: 5, published: 6, domain: { drawn: 5, published: 5, problems: 0 } }],
    [{ population: 10, drawn: 5, published: 5, domain: { drawn: 5, published: 5, problems: 6 } }],
    [{ population: 10.5, drawn: 5, published: 5, domain: { drawn: 5, published: 5, problems: 1 } }],
    [{ population: 10, drawn: -1, published: 0, domain: { drawn: 0, published: 0, problems: 0 } }],
  ])("inconsistent counts are refused: %j", (s) => {
    expect(() => estimateCompliance([s])).toThrow(RangeError);
  });

  test("confidence level outside 50 %–99.9 %", () => {
    expect(() => estimateCompliance(example, 1)).toThrow(RangeError);
    expect(() => estimateCompliance(example, 0.3)).toThrow(RangeError);
    expect(estimateCompliance(example, 0.9).confidenceLevel).toBe(0.9);
  });
});
