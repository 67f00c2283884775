/**
 * The stratified score interval for a weighted sum of proportions p = Σ W_c·p_c (docs/ESTIMATES.md §3).
 *
 * Wilson's interval for one proportion is the set of p with (p̂ − p)² ≤ z²·V(p), the variance evaluated at the
 * hypothesised p rather than at p̂; that is why it never collapses to a point at 0 % or 100 % and keeps its coverage
 * in small samples. For several strata, V(p) needs every stratum's proportion under the hypothesis Σ W_c·p_c = p: we
 * take the constrained maximum-likelihood values (the approach of Miettinen and Nurminen's score intervals), found
 * through the Lagrange multiplier λ of the constraint. With one cell this is exactly Wilson's interval (with the
 * finite-population correction when it applies).
 */

// Bound once: inside a vm context (Jest's test sandbox) every lookup of the global Math is an interceptor call that
// V8 cannot optimise, which made the simulation test ~50× slower than in production.
const { abs, max, min, sqrt } = Math;
const finite = Number.isFinite;

/** One cell of the estimator: a stratum, or a stratum's part of a domain (industry, region). */
export interface ScoreCell {
  /** Share of the estimated population (Σ weight = 1 over the cells). */
  weight: number;
  /** Sampled units with a result in the cell (> 0). */
  sampled: number;
  /** Of which with problems. */
  problems: number;
  /** Variance factor of sampling without replacement, (N − n)/(N − 1): near 1 for a small fraction, 0 for a census. */
  fpc: number;
  /**
   * Domain estimates only: the coefficient of the cell's share of the domain-size uncertainty, so that V(p) adds
   * between · (p_c − p)² (0 when the domain is the whole stratum). See varianceAt() below.
   */
  between?: number;
}

export interface ScoreInterval {
  estimate: number;
  lower: number;
  upper: number;
  /** √V(p̂): the plug-in standard error of the estimate. */
  standardError: number;
}

/**
 * p_c maximising y·ln p + (n − y)·ln(1 − p) − a·p: the root in [0, 1] of a·p² − (a + n)·p + y = 0 (the stationarity
 * condition (y − n·p) / (p(1 − p)) = a, multiplied out), written to avoid cancellation; boundary solutions when the
 * cell has no problems or only problems.
 */
export function constrainedCellProportion(a: number, n: number, y: number): number {
  if (y <= 0) return a < -n ? 1 + n / a : 0;
  if (y >= n) return a > n ? n / a : 1;
  if (a === 0) return y / n;
  const b = a + n;
  const root = sqrt(b * b - 4 * a * y);
  const p = b >= 0 ? (2 * y) / (b + root) : (b - root) / (2 * a);
  return min(1, max(0, p));
}

interface Prepared {
  /** Free cells: those with sampling variance (fpc > 0). */
  free: ScoreCell[];
  /** Σ W·p̂ of census cells (fpc = 0): known exactly. */
  fixed: number;
  /** Range of p: [fixed, fixed + Σ W of free cells]. */
  lo: number;
  hi: number;
  estimate: number;
}

function prepare(cells: readonly ScoreCell[]): Prepared {
  let fixed = 0;
  let freeWeight = 0;
  let estimate = 0;
  const free: ScoreCell[] = [];
  for (const c of cells) {
    const p = c.problems / c.sampled;
    estimate += c.weight * p;
    if (c.fpc > 0) {
      free.push(c);
      freeWeight += c.weight;
    } else {
      fixed += c.weight * p;
    }
  }
  return { free, fixed, lo: fixed, hi: fixed + freeWeight, estimate };
}

/** Σ W·p_c(λ) over the free cells. */
function weightedAt(free: readonly ScoreCell[], lambda: number): number {
  let s = 0;
  for (const c of free) s += c.weight * constrainedCellProportion(lambda * c.weight, c.sampled, c.problems);
  return s;
}

/**
 * The multiplier λ with Σ W·p_c(λ) = target (free cells). Σ W·p_c(λ) falls continuously from Σ W to 0 as λ runs
 * over the reals, so the root is bracketed by doubling from a warm start and refined by the Illinois method (regula
 * falsi that halves the stale end), which never leaves the bracket.
 */
function multiplierFor(free: readonly ScoreCell[], target: number, start: number): number {
  const f = (l: number) => weightedAt(free, l) - target;
  const g = finite(start) ? start : 0;
  let a = g - 1;
  let b = g + 1;
  let fa = f(a);
  let fb = f(b);
  for (let w = 2; fa < 0 && w < 2 ** 1000; w *= 2) {
    b = a;
    fb = fa;
    a = g - w;
    fa = f(a);
  }
  for (let w = 2; fb > 0 && w < 2 ** 1000; w *= 2) {
    a = b;
    fa = fb;
    b = g + w;
    fb = f(b);
  }
  let side = 0;
  let l = b;
  for (let i = 0; i < 200; i++) {
    l = (a * fb - b * fa) / (fb - fa);
    if (!finite(l) || l <= min(a, b) || l >= max(a, b)) l = (a + b) / 2;
    const fl = f(l);
    if (abs(fl) <= 1e-14 * max(target, 1e-300) || abs(b - a) <= 1e-12 * max(1, abs(l))) break;
    if (fl > 0) {
      a = l;
      fa = fl;
      if (side === 1) fb /= 2;
      side = 1;
    } else {
      b = l;
      fb = fl;
      if (side === -1) fa /= 2;
      side = -1;
    }
  }
  return l;
}

/**
 * V(p): Σ W²·fpc·p_c(1 − p_c)/n_c over the free cells at the constrained proportions p_c(λ), plus the domain-size
 * term Σ between·(p_c − p)² (zero for a whole population).
 */
function varianceAt(free: readonly ScoreCell[], lambda: number, p: number): number {
  let v = 0;
  for (const c of free) {
    const pc = constrainedCellProportion(lambda * c.weight, c.sampled, c.problems);
    v += (c.weight * c.weight * c.fpc * pc * (1 - pc)) / c.sampled;
    if (c.between) v += c.between * (pc - p) ** 2;
  }
  return v;
}

/** The interval endpoint between `inside` (score ≤ 0) and `outside` (score > 0). */
function endpoint(score: (p: number) => number, inside: number, outside: number): number {
  let a = inside;
  let b = outside;
  let fa = score(a);
  let fb = score(b);
  if (fb <= 0) return outside;
  let side = 0;
  for (let i = 0; i < 200 && abs(b - a) > 1e-12; i++) {
    let m = (a * fb - b * fa) / (fb - fa);
    if (!finite(m) || m <= min(a, b) || m >= max(a, b)) m = (a + b) / 2;
    const fm = score(m);
    if (fm <= 0) {
      a = m;
      fa = fm;
      if (side === -1) fb /= 2;
      side = -1;
    } else {
      b = m;
      fb = fm;
      if (side === 1) fa /= 2;
      side = 1;
    }
  }
  return (a + b) / 2;
}

/** The score interval of Σ W_c·p_c at critical value z (e.g. 1.96 for 95 %). Cells must have sampled > 0. */
export function stratifiedScoreInterval(cells: readonly ScoreCell[], z: number): ScoreInterval {
  const { free, lo, hi, estimate, fixed } = prepare(cells);
  // λ = 0 gives the unconstrained proportions p̂_c: the plug-in variance at the estimate.
  const standardError = sqrt(varianceAt(free, 0, estimate));
  if (free.length === 0) return { estimate, lower: estimate, upper: estimate, standardError: 0 };
  let lambda = 0;
  const score = (p: number) => {
    if (p <= lo || p >= hi) return (estimate - p) ** 2; // V vanishes at the edges of the range
    lambda = multiplierFor(free, p - fixed, lambda);
    return (estimate - p) ** 2 - z * z * varianceAt(free, lambda, p);
  };
  const lower = estimate <= lo ? lo : endpoint(score, estimate, lo);
  lambda = 0;
  const upper = estimate >= hi ? hi : endpoint(score, estimate, hi);
  return { estimate, lower: min(lower, estimate), upper: max(upper, estimate), standardError };
}
