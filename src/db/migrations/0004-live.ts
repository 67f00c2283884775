import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { rlsOn } from "./sql";

/**
 * The live event log (实时事件): every event pushed to subscribers is first a row here, so a reconnecting client
 * catches up "since" a cursor. `cursor` is the monotonically increasing id; within one tenant (and within the
 * public stream) publishers serialize on an advisory lock from INSERT to COMMIT, so cursor order is commit order.
 */
export class Live1763856000004 implements MigrationInterface {
  name = "Live1763856000004";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE live_event (
        cursor bigserial PRIMARY KEY,
        tenant_id uuid REFERENCES tenant (id),
        user_id uuid REFERENCES app_user (id),
        topic text NOT NULL CHECK (topic IN
          ('ASSIGNMENT','TASK_PROGRESS','JOINT_PROGRESS','DEADLINE_ALERT','PUBLIC_RESULT','NOTICE')),
        payload jsonb NOT NULL,
        published_by_tenant uuid NOT NULL DEFAULT app_tenant_id(),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- public events are exactly the PUBLIC_RESULT feed; user-targeted events exactly ASSIGNMENT and NOTICE
        CHECK ((tenant_id IS NULL) = (topic = 'PUBLIC_RESULT')),
        CHECK ((user_id IS NOT NULL) = (topic IN ('ASSIGNMENT','NOTICE'))),
        CHECK (pg_column_size(payload) <= 16384)
      )`,
      `CREATE INDEX live_event_user_idx ON live_event (tenant_id, user_id, cursor) WHERE user_id IS NOT NULL`,
      `CREATE INDEX live_event_topic_idx ON live_event (tenant_id, topic, cursor)`,
      `CREATE INDEX live_event_public_idx ON live_event (cursor) WHERE tenant_id IS NULL`,
      ...rlsOn("live_event", "SELECT, INSERT"),
      `GRANT USAGE ON SEQUENCE live_event_cursor_seq TO ${RUNTIME_GROUP}`,
      // Readers: public events for everyone (anonymous too); a tenant's events for that tenant, user-targeted
      // ones only for their user. The delivery branch is for live_event_for_delivery() below only.
      `CREATE POLICY live_event_read ON live_event FOR SELECT USING (
        tenant_id IS NULL
        OR (tenant_id = app_tenant_id() AND (user_id IS NULL OR user_id = app_user_id()))
        OR (tenant_id = app_tenant_id() AND current_setting('app.live_delivery', true) = 'on')
      )`,
      // Writers: a signed-in tenant writes its own events and public ones; JOINT_PROGRESS may be written into a
      // participating tenant's stream (the joint area publishes one event per participant; it checks
      // participation before publishing). published_by_tenant always records the writer.
      `CREATE POLICY live_event_write ON live_event FOR INSERT WITH CHECK (
        app_tenant_id() IS NOT NULL AND published_by_tenant = app_tenant_id()
        AND (tenant_id IS NULL OR tenant_id = app_tenant_id() OR (topic = 'JOINT_PROGRESS' AND user_id IS NULL))
      )`,
      // The delivery loader of each server instance loads a batch of one tenant's events by cursor, including
      // events targeted at several users, in one query (it then re-checks every subscriber before pushing).
      // SECURITY DEFINER alone would not help (FORCE RLS binds the owner): the function turns on the
      // app.live_delivery branch of the policy for its own query only (set_config in the body: a SET clause on a
      // placeholder setting is refused to non-superusers); app.tenant_id still bounds the rows.
      `CREATE FUNCTION live_event_for_delivery(cursors bigint[])
        RETURNS SETOF live_event LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        BEGIN
          PERFORM set_config('app.live_delivery', 'on', true);
          RETURN QUERY SELECT * FROM live_event e
            WHERE e.cursor = ANY (cursors) AND e.tenant_id = app_tenant_id() ORDER BY e.cursor;
          PERFORM set_config('app.live_delivery', '', true);
        END $$`,
      `REVOKE ALL ON FUNCTION live_event_for_delivery(bigint[]) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION live_event_for_delivery(bigint[]) TO ${RUNTIME_GROUP}`,
      // One random id per database: names the Redis channel, so databases sharing one Redis never cross-talk.
      `CREATE TABLE live_stream (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), singleton boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton))`,
      `INSERT INTO live_stream DEFAULT VALUES`,
      ...rlsOn("live_stream", "SELECT"),
      `CREATE POLICY live_stream_read ON live_stream FOR SELECT USING (true)`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP FUNCTION live_event_for_delivery(bigint[])");
    await q.query("DROP TABLE live_event, live_stream");
  }
}
