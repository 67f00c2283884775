/**
 * 合规估计: the design-weighted (stratified) estimate of the share of subjects with problems, with its interval, the
 * raw rate beside it, and bounds for results still pending publication. docs/ESTIMATES.md is the specification;
 * this file and score-interval.ts are the only implementation.
 */
import { criticalValue } from "./normal";
import { type ScoreCell, stratifiedScoreInterval } from "./score-interval";

/** What one domain (the whole population, or one industry/region) looks like in one stratum of one draw. */
export interface DomainPart {
  /** Drawn subjects of the domain (known for every drawn subject: industry and region are on the subject). */
  drawn: number;
  /** Of which with a published result (一公开). */
  published: number;
  /** Of the published, results whose category has problem_found. */
  problems: number;
}

/** One stratum of one draw: its frozen population and sample (the draw record), and the domain's part. */
export interface StratumTally {
  /** N_h: subjects in the stratum's frozen population. */
  population: number;
  /** n_h: subjects drawn from it (selection probability n_h / N_h). */
  drawn: number;
  /** r_h: drawn subjects with a published result, whatever their domain. */
  published: number;
  /** The domain's part; for a whole-population estimate the stratum itself. */
  domain: DomainPart;
}

/** A stratum estimated as a whole (per task, per department): the domain is the stratum. */
export function wholeStratum(population: number, drawn: number, published: number, problems: number): StratumTally {
  return { population, drawn, published, domain: { drawn, published, problems } };
}

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface ComplianceEstimate {
  confidenceLevel: number;
  /** Σ N_h over the strata (the frozen populations the draws were made from). */
  population: number;
  /** Σ N_h of strata that drew at least one subject: the part of the population a random draw speaks for. */
  populationSampled: number;
  /** Σ N_h of strata with at least one published result: the part the estimate speaks for. */
  populationCovered: number;
  /** N̂: the estimated number of population subjects in the domain (the covered population for a whole estimate). */
  estimatedSize: number | null;
  /** The domain's drawn subjects, published results, pending results (drawn − published) and problems found. */
  drawn: number;
  published: number;
  pending: number;
  problems: number;
  /** Design-weighted estimate over the published results, with its score interval; null before any result. */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  standardError: number | null;
  /** 发现问题率 as usually reported: problems / published results, unweighted (biased under unequal ratios). */
  rawRate: number | null;
  /**
   * What the pending results can do to the answer (docs/ESTIMATES.md §5): the estimate and interval if every pending
   * result turned out clean (lower) or with problems (upper), over every stratum that drew anyone. Equal to the
   * estimate's interval when nothing is pending.
   */
  bounds: { lower: number; upper: number; cleanEstimate: number; problemEstimate: number } | null;
}

const DEFAULT_CONFIDENCE = 0.95;

/**
 * Without-replacement variance factor of a cell of estimated size `size` sampled at the stratum's fraction `f`:
 * (N − n)/(N − 1) for a whole stratum, (1 − f)·N̂/(N̂ − 1) for a domain's part (the same formula with N̂ = N·r_d/r).
 */
function fpcOf(fraction: number, size: number): number {
  const outside = Math.max(0, 1 - fraction);
  return size > 1 ? Math.min(1, (outside * size) / (size - 1)) : outside;
}

interface Core {
  interval: (Interval & { standardError: number }) | null;
  estimatedSize: number;
}

/**
 * The estimate from strata whose `published` counts are the responding sample. Only strata with a published result
 * carry weight; a domain's weight in a stratum is estimated as N_h·r_hd/r_h (docs/ESTIMATES.md §4).
 */
function core(strata: readonly StratumTally[], z: number): Core {
  const parts = strata
    .filter((s) => s.published > 0 && s.domain.published > 0)
    .map((s) => ({ s, size: (s.population * s.domain.published) / s.published }));
  const estimatedSize = parts.reduce((t, p) => t + p.size, 0);
  if (estimatedSize <= 0) return { interval: null, estimatedSize: 0 };
  const cells: ScoreCell[] = parts.map(({ s, size }) => {
    const weight = size / estimatedSize;
    const fraction = s.published / s.population;
    const r = s.published;
    const rd = s.domain.published;
    return {
      weight,
      sampled: rd,
      problems: s.domain.problems,
      fpc: fpcOf(fraction, size),
      between: rd < r ? (weight * weight * Math.max(0, 1 - fraction) * (r - rd)) / (r * rd) : 0,
    };
  });
  return { interval: stratifiedScoreInterval(cells, z), estimatedSize };
}

/** Each pending result counted as clean (or as a problem): the strata as if every drawn subject had answered. */
function completed(strata: readonly StratumTally[], asProblem: boolean): StratumTally[] {
  return strata
    .filter((s) => s.drawn > 0)
    .map((s) => ({
      population: s.population,
      drawn: s.drawn,
      published: s.drawn,
      domain: {
        drawn: s.domain.drawn,
        published: s.domain.drawn,
        problems: s.domain.problems + (asProblem ? s.domain.drawn - s.domain.published : 0),
      },
    }));
}

function checkTally(s: StratumTally, i: number): void {
  const d = s.domain;
  const counts = [s.population, s.drawn, s.published, d.drawn, d.published, d.problems];
  if (!counts.every((c) => Number.isInteger(c) && c >= 0))
    throw new RangeError(`stratum ${i}: counts must be non-negative integers`);
  if (s.drawn > s.population || s.published > s.drawn || d.drawn > s.drawn || d.published > d.drawn)
    throw new RangeError(`stratum ${i}: expected published ≤ drawn ≤ population (and the domain's part within)`);
  if (d.published > s.published || d.problems > d.published)
    throw new RangeError(`stratum ${i}: expected problems ≤ published, within the stratum's published`);
}

/** The compliance estimate of one domain over strata of any number of draws (tasks and years pool as strata). */
export function estimateCompliance(
  strata: readonly StratumTally[],
  confidenceLevel: number = DEFAULT_CONFIDENCE,
): ComplianceEstimate {
  if (!(confidenceLevel >= 0.5 && confidenceLevel <= 0.999))
    throw new RangeError("confidenceLevel must be between 0.5 and 0.999");
  strata.forEach(checkTally);
  const z = criticalValue(confidenceLevel);
  const sum = (f: (s: StratumTally) => number, where: (s: StratumTally) => boolean = () => true) =>
    strata.reduce((t, s) => (where(s) ? t + f(s) : t), 0);
  const drawn = sum((s) => s.domain.drawn);
  const published = sum((s) => s.domain.published);
  const problems = sum((s) => s.domain.problems);
  const { interval, estimatedSize } = core(strata, z);
  const pending = drawn - published;
  let bounds: ComplianceEstimate["bounds"] = null;
  if (pending === 0 && interval && sum((s) => s.drawn - s.published) === 0) {
    bounds = {
      lower: interval.lower,
      upper: interval.upper,
      cleanEstimate: interval.estimate,
      problemEstimate: interval.estimate,
    };
  } else {
    const clean = core(completed(strata, false), z).interval;
    const problem = core(completed(strata, true), z).interval;
    if (clean && problem)
      bounds = {
        lower: clean.lower,
        upper: problem.upper,
        cleanEstimate: clean.estimate,
        problemEstimate: problem.estimate,
      };
  }
  return {
    confidenceLevel,
    population: sum((s) => s.population),
    populationSampled: sum(
      (s) => s.population,
      (s) => s.drawn > 0,
    ),
    populationCovered: sum(
      (s) => s.population,
      (s) => s.published > 0,
    ),
    estimatedSize: interval ? estimatedSize : null,
    drawn,
    published,
    pending,
    problems,
    estimate: interval?.estimate ?? null,
    lower: interval?.lower ?? null,
    upper: interval?.upper ?? null,
    standardError: interval?.standardError ?? null,
    rawRate: published > 0 ? problems / published : null,
    bounds,
  };
}
