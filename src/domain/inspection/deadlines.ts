import { addWorkingDays, type DueStatus, dueStatus, type IsoDate, type WorkingCalendar } from "../../calendar";

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
}

export const DEFAULT_DEADLINE_RULES: InspectionDeadlineRules = {
  reportWorkingDays: 5,
  publishWorkingDays: 20,
  noticeWorkingDays: 3,
  dueSoonWorkingDays: 2,
};

export type DeadlineKind = "NOTICE" | "REPORT" | "PUBLICATION";

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
  assignmentId: string;
  subjectId: string;
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

/** Merges a department's stored settings over the defaults, ignoring anything that is not a sane integer. */
export function deadlineRulesFrom(stored: unknown): InspectionDeadlineRules {
  const s = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  const pick = (k: keyof InspectionDeadlineRules) => {
    const v = s[k];
    return Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= 365
      ? (v as number)
      : DEFAULT_DEADLINE_RULES[k];
  };
  return {
    reportWorkingDays: pick("reportWorkingDays"),
    publishWorkingDays: pick("publishWorkingDays"),
    noticeWorkingDays: pick("noticeWorkingDays"),
    dueSoonWorkingDays: pick("dueSoonWorkingDays"),
  };
}
