/**
 * 执法检查人员名录 pool and team rule for one department's inspector draw (随机选派执法检查人员).
 * The normalised form (all fields present) is what the record stores and what configDigest hashes.
 */
import {
  at,
  checkArray,
  checkBoolean,
  checkInteger,
  checkObject,
  checkString,
  checkStringArray,
  type Issues,
  isPlainObject,
} from "./shape";

/** Status meaning 在岗 (available); every other status is unavailable. */
export const ACTIVE = "ACTIVE";

export interface InspectorCandidate {
  key: string;
  /** 执法类别 the inspector is certified for. */
  categories: string[];
  status: string;
  /** 子库 memberships, e.g. a specialist sub-library. */
  subLibraries: string[];
  leaderEligible: boolean;
  /** Assignments already held outside this draw; counts towards the workload cap. */
  priorLoad: number;
}

export interface TeamRule {
  minSize: number;
  maxSize: number;
  /** Each must be held by at least one team member. */
  requiredCategories: string[];
  /** When non-empty, every member must hold at least one of these. */
  memberCategoriesAnyOf: string[];
  /** When set, members come from this sub-library only. */
  subLibrary: string | null;
  /** When true, a team needs a leader-eligible member (组长). */
  requireLeader: boolean;
  /** Cap on priorLoad + assignments in this draw; null for none. */
  maxAssignments: number | null;
}

/** An (inspector, subject) pair that must not be matched. */
export interface InspectorSubjectPair {
  inspectorKey: string;
  subjectKey: string;
}

export interface InspectorDrawConfig {
  /** Mixed into every inspector rank, so joint draws give each department its own ranking. */
  departmentId: string;
  teamRule: TeamRule;
  pool: InspectorCandidate[];
  /** Declared 利害关系 (回避). */
  conflicts: InspectorSubjectPair[];
  /** Pairs inside the rotation window (same inspector on the same subject within N months). */
  rotationExclusions: InspectorSubjectPair[];
}

export type InspectorCandidateInput = Pick<InspectorCandidate, "key" | "status"> & Partial<InspectorCandidate>;

export interface InspectorDrawConfigInput {
  departmentId: string;
  teamRule?: Partial<TeamRule>;
  pool: InspectorCandidateInput[];
  conflicts?: InspectorSubjectPair[];
  rotationExclusions?: InspectorSubjectPair[];
}

export const DEFAULT_TEAM_RULE: Readonly<TeamRule> = {
  minSize: 2,
  maxSize: 3,
  requiredCategories: [],
  memberCategoriesAnyOf: [],
  subLibrary: null,
  requireLeader: false,
  maxAssignments: null,
};

/** Bits of the team-feasibility search: required categories plus the leader bit stay ≤ 9. */
export const MAX_REQUIRED_CATEGORIES = 8;
export const MAX_TEAM_SIZE = 50;

/** Fills defaults and copies arrays; never throws, so checkInspectorDrawConfig can report bad input. */
export function normalizeInspectorDrawConfig(input: InspectorDrawConfigInput): InspectorDrawConfig {
  const rule = { ...DEFAULT_TEAM_RULE, ...input.teamRule };
  return {
    departmentId: input.departmentId,
    teamRule: {
      minSize: rule.minSize,
      maxSize: rule.maxSize,
      requiredCategories: copy(rule.requiredCategories),
      memberCategoriesAnyOf: copy(rule.memberCategoriesAnyOf),
      subLibrary: rule.subLibrary,
      requireLeader: rule.requireLeader,
      maxAssignments: rule.maxAssignments,
    },
    pool: mapArray(input.pool, (c) =>
      isPlainObject(c)
        ? {
            key: c.key,
            categories: copy(c.categories ?? []),
            status: c.status,
            subLibraries: copy(c.subLibraries ?? []),
            leaderEligible: c.leaderEligible ?? false,
            priorLoad: c.priorLoad ?? 0,
          }
        : c,
    ),
    conflicts: mapArray(input.conflicts ?? [], pair),
    rotationExclusions: mapArray(input.rotationExclusions ?? [], pair),
  };
}

function copy<T>(value: T[]): T[] {
  return Array.isArray(value) ? [...value] : value;
}

function mapArray<T, U>(value: T[], fn: (item: T) => U): U[] {
  return Array.isArray(value) ? value.map(fn) : (value as unknown as U[]);
}

function pair(p: InspectorSubjectPair): InspectorSubjectPair {
  return isPlainObject(p) ? { inspectorKey: p.inspectorKey, subjectKey: p.subjectKey } : p;
}

export function checkTeamRule(value: unknown, path: string, issues: Issues): value is TeamRule {
  const keys = Object.keys(DEFAULT_TEAM_RULE);
  if (!checkObject(value, path, issues, keys)) return false;
  const before = issues.length;
  if (
    checkInteger(value.minSize, at(path, "minSize"), issues, 1, MAX_TEAM_SIZE) &&
    checkInteger(value.maxSize, at(path, "maxSize"), issues, 1, MAX_TEAM_SIZE) &&
    value.maxSize < value.minSize
  ) {
    issues.push(`${at(path, "maxSize")}: must not be below minSize`);
  }
  if (
    checkStringArray(value.requiredCategories, at(path, "requiredCategories"), issues, { unique: true, nonEmpty: true })
  ) {
    if (value.requiredCategories.length > MAX_REQUIRED_CATEGORIES) {
      issues.push(`${at(path, "requiredCategories")}: at most ${MAX_REQUIRED_CATEGORIES} categories`);
    }
  }
  checkStringArray(value.memberCategoriesAnyOf, at(path, "memberCategoriesAnyOf"), issues, {
    unique: true,
    nonEmpty: true,
  });
  if (value.subLibrary !== null) checkString(value.subLibrary, at(path, "subLibrary"), issues, true);
  checkBoolean(value.requireLeader, at(path, "requireLeader"), issues);
  if (value.maxAssignments !== null) checkInteger(value.maxAssignments, at(path, "maxAssignments"), issues, 1);
  return issues.length === before;
}

function checkCandidate(value: unknown, path: string, issues: Issues): boolean {
  if (
    !checkObject(value, path, issues, ["key", "categories", "status", "subLibraries", "leaderEligible", "priorLoad"])
  ) {
    return false;
  }
  const before = issues.length;
  checkString(value.key, at(path, "key"), issues, true);
  checkStringArray(value.categories, at(path, "categories"), issues, { unique: true, nonEmpty: true });
  checkString(value.status, at(path, "status"), issues, true);
  checkStringArray(value.subLibraries, at(path, "subLibraries"), issues, { unique: true, nonEmpty: true });
  checkBoolean(value.leaderEligible, at(path, "leaderEligible"), issues);
  checkInteger(value.priorLoad, at(path, "priorLoad"), issues, 0);
  return issues.length === before;
}

function checkPairs(value: unknown, path: string, issues: Issues): void {
  if (!checkArray(value, path, issues)) return;
  value.forEach((p, i) => {
    if (!checkObject(p, at(path, i), issues, ["inspectorKey", "subjectKey"])) return;
    checkString(p.inspectorKey, at(at(path, i), "inspectorKey"), issues, true);
    checkString(p.subjectKey, at(at(path, i), "subjectKey"), issues, true);
  });
}

export function checkInspectorDrawConfig(value: unknown, path: string, issues: Issues): value is InspectorDrawConfig {
  if (!checkObject(value, path, issues, ["departmentId", "teamRule", "pool", "conflicts", "rotationExclusions"])) {
    return false;
  }
  const before = issues.length;
  checkString(value.departmentId, at(path, "departmentId"), issues, true);
  checkTeamRule(value.teamRule, at(path, "teamRule"), issues);
  if (checkArray(value.pool, at(path, "pool"), issues)) {
    const seen = new Set<string>();
    value.pool.forEach((candidate, i) => {
      if (!checkCandidate(candidate, at(at(path, "pool"), i), issues) || !isPlainObject(candidate)) return;
      const key = candidate.key as string;
      if (seen.has(key)) issues.push(`${at(at(at(path, "pool"), i), "key")}: duplicate inspector "${key}"`);
      seen.add(key);
    });
  }
  checkPairs(value.conflicts, at(path, "conflicts"), issues);
  checkPairs(value.rotationExclusions, at(path, "rotationExclusions"), issues);
  return issues.length === before;
}
