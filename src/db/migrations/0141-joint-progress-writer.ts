import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * JOINT_PROGRESS into another department's stream required the task to be visible to the writer through
 * joint_participation's RLS, which stood for "the writer is a party of it" — until the plan is published: then the
 * confirmed participations are public and any department could write progress events into the parties' streams.
 * Joint draws now run only under a published plan (issue 12), so the writer's own participation is checked
 * explicitly. Everything else in the policy is as 0031 left it.
 */
const POLICY = (writerIsParty: boolean) => `CREATE POLICY live_event_write ON live_event FOR INSERT WITH CHECK (
  app_tenant_id() IS NOT NULL AND published_by_tenant = app_tenant_id()
  AND (
    tenant_id = app_tenant_id()
    OR (topic = 'PUBLIC_RESULT' AND tenant_id IS NULL AND EXISTS (
          SELECT 1 FROM result_publication rp
           WHERE rp.id::text = live_event.payload ->> 'publicationId' AND rp.tenant_id = app_tenant_id()
             AND rp.superseded_at IS NULL AND rp.version::text = live_event.payload ->> 'version'
             AND rp.subject_name = live_event.payload ->> 'subjectName'
             AND rp.category_code = live_event.payload ->> 'categoryCode'))
    OR (topic = 'JOINT_PROGRESS' AND user_id IS NULL AND tenant_id IS NOT NULL AND EXISTS (
          SELECT 1 FROM joint_participation p
           WHERE p.task_id::text = live_event.payload ->> 'jointTaskId'
             AND ((p.tenant_id = live_event.tenant_id AND p.status <> 'DECLINED')
                  OR p.coordinator_tenant_id = live_event.tenant_id))${
                    writerIsParty
                      ? `
        AND EXISTS (
          SELECT 1 FROM joint_participation w
           WHERE w.task_id::text = live_event.payload ->> 'jointTaskId'
             AND ((w.tenant_id = app_tenant_id() AND w.status <> 'DECLINED')
                  OR w.coordinator_tenant_id = app_tenant_id())))`
                      : ")"
                  }
  )
)`;

export class JointProgressWriter1763856000141 implements MigrationInterface {
  name = "JointProgressWriter1763856000141";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY live_event_write ON live_event`);
    await q.query(POLICY(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY live_event_write ON live_event`);
    await q.query(POLICY(false));
  }
}
