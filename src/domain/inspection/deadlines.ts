import { addWorkingDays, type DueStatus, dueStatus, type IsoDate, isExact, type WorkingCalendar } from "../../calendar";
import { roundDueDates } from "../county/rounds";

/** Per-department deadline rules (tenant.settings.inspectionDeadlines overrides these working-day counts). */
export interface InspectionDeadlineRules {
  /** 检查情况报告: working days after the inspection (HEALTH: 5). */
  reportWorkingDays: number;
  /** 结果公示: working days after the inspection (EDU, PSB, WATER: 20). */
  publishWorkingDays: number;
  /** 通知被抽查单位: working days after the draw (ARCH: 3). */
  noticeWorkingDays: number;
  /** How many working days ahead an item is flagged due-soon. */
  dueSoonWorkingDays: number;
  /** 行政处罚信息公示: working days after the penalty decision (NATRES: 7). */
  penaltyPublishWorkingDays: number;
  /** 移交反馈: working days for the receiving department to answer a 移交 (accept or return). */
  transferFeedbackWorkingDays: number;
  /**
   * 检查结果反馈: working days after the report is completed to deliver the result to the inspected subject
   * (HOUSING: 5, seed 000 住建局实施细则 第十八条). 0: the department has no such rule (the default).
   */
  resultFeedbackWorkingDays: number;
}

/** The one place for the defaults (tenant settings and every deadline computation fall back to these). */
export const DEFAULT_DEADLINE_RULES: InspectionDeadlineRules = {
  reportWorkingDays: 5,
  publishWorkingDays: 20,
  noticeWorkingDays: 3,
  dueSoonWorkingDays: 2,
  penaltyPublishWorkingDays: 7,
  transferFeedbackWorkingDays: 5,
  resultFeedbackWorkingDays: 0,
};

/** Accepted range (inclusive) of each rule: what the settings API validates and what stored values must satisfy. */
export const DEADLINE_RULE_LIMITS: Record<keyof InspectionDeadlineRules, readonly [number, number]> = {
  reportWorkingDays: [1, 60],
  publishWorkingDays: [1, 120],
  noticeWorkingDays: [0, 30],
  dueSoonWorkingDays: [0, 20],
  penaltyPublishWorkingDays: [1, 60],
  transferFeedbackWorkingDays: [1, 60],
  resultFeedbackWorkingDays: [0, 60],
};

export type DeadlineKind =
  | "NOTICE"
  | "REPORT"
  | "PUBLICATION"
  | "FOLLOW_UP"
  | "PENALTY_PUBLICATION"
  | "TRANSFER_FEEDBACK"
  | "PLAN_ROUND"
  | "RESULT_FEEDBACK";

/** What the deadline computation needs of one assignment. */
export interface DeadlineSource {
  assignmentId: string;
  subjectId: string;
  /** Date of the draw (China time). */
  drawnOn: IsoDate;
  assignmentStatus: string;
  inspectedOn: IsoDate | null;
  /** null when no result exists yet. */
  resultStatus: string | null;
}

export interface DeadlineItem {
  /** null for a follow-up that did not come from one of this department's assignments (e.g. a received transfer). */
  assignmentId: string | null;
  /** Set for FOLLOW_UP and PENALTY_PUBLICATION items. */
  followUpId: string | null;
  /** Set for TRANSFER_FEEDBACK items only (the received 移交). */
  transferId?: string | null;
  /** Set for PLAN_ROUND items only: the plan, its round (1-based) and the plan's department. */
  planId?: string | null;
  round?: number | null;
  departmentId?: string | null;
  /** null for a PLAN_ROUND item (a round is about a plan, not a subject). */
  subjectId: string | null;
  kind: DeadlineKind;
  dueDate: IsoDate;
  state: DueStatus;
  /** The due date used a day outside the official holiday data. */
  approximate: boolean;
}

const REPORTED = new Set(["SUBMITTED", "APPROVED", "PUBLISHED"]);

/**
 * The open deadline items of assignments as of `today` (injectable for tests and reports): the notice to the target
 * until the team starts, the report until the result is submitted, the publication until it is published. An
 * inspection carried out but not published stays open (counts as not completed).
 */
export function openDeadlines(
  sources: readonly DeadlineSource[],
  today: IsoDate,
  cal: WorkingCalendar,
  rules: InspectionDeadlineRules = DEFAULT_DEADLINE_RULES,
): DeadlineItem[] {
  const out: DeadlineItem[] = [];
  const push = (s: DeadlineSource, kind: DeadlineKind, from: IsoDate, days: number) => {
    const due = addWorkingDays(from, days, cal);
    out.push({
      assignmentId: s.assignmentId,
      followUpId: null,
      subjectId: s.subjectId,
      kind,
      dueDate: due.date,
      state: dueStatus(due.date, today, rules.dueSoonWorkingDays, cal),
      approximate: due.approximate,
    });
  };
  for (const s of sources) {
    if (s.assignmentStatus === "CANCELLED") continue;
    if (s.assignmentStatus === "ASSIGNED" || s.assignmentStatus === "ACCEPTED")
      push(s, "NOTICE", s.drawnOn, rules.noticeWorkingDays);
    if (!s.inspectedOn || s.resultStatus === "PUBLISHED") continue;
    if (!REPORTED.has(s.resultStatus ?? "")) push(s, "REPORT", s.inspectedOn, rules.reportWorkingDays);
    push(s, "PUBLICATION", s.inspectedOn, rules.publishWorkingDays);
  }
  return out;
}

/** What the deadline computation needs of one open follow-up (后续处置) entry. */
export interface FollowUpDeadlineSource {
  followUpId: string;
  /** The assignment of the result it follows up; null for one opened from a received transfer. */
  assignmentId: string | null;
  subjectId: string;
  /** The due date the department set (a calendar date, not counted in working days). */
  dueDate: IsoDate;
}

/**
 * Open follow-ups as deadline items: the due date is the one entered; due-soon counts working days up to it on the
 * calendar (so a due date right after a holiday is flagged before the holiday starts).
 */
export function followUpDeadlines(
  sources: readonly FollowUpDeadlineSource[],
  today: IsoDate,
  cal: WorkingCalendar,
  rules: InspectionDeadlineRules = DEFAULT_DEADLINE_RULES,
): DeadlineItem[] {
  return sources.map(
    (s): DeadlineItem => ({
      assignmentId: s.assignmentId,
      followUpId: s.followUpId,
      subjectId: s.subjectId,
      kind: "FOLLOW_UP",
      dueDate: s.dueDate,
      state: dueStatus(s.dueDate, today, rules.dueSoonWorkingDays, cal),
      approximate: !isExact(s.dueDate, cal) || !isExact(today, cal),
    }),
  );
}

/** A penalty decided and not yet published (行政处罚信息公示). */
export interface PenaltyDeadlineSource {
  followUpId: string;
  assignmentId: string | null;
  subjectId: string;
  decidedOn: IsoDate;
}

/** A received 移交 not yet answered, by the China date it arrived. */
export interface TransferDeadlineSource {
  transferId: string;
  subjectId: string;
  receivedOn: IsoDate;
}

/**
 * 行政处罚信息 due within N working days of the decision; a received 移交 to be answered (accepted or returned) within
 * N working days of its arrival. Both counted on the department's working-day calendar.
 */
export function caseDeadlines(
  penalties: readonly PenaltyDeadlineSource[],
  transfers: readonly TransferDeadlineSource[],
  today: IsoDate,
  cal: WorkingCalendar,
  rules: InspectionDeadlineRules = DEFAULT_DEADLINE_RULES,
): DeadlineItem[] {
  const item = (from: IsoDate, days: number, rest: Omit<DeadlineItem, "dueDate" | "state" | "approximate">) => {
    const due = addWorkingDays(from, days, cal);
    return {
      ...rest,
      dueDate: due.date,
      state: dueStatus(due.date, today, rules.dueSoonWorkingDays, cal),
      approximate: due.approximate,
    };
  };
  return [
    ...penalties.map((p) =>
      item(p.decidedOn, rules.penaltyPublishWorkingDays, {
        assignmentId: p.assignmentId,
        followUpId: p.followUpId,
        subjectId: p.subjectId,
        kind: "PENALTY_PUBLICATION",
      }),
    ),
    ...transfers.map((t) =>
      item(t.receivedOn, rules.transferFeedbackWorkingDays, {
        assignmentId: null,
        followUpId: null,
        transferId: t.transferId,
        subjectId: t.subjectId,
        kind: "TRANSFER_FEEDBACK",
      }),
    ),
  ];
}

/** A completed inspection report (检查情况报告) whose result has not been delivered to the subject yet. */
export interface FeedbackDeadlineSource {
  assignmentId: string;
  subjectId: string;
  /** The China date the report was completed (the result first submitted). */
  reportedOn: IsoDate;
}

/**
 * 检查结果反馈: the result is delivered to the inspected subject (直接送达 or 邮寄送达) within N working days of the
 * report's completion, on the department's calendar; none when the department's rule is 0 (no such rule).
 */
export function feedbackDeadlines(
  sources: readonly FeedbackDeadlineSource[],
  today: IsoDate,
  cal: WorkingCalendar,
  rules: InspectionDeadlineRules = DEFAULT_DEADLINE_RULES,
): DeadlineItem[] {
  if (!rules.resultFeedbackWorkingDays) return [];
  return sources.map((s): DeadlineItem => {
    const due = addWorkingDays(s.reportedOn, rules.resultFeedbackWorkingDays, cal);
    return {
      assignmentId: s.assignmentId,
      followUpId: null,
      subjectId: s.subjectId,
      kind: "RESULT_FEEDBACK",
      dueDate: due.date,
      state: dueStatus(due.date, today, rules.dueSoonWorkingDays, cal),
      approximate: due.approximate,
    };
  });
}

/** Whether `v` is an acceptable value of rule `k`. */
export function isValidDeadlineRule(k: keyof InspectionDeadlineRules, v: unknown): v is number {
  const [min, max] = DEADLINE_RULE_LIMITS[k];
  return Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
}

/** Merges a department's stored settings over the defaults, ignoring anything outside DEADLINE_RULE_LIMITS. */
export function deadlineRulesFrom(stored: unknown): InspectionDeadlineRules {
  const s = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  const pick = (k: keyof InspectionDeadlineRules) => (isValidDeadlineRule(k, s[k]) ? s[k] : DEFAULT_DEADLINE_RULES[k]);
  return {
    reportWorkingDays: pick("reportWorkingDays"),
    publishWorkingDays: pick("publishWorkingDays"),
    noticeWorkingDays: pick("noticeWorkingDays"),
    dueSoonWorkingDays: pick("dueSoonWorkingDays"),
    penaltyPublishWorkingDays: pick("penaltyPublishWorkingDays"),
    transferFeedbackWorkingDays: pick("transferFeedbackWorkingDays"),
    resultFeedbackWorkingDays: pick("resultFeedbackWorkingDays"),
  };
}

/** A plan that requires rounds (抽查频次 "每年不少于 N 次") and the China dates its rounds were drawn on. */
export interface RoundDeadlineSource {
  planId: string;
  departmentId: string;
  year: number;
  required: number;
  drawnOn: readonly IsoDate[];
}

/**
 * 抽查频次: round k of a plan is open while fewer than k of its rounds have been drawn as of `today`; it is due on
 * roundDueDates' date (the date the county roll-up counts by) and flagged due-soon the same working days ahead as
 * every other item. A round drawn late closes the item (the roll-up still counts it as late).
 */
export function roundDeadlines(
  sources: readonly RoundDeadlineSource[],
  today: IsoDate,
  cal: WorkingCalendar,
  rules: InspectionDeadlineRules = DEFAULT_DEADLINE_RULES,
): DeadlineItem[] {
  return sources.flatMap((s) => {
    const drawn = s.drawnOn.filter((d) => d <= today).length;
    return roundDueDates(s.year, s.required).flatMap((due, i): DeadlineItem[] =>
      drawn > i
        ? []
        : [
            {
              assignmentId: null,
              followUpId: null,
              planId: s.planId,
              round: i + 1,
              departmentId: s.departmentId,
              subjectId: null,
              kind: "PLAN_ROUND",
              dueDate: due,
              state: dueStatus(due, today, rules.dueSoonWorkingDays, cal),
              approximate: !isExact(due, cal) || !isExact(today, cal),
            },
          ],
    );
  });
}
