import { randomUUID } from "node:crypto";
import type { Client } from "pg";
import { transactionSettings } from "../db/tenant-transaction";
import { chinaYear } from "../time";

/**
 * 部门联合抽查 demo: the coordinator's joint plan for the current year with two tasks, left for the departments to
 * answer. Seed 004: 发改委 initiates pipeline and grain-reserve checks with 市场监管局 participating (发改委 has
 * confirmed its items, 市场监管局 is invited). Seed 000: one 五原县 joint theme, 应急管理局 + 市场监管局 + 消防救援大队
 * on the same food-processing businesses (all invited). A few statements; RLS applies (the owner is bound too).
 */
export async function loadJointDemo(c: Client): Promise<void> {
  const { rows: tenants } = await c.query<{ id: string; code: string }>("SELECT id, code FROM tenant");
  const id = (code: string) => tenants.find((t) => t.code === code)?.id;
  const [samr, drc, emerg, fire] = ["wy-samr", "wy-drc", "wy-emerg", "wy-fire"].map(id);
  if (!samr || !drc || !emerg || !fire) return;
  const as = async (tenantId: string) => {
    await c.query(...transactionSettings(tenantId, "", "ADMIN"));
    const { rows } = await c.query<{ id: string }>(
      "SELECT id FROM app_user WHERE tenant_id = $1 AND username = 'admin'",
      [tenantId],
    );
    await c.query("SELECT set_config('app.user_id', $1, true)", [rows[0].id]);
    return rows[0].id;
  };
  const year = chinaYear();
  const admin = await as(samr);
  const planId = randomUUID();
  await c.query(
    `INSERT INTO joint_plan (id, tenant_id, year, title, due_date, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
    [planId, samr, year, `五原县${year}年度部门联合“双随机、一公开”抽查计划`, `${year}-03-31`, admin],
  );
  const task = async (name: string, initiator: string, tags: string[], percent: number, departments: string[]) => {
    const taskId = randomUUID();
    await c.query(
      `INSERT INTO joint_task (id, tenant_id, plan_id, name, initiating_tenant_id, window_from, window_to, target_scope,
         sampling_rule, materials, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        taskId,
        samr,
        planId,
        name,
        initiator,
        `${year}-06-01`,
        `${year}-10-31`,
        JSON.stringify({ tags }),
        JSON.stringify({ default: { mode: "APPROX", percent }, strata: {} }),
        ["营业执照复印件", "相关许可证件", "与抽查事项有关的台账、记录等资料"],
        admin,
      ],
    );
    await c.query(
      `INSERT INTO joint_participation (id, task_id, plan_id, tenant_id, coordinator_tenant_id, is_initiator)
       SELECT gen_random_uuid(), $1, $2, d, $3, d = $4 FROM unnest($5::uuid[]) AS d`,
      [taskId, planId, samr, initiator, departments],
    );
    return taskId;
  };
  const pipeline = await task("油气长输管道和政府储备粮联合抽查", drc, ["油气管道", "粮食储备"], 50, [drc, samr]);
  await task("食品加工企业安全生产、消防安全和食品安全联合检查", emerg, ["食品加工"], 5, [emerg, samr, fire]);

  // 发改委 confirms its seed 004 items (DRC-001 pipelines, DRC-002 grain reserves) with its own team rule.
  const drcAdmin = await as(drc);
  await c.query(
    `UPDATE joint_participation p SET status = 'CONFIRMED', confirmed_at = now(), responded_by = $3,
       item_ids = ARRAY(SELECT ci.id FROM check_item ci JOIN item_list_version v ON v.id = ci.list_version_id
                         WHERE ci.tenant_id = $2 AND v.status = 'PUBLISHED' AND ci.code IN ('DRC-001', 'DRC-002')),
       team_rule = '{"minSize":1,"maxSize":2,"requiredCategories":["发展改革"],"subLibrary":null,"requireLeader":true,"maxAssignments":null,"rotationMonths":12}'
     WHERE p.task_id = $1 AND p.tenant_id = $2`,
    [pipeline, drc, drcAdmin],
  );
}
