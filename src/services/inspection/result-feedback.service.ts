import { type IsoDate, isIsoDate } from "../../calendar";
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import type { FeedbackDeadlineSource } from "../../domain/inspection/deadlines";
import type { FeedbackMethod, ResultFeedbackRow } from "../../domain/inspection/result-feedback";
import { badInput, conflict, ruleViolation } from "../../errors";
import { chinaDate, chinaToday } from "../../time";
import { audit } from "../audit/audit.service";
import { asTeam } from "./inspection.service";
import { ofTask } from "./task-scope.query";

/** The report is completed once the result is submitted (submitted, approved or published). */
const REPORTED = ["SUBMITTED", "APPROVED", "PUBLISHED"];

const COLUMNS = `id, assignment_id AS "assignmentId", method, delivered_on::text AS "deliveredOn", note,
  recorded_at AS "recordedAt"`;

/**
 * 检查结果反馈: the department delivers the result to the inspected subject after the report is completed and records
 * how and when (once per assignment); the department's rule (resultFeedbackWorkingDays, HOUSING 5) makes it a
 * deadline item (RESULT_FEEDBACK) from the report's completion until the feedback is recorded.
 */
export const resultFeedbackService = {
  async record(input: {
    assignmentId: string;
    method: FeedbackMethod;
    deliveredOn: string;
    note?: string | null;
  }): Promise<ResultFeedbackRow> {
    const { a } = await asTeam(input.assignmentId, false);
    if (!isIsoDate(input.deliveredOn)) throw badInput("deliveredOn", "送达日期须为 YYYY-MM-DD 格式的日期");
    const note = (input.note ?? "").trim();
    if (note.length > 500) throw badInput("note", "备注不超过 500 个字符");
    const { manager } = ctx();
    const reported = await reportedOn(a.id);
    if (!reported)
      throw ruleViolation("FEEDBACK_BEFORE_REPORT", "检查报告完成（检查结果已提交）后方可登记向被检查对象反馈检查结果");
    if (input.deliveredOn < reported || input.deliveredOn > chinaToday())
      throw ruleViolation(
        "FEEDBACK_DATE",
        `送达日期须在检查报告完成之日（${reported}）之后、今天（${chinaToday()}）及以前`,
        { reportedOn: reported },
      );
    const [row]: ResultFeedbackRow[] = await manager.query(
      `INSERT INTO result_feedback (tenant_id, assignment_id, method, delivered_on, note, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, assignment_id) DO NOTHING RETURNING ${COLUMNS}`,
      [currentTenantId(), a.id, input.method, input.deliveredOn, note, currentUserId()],
    );
    if (!row) throw conflict("该检查对象的检查结果已登记反馈，不能重复登记");
    await audit.record({
      action: "result_feedback.record",
      entityType: "result_feedback",
      entityId: row.id,
      after: row,
    });
    return row;
  },

  async of(assignmentId: string): Promise<ResultFeedbackRow | null> {
    if (!isUuid(assignmentId)) return null;
    const [row] = await ctx().manager.query(`SELECT ${COLUMNS} FROM result_feedback WHERE assignment_id = $1`, [
      assignmentId,
    ]);
    return row ?? null;
  },
};

/** The China date the assignment's report was completed (its result first submitted), or null. */
async function reportedOn(assignmentId: string): Promise<IsoDate | null> {
  const [r]: Array<{ submitted_at: Date | null }> = await ctx().manager.query(
    `SELECT min(submitted_at) AS submitted_at FROM inspection_result
      WHERE assignment_id = $1 AND status = ANY ($2) AND submitted_at IS NOT NULL`,
    [assignmentId, REPORTED],
  );
  return r?.submitted_at ? chinaDate(new Date(r.submitted_at)) : null;
}

/** Completed reports of the caller's department not yet fed back (with a task: that task's), for the deadlines. */
export async function unfedReports(taskId?: string): Promise<FeedbackDeadlineSource[]> {
  if (taskId && !isUuid(taskId)) return [];
  const rows: Array<{ assignment_id: string; subject_id: string; submitted_at: Date }> = await ctx().manager.query(
    `SELECT a.id AS assignment_id, a.subject_id, min(r.submitted_at) AS submitted_at
       FROM assignment a JOIN inspection_result r ON r.assignment_id = a.id
      WHERE a.tenant_id = $1 AND a.status <> 'CANCELLED' AND r.status = ANY ($2) AND r.submitted_at IS NOT NULL
        AND ($3::uuid IS NULL OR ${ofTask("a", "$3::uuid")})
        AND NOT EXISTS (SELECT 1 FROM result_feedback f WHERE f.assignment_id = a.id)
      GROUP BY a.id, a.subject_id
      ORDER BY 3, a.id LIMIT 20000`,
    [currentTenantId(), REPORTED, taskId ?? null],
  );
  return rows.map((r) => ({
    assignmentId: r.assignment_id,
    subjectId: r.subject_id,
    reportedOn: chinaDate(new Date(r.submitted_at)),
  }));
}
