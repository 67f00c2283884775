import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { assertMove } from "../../domain/lifecycle";
import { assertNotMaker } from "../../domain/maker-checker";
import { type PlanMove, planLifecycle } from "../../domain/plan/plan.lifecycle";
import { AnnualPlanEntity, type PlanStatus } from "../../entities/plan/plan.entity";
import { badInput, notFound } from "../../errors";
import { now } from "../../time";
import { audit } from "../audit/audit.service";
import { tenantSettings } from "../system/tenant-settings.service";

export type PlanAction = Extract<PlanMove, "submit" | "approve" | "return" | "publish" | "close">;

export const planService = {
  async create(year: number, title: string): Promise<AnnualPlanEntity> {
    const settings = await tenantSettings();
    const { manager } = ctx();
    const plan = manager.create(AnnualPlanEntity, {
      tenantId: currentTenantId(),
      year,
      title,
      status: "DRAFT",
      dueDate: `${year}-${settings.planDueMonthDay}`,
      createdBy: currentUserId(),
    });
    const saved = await manager.save(plan);
    await audit.record({ action: "plan.create", entityType: "annual_plan", entityId: saved.id, after: saved });
    return saved;
  },

  /** A plan of the caller's tenant, or a published plan of any tenant (the public may read those). */
  async get(id: string): Promise<AnnualPlanEntity> {
    const plan = isUuid(id) ? await ctx().manager.findOne(AnnualPlanEntity, { where: { id } }) : null;
    if (!plan) throw notFound("抽查计划");
    return plan;
  },

  /**
   * Plans the caller may see (own ones and every published one), newest year first. `search` matches the plan's
   * title or one of its tasks' names, so the public finds a plan among thousands of departments' (/public).
   */
  async list(
    filter: { year?: number; tenantId?: string; status?: PlanStatus; search?: string },
    limit: number,
    offset: number,
  ) {
    const q = ctx().manager.createQueryBuilder(AnnualPlanEntity, "p");
    if (filter.year !== undefined) q.andWhere("p.year = :year", { year: filter.year });
    if (filter.tenantId !== undefined) q.andWhere("p.tenantId = :tenantId", { tenantId: filter.tenantId });
    if (filter.status !== undefined) q.andWhere("p.status = :status", { status: filter.status });
    const text = filter.search?.trim();
    // Title or a task's name contains the text: plan_ids_by_text() (migration 0341) answers it from a bigram index over
    // a copy of the texts, as ids of plans the caller may see; under annual_plan's policies ILIKE could use no index.
    // = ANY (ARRAY(…)): the ids are computed once (an init plan).
    if (text) q.andWhere(`p.id = ANY (ARRAY(SELECT public.plan_ids_by_text(:text)))`, { text });
    return q.orderBy("p.year", "DESC").addOrderBy("p.createdAt", "DESC").limit(limit).offset(offset).getManyAndCount();
  },

  async transition(id: string, action: PlanAction, reason?: string): Promise<AnnualPlanEntity> {
    const { manager } = ctx();
    const plan = await ownPlanForUpdate(id);
    const to = assertMove(planLifecycle, plan.status, action);
    if (action === "return" && !reason?.trim()) throw badInput("reason", "退回计划必须填写退回原因");
    const before = { ...plan };
    const at = now();
    plan.status = to;
    if (action === "submit")
      Object.assign(plan, { submittedAt: at, submittedBy: currentUserId(), returnedReason: null });
    if (action === "approve") {
      assertNotMaker("annual_plan", plan, currentUserId());
      Object.assign(plan, { approvedAt: at, approvedBy: currentUserId() });
    }
    if (action === "return") plan.returnedReason = reason!.trim();
    if (action === "publish") plan.publishedAt = at;
    const saved = await manager.save(plan);
    await audit.record({ action: `plan.${action}`, entityType: "annual_plan", entityId: id, before, after: saved });
    return saved;
  },

  /**
   * 抽查频次 "每年不少于 N 次": the rounds the plan requires, part of what is submitted and approved (draft only);
   * null clears it. The county roll-up checks them against the drawn random tasks.
   */
  async setRequiredRounds(id: string, rounds: number | null): Promise<AnnualPlanEntity> {
    if (rounds !== null && (!Number.isInteger(rounds) || rounds < 1 || rounds > 12))
      throw badInput("rounds", "每年抽查轮次须为 1–12 次");
    const plan = await ownPlanForUpdate(id);
    assertMove(planLifecycle, plan.status, "setRequiredRounds");
    const before = { ...plan };
    plan.requiredRounds = rounds;
    const saved = await ctx().manager.save(plan);
    await audit.record({ action: "plan.rounds", entityType: "annual_plan", entityId: id, before, after: saved });
    return saved;
  },

  /** 备案: file the plan with the coordinator (联席会议办公室); the time is recorded once. */
  async file(id: string): Promise<AnnualPlanEntity> {
    const plan = await ownPlanForUpdate(id);
    assertMove(planLifecycle, plan.status, "file");
    if (!plan.filedAt) {
      plan.filedAt = now();
      await ctx().manager.save(plan);
      await audit.record({ action: "plan.file", entityType: "annual_plan", entityId: id, after: plan });
    }
    return plan;
  },
};

/** Locks the caller's own plan (published plans of other tenants are readable, never writable). */
export async function ownPlanForUpdate(id: string): Promise<AnnualPlanEntity> {
  const plan = isUuid(id)
    ? await ctx().manager.findOne(AnnualPlanEntity, {
        where: { id, tenantId: currentTenantId() },
        lock: { mode: "for_no_key_update" },
      })
    : null;
  if (!plan) throw notFound("抽查计划");
  return plan;
}
