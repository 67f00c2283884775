/**
 * 抽查比例: how many subjects each stratum draws. Percentages carry at most two decimals and are
 * computed in integer basis points (1/10000), so 3% of 100 is exactly 3, never 3.0000000000000004.
 */
import { at, checkInteger, checkObject, type Issues, isPlainObject } from "./shape";

export type RatioMode = "MIN" | "MAX" | "APPROX";

/**
 * MIN  (不低于 p%): ceil(n·p), and at least 1 when the stratum is not empty.
 * APPROX (p%左右): ceil(n·p).
 * MAX  (不超过 p%): floor(n·p).
 * FIXED: min(count, n). EXCLUDE: 0. ALL: n.
 */
export type StratumRule =
  | { mode: RatioMode; percent: number }
  | { mode: "FIXED"; count: number }
  | { mode: "EXCLUDE" }
  | { mode: "ALL" };

/** `strata` overrides `default` for the named strata (e.g. credit classes A/B/C/D). */
export interface SamplingRule {
  default: StratumRule;
  strata: Record<string, StratumRule>;
}

const BP_PER_WHOLE = 10_000;

/** Percent (0–100, ≤ 2 decimals) as integer basis points, or null when not representable. */
export function basisPoints(percent: unknown): number | null {
  if (typeof percent !== "number" || !Number.isFinite(percent) || percent < 0 || percent > 100) return null;
  const bp = Math.round(percent * 100);
  return Math.abs(percent * 100 - bp) < 1e-6 ? bp : null;
}

function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  // Float division of large safe integers can be off by one; correct it in exact integer arithmetic.
  while (q * b > a) q--;
  while ((q + 1) * b <= a) q++;
  return q;
}

function ceilDiv(a: number, b: number): number {
  const q = floorDiv(a, b);
  return q * b === a ? q : q + 1;
}

export function ruleFor(rule: SamplingRule, stratum: string): StratumRule {
  return Object.hasOwn(rule.strata, stratum) ? rule.strata[stratum] : rule.default;
}

export function sampleSize(rule: StratumRule, populationCount: number): number {
  const n = populationCount;
  switch (rule.mode) {
    case "EXCLUDE":
      return 0;
    case "ALL":
      return n;
    case "FIXED":
      return Math.min(rule.count, n);
    default: {
      const bp = basisPoints(rule.percent);
      if (bp === null) throw new Error(`invalid percent ${rule.percent}`);
      if (rule.mode === "MAX") return floorDiv(n * bp, BP_PER_WHOLE);
      const size = ceilDiv(n * bp, BP_PER_WHOLE);
      return rule.mode === "MIN" && n > 0 ? Math.max(1, size) : size;
    }
  }
}

/** Exact sample size per stratum of the population (capped at the stratum's size). */
export function stratumSampleSizes(
  rule: SamplingRule,
  populationCountsByStratum: Readonly<Record<string, number>>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(populationCountsByStratum).map(([stratum, n]) => [stratum, sampleSize(ruleFor(rule, stratum), n)]),
  );
}

export interface PolicyFloorCheck {
  meetsFloor: boolean;
  /** drawn / population × 100, informational (the comparison itself is exact). */
  effectivePercent: number;
  /** Smallest drawn count that meets the floor. */
  requiredCount: number;
}

/**
 * Tenant policy floor (e.g. 随机抽查比例不低于5%): does the overall draw reach it? The caller decides
 * whether a shortfall is an error or a recorded override.
 */
export function checkPolicyFloor(drawnCount: number, populationCount: number, floorPercent: number): PolicyFloorCheck {
  const bp = basisPoints(floorPercent);
  if (bp === null) throw new Error(`invalid floor percent ${floorPercent}`);
  const requiredCount = ceilDiv(populationCount * bp, BP_PER_WHOLE);
  return {
    meetsFloor: drawnCount >= requiredCount,
    effectivePercent: populationCount === 0 ? 0 : (drawnCount * 100) / populationCount,
    requiredCount,
  };
}

export interface RatioCapViolation {
  stratum: string;
  percent: number;
}

/**
 * Cap for GENERAL (一般) check items: a ratio rule violates it when its configured percent exceeds the
 * cap (ceil rounding on tiny strata is not held against it); FIXED and ALL are judged by their
 * effective share of a non-empty stratum. The caller applies this to GENERAL items only.
 */
export function checkGeneralItemRatioCap(
  rule: SamplingRule,
  populationCountsByStratum: Readonly<Record<string, number>>,
  capPercent: number,
): { withinCap: boolean; violations: RatioCapViolation[] } {
  const capBp = basisPoints(capPercent);
  if (capBp === null) throw new Error(`invalid cap percent ${capPercent}`);
  const violations: RatioCapViolation[] = [];
  for (const [stratum, n] of Object.entries(populationCountsByStratum)) {
    const stratumRule = ruleFor(rule, stratum);
    if (stratumRule.mode === "EXCLUDE" || n === 0) continue;
    if (stratumRule.mode === "FIXED" || stratumRule.mode === "ALL") {
      const size = sampleSize(stratumRule, n);
      if (size * BP_PER_WHOLE > n * capBp) violations.push({ stratum, percent: (size * 100) / n });
    } else if ((basisPoints(stratumRule.percent) ?? Number.POSITIVE_INFINITY) > capBp) {
      violations.push({ stratum, percent: stratumRule.percent });
    }
  }
  return { withinCap: violations.length === 0, violations };
}

export function checkStratumRule(value: unknown, path: string, issues: Issues): value is StratumRule {
  if (!isPlainObject(value)) return checkObject(value, path, issues, ["mode"]);
  switch (value.mode) {
    case "MIN":
    case "MAX":
    case "APPROX": {
      if (!checkObject(value, path, issues, ["mode", "percent"])) return false;
      if (basisPoints(value.percent) !== null) return true;
      issues.push(`${at(path, "percent")}: expected a number from 0 to 100 with at most two decimals`);
      return false;
    }
    case "FIXED":
      return (
        checkObject(value, path, issues, ["mode", "count"]) && checkInteger(value.count, at(path, "count"), issues, 0)
      );
    case "EXCLUDE":
    case "ALL":
      return checkObject(value, path, issues, ["mode"]);
    default:
      issues.push(`${at(path, "mode")}: expected MIN, MAX, APPROX, FIXED, EXCLUDE or ALL`);
      return false;
  }
}

export function checkSamplingRule(value: unknown, path: string, issues: Issues): value is SamplingRule {
  if (!checkObject(value, path, issues, ["default", "strata"])) return false;
  const before = issues.length;
  checkStratumRule(value.default, at(path, "default"), issues);
  if (isPlainObject(value.strata)) {
    for (const [stratum, rule] of Object.entries(value.strata))
      checkStratumRule(rule, at(path, `strata[${JSON.stringify(stratum)}]`), issues);
  } else {
    issues.push(`${at(path, "strata")}: expected an object`);
  }
  return issues.length === before;
}
