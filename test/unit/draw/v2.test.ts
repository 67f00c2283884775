import { createHash } from "node:crypto";
import {
  commitmentOf,
  type DrawLockV2,
  type DrawRecordV2,
  freezePopulation,
  type InspectorCandidate,
  lockDrawV2,
  normalizeInspectorDrawConfig,
  performDrawV2,
  substituteV2,
  verifyDrawRecord,
  voidDrawV2,
} from "../../../src/draw";
import { DepartmentDrawV2 } from "../../../src/draw/inspector-draw-v2";
import { chooseTeam } from "../../../src/draw/team";

const SERVER_SEED = "5a".repeat(32);
const hex = (s: string) => createHash("sha256").update(s).digest("hex");

function pool(n: number, categories = ["食品", "价格", "特种设备"]) {
  return Array.from({ length: n }, (_, i) => ({
    key: `执法-${String(i).padStart(3, "0")}`,
    status: i % 11 === 5 ? "ON_LEAVE" : "ACTIVE",
    categories: [categories[i % categories.length], ...(i % 4 === 0 ? [categories[(i + 1) % categories.length]] : [])],
    subLibraries: ["总库"],
    leaderEligible: i % 3 === 0,
    priorLoad: i % 5 === 0 ? 1 : 0,
  }));
}

function sampleLock(overrides: Partial<Parameters<typeof lockDrawV2>[0]> = {}): DrawLockV2 {
  const population = freezePopulation(
    Array.from({ length: 60 }, (_, i) => ({ key: `企业-${i}`, stratum: ["A级", "B级"][i % 2] })),
  );
  return lockDrawV2({
    taskId: "task-v2",
    commitment: commitmentOf(SERVER_SEED),
    lockedAt: "2026-03-02T09:00:00+08:00",
    drawNotBefore: "2026-03-03T00:00:00+08:00",
    immediateReason: null,
    population,
    samplingRule: { default: { mode: "MIN", percent: 10 }, strata: { B级: { mode: "FIXED", count: 4 } } },
    exclusionCounts: { 本年度已检查: 3 },
    inspectorDraws: [
      {
        departmentId: "市场监管局",
        // Deliberately unsorted: the lock stores pools in key byte order.
        pool: pool(30).reverse(),
        teamRule: { requiredCategories: ["食品", "特种设备"], requireLeader: true, maxAssignments: 3 },
        conflicts: [{ inspectorKey: "执法-000", subjectKey: "企业-0" }],
      },
    ],
    recusalCap: 2,
    ...overrides,
  });
}

const DRAW = {
  serverSeed: SERVER_SEED,
  witnessEntropy: " 纪委 王某 3-6-1 ",
  operator: "张三（planner）",
  witnesses: ["李四（纪委监委）"],
  drawnAt: "2026-03-03T09:30:00+08:00",
};

function sampleRecord(): DrawRecordV2 {
  let record = performDrawV2(sampleLock(), DRAW);
  const team = record.inspectorResults[0].teams[0];
  let outcome = substituteV2(record, {
    targetKey: team.targetKey,
    recused: team.members[0],
    reason: { code: "SELF_DECLARED", note: "近亲属在该企业任职" },
    recordedAt: "2026-03-04T10:00:00+08:00",
    approvedBy: "赵六（supervisor）",
  });
  if (!outcome.ok) throw new Error(outcome.code);
  record = outcome.record;
  const next = record.substitutions[0];
  outcome = substituteV2(record, {
    targetKey: team.targetKey,
    recused: next.substitute,
    reason: { code: "UNAVAILABLE", note: "病假" },
    recordedAt: "2026-03-05T10:00:00+08:00",
    approvedBy: "赵六（supervisor）",
    declaredUnavailable: [{ inspectorKey: next.substitute, note: "病假至 3 月 20 日" }],
  });
  if (!outcome.ok) throw new Error(outcome.code);
  return outcome.record;
}

describe("jc-draw-v2 records", () => {
  test("lock → draw → 递补 ×2 verifies; the lock digest and the latest digest tie it to what was published", () => {
    const lock = sampleLock();
    expect(lock.config.inspectorDraws[0].pool.map((c) => c.key)).toEqual(
      [...lock.config.inspectorDraws[0].pool.map((c) => c.key)].sort(),
    );
    const record = sampleRecord();
    expect(record.algorithm).toBe("jc-draw-v2");
    expect(record.lock.digest).toBe(lock.lock.digest);
    expect(record.witnessEntropy).toBe("纪委 王某 3-6-1");
    const copy = JSON.parse(JSON.stringify(record));
    expect(verifyDrawRecord(copy)).toEqual({ valid: true, differences: [] });
    expect(
      verifyDrawRecord(copy, {
        expectedCommitment: lock.commitment,
        expectedLockDigest: lock.lock.digest,
        expectedLatestDigest: record.substitutions[1].digest,
      }).valid,
    ).toBe(true);
    // Dropping the last 递补, or all of them, is a valid shorter record, but not the published head.
    const shorter = { ...copy, substitutions: copy.substitutions.slice(0, 1) };
    expect(verifyDrawRecord(shorter).valid).toBe(true);
    expect(verifyDrawRecord(shorter, { expectedLatestDigest: record.substitutions[1].digest }).differences[0]).toMatch(
      /^latest digest/,
    );
    const none = { ...copy, substitutions: [] };
    expect(verifyDrawRecord(none, { expectedLatestDigest: record.substitutions[1].digest }).valid).toBe(false);
  });

  test("a draw before drawNotBefore, or with a seed not matching the commitment, is refused", () => {
    expect(() => performDrawV2(sampleLock(), { ...DRAW, drawnAt: "2026-03-02T23:59:59+08:00" })).toThrow(
      /drawNotBefore/,
    );
    expect(() => performDrawV2(sampleLock(), { ...DRAW, serverSeed: "5b".repeat(32) })).toThrow(/commitment/);
  });

  test.each<[string, (r: any) => void, RegExp]>([
    ["the entropy", (r) => (r.witnessEntropy = "纪委 王某 3-6-2"), /seed|drawn|witnessEntropy/],
    ["the lock time", (r) => (r.lock.lockedAt = "2026-03-02T09:00:01+08:00"), /lock\.digest/],
    ["the immediate reason", (r) => (r.lock.immediateReason = "紧急"), /lock\.digest/],
    ["the notice period", (r) => (r.lock.drawNotBefore = "2026-03-03T09:00:00+08:00"), /lock\.digest/],
    ["a pool status", (r) => (r.config.inspectorDraws[0].pool[5].status = "ACTIVE"), /configDigest|lock\.digest/],
    ["the recusal cap", (r) => (r.config.recusalCap = 5), /configDigest/],
    ["a team member", (r) => r.inspectorResults[0].teams[1].members.reverse(), /inspectorResults/],
    ["a substitute", (r) => (r.substitutions[0].substitute = "执法-029"), /substitutions\[0\]/],
    ["an approver", (r) => (r.substitutions[0].approvedBy = "钱七"), /substitutions\[0\]\.digest/],
    ["an unavailability declaration", (r) => (r.substitutions[1].declaredUnavailable = []), /substitutions\[1\]/],
    ["the operator", (r) => (r.operator = "王五"), /sealDigest/],
    ["a population key order", (r) => r.population.strata[0].keys.reverse(), /population/],
  ])("changing %s is detected", (_, mutate, pattern) => {
    const r = JSON.parse(JSON.stringify(sampleRecord()));
    mutate(r);
    const result = verifyDrawRecord(r);
    expect(result.valid).toBe(false);
    expect(result.differences.join("\n")).toMatch(pattern);
  });

  test("an inspector declared unavailable is never a substitute again in this draw, and the cap needs a reason", () => {
    const record = sampleRecord();
    const declared = record.substitutions[1].declaredUnavailable[0].inspectorKey;
    let r = record;
    // Third 递补 exceeds the cap of 2: refused without a reason, recorded with one.
    for (const team of r.inspectorResults[0].teams.slice(1, 2)) {
      const base = {
        targetKey: team.targetKey,
        recused: team.members[0],
        reason: { code: "ORDERED" as const, note: "监督人员决定" },
        recordedAt: "2026-03-06T10:00:00+08:00",
        approvedBy: "赵六（supervisor）",
      };
      const refused = substituteV2(r, base);
      expect(refused).toEqual({ ok: false, code: "OVER_CAP_REASON_REQUIRED" });
      const done = substituteV2(r, { ...base, overCapReason: "专项整治需要，经局长批准" });
      if (!done.ok) throw new Error(done.code);
      expect(done.substitution.substitute).not.toBe(declared);
      r = done.record;
    }
    expect(verifyDrawRecord(JSON.parse(JSON.stringify(r))).valid).toBe(true);
    // Declaring the same inspector twice is refused: a declaration cannot be withdrawn and re-made.
    const team = r.inspectorResults[0].teams[2];
    expect(
      substituteV2(r, {
        targetKey: team.targetKey,
        recused: team.members[0],
        reason: { code: "OTHER", note: "" },
        recordedAt: "2026-03-07T10:00:00+08:00",
        approvedBy: "赵六（supervisor）",
        declaredUnavailable: [{ inspectorKey: declared, note: "again" }],
        overCapReason: "x",
      }),
    ).toEqual({ ok: false, code: "ALREADY_UNAVAILABLE" });
  });

  test("a void is the last chain entry: verified, nothing after it, and tampering its reason is detected", () => {
    const voided = voidDrawV2(sampleRecord(), {
      reason: "检查组无法组成，重新锁定后抽取",
      voidedBy: "赵六（supervisor）",
      voidedAt: "2026-03-08T10:00:00+08:00",
    });
    const copy = JSON.parse(JSON.stringify(voided));
    expect(verifyDrawRecord(copy, { expectedLatestDigest: voided.voided!.digest }).valid).toBe(true);
    copy.voided.reason = "另一理由";
    expect(verifyDrawRecord(copy).differences.join("\n")).toMatch(/voided\.digest/);
    const team = voided.inspectorResults[0].teams[3];
    expect(
      substituteV2(voided, {
        targetKey: team.targetKey,
        recused: team.members[0],
        reason: { code: "OTHER", note: "" },
        recordedAt: "2026-03-09T10:00:00+08:00",
        approvedBy: "x",
      }),
    ).toEqual({ ok: false, code: "VOIDED" });
  });

  test("an infeasible target is a failure entry of a verifiable record, not an exception", () => {
    const lock = sampleLock({
      inspectorDraws: [{ departmentId: "d", pool: pool(3), teamRule: { minSize: 3, maxSize: 3, maxAssignments: 1 } }],
    });
    const record = performDrawV2(lock, DRAW);
    const failures = record.inspectorResults[0].failures;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatchObject({ code: "NO_FEASIBLE_TEAM", departmentId: "d" });
    expect(verifyDrawRecord(JSON.parse(JSON.stringify(record))).valid).toBe(true);
  });
});

describe("v2 team choice = the v1 team rule (§8.5) applied to the v2 order", () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8])("random configuration %i", (n) => {
    const seed = Uint8Array.from(Buffer.from(hex(`team-${n}`), "hex"));
    const cats = ["a", "b", "c", "d"];
    const p = pool(12 + n * 3, cats).map((c, i) => ({ ...c, leaderEligible: (i * n) % 7 === 0 }));
    const config = normalizeInspectorDrawConfig({
      departmentId: "dept",
      pool: [...p].sort((x, y) => (x.key < y.key ? -1 : 1)),
      teamRule: {
        minSize: 2,
        maxSize: 2 + (n % 3),
        requiredCategories: cats.slice(0, n % 4),
        requireLeader: n % 2 === 0,
      },
      conflicts: [{ inspectorKey: p[n].key, subjectKey: "t" }],
    });
    const v2 = new DepartmentDrawV2(seed, config);
    const order = v2.orderFor("t");
    const ordered: InspectorCandidate[] = [];
    for (let j = 0; order.at(j) >= 0; j++) {
      const i = order.at(j);
      if (v2.eligible(i, "t")) ordered.push(config.pool[i]);
    }
    const v1 = chooseTeam(ordered, config.teamRule);
    const got = v2.chooseTeam("t");
    expect(got.ok).toBe(v1.ok);
    if (got.ok && v1.ok) expect(got.members.map((i) => config.pool[i].key)).toEqual(v1.members.map((m) => m.key));
    if (!got.ok && !v1.ok) expect(got.reason).toBe(v1.reason);
  });

  test("the order is a permutation of the whole pool", () => {
    const config = normalizeInspectorDrawConfig({ departmentId: "d", pool: pool(50), teamRule: {} });
    const order = new DepartmentDrawV2(new Uint8Array(32).fill(7), config).orderFor("t");
    const seen = new Set<number>();
    for (let j = 0; order.at(j) >= 0; j++) seen.add(order.at(j));
    expect(seen.size).toBe(50);
    expect(order.at(50)).toBe(-1);
  });
});

describe("v2 selection frequencies are uniform (chi-square, α = 0.01)", () => {
  const DRAWS = 2000;
  const chi = (observed: number[], e: number) => observed.reduce((s, o) => s + (o - e) ** 2 / e, 0);
  const population = freezePopulation(Array.from({ length: 40 }, (_, i) => ({ key: `s-${i}`, stratum: "" })));
  const inspectors = Array.from({ length: 10 }, (_, i) => ({ key: `i-${i}`, status: "ACTIVE" }));
  const first = new Map<string, number>();
  const onTeam = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  beforeAll(() => {
    for (let d = 0; d < DRAWS; d++) {
      const serverSeed = hex(`v2-fair-${d}`);
      const lock = lockDrawV2({
        taskId: "fair",
        commitment: commitmentOf(serverSeed),
        lockedAt: "2026-01-01T00:00:00Z",
        drawNotBefore: "2026-01-01T00:00:00Z",
        immediateReason: "测试",
        population,
        samplingRule: { default: { mode: "FIXED", count: 4 }, strata: {} },
        inspectorDraws: [{ departmentId: "d", pool: inspectors, teamRule: { minSize: 2, maxSize: 2 } }],
        recusalCap: null,
      });
      const r = performDrawV2(lock, { ...DRAW, serverSeed, drawnAt: "2026-01-01T00:00:00Z" });
      for (const s of r.drawn) bump(first, s.key);
      for (const m of r.inspectorResults[0].teams[0].members) bump(onTeam, m);
    }
  });
  test("subjects: 40 × 100 expected", () => {
    expect(
      chi(
        [...Array(40).keys()].map((i) => first.get(`s-${i}`) ?? 0),
        (DRAWS * 4) / 40,
      ),
    ).toBeLessThan(62.428);
  });
  test("inspectors on the first team: 10 × 400 expected", () => {
    expect(
      chi(
        [...Array(10).keys()].map((i) => onTeam.get(`i-${i}`) ?? 0),
        (DRAWS * 2) / 10,
      ),
    ).toBeLessThan(21.666);
  });
});
