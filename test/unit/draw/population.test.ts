import { createHash } from "node:crypto";
import { DrawInputError } from "../../../src/draw/errors";
import { checkPopulationSnapshot, freezePopulation, type PopulationStratum } from "../../../src/draw/population";

/** Independent digest per docs/DRAW.md §4, built with Buffer. */
function referenceDigest(strata: PopulationStratum[]): string {
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const field = (s: string) => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s, "utf8")]);
  const parts = [field("jc-draw-v1"), field("population"), u32(strata.length)];
  for (const { stratum, keys } of strata) parts.push(field(stratum), u32(keys.length), ...keys.map(field));
  return createHash("sha256").update(Buffer.concat(parts)).digest("hex");
}

describe("freezePopulation", () => {
  const subjects = [
    { key: "k-3", stratum: "B", display: { name: "甲公司" } },
    { key: "k-1", stratum: "A" },
    { key: "\u{1F600}", stratum: "A" },
    { key: "\uFF61", stratum: "A" },
    { key: "k-2", stratum: "B" },
  ];

  test("orders strata then keys by UTF-8 bytes and digests the documented encoding", () => {
    const population = freezePopulation(subjects);
    expect(population.strata).toEqual([
      { stratum: "A", keys: ["k-1", "\uFF61", "\u{1F600}"] },
      { stratum: "B", keys: ["k-2", "k-3"] },
    ]);
    expect(population.count).toBe(5);
    expect(population.digest).toBe(referenceDigest(population.strata));
  });

  test("the digest does not depend on input order or display fields", () => {
    const shuffled = [...subjects].reverse().map(({ key, stratum }) => ({ key, stratum, display: Math.random() }));
    expect(freezePopulation(shuffled).digest).toBe(freezePopulation(subjects).digest);
  });

  test("the digest changes with a key, a stratum or a moved subject", () => {
    const base = freezePopulation(subjects).digest;
    const variants = [
      subjects.map((s, i) => (i === 0 ? { ...s, key: "k-4" } : s)),
      subjects.map((s, i) => (i === 0 ? { ...s, stratum: "A" } : s)),
      subjects.slice(1),
    ];
    for (const variant of variants) expect(freezePopulation(variant).digest).not.toBe(base);
  });

  test.each([
    [
      "a duplicate key in one stratum",
      [
        { key: "x", stratum: "A" },
        { key: "x", stratum: "A" },
      ],
    ],
    [
      "a key in two strata",
      [
        { key: "x", stratum: "A" },
        { key: "x", stratum: "B" },
      ],
    ],
    ["an empty key", [{ key: "", stratum: "A" }]],
    ["a lone surrogate", [{ key: "a\uD800", stratum: "A" }]],
    ["a non-string stratum", [{ key: "a", stratum: 3 as unknown as string }]],
  ])("rejects %s", (_, bad) => {
    expect(() => freezePopulation(bad)).toThrow(DrawInputError);
  });
});

describe("checkPopulationSnapshot (records read from JSON)", () => {
  const check = (value: unknown) => {
    const issues: string[] = [];
    checkPopulationSnapshot(value, "population.strata", issues);
    return issues;
  };

  test("accepts a canonical snapshot", () => {
    expect(
      check([
        { stratum: "A", keys: ["a", "b"] },
        { stratum: "B", keys: ["c"] },
      ]),
    ).toEqual([]);
  });

  test("reports order, duplicates, empty strata and bad keys with their path", () => {
    expect(check([{ stratum: "A", keys: ["b", "a"] }])[0]).toMatch(
      /^population\.strata\[0\]\.keys\[1\]: not strictly after/,
    );
    expect(
      check([
        { stratum: "B", keys: ["a"] },
        { stratum: "A", keys: ["b"] },
      ])[0],
    ).toMatch(/strata\[1\]\.stratum/);
    expect(
      check([
        { stratum: "A", keys: ["a"] },
        { stratum: "B", keys: ["a"] },
      ])[0],
    ).toMatch(/more than one stratum/);
    expect(check([{ stratum: "A", keys: [] }])[0]).toMatch(/must not be empty/);
    expect(check([{ stratum: "A", keys: ["a", 5] }])[0]).toMatch(/keys\[1\]: expected a string/);
    expect(check([{ stratum: "A", keys: ["a"], extra: 1 }])[0]).toMatch(/extra: unexpected field/);
  });
});
