import type { MigrationInterface, QueryRunner } from "typeorm";
import { rlsOn } from "./sql";

/**
 * 计划修订 (issue 12): a published plan (department annual_plan or joint_plan) is frozen; each change to it is a
 * numbered revision with a reason and the change itself (a JSON diff), public like the plan (不得随意增加或减少检查
 * 次数). Append-only: the runtime may read and insert, never update or delete. A row can be written only by the
 * plan's own tenant and only while the plan is published, so no other tenant (and no bug) can slip a revision into
 * someone else's plan or pre-date one on a draft. Numbers are 1, 2, … per plan: the service locks the plan row before
 * taking the next number, and the unique key is the floor under that. The length bound is the argument guard's
 * REASON_MAX (1,000 characters) at the time of writing, as a floor under the API's one cap (0300 recreates it from
 * the constant).
 */
export class PlanRevision1763856000190 implements MigrationInterface {
  name = "PlanRevision1763856000190";

  async up(q: QueryRunner): Promise<void> {
    const departmentPublished = (tenant: string) =>
      `EXISTS (SELECT 1 FROM annual_plan p WHERE p.id = plan_revision.plan_id AND p.status IN ('PUBLISHED', 'CLOSED')${tenant})`;
    const jointPublished = (tenant: string) =>
      `EXISTS (SELECT 1 FROM joint_plan_publication pp WHERE pp.plan_id = plan_revision.plan_id${tenant})`;
    for (const sql of [
      `CREATE TABLE plan_revision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        plan_kind text NOT NULL CHECK (plan_kind IN ('DEPARTMENT', 'JOINT')),
        plan_id uuid NOT NULL,
        number int NOT NULL CHECK (number >= 1),
        reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
        changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'array' AND jsonb_array_length(changes) >= 1),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (plan_kind, plan_id, number)
      )`,
      ...rlsOn("plan_revision", "SELECT, INSERT"),
      `CREATE POLICY plan_revision_own ON plan_revision FOR SELECT USING (tenant_id = app_tenant_id())`,
      `CREATE POLICY plan_revision_public ON plan_revision FOR SELECT USING (
         (plan_kind = 'DEPARTMENT' AND ${departmentPublished("")})
         OR (plan_kind = 'JOINT' AND ${jointPublished("")}))`,
      `CREATE POLICY plan_revision_write ON plan_revision FOR INSERT WITH CHECK (
         tenant_id = app_tenant_id() AND (
           (plan_kind = 'DEPARTMENT' AND ${departmentPublished(" AND p.tenant_id = app_tenant_id() AND p.status = 'PUBLISHED'")})
           OR (plan_kind = 'JOINT' AND ${jointPublished(" AND pp.tenant_id = app_tenant_id()")})))`,
      `CREATE INDEX plan_revision_tenant_idx ON plan_revision (tenant_id)`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE plan_revision");
  }
}
