import { createHash, createHmac } from "node:crypto";
import {
  drawInspectors,
  type InspectorCandidateInput,
  type InspectorDrawConfigInput,
  normalizeInspectorDrawConfig,
} from "../../../src/draw";

const seed = createHash("sha256").update("inspector tests").digest();
const field = (s: string) => {
  const bytes = Buffer.from(s, "utf8");
  const out = Buffer.alloc(4 + bytes.length);
  out.writeUInt32BE(bytes.length);
  bytes.copy(out, 4);
  return out;
};
/** Reference ranking per docs/DRAW.md §8.4, computed with node:crypto. */
function referenceOrder(departmentId: string, target: string, keys: string[]): string[] {
  const rank = (k: string) =>
    createHmac("sha256", seed)
      .update(Buffer.concat([field("inspector"), field(departmentId), field(target), field(k)]))
      .digest("hex");
  return [...keys].sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
}

const KEYS = Array.from({ length: 8 }, (_, i) => `inspector-${i}`);
const T = "target-1";
/** Inspector keys by rank position for target T in department "dept". */
const byRank = referenceOrder("dept", T, KEYS);

function draw(
  candidates: (key: string, position: number) => Partial<InspectorCandidateInput>,
  extra: Partial<InspectorDrawConfigInput> = {},
  targets = [T],
) {
  const pool = byRank.map((key, position) => ({ key, status: "ACTIVE", ...candidates(key, position) }));
  return drawInspectors(seed, targets, normalizeInspectorDrawConfig({ departmentId: "dept", pool, ...extra }));
}
const pos = (...positions: number[]) => positions.map((p) => byRank[p]);

describe("team selection", () => {
  test("without requirements: the two best-ranked, leader = best-ranked", () => {
    const result = draw(() => ({}));
    expect(result.failures).toEqual([]);
    expect(result.teams).toEqual([{ targetKey: T, members: pos(0, 1), leader: byRank[0] }]);
  });

  test("minSize = maxSize = 3 draws exactly three", () => {
    expect(draw(() => ({}), { teamRule: { minSize: 3, maxSize: 3 } }).teams[0].members).toEqual(pos(0, 1, 2));
  });

  test("unavailable inspectors (status not ACTIVE) are skipped", () => {
    const result = draw((_, p) => ({ status: p === 0 ? "ON_LEAVE" : "ACTIVE" }));
    expect(result.teams[0].members).toEqual(pos(1, 2));
  });

  test("declared conflicts and rotation exclusions apply to that target only", () => {
    const other = "target-2";
    const otherTop = referenceOrder("dept", other, KEYS).slice(0, 2);
    const result = draw(
      () => ({}),
      {
        conflicts: [{ inspectorKey: byRank[0], subjectKey: T }],
        rotationExclusions: [{ inspectorKey: byRank[1], subjectKey: T }],
      },
      [T, other],
    );
    expect(result.teams[0].members).toEqual(pos(2, 3));
    expect(result.teams[1].members).toEqual(otherTop);
  });

  test("a required category: best-ranked member plus the best-ranked holder", () => {
    const result = draw((_, p) => ({ categories: p === 3 || p === 5 ? ["食品"] : ["价格"] }), {
      teamRule: { requiredCategories: ["食品"] },
    });
    expect(result.teams[0].members).toEqual(pos(0, 3));
  });

  test("requirements that need more members grow the team up to maxSize", () => {
    const categories: Record<number, string> = { 2: "Y", 4: "X", 6: "Z" };
    const rule = { requiredCategories: ["X", "Y", "Z"], minSize: 2, maxSize: 3 };
    const result = draw((_, p) => ({ categories: categories[p] ? [categories[p]] : [] }), { teamRule: rule });
    expect(result.teams[0].members).toEqual(pos(2, 4, 6));
    const tooSmall = draw((_, p) => ({ categories: categories[p] ? [categories[p]] : [] }), {
      teamRule: { ...rule, maxSize: 2 },
    });
    expect(tooSmall.failures).toEqual([
      expect.objectContaining({ code: "NO_FEASIBLE_TEAM", targetKey: T, reason: "REQUIREMENTS_EXCEED_MAX_SIZE" }),
    ]);
  });

  test("a member who covers several requirements keeps the team small", () => {
    const result = draw((_, p) => ({ categories: p === 4 ? ["X", "Y"] : p === 1 ? ["X"] : [] }), {
      teamRule: { requiredCategories: ["X", "Y"] },
    });
    expect(result.teams[0].members).toEqual(pos(0, 4));
  });

  test("a category held only by unavailable inspectors fails with the missing category named", () => {
    const result = draw(
      (_, p) => ({ categories: p === 0 ? ["特种设备"] : [], status: p === 0 ? "SUSPENDED" : "ACTIVE" }),
      {
        teamRule: { requiredCategories: ["特种设备", "价格"] },
      },
    );
    expect(result.teams).toEqual([]);
    expect(result.failures).toEqual([
      {
        code: "NO_FEASIBLE_TEAM",
        departmentId: "dept",
        targetKey: T,
        reason: "CATEGORY_UNAVAILABLE",
        eligibleCount: 7,
        missingCategories: ["特种设备", "价格"],
      },
    ]);
  });

  test("sub-library and member-category filters", () => {
    const result = draw(
      (_, p) => ({ subLibraries: p % 2 === 0 ? ["危化品专家"] : [], categories: p === 0 ? ["价格"] : ["安全"] }),
      { teamRule: { subLibrary: "危化品专家", memberCategoriesAnyOf: ["安全"] } },
    );
    expect(result.teams[0].members).toEqual(pos(2, 4));
  });
});

describe("leader (组长)", () => {
  test("required: the best-ranked leader-eligible member, pulled in when needed", () => {
    const result = draw((_, p) => ({ leaderEligible: p === 3 || p === 6 }), { teamRule: { requireLeader: true } });
    expect(result.teams[0]).toEqual({ targetKey: T, members: pos(0, 3), leader: byRank[3] });
  });

  test("with two eligible members the better-ranked one leads", () => {
    const result = draw((_, p) => ({ leaderEligible: p === 1 || p === 0 }), { teamRule: { requireLeader: true } });
    expect(result.teams[0].leader).toBe(byRank[0]);
  });

  test("not required and nobody eligible: the best-ranked member", () => {
    expect(draw(() => ({})).teams[0].leader).toBe(byRank[0]);
  });

  test("required and nobody eligible: typed failure", () => {
    const result = draw(() => ({}), { teamRule: { requireLeader: true } });
    expect(result.failures[0]).toMatchObject({ reason: "NO_LEADER_AVAILABLE", targetKey: T });
  });
});

describe("workload cap and processing order", () => {
  const targets = ["t-1", "t-2", "t-3"];
  const four = KEYS.slice(0, 4);
  const pool = four.map((key) => ({ key, status: "ACTIVE" }));

  test("a cap of one assignment: later targets get whoever is left, then fail", () => {
    const result = drawInspectors(
      seed,
      targets,
      normalizeInspectorDrawConfig({ departmentId: "dept", pool, teamRule: { maxAssignments: 1 } }),
    );
    const first = referenceOrder("dept", "t-1", four).slice(0, 2);
    const rest = referenceOrder("dept", "t-2", four).filter((k) => !first.includes(k));
    expect(result.teams).toEqual([
      { targetKey: "t-1", members: first, leader: first[0] },
      { targetKey: "t-2", members: rest, leader: rest[0] },
    ]);
    expect(result.failures).toEqual([
      expect.objectContaining({ targetKey: "t-3", reason: "TOO_FEW_ELIGIBLE", eligibleCount: 0 }),
    ]);
  });

  test("prior load counts towards the cap", () => {
    const loaded = pool.map((c, i) => ({ ...c, priorLoad: i === 0 ? 5 : 0 }));
    const result = drawInspectors(
      seed,
      ["t-1"],
      normalizeInspectorDrawConfig({ departmentId: "dept", pool: loaded, teamRule: { maxAssignments: 5 } }),
    );
    expect(result.teams[0].members).not.toContain(four[0]);
    expect(result.teams[0].members).toEqual(referenceOrder("dept", "t-1", four.slice(1)).slice(0, 2));
  });

  test("the processing order decides who gets capped inspectors, deterministically", () => {
    const config = normalizeInspectorDrawConfig({ departmentId: "dept", pool, teamRule: { maxAssignments: 1 } });
    const forward = drawInspectors(seed, ["t-1", "t-2"], config);
    const backward = drawInspectors(seed, ["t-2", "t-1"], config);
    expect(drawInspectors(seed, ["t-1", "t-2"], config)).toEqual(forward);
    expect(backward.teams[0]).toEqual({
      targetKey: "t-2",
      members: referenceOrder("dept", "t-2", four).slice(0, 2),
      leader: referenceOrder("dept", "t-2", four)[0],
    });
  });
});

describe("joint draws: the department id separates rankings", () => {
  test("each department ranks by HMAC(seed, inspector | department | target | inspector)", () => {
    const pool = KEYS.map((key) => ({ key, status: "ACTIVE" }));
    const rule = { minSize: 8, maxSize: 8 };
    const a = drawInspectors(
      seed,
      [T],
      normalizeInspectorDrawConfig({ departmentId: "市场监管局", pool, teamRule: rule }),
    );
    const b = drawInspectors(seed, [T], normalizeInspectorDrawConfig({ departmentId: "卫健委", pool, teamRule: rule }));
    expect(a.teams[0].members).toEqual(referenceOrder("市场监管局", T, KEYS));
    expect(b.teams[0].members).toEqual(referenceOrder("卫健委", T, KEYS));
    expect(a.teams[0].members).not.toEqual(b.teams[0].members);
  });
});
