/**
 * The seed store of department (TASK) and joint (JOINT) tasks: a secret 256-bit server seed kept apart from the
 * task (task_seed, joint_task_seed: readable only by the draw), whose SHA-256 commitment is published on the task
 * at approval and again after a void, before anyone can give witness entropy.
 */
import { ctx } from "../../context/request-context";
import { commitmentOf } from "../../draw";
import { generateServerSeed } from "../../draw/server-seed";
import type { LockKind } from "./draw-runner.service";

const TABLE: Record<LockKind, string> = { TASK: "task_seed", JOINT: "joint_task_seed" };

export const seedStore = {
  /** A fresh seed for the task (replacing any earlier one); its commitment is set on `task` (the caller saves it). */
  async commit(kind: LockKind, task: { id: string; commitment: string | null }, tenantId: string): Promise<void> {
    const seed = generateServerSeed();
    await ctx().manager.query(
      `INSERT INTO ${TABLE[kind]} (task_id, tenant_id, server_seed) VALUES ($1, $2, $3)
       ON CONFLICT (task_id) DO UPDATE SET server_seed = EXCLUDED.server_seed, created_at = now()`,
      [task.id, tenantId, seed],
    );
    task.commitment = commitmentOf(seed);
  },

  /** The committed seed, for the draw. */
  async reveal(kind: LockKind, taskId: string): Promise<string> {
    const [{ server_seed: seed }] = await ctx().manager.query(
      `SELECT server_seed FROM ${TABLE[kind]} WHERE task_id = $1`,
      [taskId],
    );
    return seed;
  },
};
