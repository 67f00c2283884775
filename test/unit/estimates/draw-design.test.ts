import { drawDesign } from "../../../src/services/estimates/draw-design.service";

/** The adapter from a stored draw record to the estimator's design: the one place that knows the record's shape. */
describe("drawDesign", () => {
  test("a record's stratumSizes (jc-draw-v1 and jc-draw-v2 alike) become population and sample per stratum", () => {
    const stored = [
      { stratum: "A", populationCount: 600, size: 18 },
      { stratum: "D", populationCount: 20, size: 4 },
    ];
    expect(drawDesign(stored)).toEqual([
      { stratum: "A", population: 600, drawn: 18 },
      { stratum: "D", population: 20, drawn: 4 },
    ]);
    expect(drawDesign([])).toEqual([]);
  });

  test.each([
    [null],
    [{ stratum: "A", populationCount: 1, size: 1 }],
    [[{ stratum: "A", populationCount: 10, size: 11 }]],
    [[{ stratum: "A", populationCount: 10.5, size: 1 }]],
    [[{ stratum: 3, populationCount: 10, size: 1 }]],
    [[{ stratum: "A", population: 10, drawn: 1 }]],
  ])("anything else is no design (never guessed): %j", (stored) => {
    expect(drawDesign(stored)).toBeNull();
  });
});
