/**
 * 递补: replace one team member (回避 or unavailable) with the next eligible inspector in the same
 * ranking for that target, under the same constraints, keeping the team's requirements met.
 */
import { fromHex } from "./encoding";
import { DrawInputError } from "./errors";
import type { InspectorCandidate } from "./inspector-config";
import { DepartmentDraw } from "./inspector-draw";
import { checkInstant } from "./record";
import type { DrawRecord, SubstitutionEntry, SubstitutionReason, SubstitutionReasonCode } from "./record-types";
import { substitutionDigestOf } from "./seal";
import { at, checkObject, checkString, checkStringArray, type Issues } from "./shape";
import { leaderOf, meetsRequirements } from "./team";

export interface SubstitutionOptions {
  /** Required when the record has more than one department's inspector draw. */
  departmentId?: string;
  recordedAt?: string | null;
  /** Inspectors unavailable now, beyond the status recorded at draw time. */
  unavailableNow?: string[];
}

export type SubstitutionFailureCode =
  | "DEPARTMENT_REQUIRED"
  | "UNKNOWN_DEPARTMENT"
  | "NO_TEAM_FOR_TARGET"
  | "NOT_A_MEMBER"
  | "NO_ELIGIBLE_SUBSTITUTE";

export interface SubstitutionFailure {
  code: SubstitutionFailureCode;
  departmentId: string | null;
  targetKey: string;
  recused: string;
}

export type SubstitutionOutcome =
  | { ok: true; substitution: SubstitutionEntry; record: DrawRecord }
  | { ok: false; failure: SubstitutionFailure };

const REASON_CODES: readonly SubstitutionReasonCode[] = [
  "SELF_DECLARED",
  "ORDERED",
  "REQUESTED",
  "UNAVAILABLE",
  "OTHER",
];

export function checkSubstitutionRequest(value: Record<string, unknown>, path: string, issues: Issues): boolean {
  const before = issues.length;
  checkString(value.departmentId, at(path, "departmentId"), issues, true);
  checkString(value.targetKey, at(path, "targetKey"), issues, true);
  checkString(value.recused, at(path, "recused"), issues, true);
  const reasonPath = at(path, "reason");
  if (checkObject(value.reason, reasonPath, issues, ["code", "note"])) {
    if (!REASON_CODES.includes(value.reason.code as SubstitutionReasonCode)) {
      issues.push(`${at(reasonPath, "code")}: expected one of ${REASON_CODES.join(", ")}`);
    }
    checkString(value.reason.note, at(reasonPath, "note"), issues);
  }
  if (value.recordedAt !== null) checkInstant(value.recordedAt, at(path, "recordedAt"), issues);
  checkStringArray(value.unavailableNow, at(path, "unavailableNow"), issues, { unique: true, nonEmpty: true });
  return issues.length === before;
}

/** Department state after the initial teams and every recorded substitution. */
function departmentState(record: DrawRecord, departmentIndex: number) {
  const config = record.config.inspectorDraws[departmentIndex];
  const draw = new DepartmentDraw(fromHex(record.seed), config);
  const teams = new Map(record.inspectorResults[departmentIndex].teams.map((t) => [t.targetKey, t.members]));
  const recusedByTarget = new Map<string, Set<string>>();
  for (const members of teams.values()) for (const key of members) draw.adjustLoad(key, 1);
  for (const s of record.substitutions) {
    if (s.departmentId !== config.departmentId) continue;
    teams.set(s.targetKey, s.members);
    draw.adjustLoad(s.recused, -1);
    draw.adjustLoad(s.substitute, 1);
    const recused = recusedByTarget.get(s.targetKey) ?? new Set<string>();
    recusedByTarget.set(s.targetKey, recused.add(s.recused));
  }
  return { draw, teams, recusedByTarget };
}

/**
 * Picks the substitute for `recusedInspectorKey` on `targetKey` and returns a new record with the
 * substitution appended (the input record is not modified). The recused inspector never returns to
 * that target; their workload is released.
 */
export function substitute(
  record: DrawRecord,
  targetKey: string,
  recusedInspectorKey: string,
  reason: SubstitutionReason,
  options: SubstitutionOptions = {},
): SubstitutionOutcome {
  const draws = record.config.inspectorDraws;
  const departmentId = options.departmentId ?? (draws.length === 1 ? draws[0].departmentId : null);
  const request = {
    departmentId: departmentId ?? "",
    targetKey,
    recused: recusedInspectorKey,
    reason: { code: reason?.code, note: reason?.note ?? "" },
    recordedAt: options.recordedAt ?? null,
    unavailableNow: options.unavailableNow ? [...options.unavailableNow] : [],
  };
  const failure = (code: SubstitutionFailureCode): SubstitutionOutcome => ({
    ok: false,
    failure: { code, departmentId, targetKey, recused: recusedInspectorKey },
  });
  if (departmentId === null) return failure("DEPARTMENT_REQUIRED");
  const issues: Issues = [];
  if (!checkSubstitutionRequest(request, "substitution", issues)) throw new DrawInputError(issues);
  const index = draws.findIndex((d) => d.departmentId === departmentId);
  if (index < 0) return failure("UNKNOWN_DEPARTMENT");

  const { draw, teams, recusedByTarget } = departmentState(record, index);
  const members = teams.get(targetKey);
  if (!members) return failure("NO_TEAM_FOR_TARGET");
  if (!members.includes(recusedInspectorKey)) return failure("NOT_A_MEMBER");

  const rule = draw.config.teamRule;
  const remaining = members
    .filter((k) => k !== recusedInspectorKey)
    .map((k) => draw.candidate(k) as InspectorCandidate);
  const excluded = new Set([...members, ...(recusedByTarget.get(targetKey) ?? []), ...request.unavailableNow]);
  const chosen = draw.ranking(targetKey, excluded).find((c) => meetsRequirements([...remaining, c], rule));
  if (!chosen) return failure("NO_ELIGIBLE_SUBSTITUTE");

  const team = draw.inRankOrder(targetKey, [...remaining, chosen]);
  const entry = {
    ...request,
    reason: request.reason as SubstitutionReason,
    substitute: chosen.key,
    members: team.map((c) => c.key),
    leader: leaderOf(team),
  };
  const previous = record.substitutions.at(-1)?.digest ?? record.sealDigest;
  const substitution: SubstitutionEntry = { ...entry, digest: substitutionDigestOf(previous, entry) };
  return { ok: true, substitution, record: { ...record, substitutions: [...record.substitutions, substitution] } };
}
