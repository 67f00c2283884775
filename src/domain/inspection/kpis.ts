import { addWorkingDays, type IsoDate, type WorkingCalendar } from "../../calendar";
import { type InspectionDeadlineRules, openDeadlines } from "./deadlines";
import { RESULT_CODES } from "./result-codes";

/** One assignment as the indicators see it (a department's own rows, or the county roll-up's facts). */
export interface AssignmentFact {
  /** Any key unique within the list (the roll-up has no assignment ids). */
  key: string;
  drawnOn: IsoDate;
  assignmentStatus: string;
  inspectedOn: IsoDate | null;
  resultStatus: string | null;
  categoryCode: string | null;
  firstPublishedOn: IsoDate | null;
  followUpsOpen: number;
  followUpsClosed: number;
  /**
   * How many assignments this fact stands for (default 1): SQL groups a year's assignments by these columns, so the
   * indicators are computed over a few hundred groups rather than every assignment loaded into Node.
   */
  count?: number;
}

export interface InspectionKpis {
  drawn: number;
  inspected: number;
  published: number;
  publishedOnTime: number;
  /** Assignments with at least one overdue deadline (notice, report, publication) as of `today`. */
  overdue: number;
  followUpsOpen: number;
  followUpsClosed: number;
  byCategory: Array<{ code: string; name: string; count: number }>;
  /** 开展率: items of the current published list covered by the year's drawn tasks. */
  coverageRate: number | null;
  /** 公示率: published of inspected (target 100%: inspected but not published counts as not done). */
  publicationRate: number | null;
  /** 后续处置率: problem results whose follow-ups exist and are all closed. */
  followUpRate: number | null;
  problemRate: number | null;
}

export const ratio = (n: number, d: number) => (d ? Math.round((n / d) * 10000) / 10000 : null);

/** A code of the result table as the indicators need it. */
export interface KpiResultCode {
  code: string;
  name: string;
  problemFound: boolean;
}

/**
 * The 考核指标 of one department's year (抽查情况汇总表 and the county roll-up compute them here, once). `rules` are the
 * department's own deadline rules: each department is measured against its own publication deadline.
 */
export function inspectionKpis(
  facts: readonly AssignmentFact[],
  coverage: { covered: number; total: number },
  today: IsoDate,
  cal: WorkingCalendar,
  rules: InspectionDeadlineRules,
  /** The codes the department may use (the shared table and its own, result_code). */
  codes: readonly KpiResultCode[] = RESULT_CODES,
): InspectionKpis {
  const n = (r: AssignmentFact) => r.count ?? 1;
  const total = (xs: readonly AssignmentFact[]) => xs.reduce((sum, r) => sum + n(r), 0);
  const problemCodes = new Set(codes.filter((c) => c.problemFound).map((c) => c.code));
  const inspected = facts.filter((r) => r.inspectedOn);
  const published = facts.filter((r) => r.resultStatus === "PUBLISHED");
  const onTime = published.filter(
    (r) =>
      r.inspectedOn &&
      r.firstPublishedOn &&
      r.firstPublishedOn <= addWorkingDays(r.inspectedOn, rules.publishWorkingDays, cal).date,
  );
  const withResult = facts.filter((r) => r.categoryCode);
  const withProblems = withResult.filter((r) => problemCodes.has(r.categoryCode!));
  const handled = withProblems.filter((r) => r.followUpsOpen + r.followUpsClosed > 0 && r.followUpsOpen === 0);
  const deadlines = openDeadlines(
    facts.map((r) => ({
      assignmentId: r.key,
      subjectId: r.key,
      drawnOn: r.drawnOn,
      assignmentStatus: r.assignmentStatus,
      inspectedOn: r.inspectedOn,
      resultStatus: r.resultStatus,
    })),
    today,
    cal,
    rules,
  );
  const overdueKeys = new Set(deadlines.filter((d) => d.state === "OVERDUE").map((d) => d.assignmentId));
  return {
    drawn: total(facts),
    inspected: total(inspected),
    published: total(published),
    publishedOnTime: total(onTime),
    overdue: total(facts.filter((r) => overdueKeys.has(r.key))),
    followUpsOpen: facts.reduce((s, r) => s + r.followUpsOpen * n(r), 0),
    followUpsClosed: facts.reduce((s, r) => s + r.followUpsClosed * n(r), 0),
    byCategory: codes.map((c) => ({
      code: c.code,
      name: c.name,
      count: total(withResult.filter((r) => r.categoryCode === c.code)),
    })),
    coverageRate: ratio(coverage.covered, coverage.total),
    publicationRate: ratio(total(published), total(inspected)),
    followUpRate: ratio(total(handled), total(withProblems)),
    problemRate: ratio(total(withProblems), total(withResult)),
  };
}
