/**
 * Team choice for one target from its eligible candidates in rank order (docs/DRAW.md §7):
 * the smallest size in [minSize, maxSize] that can meet the requirements, and among teams of that
 * size the one whose sorted rank positions are lexicographically smallest. Without requirements
 * that is simply the top minSize candidates.
 */
import type { InspectorCandidate, TeamRule } from "./inspector-config";

export type NoTeamReason =
  | "TOO_FEW_ELIGIBLE"
  | "CATEGORY_UNAVAILABLE"
  | "NO_LEADER_AVAILABLE"
  | "REQUIREMENTS_EXCEED_MAX_SIZE";

export type TeamChoice =
  | { ok: true; members: InspectorCandidate[]; leader: string }
  | { ok: false; reason: NoTeamReason; missingCategories: string[] };

const UNREACHABLE = 255;
let table = new Uint8Array(0);

/** Bit per required category, plus a leader bit when a leader is required. */
export function requirementMasks(
  candidates: readonly InspectorCandidate[],
  rule: TeamRule,
): { masks: number[]; need: number } {
  const bit = new Map(rule.requiredCategories.map((category, i) => [category, 1 << i]));
  const leaderBit = rule.requireLeader ? 1 << rule.requiredCategories.length : 0;
  const masks = candidates.map((c) => {
    let mask = c.leaderEligible ? leaderBit : 0;
    for (const category of c.categories) mask |= bit.get(category) ?? 0;
    return mask;
  });
  return { masks, need: (1 << rule.requiredCategories.length) * (leaderBit ? 2 : 1) - 1 };
}

/** Leader (组长): the best-ranked leader-eligible member, else (leader not required) the best-ranked member. */
export function leaderOf(membersInRankOrder: readonly InspectorCandidate[]): string {
  return (membersInRankOrder.find((m) => m.leaderEligible) ?? membersInRankOrder[0]).key;
}

export function chooseTeam(ranked: readonly InspectorCandidate[], rule: TeamRule): TeamChoice {
  const n = ranked.length;
  const { masks, need } = requirementMasks(ranked, rule);
  const held = masks.reduce((acc, m) => acc | m, 0);
  const missingCategories = rule.requiredCategories.filter((_, i) => (held & (1 << i)) === 0);
  const leaderBit = rule.requireLeader ? 1 << rule.requiredCategories.length : 0;
  const fail = (reason: NoTeamReason): TeamChoice => ({ ok: false, reason, missingCategories });
  if (n < rule.minSize) return fail("TOO_FEW_ELIGIBLE");
  if (missingCategories.length > 0) return fail("CATEGORY_UNAVAILABLE");
  if ((held & leaderBit) !== leaderBit) return fail("NO_LEADER_AVAILABLE");

  // cover(j, missing): fewest candidates from positions j..n-1 whose masks cover `missing`.
  const states = need + 1;
  if (table.length < (n + 1) * states) table = new Uint8Array((n + 1) * states * 2);
  const cover = (j: number, missing: number) => table[j * states + missing];
  table.fill(UNREACHABLE, n * states, (n + 1) * states);
  table[n * states] = 0;
  for (let j = n - 1; j >= 0; j--) {
    for (let missing = 0; missing < states; missing++) {
      const skip = cover(j + 1, missing);
      const take = cover(j + 1, missing & ~masks[j]);
      table[j * states + missing] = Math.min(skip, take === UNREACHABLE ? UNREACHABLE : take + 1);
    }
  }
  const size = Math.max(rule.minSize, cover(0, need));
  if (size > rule.maxSize) return fail("REQUIREMENTS_EXCEED_MAX_SIZE");

  // Greedy on rank order: take the best candidate that still leaves a way to complete the team.
  const members: InspectorCandidate[] = [];
  let missing = need;
  let next = 0;
  while (members.length < size) {
    const slotsAfter = size - members.length - 1;
    let c = next;
    while (n - c - 1 < slotsAfter || cover(c + 1, missing & ~masks[c]) > slotsAfter) {
      c++;
      if (c >= n) throw new Error("team search: no completion although one was proven to exist");
    }
    members.push(ranked[c]);
    missing &= ~masks[c];
    next = c + 1;
  }
  return { ok: true, members, leader: leaderOf(members) };
}

/** Whether a team (any order) meets the category and leader requirements. */
export function meetsRequirements(team: readonly InspectorCandidate[], rule: TeamRule): boolean {
  const { masks, need } = requirementMasks(team, rule);
  return (masks.reduce((acc, m) => acc | m, 0) & need) === need;
}
