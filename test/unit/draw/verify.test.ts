import { type DrawRecord, freezePopulation, performDraw, substitute, verifyDrawRecord } from "../../../src/draw";

/** A small record touching every feature: strata rules, two departments, a failure, substitutions. */
function sampleRecord(): DrawRecord {
  const population = freezePopulation(
    Array.from({ length: 30 }, (_, i) => ({ key: `企业-${i}`, stratum: ["A级", "B级", "C级"][i % 3] })),
  );
  const pool = Array.from({ length: 6 }, (_, i) => ({
    key: `执法-${i}`,
    status: i === 5 ? "ON_LEAVE" : "ACTIVE",
    categories: i % 2 === 0 ? ["食品"] : ["价格"],
    subLibraries: ["总库"],
    leaderEligible: i < 3,
    priorLoad: i === 4 ? 1 : 0,
  }));
  let { record } = performDraw({
    taskId: "task-verify",
    serverSeed: "3c".repeat(32),
    witnessEntropy: "纪委 王某 0301",
    operator: "张三",
    witnesses: ["李四", "王五"],
    drawnAt: "2024-03-01T09:30:00+08:00",
    population,
    exclusionCounts: { 本年度已检查: 4 },
    samplingRule: { default: { mode: "MIN", percent: 10 }, strata: { C级: { mode: "FIXED", count: 2 } } },
    inspectorDraws: [
      {
        departmentId: "市场监管局",
        pool,
        teamRule: { requiredCategories: ["食品"], requireLeader: true, maxAssignments: 4 },
        conflicts: [{ inspectorKey: "执法-0", subjectKey: "企业-0" }],
        rotationExclusions: [{ inspectorKey: "执法-1", subjectKey: "企业-3" }],
      },
      // Three inspectors, teams of three, one assignment each: every target after the first fails.
      {
        departmentId: "卫健委",
        pool: pool.slice(0, 3),
        teamRule: { minSize: 3, maxSize: 3, subLibrary: "总库", maxAssignments: 1 },
      },
    ],
  });
  for (const [department, index] of [
    ["市场监管局", 0],
    ["市场监管局", 0],
  ] as const) {
    const team = record.inspectorResults[index].teams[0];
    const current = record.substitutions.at(-1)?.members ?? team.members;
    const outcome = substitute(
      record,
      team.targetKey,
      current[0],
      { code: "REQUESTED", note: "当事人申请" },
      {
        departmentId: department,
        recordedAt: "2024-03-02T10:00:00Z",
      },
    );
    if (!outcome.ok) throw new Error(outcome.failure.code);
    record = outcome.record;
  }
  return JSON.parse(JSON.stringify(record));
}

type Path = (string | number)[];
function leaves(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [path];
}
function get(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}
function set(root: unknown, path: Path, value: unknown): void {
  (get(root, path.slice(0, -1)) as Record<string | number, unknown>)[path.at(-1) as string | number] = value;
}
/** A plausible alteration that keeps the field's format (hex stays hex, dates stay dates). */
function altered(value: unknown): unknown {
  if (typeof value === "number") return value + 1;
  if (typeof value === "boolean") return !value;
  if (value === null) return "x";
  const text = value as string;
  if (/^[0-9a-f]{64}$/.test(text)) return text.slice(0, -1) + (text.endsWith("0") ? "1" : "0");
  if (/^\d{4}-\d{2}-\d{2}T/.test(text))
    return text.replace(/:(\d)(\d)(?=[.+Z-]|$)/, (_, a, b) => `:${a}${(+b + 1) % 10}`);
  return `${text}x`;
}

describe("verifyDrawRecord", () => {
  const record = sampleRecord();

  test("accepts a produced record after a JSON round trip", () => {
    expect(record.substitutions).toHaveLength(2);
    expect(record.inspectorResults.flatMap((r) => r.failures).length).toBeGreaterThan(0);
    expect(verifyDrawRecord(record)).toEqual({ valid: true, differences: [] });
  });

  test("rejects the record with any single field altered", () => {
    const paths = leaves(record);
    expect(paths.length).toBeGreaterThan(150);
    const undetected: string[] = [];
    for (const path of paths) {
      const copy = structuredClone(record);
      set(copy, path, altered(get(copy, path)));
      const result = verifyDrawRecord(copy);
      if (result.valid || result.differences.length === 0) undetected.push(path.join("."));
    }
    expect(undetected).toEqual([]);
  });

  test("names the differing field with expected and actual values", () => {
    const copy = structuredClone(record);
    const original = copy.drawn[3].key;
    copy.drawn[3].key = "企业-99";
    expect(verifyDrawRecord(copy).differences).toContain(`drawn[3].key: expected "${original}" got "企业-99"`);
  });

  test("a changed name is caught by the seal", () => {
    const copy = structuredClone(record);
    copy.operator = "赵六";
    const { differences } = verifyDrawRecord(copy);
    expect(differences).toHaveLength(3); // the seal, and the substitution chain that hangs off it
    expect(differences[0]).toMatch(/^sealDigest: expected/);
  });

  test.each<[string, (r: DrawRecord) => void, RegExp]>([
    ["a dropped drawn subject", (r) => r.drawn.pop(), /^drawn: expected \d+ entries got \d+/],
    ["swapped drawn subjects", (r) => r.drawn.splice(0, 2, r.drawn[1], r.drawn[0]), /^drawn\[0\]\.key/],
    ["an extra field", (r) => Object.assign(r, { note: "x" }), /^note: unexpected field/],
    ["a missing field", (r) => delete (r as Partial<DrawRecord>).seed, /^seed: missing/],
    ["population keys out of order", (r) => r.population.strata[0].keys.reverse(), /canonical order/],
    ["an added population member", (r) => r.population.strata[0].keys.push("企业-99"), /^population\.(count|digest)/],
    ["a removed first substitution", (r) => r.substitutions.shift(), /^substitutions\[0\]/],
    ["a different algorithm", (r) => Object.assign(r, { algorithm: "jc-draw-v9" }), /^algorithm/],
    [
      "a non-normalised entropy",
      (r) => Object.assign(r, { witnessEntropy: ` ${r.witnessEntropy}` }),
      /^witnessEntropy/,
    ],
    ["a malformed config", (r) => Object.assign(r.config.samplingRule.default, { percent: "10" }), /percent/],
  ])("rejects %s", (_, mutate, message) => {
    const copy = structuredClone(record);
    mutate(copy);
    const result = verifyDrawRecord(copy);
    expect(result.valid).toBe(false);
    expect(result.differences.join("\n")).toMatch(new RegExp(message.source, "m"));
  });

  test("a substitution that cannot be replayed is reported", () => {
    const copy = structuredClone(record);
    copy.substitutions[0].recused = "执法-9";
    expect(verifyDrawRecord(copy).differences[0]).toMatch(/^substitutions\[0\]: cannot be replayed \(NOT_A_MEMBER\)/);
  });

  test("a record cut back to an earlier state is caught only against the published latest digest", () => {
    const earlier = structuredClone(record);
    earlier.substitutions.pop();
    expect(verifyDrawRecord(earlier).valid).toBe(true);
    const latest = record.substitutions[1].digest;
    expect(verifyDrawRecord(record, { expectedLatestDigest: latest }).valid).toBe(true);
    expect(verifyDrawRecord(earlier, { expectedLatestDigest: latest }).differences).toEqual([
      `latest digest: published ${latest}, record ends with "${record.substitutions[0].digest}"`,
    ]);
  });

  test("checks the commitment against the published one when given", () => {
    expect(verifyDrawRecord(record, { expectedCommitment: record.commitment }).valid).toBe(true);
    const other = verifyDrawRecord(record, { expectedCommitment: "00".repeat(32) });
    expect(other.differences).toEqual([`commitment: published ${"00".repeat(32)}, record has "${record.commitment}"`]);
  });

  test("never throws on arbitrary JSON", () => {
    for (const junk of [
      null,
      3,
      "x",
      [],
      {},
      { algorithm: "jc-draw-v1" },
      { ...record, config: null },
      { ...record, population: [] },
    ]) {
      const result = verifyDrawRecord(junk);
      expect(result.valid).toBe(false);
      expect(result.differences.length).toBeGreaterThan(0);
    }
  });

  test("long lists of differences are capped", () => {
    const copy = structuredClone(record);
    copy.taskId = "another task"; // new seed: every rank and team differs
    const { differences } = verifyDrawRecord(copy);
    expect(differences.length).toBeLessThanOrEqual(101);
  });
});
