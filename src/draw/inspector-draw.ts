/**
 * Inspector draw (随机选派执法检查人员) for one department: targets are processed in the given order
 * (subject rank order in a full draw) so workload caps resolve deterministically.
 */
import { compareUtf8, LABEL } from "./encoding";
import { ACTIVE, type InspectorCandidate, type InspectorDrawConfig } from "./inspector-config";
import { compareRanked, Ranker } from "./ranking";
import { chooseTeam, type NoTeamReason } from "./team";

export interface Team {
  targetKey: string;
  /** Member keys in rank order. */
  members: string[];
  leader: string;
}

/** No team satisfies the rule for this target; the server turns it into a typed GraphQL error. */
export interface InspectorDrawFailure {
  code: "NO_FEASIBLE_TEAM";
  departmentId: string;
  targetKey: string;
  reason: NoTeamReason;
  /** Eligible candidates for this target after 回避, rotation, availability and workload filters. */
  eligibleCount: number;
  /** Required categories that no eligible candidate holds. */
  missingCategories: string[];
}

export interface InspectorDrawResult {
  departmentId: string;
  teams: Team[];
  failures: InspectorDrawFailure[];
}

/**
 * Mutable draw state of one department: loads and the per-target ranking. Shared by the initial
 * draw and by 递补 so both apply exactly the same constraints.
 */
export class DepartmentDraw {
  readonly loads = new Map<string, number>();
  private readonly ranker: Ranker;
  /** subject key → inspectors that must not be matched with it (回避 and rotation). */
  private readonly blocked = new Map<string, Set<string>>();
  /** Candidates passing the target-independent filters: status, sub-library, member categories. */
  private readonly qualified: InspectorCandidate[];

  constructor(
    seed: Uint8Array,
    readonly config: InspectorDrawConfig,
  ) {
    this.ranker = new Ranker(seed);
    const rule = config.teamRule;
    for (const { inspectorKey, subjectKey } of [...config.conflicts, ...config.rotationExclusions]) {
      const inspectors = this.blocked.get(subjectKey) ?? new Set<string>();
      this.blocked.set(subjectKey, inspectors.add(inspectorKey));
    }
    this.qualified = config.pool.filter(
      (c) =>
        c.status === ACTIVE &&
        (rule.subLibrary === null || c.subLibraries.includes(rule.subLibrary)) &&
        (rule.memberCategoriesAnyOf.length === 0 || c.categories.some((x) => rule.memberCategoriesAnyOf.includes(x))),
    );
    for (const c of config.pool) this.loads.set(c.key, c.priorLoad);
  }

  candidate(key: string): InspectorCandidate | undefined {
    return this.config.pool.find((c) => c.key === key);
  }

  /** Eligible candidates for `targetKey` under current loads, best rank first. */
  ranking(targetKey: string, exclude: ReadonlySet<string> = new Set()): InspectorCandidate[] {
    const cap = this.config.teamRule.maxAssignments;
    const blocked = this.blocked.get(targetKey);
    const eligible = this.qualified.filter(
      (c) => !exclude.has(c.key) && !blocked?.has(c.key) && (cap === null || (this.loads.get(c.key) ?? 0) < cap),
    );
    return this.inRankOrder(targetKey, eligible);
  }

  /** Sorts candidates by their rank for `targetKey` (no filtering). */
  inRankOrder(targetKey: string, candidates: readonly InspectorCandidate[]): InspectorCandidate[] {
    const ranker = this.ranker;
    ranker.setPrefix([LABEL.inspector, this.config.departmentId, targetKey]);
    // Sort on the first 53 rank bits as a number; equal prefixes fall back to full ranks, then keys.
    const words = new Int32Array(8);
    const prefix = new Float64Array(candidates.length);
    candidates.forEach((c, i) => {
      ranker.rankWords(c.key, words);
      prefix[i] = (words[0] >>> 0) * 0x200000 + ((words[1] >>> 0) >>> 11);
    });
    const order = candidates.map((_, i) => i);
    order.sort(
      (a, b) =>
        prefix[a] - prefix[b] ||
        compareRanked(
          { key: candidates[a].key, rank: ranker.rank(candidates[a].key) },
          { key: candidates[b].key, rank: ranker.rank(candidates[b].key) },
        ),
    );
    return order.map((i) => candidates[i]);
  }

  adjustLoad(key: string, delta: number): void {
    this.loads.set(key, (this.loads.get(key) ?? 0) + delta);
  }

  /** Draws a team for each target in order, updating loads. */
  drawAll(targets: readonly string[]): InspectorDrawResult {
    const { departmentId, teamRule } = this.config;
    const teams: Team[] = [];
    const failures: InspectorDrawFailure[] = [];
    for (const targetKey of targets) {
      const ranked = this.ranking(targetKey);
      const choice = chooseTeam(ranked, teamRule);
      if (!choice.ok) {
        failures.push({
          code: "NO_FEASIBLE_TEAM",
          departmentId,
          targetKey,
          reason: choice.reason,
          eligibleCount: ranked.length,
          missingCategories: choice.missingCategories,
        });
        continue;
      }
      for (const m of choice.members) this.adjustLoad(m.key, 1);
      teams.push({ targetKey, members: choice.members.map((m) => m.key), leader: choice.leader });
    }
    return { departmentId, teams, failures };
  }
}

/**
 * Draws one department's inspectors for `targets` (processed in the given order) from the same
 * draw seed; the department id is part of every rank message, so departments rank independently.
 */
export function drawInspectors(
  seed: Uint8Array,
  targets: readonly string[],
  config: InspectorDrawConfig,
): InspectorDrawResult {
  return new DepartmentDraw(seed, config).drawAll(targets);
}

/** Processing order of targets in a full draw: ascending subject rank, ties by key bytes. */
export function targetOrder(drawn: readonly { key: string; rank: string }[]): string[] {
  return [...drawn]
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : compareUtf8(a.key, b.key)))
    .map((d) => d.key);
}
