/** One person as the team rules see them. */
export interface TeamPerson {
  id: string;
  name: string;
  post: string;
  isExternalExpert: boolean;
  enforcementCategories: readonly string[];
}

/**
 * Who counts toward a team's enforcement inspectors (执法检查人员): on an enforcement post, not an external expert or
 * support staff, and personally holding an enforcement category — one of the required ones when the task requires
 * some. Checked per person: a team whose union covers the categories is not enough when a member holds none.
 */
export function countsAsEnforcement(p: TeamPerson, required: readonly string[]): boolean {
  if (p.post !== "ENFORCEMENT" || p.isExternalExpert || p.enforcementCategories.length === 0) return false;
  return required.length === 0 || required.some((c) => p.enforcementCategories.includes(c));
}

export type TeamProblem =
  | { rule: "NOT_ENFORCEMENT"; person: TeamPerson }
  | { rule: "CATEGORIES_MISSING"; missing: string[] }
  | { rule: "TOO_FEW_ENFORCEMENT"; counted: number; min: number };

/**
 * The per-person checks of a team of enforcement inspectors (指派 teams; the draw applies the same rule, see
 * docs/COUNTY.md): every member counts as enforcement, the required categories are covered, at least `min` members.
 */
export function enforcementTeamProblems(
  members: readonly TeamPerson[],
  required: readonly string[],
  min: number,
): TeamProblem[] {
  const problems: TeamProblem[] = [];
  for (const p of members) if (!countsAsEnforcement(p, required)) problems.push({ rule: "NOT_ENFORCEMENT", person: p });
  const held = new Set(members.filter((p) => countsAsEnforcement(p, required)).flatMap((p) => p.enforcementCategories));
  const missing = required.filter((c) => !held.has(c));
  if (missing.length) problems.push({ rule: "CATEGORIES_MISSING", missing });
  const counted = members.filter((p) => countsAsEnforcement(p, required)).length;
  if (counted < min) problems.push({ rule: "TOO_FEW_ENFORCEMENT", counted, min });
  return problems;
}
