import type { IsoDate } from "../../calendar";
import { ctx, currentTenantId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import {
  caseDeadlines,
  type DeadlineItem,
  type FollowUpDeadlineSource,
  feedbackDeadlines,
  followUpDeadlines,
  openDeadlines,
  type PenaltyDeadlineSource,
  roundDeadlines,
  type TransferDeadlineSource,
} from "../../domain/inspection/deadlines";
import { type AssignmentFact, inspectionKpis } from "../../domain/inspection/kpis";
import { badInput } from "../../errors";
import { writeCsv, writeXlsx, type XlsxCell } from "../../exchange";
import { chinaToday } from "../../time";
import { roundSources } from "../plan/plan-rounds.service";
import { calendarService } from "../system/calendar.service";
import { inspectionDeadlineRules as rules } from "../system/tenant-settings.service";
import { resultCodeTable } from "./result-codes.service";
import { unfedReports } from "./result-feedback.service";
import { ofTask } from "./task-scope.query";

interface AssignmentRow {
  id: string;
  subject_id: string;
  status: string;
  inspected_on: string | null;
  drawn_on: string;
  result_status: string | null;
  category_code: string | null;
  first_published_on: string | null;
  problems: string | null;
  subject_name: string;
  address: string | null;
  inspectors: string;
  item_ids: string[];
  kind: string;
}

interface ScopeFilter {
  year?: number;
  taskId?: string;
  /** The 附件7 summary: only random checks, own draws and joint ones; 指派 and 投诉举报核查 never count. */
  randomOnly?: boolean;
}

/** What both readers below join: the assignment, its draw, and its department or joint task and plan. */
const SCOPE_JOINS = `FROM assignment a
       LEFT JOIN draw d ON d.id = a.draw_id
       LEFT JOIN inspection_task k ON k.id = a.task_id
       LEFT JOIN annual_plan p ON p.id = k.plan_id
       LEFT JOIN joint_task jt ON jt.id = a.joint_task_id
       LEFT JOIN joint_plan jp ON jp.id = jt.plan_id
       LEFT JOIN joint_target jtg ON jtg.id = a.joint_target_id
       LEFT JOIN joint_draw jd ON jd.id = jtg.draw_id`;

/**
 * When the assignment was drawn: its department draw, or for a JOINT part (no draw of its own) the joint draw of its
 * target; the row's creation time (SQL now(), not the one clock) only for an assignment drawn by neither.
 */
const DRAWN_AT = "coalesce(d.drawn_at, jd.drawn_at, a.created_at)";

/**
 * The department's live assignments of the filter, a JOINT part (部门联合抽查, no inspection_task) under its joint
 * task's plan year: the one WHERE both readers use, so the summary's counts and the 附件7 rows cannot disagree.
 */
function scopeOf(filter: ScopeFilter): { params: unknown[]; where: string } {
  const params: unknown[] = [currentTenantId()];
  let where = `a.tenant_id = $1 AND a.status <> 'CANCELLED' AND (d.id IS NULL OR d.status = 'VALID')
        AND (p.id IS NOT NULL OR jp.id IS NOT NULL)`;
  if (filter.year !== undefined) {
    params.push(filter.year);
    where += ` AND coalesce(p.year, jp.year) = $${params.length}`;
  }
  if (filter.taskId) {
    params.push(filter.taskId);
    where += ` AND ${ofTask("a", `$${params.length}`)}`;
  }
  if (filter.randomOnly) where += ` AND a.kind IN ('RANDOM', 'JOINT')`;
  return { params, where };
}

/** The assignments of the scope, one row each, with names and inspectors (deadlines, the 附件7 table). */
async function rows(filter: ScopeFilter): Promise<AssignmentRow[]> {
  if (filter.taskId && !isUuid(filter.taskId)) return [];
  const { params, where } = scopeOf(filter);
  return ctx().manager.query(
    `SELECT a.id, a.subject_id, a.status, a.inspected_on::text AS inspected_on,
            (${DRAWN_AT} AT TIME ZONE 'Asia/Shanghai')::date::text AS drawn_on,
            r.status AS result_status, r.category_code, r.problems,
            (r.first_published_at AT TIME ZONE 'Asia/Shanghai')::date::text AS first_published_on,
            s.name AS subject_name, s.address, coalesce(k.item_ids, jpp.item_ids) AS item_ids, a.kind,
            (SELECT string_agg(i.name, '、' ORDER BY i.name) FROM inspector i WHERE i.id = ANY (a.member_ids)) AS inspectors
       ${SCOPE_JOINS}
       LEFT JOIN joint_participation jpp ON jpp.task_id = a.joint_task_id AND jpp.tenant_id = a.tenant_id
       JOIN subject s ON s.id = a.subject_id
       LEFT JOIN inspection_result r ON r.assignment_id = a.id
      WHERE ${where}
      ORDER BY ${DRAWN_AT}, s.name
      LIMIT 20000`,
    params,
  );
}

/**
 * The year's random checks as the indicators see them, grouped in SQL: one row per distinct (drawn on, status,
 * inspected on, result, category, first published on, follow-ups open/closed, joint or not) with its count. The scope
 * is `rows`' (scopeOf), so the same numbers, without loading every assignment.
 */
async function facts(filter: { year: number; taskId?: string }): Promise<Array<AssignmentFact & { joint: boolean }>> {
  if (filter.taskId && !isUuid(filter.taskId)) return [];
  const { params, where } = scopeOf({ ...filter, randomOnly: true });
  const found: Array<Record<string, string | number | boolean | null>> = await ctx().manager.query(
    `WITH fu AS (
       SELECT r.assignment_id, count(*) FILTER (WHERE f.status = 'OPEN')::int AS open,
              count(*) FILTER (WHERE f.status = 'CLOSED')::int AS closed
         FROM follow_up f JOIN inspection_result r ON r.id = f.result_id
        WHERE f.tenant_id = $1 AND r.tenant_id = $1 GROUP BY r.assignment_id)
     SELECT (${DRAWN_AT} AT TIME ZONE 'Asia/Shanghai')::date::text AS drawn_on, a.status,
            a.inspected_on::text AS inspected_on, r.status AS result_status, r.category_code,
            (r.first_published_at AT TIME ZONE 'Asia/Shanghai')::date::text AS first_published_on,
            coalesce(fu.open, 0) AS open, coalesce(fu.closed, 0) AS closed, a.kind = 'JOINT' AS joint,
            count(*)::int AS n
       ${SCOPE_JOINS}
       LEFT JOIN inspection_result r ON r.assignment_id = a.id
       LEFT JOIN fu ON fu.assignment_id = a.id
      WHERE ${where}
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    params,
  );
  return found.map((f, i) => ({
    key: String(i),
    drawnOn: f.drawn_on as string,
    assignmentStatus: f.status as string,
    inspectedOn: f.inspected_on as string | null,
    resultStatus: f.result_status as string | null,
    categoryCode: f.category_code as string | null,
    firstPublishedOn: f.first_published_on as string | null,
    followUpsOpen: Number(f.open),
    followUpsClosed: Number(f.closed),
    count: Number(f.n),
    joint: f.joint === true,
  }));
}

/** Penalties decided and not yet published (行政处罚信息公示), open or closed entries alike. */
async function unpublishedPenalties(): Promise<PenaltyDeadlineSource[]> {
  const rows: Array<{ id: string; assignment_id: string | null; subject_id: string; decided_on: string }> =
    await ctx().manager.query(
      `SELECT f.id, r.assignment_id, f.subject_id, f.penalty_decided_on::text AS decided_on
         FROM follow_up f LEFT JOIN inspection_result r ON r.id = f.result_id
        WHERE f.tenant_id = $1 AND f.penalty_decided_on IS NOT NULL AND f.penalty_published_on IS NULL
        ORDER BY f.penalty_decided_on, f.id LIMIT 20000`,
      [currentTenantId()],
    );
  return rows.map((r) => ({
    followUpId: r.id,
    assignmentId: r.assignment_id,
    subjectId: r.subject_id,
    decidedOn: r.decided_on,
  }));
}

/** 移交 received by the caller's department and not yet accepted or returned (抄告 and proposals need no answer). */
async function unansweredTransfers(): Promise<TransferDeadlineSource[]> {
  const rows: Array<{ id: string; subject_id: string; received_on: string }> = await ctx().manager.query(
    `SELECT id, subject_id, (created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS received_on
       FROM follow_up_transfer WHERE to_tenant_id = $1 AND status = 'PENDING' AND kind = 'TRANSFER'
      ORDER BY created_at, id LIMIT 20000`,
    [currentTenantId()],
  );
  return rows.map((r) => ({ transferId: r.id, subjectId: r.subject_id, receivedOn: r.received_on }));
}

/** Open follow-ups of the caller's department; with a task, only those following up that task's results. */
async function openFollowUps(taskId?: string): Promise<FollowUpDeadlineSource[]> {
  if (taskId && !isUuid(taskId)) return [];
  const params: unknown[] = [currentTenantId()];
  if (taskId) params.push(taskId);
  const found: Array<{ id: string; assignment_id: string | null; subject_id: string; due_date: string }> =
    await ctx().manager.query(
      `SELECT f.id, r.assignment_id, f.subject_id, f.due_date::text AS due_date
         FROM follow_up f
         LEFT JOIN inspection_result r ON r.id = f.result_id
         ${taskId ? `JOIN assignment a ON a.id = r.assignment_id AND ${ofTask("a", "$2")}` : ""}
        WHERE f.tenant_id = $1 AND f.status = 'OPEN'
        ORDER BY f.due_date, f.id
        LIMIT 20000`,
      params,
    );
  return found.map((f) => ({
    followUpId: f.id,
    assignmentId: f.assignment_id,
    subjectId: f.subject_id,
    dueDate: f.due_date,
  }));
}

/**
 * Deadlines of open items and the 抽查情况汇总表 (seed 004 附件7) with the plans' KPIs. `today` is injectable so that
 * reports and tests can be computed as of a given day.
 */
export const inspectionReportService = {
  /** Open items of assignments (notice, report, publication) and open follow-ups, as of `today`. */
  async deadlines(today: IsoDate = chinaToday(), taskId?: string): Promise<DeadlineItem[]> {
    const cal = await calendarService.current(await calendarService.regionFor());
    const rule = await rules();
    const list = (await rows({ taskId })).map((r) => ({
      assignmentId: r.id,
      subjectId: r.subject_id,
      drawnOn: r.drawn_on,
      assignmentStatus: r.status,
      inspectedOn: r.inspected_on,
      resultStatus: r.result_status,
    }));
    return [
      ...openDeadlines(list, today, cal, rule),
      ...followUpDeadlines(await openFollowUps(taskId), today, cal, rule),
      ...feedbackDeadlines(await unfedReports(taskId), today, cal, rule),
      ...(taskId ? [] : caseDeadlines(await unpublishedPenalties(), await unansweredTransfers(), today, cal, rule)),
      ...(taskId ? [] : roundDeadlines(await roundSources(today), today, cal, rule)),
    ];
  },

  /** The indicators of the year (or of one task), counted in SQL; the 附件7 rows are `summaryRows`, asked for apart. */
  async summary(year: number, taskId: string | undefined, today: IsoDate = chinaToday()) {
    if (year < 2000 || year > 2100) throw badInput("year", "年度须在 2000–2100 之间");
    const list = await facts({ year, taskId });
    const total = list.reduce((n, f) => n + (f.count ?? 1), 0);
    const joint = list.reduce((n, f) => n + (f.joint ? (f.count ?? 1) : 0), 0);
    const cal = await calendarService.current(await calendarService.regionFor());
    const rule = await rules();
    const coverage: Array<{ covered: number; total: number }> = await ctx().manager.query(
      `SELECT (SELECT count(DISTINCT x) FROM (
                 SELECT unnest(k.item_ids) x FROM inspection_task k JOIN annual_plan p ON p.id = k.plan_id
                  WHERE k.tenant_id = $1 AND p.year = $2 AND k.status IN ('DRAWN','CLOSED')
                 UNION ALL
                 SELECT unnest(jpp.item_ids) FROM joint_participation jpp JOIN joint_task jt ON jt.id = jpp.task_id
                   JOIN joint_plan jp ON jp.id = jt.plan_id
                  WHERE jpp.tenant_id = $1 AND jpp.status = 'CONFIRMED' AND jp.year = $2
                    AND jt.status IN ('DRAWN','CLOSED')) c)::int AS covered,
              (SELECT count(*) FROM check_item c JOIN item_list_version v ON v.id = c.list_version_id
                WHERE v.tenant_id = $1 AND v.status = 'PUBLISHED'
                  AND v.version_no = (SELECT max(version_no) FROM item_list_version
                                       WHERE tenant_id = $1 AND status = 'PUBLISHED'))::int AS total`,
      [currentTenantId(), year],
    );
    const codes = await resultCodeTable.usableBy(currentTenantId());
    return {
      year,
      taskId: taskId ?? null,
      ...inspectionKpis(list, coverage[0], today, cal, rule, codes),
      /** Share of the random checks that were the department's parts of joint visits (部门联合抽查占比). */
      jointShare: total ? joint / total : null,
    };
  },

  /** 附件7's table: one row per assignment of the year (or task), with names, inspectors and publication. */
  async summaryRows(year: number, taskId: string | undefined) {
    const codes = await resultCodeTable.usableBy(currentTenantId());
    const codeName = (code: string) => codes.find((c) => c.code === code)?.name ?? code;
    return (await rows({ year, taskId, randomOnly: true })).map((r, i) => ({
      no: i + 1,
      subjectName: r.subject_name,
      address: r.address ?? "",
      inspectors: r.inspectors ?? "",
      problems: r.category_code ? r.problems || codeName(r.category_code) : "",
      publication: r.result_status === "PUBLISHED" ? `已公示（${r.first_published_on}）` : "未公示",
      note: `${r.inspected_on ? `检查日期 ${r.inspected_on}` : "尚未检查"}${r.kind === "JOINT" ? "（部门联合抽查）" : ""}`,
    }));
  },

  /**
   * 抽查情况汇总表 as CSV or XLSX (seed 004 附件7's columns). The XLSX has the form's title, 填报单位 and 填报时间
   * (Beijing date), a frozen header with filters, 序号 and the totals as numbers and the rates as percentages.
   */
  async exportSummary(year: number, taskId: string | undefined, format: "CSV" | "XLSX") {
    const s = await inspectionReportService.summary(year, taskId);
    const summaryRows = await inspectionReportService.summaryRows(year, taskId);
    const [tenant] = await ctx().manager.query(`SELECT name FROM tenant WHERE id = $1`, [currentTenantId()]);
    const header = ["序号", "市场主体名称", "市场主体地址", "检查人员", "存在问题", "结果公示", "备注"];
    const body = summaryRows.map((r) => [
      String(r.no),
      r.subjectName,
      r.address,
      r.inspectors,
      r.problems,
      r.publication,
      r.note,
    ]);
    const rate = (v: number | null) => ({ percent: v });
    const totals: XlsxCell[][] = [
      ["抽取户数", s.drawn, "已检查", s.inspected, "已公示", s.published],
      ["按期公示", s.publishedOnTime, "逾期事项", s.overdue],
      ["后续处置在办", s.followUpsOpen, "后续处置办结", s.followUpsClosed],
      ["开展率", rate(s.coverageRate), "公示率", rate(s.publicationRate), "后续处置率", rate(s.followUpRate)],
      ["问题发现率", rate(s.problemRate), "联合抽查占比", rate(s.jointShare)],
    ];
    const name = `抽查情况汇总表-${year}`;
    if (format === "CSV") {
      const asText = (v: XlsxCell) => (v === null ? "—" : typeof v === "object" ? pct(v.percent) : String(v));
      const table = [header, ...body, [], ...totals.map((r) => r.map(asText))];
      return { fileName: `${name}.csv`, mimeType: "text/csv", content: writeCsv(table) };
    }
    return {
      fileName: `${name}.xlsx`,
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      content: await writeXlsx("抽查情况汇总表", [header, ...body], {
        title: `“双随机、一公开”抽查情况汇总表（${year}年）`,
        meta: [`填报单位：${tenant?.name ?? ""}　　填报时间：${chineseDate(chinaToday())}`],
        numberColumns: [0],
        footer: totals,
      }),
    };
  },
};

const chineseDate = (d: string) => `${d.slice(0, 4)}年${d.slice(5, 7)}月${d.slice(8, 10)}日`;

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(2)}%`);
