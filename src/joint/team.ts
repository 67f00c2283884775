/** An inspector drawn by their own department, with that department's own rule, for one target. */
export interface DrawnInspector {
  readonly id: string;
  readonly name: string;
  /** 执法证号 */
  readonly certificateNo: string;
  readonly departmentId: string;
  /** Seniority for choosing the leader: 1 is the most senior, lower is better. */
  readonly rank: number;
  /** May lead a team (组长). */
  readonly leaderEligible: boolean;
}

/** The inspectors one participating department drew for the target; empty when it drew nobody. */
export interface DepartmentDraw {
  readonly departmentId: string;
  readonly inspectors: readonly DrawnInspector[];
}

/** Everything needed to form the mixed team (联合检查组) for one target. */
export interface TeamInput {
  readonly targetId: string;
  /** 发起部门: supplies the leader. */
  readonly initiatingDepartmentId: string;
  /** One entry per participating department, the initiating department included. */
  readonly draws: readonly DepartmentDraw[];
}

/** Per-tenant team rules (every participating department is always represented). */
export interface TeamRules {
  /** At least this many inspectors in all; the seeds say "不少于2名". */
  readonly minMembers: number;
}

export const DEFAULT_TEAM_RULES: TeamRules = { minMembers: 2 };

export interface TeamMember extends DrawnInspector {
  readonly role: "LEADER" | "MEMBER";
}

/** 随行专家/辅助人员 a department drew for the target beside its inspectors: not a member, no 执法证号. */
export interface JointExpert {
  readonly id: string;
  readonly name: string;
  readonly departmentId: string;
  /** Position in the department's experts draw (1 first). */
  readonly rank: number;
}

/** 联合检查组: the leader first, then the initiating department's members, then the others by department id. */
export interface JointTeam {
  readonly targetId: string;
  readonly leaderId: string;
  readonly members: readonly TeamMember[];
  /** The departments' 随行专家/辅助人员 (absent or empty when no department asked for any); never members. */
  readonly experts?: readonly JointExpert[];
}

export type TeamFailure =
  | { readonly code: "MISSING_DEPARTMENT"; readonly targetId: string; readonly departmentId: string }
  | {
      readonly code: "TEAM_TOO_SMALL";
      readonly targetId: string;
      readonly size: number;
      readonly minimum: number;
    }
  | { readonly code: "NO_LEADER"; readonly targetId: string; readonly departmentId: string }
  /** The same inspector listed twice: the team would count them twice. */
  | { readonly code: "DUPLICATE_INSPECTOR"; readonly targetId: string; readonly inspectorId: string }
  /** An inspector listed under a department that is not theirs. */
  | {
      readonly code: "WRONG_DEPARTMENT";
      readonly targetId: string;
      readonly departmentId: string;
      readonly inspectorId: string;
    };
