/**
 * v2 inspector draw for one department (docs/DRAW.md §15.5–15.6): the team rule of v1 (§8.5) over the
 * lazy per-target order of inspector-order.ts. The smallest feasible team size and every "can the team
 * still be completed?" question are answered from counts of eligible inspectors per requirement mask,
 * so only the candidates actually examined are hashed.
 */
import { ACTIVE, type InspectorCandidate, type InspectorDrawConfig } from "./inspector-config";
import type { InspectorDrawFailure, InspectorDrawResult, Team } from "./inspector-draw";
import { InspectorOrder, OrderHasher } from "./inspector-order";
import type { NoTeamReason } from "./team";

const UNREACHABLE = 255;

export class DepartmentDrawV2 {
  readonly pool: readonly InspectorCandidate[];
  private readonly index = new Map<string, number>();
  private readonly loads: Int32Array;
  private readonly qualified: Uint8Array;
  /** Requirement bits per pool member: one per required category, plus the leader bit when a leader is required. */
  private readonly masks: Int32Array;
  readonly need: number;
  private readonly blocked = new Map<string, Set<number>>();
  /** Qualified members under the workload cap, per mask. */
  private readonly uncapped: Int32Array;
  private readonly hasher: OrderHasher;

  constructor(
    seed: Uint8Array,
    readonly config: InspectorDrawConfig,
  ) {
    const rule = config.teamRule;
    this.pool = config.pool;
    this.pool.forEach((c, i) => {
      this.index.set(c.key, i);
    });
    const bit = new Map(rule.requiredCategories.map((category, i) => [category, 1 << i]));
    const leaderBit = rule.requireLeader ? 1 << rule.requiredCategories.length : 0;
    this.need = (1 << rule.requiredCategories.length) * (leaderBit ? 2 : 1) - 1;
    const n = this.pool.length;
    this.loads = new Int32Array(n);
    this.qualified = new Uint8Array(n);
    this.masks = new Int32Array(n);
    this.uncapped = new Int32Array(this.need + 1);
    this.pool.forEach((c, i) => {
      let mask = c.leaderEligible ? leaderBit : 0;
      for (const category of c.categories) mask |= bit.get(category) ?? 0;
      this.masks[i] = mask;
      this.loads[i] = c.priorLoad;
      this.qualified[i] =
        c.status === ACTIVE &&
        (rule.subLibrary === null || c.subLibraries.includes(rule.subLibrary)) &&
        (rule.memberCategoriesAnyOf.length === 0 || c.categories.some((x) => rule.memberCategoriesAnyOf.includes(x)))
          ? 1
          : 0;
      if (this.qualified[i] && !this.capped(i)) this.uncapped[mask]++;
    });
    for (const { inspectorKey, subjectKey } of [...config.conflicts, ...config.rotationExclusions]) {
      const i = this.index.get(inspectorKey);
      if (i === undefined) continue;
      const set = this.blocked.get(subjectKey) ?? new Set<number>();
      this.blocked.set(subjectKey, set.add(i));
    }
    this.hasher = new OrderHasher(seed);
  }

  indexOf(key: string): number | undefined {
    return this.index.get(key);
  }

  maskOf(i: number): number {
    return this.masks[i];
  }

  orderFor(targetKey: string): InspectorOrder {
    return new InspectorOrder(this.hasher, this.config.departmentId, targetKey, this.pool.length);
  }

  private capped(i: number): boolean {
    const cap = this.config.teamRule.maxAssignments;
    return cap !== null && this.loads[i] >= cap;
  }

  adjustLoad(key: string, delta: number): void {
    const i = this.index.get(key);
    if (i === undefined) return;
    const before = this.qualified[i] && !this.capped(i);
    this.loads[i] += delta;
    const after = this.qualified[i] && !this.capped(i);
    if (before !== after) this.uncapped[this.masks[i]] += after ? 1 : -1;
  }

  /** §8.3 for `targetKey` under the current loads. */
  eligible(i: number, targetKey: string): boolean {
    return this.qualified[i] === 1 && !this.capped(i) && !this.blocked.get(targetKey)?.has(i);
  }

  /** Eligible members per mask for a target, minus `exclude` (pool indices). */
  eligibleCounts(targetKey: string, exclude: ReadonlySet<number> = new Set()): Int32Array {
    const counts = this.uncapped.slice();
    const blocked = this.blocked.get(targetKey);
    if (blocked) for (const i of blocked) if (this.qualified[i] && !this.capped(i)) counts[this.masks[i]]--;
    for (const i of exclude) if (this.eligible(i, targetKey)) counts[this.masks[i]]--;
    return counts;
  }

  /** Fewest members whose masks together cover `missing`, using masks with a positive count; 255 when impossible. */
  minCover(missing: number, counts: Int32Array): number {
    if (missing === 0) return 0;
    const types: number[] = [];
    for (let m = 0; m < counts.length; m++) if (counts[m] > 0 && (m & missing) !== 0) types.push(m);
    const best = new Uint8Array(this.need + 1).fill(UNREACHABLE);
    best[missing] = 0;
    let frontier = [missing];
    for (let level = 1; frontier.length > 0 && level < UNREACHABLE; level++) {
      const next: number[] = [];
      for (const state of frontier) {
        for (const m of types) {
          const s = state & ~m;
          if (best[s] !== UNREACHABLE) continue;
          best[s] = level;
          if (s === 0) return level;
          next.push(s);
        }
      }
      frontier = next;
    }
    return UNREACHABLE;
  }

  /** v1 §8.5 on the v2 order: the team with the lexicographically smallest positions among the smallest feasible ones. */
  chooseTeam(
    targetKey: string,
  ):
    | { ok: true; members: number[] }
    | { ok: false; reason: NoTeamReason; eligibleCount: number; missingCategories: string[] } {
    const rule = this.config.teamRule;
    const counts = this.eligibleCounts(targetKey);
    let n = 0;
    let held = 0;
    for (let m = 0; m < counts.length; m++) {
      n += counts[m];
      if (counts[m] > 0) held |= m;
    }
    const missingCategories = rule.requiredCategories.filter((_, i) => (held & (1 << i)) === 0);
    const leaderBit = rule.requireLeader ? 1 << rule.requiredCategories.length : 0;
    const fail = (reason: NoTeamReason) => ({ ok: false as const, reason, eligibleCount: n, missingCategories });
    if (n < rule.minSize) return fail("TOO_FEW_ELIGIBLE");
    if (missingCategories.length > 0) return fail("CATEGORY_UNAVAILABLE");
    if ((held & leaderBit) !== leaderBit) return fail("NO_LEADER_AVAILABLE");
    const size = Math.max(rule.minSize, this.minCover(this.need, counts));
    if (size > rule.maxSize) return fail("REQUIREMENTS_EXCEED_MAX_SIZE");

    // Walk the order; `counts` becomes the eligible members not yet examined (all of them come later).
    const order = this.orderFor(targetKey);
    const members: number[] = [];
    let missing = this.need;
    let left = n;
    for (let j = 0; members.length < size; j++) {
      const i = order.at(j);
      if (i < 0) throw new Error("team search: no completion although one was proven to exist");
      if (!this.eligible(i, targetKey)) continue;
      const mask = this.masks[i];
      counts[mask]--;
      left--;
      const slotsAfter = size - members.length - 1;
      const after = missing & ~mask;
      if (left >= slotsAfter && (after === 0 || this.minCover(after, counts) <= slotsAfter)) {
        members.push(i);
        missing = after;
      }
    }
    return { ok: true, members };
  }

  /** Leader (组长): the first leader-eligible member in order, else the first member. */
  leaderOf(membersInOrder: readonly number[]): string {
    const i = membersInOrder.find((m) => this.pool[m].leaderEligible) ?? membersInOrder[0];
    return this.pool[i].key;
  }

  drawAll(targets: readonly string[]): InspectorDrawResult {
    const { departmentId } = this.config;
    const teams: Team[] = [];
    const failures: InspectorDrawFailure[] = [];
    for (const targetKey of targets) {
      const choice = this.chooseTeam(targetKey);
      if (!choice.ok) {
        failures.push({
          code: "NO_FEASIBLE_TEAM",
          departmentId,
          targetKey,
          reason: choice.reason,
          eligibleCount: choice.eligibleCount,
          missingCategories: choice.missingCategories,
        });
        continue;
      }
      for (const i of choice.members) this.adjustLoad(this.pool[i].key, 1);
      teams.push({
        targetKey,
        members: choice.members.map((i) => this.pool[i].key),
        leader: this.leaderOf(choice.members),
      });
    }
    return { departmentId, teams, failures };
  }
}
