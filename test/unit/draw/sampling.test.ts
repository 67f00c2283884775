import {
  checkGeneralItemRatioCap,
  checkPolicyFloor,
  checkSamplingRule,
  type SamplingRule,
  type StratumRule,
  sampleSize,
  stratumSampleSizes,
} from "../../../src/draw/sampling";

describe("sampleSize rounding (docs/DRAW.md §7.1)", () => {
  test.each<[StratumRule, number, number]>([
    // MIN: ceil, at least 1 for a non-empty stratum.
    [{ mode: "MIN", percent: 3 }, 100, 3], // exact: no 3.0000000000000004 → 4
    [{ mode: "MIN", percent: 3 }, 101, 4], // 3.03 → 4
    [{ mode: "MIN", percent: 3 }, 10, 1], // 0.3 → 1
    [{ mode: "MIN", percent: 0 }, 10, 1], // still at least one
    [{ mode: "MIN", percent: 3 }, 0, 0],
    [{ mode: "MIN", percent: 0.1 }, 1000, 1],
    [{ mode: "MIN", percent: 33.33 }, 3, 1], // 0.9999 → 1
    [{ mode: "MIN", percent: 33.34 }, 3, 2], // 1.0002 → 2
    // APPROX: ceil, may be 0 only at 0 %.
    [{ mode: "APPROX", percent: 5 }, 41, 3], // 2.05 → 3
    [{ mode: "APPROX", percent: 5 }, 40, 2],
    [{ mode: "APPROX", percent: 0 }, 40, 0],
    // MAX: floor.
    [{ mode: "MAX", percent: 3 }, 101, 3],
    [{ mode: "MAX", percent: 3 }, 10, 0],
    [{ mode: "MAX", percent: 1 }, 1_000_000, 10_000],
    [{ mode: "MAX", percent: 100 }, 7, 7],
    // FIXED, EXCLUDE, ALL.
    [{ mode: "FIXED", count: 5 }, 100, 5],
    [{ mode: "FIXED", count: 5 }, 3, 3], // capped at the stratum size
    [{ mode: "EXCLUDE" }, 100, 0],
    [{ mode: "ALL" }, 100, 100],
  ])("%j of %i → %i", (rule, n, expected) => {
    expect(sampleSize(rule, n)).toBe(expected);
  });

  test("agrees with exact rational arithmetic for every percent in steps of 0.01 on awkward sizes", () => {
    for (let bp = 0; bp <= 10_000; bp += 7) {
      const percent = bp / 100;
      for (const n of [1, 3, 7, 99, 101, 997, 123_457]) {
        const exact = BigInt(n) * BigInt(bp);
        const floor = Number(exact / 10_000n);
        const ceil = Number((exact + 9_999n) / 10_000n);
        expect(sampleSize({ mode: "MAX", percent }, n)).toBe(floor);
        expect(sampleSize({ mode: "APPROX", percent }, n)).toBe(ceil);
        expect(sampleSize({ mode: "MIN", percent }, n)).toBe(Math.max(1, ceil));
      }
    }
  });
});

describe("stratumSampleSizes", () => {
  const rule: SamplingRule = {
    default: { mode: "MIN", percent: 5 },
    strata: { D: { mode: "ALL" }, C: { mode: "MIN", percent: 20 }, blacklist: { mode: "EXCLUDE" } },
  };

  test("applies overrides, the default elsewhere, and caps at the stratum size", () => {
    expect(stratumSampleSizes(rule, { A: 1000, B: 19, C: 12, D: 4, blacklist: 50 })).toEqual({
      A: 50,
      B: 1,
      C: 3,
      D: 4,
      blacklist: 0,
    });
  });

  test("stratum labels that look like Object.prototype members are plain labels", () => {
    const sizes = stratumSampleSizes(rule, JSON.parse('{"__proto__": 100, "constructor": 40, "toString": 20}'));
    expect(Object.entries(sizes)).toEqual([
      ["__proto__", 5],
      ["constructor", 2],
      ["toString", 1],
    ]);
  });
});

describe("policy checks", () => {
  test("floor: exact comparison and the smallest count that meets it", () => {
    expect(checkPolicyFloor(30, 1000, 3)).toEqual({ meetsFloor: true, effectivePercent: 3, requiredCount: 30 });
    expect(checkPolicyFloor(29, 1000, 3)).toMatchObject({ meetsFloor: false, requiredCount: 30 });
    expect(checkPolicyFloor(4, 101, 3)).toMatchObject({ meetsFloor: true, requiredCount: 4 });
    expect(checkPolicyFloor(0, 0, 5)).toMatchObject({ meetsFloor: true, requiredCount: 0 });
    expect(() => checkPolicyFloor(1, 10, 3.001)).toThrow();
  });

  test("GENERAL item cap: configured ratios above the cap, FIXED/ALL by effective share", () => {
    const rule: SamplingRule = {
      default: { mode: "MIN", percent: 3 },
      strata: {
        B: { mode: "MAX", percent: 5 },
        C: { mode: "FIXED", count: 10 },
        D: { mode: "ALL" },
        E: { mode: "EXCLUDE" },
      },
    };
    const result = checkGeneralItemRatioCap(rule, { A: 10, B: 100, C: 200, D: 3, E: 9 }, 3);
    // A: 3 % configured (ceil makes it 1 of 10, not held against it); B: 5 % > 3 %;
    // C: 10 / 200 = 5 % > 3 %; D: ALL = 100 %; E excluded.
    expect(result).toEqual({
      withinCap: false,
      violations: [
        { stratum: "B", percent: 5 },
        { stratum: "C", percent: 5 },
        { stratum: "D", percent: 100 },
      ],
    });
    expect(checkGeneralItemRatioCap(rule, { A: 10 }, 3)).toEqual({ withinCap: true, violations: [] });
  });
});

describe("checkSamplingRule", () => {
  const issuesOf = (value: unknown) => {
    const issues: string[] = [];
    checkSamplingRule(value, "samplingRule", issues);
    return issues;
  };

  test("accepts every mode", () => {
    expect(
      issuesOf({
        default: { mode: "APPROX", percent: 2.5 },
        strata: {
          a: { mode: "MAX", percent: 1 },
          b: { mode: "FIXED", count: 0 },
          c: { mode: "ALL" },
          d: { mode: "EXCLUDE" },
        },
      }),
    ).toEqual([]);
  });

  test.each([
    [{ default: { mode: "MIN", percent: 2.555 }, strata: {} }, /two decimals/],
    [{ default: { mode: "MIN", percent: 101 }, strata: {} }, /0 to 100/],
    [{ default: { mode: "MIN", percent: "3" }, strata: {} }, /percent/],
    [{ default: { mode: "FIXED", count: -1 }, strata: {} }, /count/],
    [{ default: { mode: "SOME" }, strata: {} }, /mode/],
    [{ default: { mode: "ALL", percent: 3 }, strata: {} }, /percent: unexpected field/],
    [{ default: { mode: "ALL" } }, /strata: missing/],
  ])("rejects %j", (value, message) => {
    expect(issuesOf(value).join("\n")).toMatch(message);
  });
});
