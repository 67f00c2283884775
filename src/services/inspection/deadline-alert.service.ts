import { type IsoDate } from "../../calendar";
import { actorLabel, ctx, currentTenantId } from "../../context/request-context";
import type { DeadlineItem, DeadlineKind } from "../../domain/inspection/deadlines";
import { LiveTopic } from "../../domain/live/topics";
import { chinaToday } from "../../time";
import { audit } from "../audit/audit.service";
import { liveEvents } from "../live/live-events.service";
import { inspectionReportService } from "./inspection-report.service";

/** At most this many alerts per scan (overdue first, earliest due first); the rest follow on the next scan. */
export const MAX_ALERTS_PER_SCAN = 200;

const KIND_LABEL: Record<DeadlineKind, string> = {
  NOTICE: "通知被抽查对象",
  REPORT: "检查情况报告",
  PUBLICATION: "结果公示",
  FOLLOW_UP: "后续处置",
  PENALTY_PUBLICATION: "行政处罚信息公示",
  TRANSFER_FEEDBACK: "移交反馈",
  PLAN_ROUND: "计划抽查轮次",
  RESULT_FEEDBACK: "检查结果反馈",
};

export interface DeadlineScan {
  today: IsoDate;
  /** Open items that are due soon or overdue as of `today`. */
  flagged: number;
  /** Items announced by this scan (each once per state; earlier scans' are not repeated). */
  alerted: DeadlineItem[];
  /** Flagged, not yet announced, left for the next scan (over MAX_ALERTS_PER_SCAN). */
  remaining: number;
}

/** The item an alert is about: the follow-up, or the assignment's deadline of that kind. */
const itemKey = (d: DeadlineItem) =>
  d.kind === "PLAN_ROUND"
    ? `${d.kind}:${d.planId}:${d.round}`
    : d.kind === "FOLLOW_UP" || d.kind === "PENALTY_PUBLICATION"
      ? `${d.kind}:${d.followUpId}`
      : d.kind === "TRANSFER_FEEDBACK"
        ? `${d.kind}:${d.transferId}`
        : `${d.kind}:${d.assignmentId}`;

/**
 * 期限提醒: announces on the department's dashboard (DEADLINE_ALERT) each open item that has become due-soon or
 * overdue as of `today`, once per (item, due date, state): deadline_alert remembers what was announced. Safe to run
 * concurrently and on several instances: the unique key makes a second scan wait for the first and then skip.
 */
export const deadlineAlertService = {
  async scan(today: IsoDate = chinaToday()): Promise<DeadlineScan> {
    const flagged = (await inspectionReportService.deadlines(today)).filter((d) => d.state !== "OK");
    const { manager } = ctx();
    const known: Array<{ item_key: string; due_date: string; state: string }> = flagged.length
      ? await manager.query(
          `SELECT item_key, due_date::text AS due_date, state FROM deadline_alert
            WHERE tenant_id = $1 AND item_key = ANY ($2)`,
          [currentTenantId(), flagged.map(itemKey)],
        )
      : [];
    const seen = new Set(known.map((k) => `${k.item_key}|${k.due_date}|${k.state}`));
    const fresh = flagged
      .filter((d) => !seen.has(`${itemKey(d)}|${d.dueDate}|${d.state}`))
      .sort((a, b) => (a.state === b.state ? a.dueDate.localeCompare(b.dueDate) : a.state === "OVERDUE" ? -1 : 1));
    const batch = fresh.slice(0, MAX_ALERTS_PER_SCAN);
    // A concurrent scan may have announced some of them since the read above: only rows this scan inserts count.
    const inserted: Array<{ item_key: string; state: string }> = batch.length
      ? await manager.query(
          `INSERT INTO deadline_alert (tenant_id, item_key, kind, due_date, state, scanned_for, alerted_by)
           SELECT $1, k, kd, dd, st, $6::date, $7
             FROM unnest($2::text[], $3::text[], $4::date[], $5::text[]) AS x (k, kd, dd, st)
           ON CONFLICT (tenant_id, item_key, due_date, state) DO NOTHING
           RETURNING item_key, state`,
          [
            currentTenantId(),
            batch.map(itemKey),
            batch.map((d) => d.kind),
            batch.map((d) => d.dueDate),
            batch.map((d) => d.state),
            today,
            actorLabel(),
          ],
        )
      : [];
    const won = new Set(inserted.map((r) => `${r.item_key}|${r.state}`));
    const alerted = batch.filter((d) => won.has(`${itemKey(d)}|${d.state}`));
    if (alerted.length) {
      const names = await subjectNames(alerted.flatMap((d) => (d.subjectId ? [d.subjectId] : [])));
      const plans = await planNames(alerted.flatMap((d) => (d.planId ? [d.planId] : [])));
      await audit.record({
        action: "deadline.alert",
        entityType: "tenant",
        entityId: currentTenantId(),
        summary: {
          today,
          overdue: alerted.filter((d) => d.state === "OVERDUE").length,
          dueSoon: alerted.filter((d) => d.state === "DUE_SOON").length,
        },
      });
      await liveEvents.publishMany(
        alerted.map((d) => ({
          topic: LiveTopic.DEADLINE_ALERT,
          payload: {
            kind: d.kind,
            state: d.state,
            dueDate: d.dueDate,
            assignmentId: d.assignmentId,
            followUpId: d.followUpId,
            subjectId: d.subjectId,
            planId: d.planId ?? null,
            round: d.round ?? null,
            departmentId: d.departmentId ?? null,
            subjectName: d.subjectId ? (names.get(d.subjectId) ?? null) : null,
            message: `${KIND_LABEL[d.kind]}${d.state === "OVERDUE" ? "已逾期" : "即将到期"}（截止 ${d.dueDate}）：${
              d.planId ? roundText(d, plans.get(d.planId)) : (names.get(d.subjectId ?? "") ?? "检查对象")
            }`,
          },
        })),
      );
    }
    return { today, flagged: flagged.length, alerted, remaining: fresh.length - batch.length };
  },
};

async function subjectNames(ids: string[]): Promise<Map<string, string>> {
  const rows: Array<{ id: string; name: string }> = await ctx().manager.query(
    `SELECT id, name FROM subject WHERE id = ANY ($1)`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** 某部门《计划》第 k 轮抽查 (the department is named: the coordinator sees every department's rounds). */
const roundText = (d: DeadlineItem, p: { title: string; department: string } | undefined) =>
  `${p?.department ?? ""}《${p?.title ?? "抽查计划"}》第 ${d.round} 轮抽查尚未开展`;

async function planNames(ids: string[]): Promise<Map<string, { title: string; department: string }>> {
  if (!ids.length) return new Map();
  const rows: Array<{ id: string; title: string; department: string }> = await ctx().manager.query(
    `SELECT p.id, p.title, t.name AS department FROM annual_plan p JOIN tenant t ON t.id = p.tenant_id
      WHERE p.id = ANY ($1)`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r]));
}
