import { createHash, createHmac } from "node:crypto";
import { type DrawInput, DrawInputError, freezePopulation, performDraw } from "../../../src/draw";

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const field = (x: string | Buffer) => {
  const bytes = typeof x === "string" ? Buffer.from(x, "utf8") : x;
  return Buffer.concat([u32(bytes.length), bytes]);
};
const sortKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v !== null && typeof v === "object"
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        )
      : v;

const population = freezePopulation(
  Array.from({ length: 200 }, (_, i) => ({ key: `subject-${i}`, stratum: ["A", "B", "C"][i % 3] })),
);
const base: DrawInput = {
  taskId: "task-2024-001",
  serverSeed: "11".repeat(32),
  witnessEntropy: "plum blossom 0301",
  operator: "张三",
  witnesses: ["李四"],
  drawnAt: "2024-03-01T09:30:00.000Z",
  population,
  samplingRule: { default: { mode: "MIN", percent: 10 }, strata: { C: { mode: "FIXED", count: 5 } } },
};
const drawnKeys = (input: DrawInput) => performDraw(input).record.drawn.map((d) => d.key);

describe("determinism", () => {
  test("the same inputs give the same record", () => {
    expect(performDraw(base)).toEqual(performDraw(base));
  });

  test.each<[string, Partial<DrawInput>]>([
    ["server seed", { serverSeed: "12".repeat(32) }],
    ["witness entropy", { witnessEntropy: "plum blossom 0302" }],
    ["task id", { taskId: "task-2024-002" }],
    [
      "one population member",
      {
        population: freezePopulation([
          ...population.strata.flatMap((s) => s.keys.map((key) => ({ key, stratum: s.stratum }))).slice(1),
          { key: "subject-new", stratum: "A" },
        ]),
      },
    ],
    [
      "sampling rule (part of the config digest)",
      { samplingRule: { ...base.samplingRule, strata: { C: { mode: "FIXED", count: 6 } } } },
    ],
  ])("changing the %s changes the draw", (_, change) => {
    const before = drawnKeys(base);
    const after = drawnKeys({ ...base, ...change });
    expect(after).not.toEqual(before);
    // Not merely a different size: the ranking itself moved.
    expect(after.slice(0, 3)).not.toEqual(before.slice(0, 3));
  });

  test("entropy is normalised: NFC and trimmed", () => {
    const composed = performDraw({ ...base, witnessEntropy: "caf\u00e9 0301" }).record;
    const decomposed = performDraw({ ...base, witnessEntropy: " \u3000cafe\u0301 0301\n" }).record;
    expect(decomposed.witnessEntropy).toBe("caf\u00e9 0301");
    expect(decomposed.seed).toBe(composed.seed);
    expect(decomposed.drawn).toEqual(composed.drawn);
  });
});

describe("the record matches an independent computation of docs/DRAW.md", () => {
  const { record } = performDraw(base);

  test("commitment, config digest and seed", () => {
    const serverSeed = Buffer.from(base.serverSeed, "hex");
    expect(record.commitment).toBe(createHash("sha256").update(serverSeed).digest("hex"));
    const configDigest = createHash("sha256")
      .update(Buffer.concat([field("jc-draw-v1"), field("config"), field(JSON.stringify(sortKeys(record.config)))]))
      .digest();
    expect(record.configDigest).toBe(configDigest.toString("hex"));
    const seed = createHash("sha256")
      .update(
        Buffer.concat([
          field("jc-draw-v1"),
          field("seed"),
          field(serverSeed),
          field(base.witnessEntropy),
          field(base.taskId),
          field(Buffer.from(population.digest, "hex")),
          field(configDigest),
        ]),
      )
      .digest("hex");
    expect(record.seed).toBe(seed);
  });

  test("each stratum draws exactly its computed size: the lowest HMAC ranks, in rank order", () => {
    const seed = Buffer.from(record.seed, "hex");
    const rank = (key: string) =>
      createHmac("sha256", seed)
        .update(Buffer.concat([field("subject"), field(key)]))
        .digest("hex");
    expect(record.stratumSizes).toEqual([
      { stratum: "A", populationCount: 67, size: 7 },
      { stratum: "B", populationCount: 67, size: 7 },
      { stratum: "C", populationCount: 66, size: 5 },
    ]);
    const expected = population.strata.flatMap(({ stratum, keys }) =>
      keys
        .map((key) => ({ stratum, key, rank: rank(key) }))
        .sort((a, b) => (a.rank < b.rank ? -1 : 1))
        .slice(0, record.stratumSizes.find((s) => s.stratum === stratum)?.size),
    );
    expect(record.drawn).toEqual(expected);
  });

  test("edge sizes: none, one, all of a stratum", () => {
    for (const [rule, size] of [
      [{ mode: "EXCLUDE" }, 0],
      [{ mode: "FIXED", count: 1 }, 1],
      [{ mode: "ALL" }, 67],
      [{ mode: "FIXED", count: 500 }, 67],
    ] as const) {
      const { record: r } = performDraw({ ...base, samplingRule: { default: rule, strata: {} } });
      const inA = r.drawn.filter((d) => d.stratum === "A");
      expect(inA).toHaveLength(size);
      expect(new Set(inA.map((d) => d.key)).size).toBe(size);
      expect(inA.map((d) => d.rank)).toEqual([...inA.map((d) => d.rank)].sort());
    }
  });
});

describe("input validation", () => {
  test.each<[string, Partial<DrawInput>, RegExp]>([
    ["upper-case server seed", { serverSeed: "AB".repeat(32) }, /serverSeed/],
    ["blank entropy", { witnessEntropy: " \n\u3000" }, /witnessEntropy/],
    ["no witness", { witnesses: [] }, /witness/],
    ["time without zone", { drawnAt: "2024-03-01 09:30" }, /drawnAt/],
    ["empty task id", { taskId: "" }, /taskId/],
    ["stale population digest", { population: { ...population, digest: "00".repeat(32) } }, /population\.digest/],
    ["bad percent", { samplingRule: { default: { mode: "MIN", percent: 3.333 }, strata: {} } }, /percent/],
    [
      "duplicate department",
      {
        inspectorDraws: [
          { departmentId: "d", pool: [] },
          { departmentId: "d", pool: [] },
        ],
      },
      /duplicate department/,
    ],
    [
      "duplicate inspector",
      {
        inspectorDraws: [
          {
            departmentId: "d",
            pool: [
              { key: "i", status: "ACTIVE" },
              { key: "i", status: "ACTIVE" },
            ],
          },
        ],
      },
      /duplicate inspector/,
    ],
    [
      "min above max",
      { inspectorDraws: [{ departmentId: "d", pool: [], teamRule: { minSize: 4, maxSize: 3 } }] },
      /maxSize/,
    ],
  ])("rejects %s", (_, change, message) => {
    const run = () => performDraw({ ...base, ...change });
    expect(run).toThrow(DrawInputError);
    expect(run).toThrow(message);
  });
});
