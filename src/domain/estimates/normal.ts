/**
 * The standard normal distribution, enough for confidence intervals: Φ and its inverse. erf is summed from its
 * everywhere-convergent series with positive terms, erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), which
 * has no cancellation for the |x| ≤ 6 needed here (no tables of fitted coefficients to get wrong).
 */

const SQRT_PI = Math.sqrt(Math.PI);

function erf(x: number): number {
  if (x < 0) return -erf(-x);
  if (x > 6) return 1;
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 500 && term > sum * 1e-17; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return (2 / SQRT_PI) * Math.exp(-x2) * sum;
}

/** Φ(z) = P(Z ≤ z). */
export function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

const density = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** Φ⁻¹(p) for 0.5 ≤ p < 1 (Newton's method from 0; Φ is convex-concave, so the iteration is monotone there). */
export function normalQuantile(p: number): number {
  if (!(p >= 0.5 && p < 1)) throw new RangeError(`normalQuantile: p must be in [0.5, 1), got ${p}`);
  let z = 0;
  for (let i = 0; i < 100; i++) {
    const step = (normalCdf(z) - p) / density(z);
    z -= step;
    if (Math.abs(step) < 1e-15 * Math.max(1, z)) break;
  }
  return z;
}

/** The two-sided critical value for a confidence level, e.g. 0.95 → 1.959963984540054. */
export function criticalValue(confidenceLevel: number): number {
  return normalQuantile(0.5 + confidenceLevel / 2);
}
