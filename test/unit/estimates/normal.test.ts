import { criticalValue, normalCdf, normalQuantile } from "../../../src/domain/estimates";

/** Reference values: R's qnorm/pnorm (to the digits printed). */
describe("standard normal", () => {
  test("Φ at reference points", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(-2)).toBeCloseTo(0.02275013194817921, 14);
    expect(1 - normalCdf(7)).toBeCloseTo(1.279812543885835e-12, 15);
  });

  test("critical values of the usual confidence levels", () => {
    expect(criticalValue(0.95)).toBeCloseTo(1.959963984540054, 12);
    expect(criticalValue(0.9)).toBeCloseTo(1.6448536269514722, 12);
    expect(criticalValue(0.99)).toBeCloseTo(2.5758293035489004, 12);
    expect(criticalValue(0.999)).toBeCloseTo(3.2905267314919255, 11);
    expect(normalQuantile(0.5)).toBe(0);
  });

  test("outside [0.5, 1) is refused", () => {
    expect(() => normalQuantile(1)).toThrow(RangeError);
    expect(() => normalQuantile(0.4)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });
});
