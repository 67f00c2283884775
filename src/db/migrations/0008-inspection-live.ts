import type { MigrationInterface, QueryRunner } from "typeorm";
import { tenantOwned } from "./sql";

/**
 * Live events of the inspection area that cross the tenant boundary, and the memory of deadline alerts.
 *
 * live_event_follow_up_transfer: a 移交/抄告 (or risk-class proposal) lands in another department's inbox, so it must
 * tick that department's dashboard; live_event_write only allows a department's own stream (and JOINT_PROGRESS). This
 * extra permissive policy lets the sender write exactly one kind of event into the receiver's stream, and only:
 * - topic TASK_PROGRESS (a dashboard tick: never a user-targeted ASSIGNMENT/NOTICE, never a DEADLINE_ALERT, which
 *   stays the receiver's own judgement), published_by_tenant = the writer (so the receiver sees who wrote it);
 * - naming, in payload.transferId, a follow_up_transfer row that the writer sent to that department and that is
 *   still PENDING (the event is written in the transaction that creates the row). A department with no pending
 *   transfer to another can therefore write nothing into its stream, and one event cannot be replayed once the
 *   transfer is answered. The EXISTS runs under follow_up_transfer's RLS, which shows the sender its own rows.
 *
 * deadline_alert: one row per (item, due date, state) already announced by scanDeadlines, so that a DEADLINE_ALERT
 * is published once when an item becomes due-soon and once when it becomes overdue, however often (and on however
 * many instances) the scan runs: concurrent scans serialize on the unique key (INSERT … ON CONFLICT DO NOTHING).
 */
export class InspectionLive1763856000008 implements MigrationInterface {
  name = "InspectionLive1763856000008";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE POLICY live_event_follow_up_transfer ON live_event FOR INSERT WITH CHECK (
        topic = 'TASK_PROGRESS' AND user_id IS NULL
        AND app_tenant_id() IS NOT NULL AND published_by_tenant = app_tenant_id()
        AND live_event.tenant_id IS NOT NULL AND live_event.tenant_id <> app_tenant_id()
        AND EXISTS (SELECT 1 FROM follow_up_transfer t
                     WHERE t.id::text = live_event.payload ->> 'transferId'
                       AND t.from_tenant_id = app_tenant_id()
                       AND t.to_tenant_id = live_event.tenant_id
                       AND t.status = 'PENDING'))`,

      /** 期限提醒记录: what scanDeadlines already announced (append-only). */
      `CREATE TABLE deadline_alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        item_key text NOT NULL CHECK (length(item_key) BETWEEN 1 AND 120),
        kind text NOT NULL CHECK (kind IN ('NOTICE','REPORT','PUBLICATION','FOLLOW_UP')),
        due_date date NOT NULL,
        state text NOT NULL CHECK (state IN ('DUE_SOON','OVERDUE')),
        scanned_for date NOT NULL,
        alerted_by text NOT NULL CHECK (length(alerted_by) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, item_key, due_date, state)
      )`,
      ...tenantOwned("deadline_alert", "SELECT, INSERT"),
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE deadline_alert");
    await q.query("DROP POLICY live_event_follow_up_transfer ON live_event");
  }
}
