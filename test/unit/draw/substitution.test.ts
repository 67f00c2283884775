import { createHmac } from "node:crypto";
import {
  type DrawInput,
  DrawInputError,
  type DrawRecord,
  freezePopulation,
  type InspectorCandidateInput,
  type InspectorSubjectPair,
  performDraw,
  substitute,
} from "../../../src/draw";

const field = (s: string) => {
  const bytes = Buffer.from(s, "utf8");
  const out = Buffer.alloc(4 + bytes.length);
  out.writeUInt32BE(bytes.length);
  bytes.copy(out, 4);
  return out;
};
function referenceOrder(record: DrawRecord, departmentId: string, target: string, keys: string[]): string[] {
  const rank = (k: string) =>
    createHmac("sha256", Buffer.from(record.seed, "hex"))
      .update(Buffer.concat([field("inspector"), field(departmentId), field(target), field(k)]))
      .digest("hex");
  return [...keys].sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
}

const KEYS = Array.from({ length: 8 }, (_, i) => `inspector-${i}`);
const reason = { code: "SELF_DECLARED" as const, note: "与当事人有亲属关系" };

function drawWith(
  pool: InspectorCandidateInput[],
  extra: Partial<DrawInput> = {},
  rule = {},
  conflicts: InspectorSubjectPair[] = [],
): DrawRecord {
  return performDraw({
    taskId: "task-sub",
    serverSeed: "22".repeat(32),
    witnessEntropy: "witness",
    operator: "op",
    witnesses: ["w"],
    drawnAt: "2024-05-01T08:00:00Z",
    population: freezePopulation([
      { key: "subject-a", stratum: "S" },
      { key: "subject-b", stratum: "S" },
    ]),
    samplingRule: { default: { mode: "FIXED", count: 1 }, strata: {} },
    inspectorDraws: [{ departmentId: "dept", pool, teamRule: rule, conflicts }],
    ...extra,
  }).record;
}

describe("递补 follows the ranking", () => {
  const record = drawWith(KEYS.map((key) => ({ key, status: "ACTIVE" })));
  const target = record.drawn[0].key;
  const order = referenceOrder(record, "dept", target, KEYS);

  test("the initial team is the top two; the substitute is the third", () => {
    expect(record.inspectorResults[0].teams[0].members).toEqual(order.slice(0, 2));
    const outcome = substitute(record, target, order[0], reason, { recordedAt: "2024-05-02T09:00:00Z" });
    if (!outcome.ok) throw new Error(outcome.failure.code);
    expect(outcome.substitution).toMatchObject({
      departmentId: "dept",
      targetKey: target,
      recused: order[0],
      substitute: order[2],
      members: [order[1], order[2]],
      leader: order[1],
      reason,
      recordedAt: "2024-05-02T09:00:00Z",
    });
    expect(outcome.record.substitutions).toEqual([outcome.substitution]);
    expect(record.substitutions).toEqual([]); // the input record is not modified
  });

  test("a recused inspector never returns; successive substitutions walk down the ranking", () => {
    const first = substitute(record, target, order[0], reason);
    if (!first.ok) throw new Error(first.failure.code);
    const second = substitute(first.record, target, order[2], { code: "UNAVAILABLE", note: "病假" });
    if (!second.ok) throw new Error(second.failure.code);
    expect(second.substitution.substitute).toBe(order[3]);
    expect(second.substitution.members).toEqual([order[1], order[3]]);
    expect(second.substitution.digest).not.toBe(first.substitution.digest);
  });

  test("inspectors unavailable now are skipped, and the result is deterministic", () => {
    const a = substitute(record, target, order[1], reason, { unavailableNow: [order[2], order[3]] });
    const b = substitute(record, target, order[1], reason, { unavailableNow: [order[2], order[3]] });
    expect(a).toEqual(b);
    if (!a.ok) throw new Error(a.failure.code);
    expect(a.substitution.substitute).toBe(order[4]);
    expect(a.substitution.unavailableNow).toEqual([order[2], order[3]]);
  });
});

describe("substitutes honour the same constraints", () => {
  /**
   * The pool's attributes are part of the seed, so rank positions cannot be chosen up front: try
   * server seeds in a fixed order until the ranking shows the situation under test.
   */
  function findDraw(
    pool: InspectorCandidateInput[],
    rule: object,
    wanted: (order: string[]) => boolean,
    conflicts: InspectorSubjectPair[] = [],
  ) {
    for (let i = 0; i < 2000; i++) {
      const record = drawWith(pool, { serverSeed: i.toString(16).padStart(64, "0") }, rule, conflicts);
      const target = record.drawn[0].key;
      const order = referenceOrder(record, "dept", target, KEYS);
      if (wanted(order)) return { record, target, order };
    }
    throw new Error("no seed shows the situation");
  }

  test("conflicts, status and the workload cap", () => {
    const blocked = new Set(["inspector-2", "inspector-3", "inspector-4"]);
    const pool = KEYS.map((key) => ({
      key,
      status: key === "inspector-3" ? "RETIRED" : "ACTIVE",
      priorLoad: key === "inspector-4" ? 9 : 0,
    }));
    const conflicts = ["subject-a", "subject-b"].map((subjectKey) => ({ inspectorKey: "inspector-2", subjectKey }));
    // Wanted: all three blocked inspectors rank just below the team, above the natural substitute.
    const { record, target, order } = findDraw(
      pool,
      { maxAssignments: 9 },
      (o) => o.slice(2, 5).every((k) => blocked.has(k)),
      conflicts,
    );
    expect(record.inspectorResults[0].teams[0].members).toEqual(order.slice(0, 2));
    const outcome = substitute(record, target, order[0], reason);
    expect(outcome.ok && outcome.substitution.substitute).toBe(order[5]);
  });

  test("the recused member's required category must be replaced, even from further down", () => {
    const food = new Set(["inspector-1", "inspector-6"]);
    const pool = KEYS.map((key) => ({ key, status: "ACTIVE", categories: food.has(key) ? ["食品"] : ["价格"] }));
    const { record, target, order } = findDraw(
      pool,
      { requiredCategories: ["食品"] },
      (o) => !food.has(o[0]) && food.has(o[1]) && o.indexOf([...food].find((k) => k !== o[1]) as string) >= 3,
    );
    expect(record.inspectorResults[0].teams[0].members).toEqual([order[0], order[1]]);
    const other = [...food].find((k) => k !== order[1]) as string;
    const outcome = substitute(record, target, order[1], reason);
    if (!outcome.ok) throw new Error(outcome.failure.code);
    expect(outcome.substitution.substitute).toBe(other);
    expect(outcome.substitution.members).toEqual([order[0], other]);
  });

  test("leader is recomputed when the leader is recused", () => {
    const leaders = new Set(["inspector-0", "inspector-5"]);
    const pool = KEYS.map((key) => ({ key, status: "ACTIVE", leaderEligible: leaders.has(key) }));
    const { record, target, order } = findDraw(
      pool,
      { requireLeader: true },
      (o) => leaders.has(o[0]) && o.indexOf([...leaders].find((k) => k !== o[0]) as string) >= 3,
    );
    const other = [...leaders].find((k) => k !== order[0]) as string;
    expect(record.inspectorResults[0].teams[0]).toMatchObject({ members: [order[0], order[1]], leader: order[0] });
    const outcome = substitute(record, target, order[0], reason);
    if (!outcome.ok) throw new Error(outcome.failure.code);
    expect(outcome.substitution).toMatchObject({ substitute: other, members: [order[1], other], leader: other });
  });
});

describe("typed failures", () => {
  const record = drawWith(KEYS.slice(0, 3).map((key) => ({ key, status: "ACTIVE" })));
  const target = record.drawn[0].key;
  const team = record.inspectorResults[0].teams[0].members;
  const outsider = KEYS.slice(0, 3).find((k) => !team.includes(k)) as string;

  test.each([
    ["NOT_A_MEMBER", () => substitute(record, target, outsider, reason)],
    ["NO_TEAM_FOR_TARGET", () => substitute(record, "not-drawn", team[0], reason)],
    ["UNKNOWN_DEPARTMENT", () => substitute(record, target, team[0], reason, { departmentId: "other" })],
    ["NO_ELIGIBLE_SUBSTITUTE", () => substitute(record, target, team[0], reason, { unavailableNow: [outsider] })],
  ])("%s", (code, run) => {
    const outcome = run();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.failure).toMatchObject({ code, targetKey: expect.any(String) });
  });

  test("DEPARTMENT_REQUIRED when several departments drew", () => {
    const joint = drawWith(
      KEYS.map((key) => ({ key, status: "ACTIVE" })),
      {
        inspectorDraws: [
          { departmentId: "A", pool: KEYS.map((key) => ({ key, status: "ACTIVE" })) },
          { departmentId: "B", pool: KEYS.map((key) => ({ key, status: "ACTIVE" })) },
        ],
      },
    );
    const t = joint.drawn[0].key;
    const member = joint.inspectorResults[1].teams[0].members[0];
    expect(substitute(joint, t, member, reason)).toMatchObject({ ok: false, failure: { code: "DEPARTMENT_REQUIRED" } });
    const ok = substitute(joint, t, member, reason, { departmentId: "B" });
    expect(ok.ok && ok.substitution.departmentId).toBe("B");
    // Department A's team is untouched.
    expect(ok.ok && ok.record.inspectorResults[0]).toEqual(joint.inspectorResults[0]);
  });

  test("an invalid reason is an input error", () => {
    expect(() => substitute(record, target, team[0], { code: "BORED" as "OTHER", note: "" })).toThrow(DrawInputError);
  });
});
