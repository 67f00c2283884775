import { In } from "typeorm";
import { defineLoader } from "../../context/loaders";
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { assertMove, canMove } from "../../domain/lifecycle";
import { assertNotMaker } from "../../domain/maker-checker";
import { planLifecycle } from "../../domain/plan/plan.lifecycle";
import { taskLifecycle } from "../../domain/plan/task.lifecycle";
import { checkPolicyFloor, type SamplingRule, type StratumRule } from "../../draw";
import { AnnualPlanEntity } from "../../entities/plan/plan.entity";
import {
  InspectionCampaignEntity,
  InspectionTaskEntity,
  type StratifyBy,
  type TaskExclusions,
  type TaskFilters,
  type TaskKind,
  type TaskOrigin,
  type TaskTeamRule,
} from "../../entities/plan/task.entity";
import { badInput, conflict, notFound, ruleViolation } from "../../errors";
import { now } from "../../time";
import { audit } from "../audit/audit.service";
import { seedStore } from "../draw/seed-store.service";
import { tenantSettings } from "../system/tenant-settings.service";
import { frozenPlanReason, recordPlanRevision } from "./plan-revision.service";

export interface NewTask {
  planId: string;
  name: string;
  kind: TaskKind;
  itemIds: string[];
  filters: TaskFilters;
  windowFrom: string;
  windowTo: string;
  samplingRule: SamplingRule;
  stratifyBy: StratifyBy;
  policyOverrideReason?: string | null;
  teamRule: Partial<TaskTeamRule>;
  exclusions?: Partial<TaskExclusions>;
  /** Days after the draw when the drawn list becomes public (embargo); tenant default when absent. */
  drawEmbargoDays?: number | null;
  origin?: TaskOrigin;
  originAuthority?: string | null;
  originReference?: string | null;
  campaignId?: string | null;
  /** Required once the plan is published: the change becomes a public revision (计划修订). */
  revisionReason?: string | null;
}

export interface PublishedItem {
  id: string;
  code: string;
  itemClass: "KEY" | "GENERAL";
  /** Fraction in (0, 1] for GENERAL items. */
  ratioCap: number | null;
  requiredCategories: string[];
}

/** 抽查任务: created in a plan, approved (which commits to a secret seed), then drawn. */
export const taskService = {
  async create(input: NewTask): Promise<InspectionTaskEntity> {
    const { manager } = ctx();
    const plan = isUuid(input.planId)
      ? await manager.findOne(AnnualPlanEntity, { where: { id: input.planId, tenantId: currentTenantId() } })
      : null;
    if (!plan) throw notFound("抽查计划");
    assertMove(planLifecycle, plan.status, "addTask");
    const revisionReason = await frozenPlanReason("DEPARTMENT", plan.id, input.revisionReason);
    if (input.windowTo < input.windowFrom) throw badInput("windowTo", "检查结束日期不能早于开始日期");
    if (input.kind === "DIRECTED" && !hasAnyFilter(input.filters))
      throw badInput("filters", "定向抽查必须至少设置一项筛选条件（对象类型、区域、行业、标签、子库或风险等级）");
    const origin = checkOrigin(input);
    const campaignId = await checkCampaign(input);
    const items = await publishedItems(input.itemIds);
    checkRuleAgainstItems(input.samplingRule, items);
    const settings = await tenantSettings();
    checkRuleAgainstFloor(input.samplingRule, settings.samplingFloorPercent, input.policyOverrideReason);
    const requiredCategories = [...new Set(items.flatMap((i) => i.requiredCategories))];
    const teamRule: TaskTeamRule = {
      minSize: 2,
      maxSize: 3,
      requiredCategories,
      subLibrary: null,
      requireLeader: true,
      maxAssignments: null,
      rotationMonths: settings.rotationMonths,
      allowDirectAssignment: false,
      ...input.teamRule,
    };
    const experts = input.teamRule?.experts;
    teamRule.experts = experts ? { count: experts.count, subLibrary: experts.subLibrary.trim() } : null;
    if (teamRule.experts && !teamRule.experts.subLibrary)
      throw badInput("teamRule.experts.subLibrary", "请填写专家/辅助人员所在子库");
    if (teamRule.minSize < 2) throw badInput("teamRule.minSize", "检查组不得少于 2 人");
    if (teamRule.maxSize < teamRule.minSize) throw badInput("teamRule.maxSize", "检查组人数上限不能小于下限");
    const task = manager.create(InspectionTaskEntity, {
      tenantId: currentTenantId(),
      planId: plan.id,
      name: input.name,
      kind: input.kind,
      itemIds: items.map((i) => i.id),
      filters: input.filters,
      windowFrom: input.windowFrom,
      windowTo: input.windowTo,
      samplingRule: input.samplingRule,
      stratifyBy: input.stratifyBy,
      policyOverrideReason: input.policyOverrideReason?.trim() || null,
      teamRule,
      exclusions: effectiveExclusions(settings.exclusions, input.exclusions),
      status: "DRAFT",
      commitment: null,
      approvedAt: null,
      approvedBy: null,
      publishDrawAt: null,
      drawEmbargoDays: input.drawEmbargoDays ?? settings.drawEmbargoDays,
      createdBy: currentUserId(),
      ...origin,
      campaignId,
    });
    const saved = await manager.save(task);
    await audit.record({ action: "task.create", entityType: "inspection_task", entityId: saved.id, after: saved });
    if (revisionReason)
      await recordPlanRevision("DEPARTMENT", plan.id, revisionReason, [
        {
          kind: "TASK_ADDED",
          taskId: saved.id,
          name: saved.name,
          before: null,
          after: {
            kind: saved.kind,
            items: items.map((i) => i.code),
            windowFrom: saved.windowFrom,
            windowTo: saved.windowTo,
            samplingRule: saved.samplingRule,
            stratifyBy: saved.stratifyBy,
          },
        },
      ]);
    return saved;
  },

  async get(id: string): Promise<InspectionTaskEntity> {
    const task = isUuid(id) ? await ctx().manager.findOne(InspectionTaskEntity, { where: { id } }) : null;
    if (!task) throw notFound("抽查任务");
    return task;
  },

  /** Batched per request: listing many plans with their tasks costs one query. */
  async listForPlan(planId: string): Promise<InspectionTaskEntity[]> {
    return isUuid(planId) ? tasksByPlan().load(planId) : [];
  },

  /**
   * Approval (SUPERVISOR/ADMIN) commits to the draw: a secret 256-bit server seed is generated and stored
   * apart, and its SHA-256 is published on the task before anyone can give witness entropy.
   */
  async approve(id: string): Promise<InspectionTaskEntity> {
    const task = await ownTaskForUpdate(id);
    const to = assertMove(taskLifecycle, task.status, "approve");
    if (task.kind === "COMPLAINT") throw conflict("投诉举报核查任务不属于随机抽查，无需批准抽取");
    assertNotMaker("inspection_task", task, currentUserId());
    const plan = await ctx().manager.findOne(AnnualPlanEntity, { where: { id: task.planId } });
    if (!plan || !canMove(planLifecycle, plan.status, "approveTask"))
      throw ruleViolation("PLAN_NOT_APPROVED", "计划尚未批准：不得开展计划外的随机抽查");
    await seedStore.commit("TASK", task, task.tenantId);
    const saved = await ctx().manager.save(
      Object.assign(task, { status: to, approvedAt: now(), approvedBy: currentUserId() }),
    );
    await audit.record({
      action: "task.approve",
      entityType: "inspection_task",
      entityId: id,
      after: { commitment: saved.commitment },
    });
    return saved;
  },
};

const tasksByPlan = defineLoader<string, InspectionTaskEntity[]>("tasksByPlan", async (manager, planIds) => {
  const rows = await manager.find(InspectionTaskEntity, {
    where: { planId: In([...planIds]) },
    order: { createdAt: "ASC", id: "ASC" },
  });
  return planIds.map((id) => rows.filter((t) => t.planId === id));
});

export async function ownTaskForUpdate(id: string): Promise<InspectionTaskEntity> {
  const task = isUuid(id)
    ? await ctx().manager.findOne(InspectionTaskEntity, {
        where: { id, tenantId: currentTenantId() },
        lock: { mode: "for_no_key_update" },
      })
    : null;
  if (!task) throw notFound("抽查任务");
  return task;
}

/** Items must come from the department's published list (随机抽查事项清单). */
export async function publishedItems(ids: string[]): Promise<PublishedItem[]> {
  if (!ids.length) throw badInput("itemIds", "请至少选择一个抽查事项");
  if (!ids.every(isUuid)) throw badInput("itemIds", "抽查事项编号格式不正确");
  const rows: Array<{
    id: string;
    code: string;
    item_class: "KEY" | "GENERAL";
    ratio_cap: string | null;
    required_categories: string[];
  }> = await ctx().manager.query(
    `SELECT ci.id, ci.code, ci.item_class, ci.ratio_cap, ci.required_categories
         FROM check_item ci JOIN item_list_version v ON v.id = ci.list_version_id
        WHERE ci.id = ANY ($1) AND ci.tenant_id = $2 AND v.status = 'PUBLISHED'`,
    [ids, currentTenantId()],
  );
  if (rows.length !== new Set(ids).size)
    throw badInput("itemIds", "所选抽查事项必须属于本部门已公布的随机抽查事项清单");
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    itemClass: r.item_class,
    ratioCap: r.ratio_cap === null ? null : Number(r.ratio_cap),
    requiredCategories: r.required_categories,
  }));
}

/** 一般事项: no ratio rule may exceed the item's cap (checked on counts again at the draw). */
/** The department's default exclusions with the task's own choices over them. */
export function effectiveExclusions(defaults: TaskExclusions, own?: Partial<TaskExclusions>): TaskExclusions {
  return { ...defaults, ...own };
}

/** The task rules a draw will enforce, as Chinese warnings for a preview (empty = the task can be created). */
export async function taskRuleWarnings(input: NewTask): Promise<string[]> {
  const warnings: string[] = [];
  const guard = async (check: () => unknown) => {
    try {
      await check();
    } catch (e) {
      if (e instanceof Error && "code" in e) warnings.push(e.message);
      else throw e;
    }
  };
  await guard(async () => checkRuleAgainstItems(input.samplingRule, await publishedItems(input.itemIds)));
  await guard(async () =>
    checkRuleAgainstFloor(
      input.samplingRule,
      (await tenantSettings()).samplingFloorPercent,
      input.policyOverrideReason,
    ),
  );
  return warnings;
}

function checkRuleAgainstItems(rule: SamplingRule, items: PublishedItem[]): void {
  for (const item of items) {
    if (item.itemClass !== "GENERAL" || item.ratioCap === null) continue;
    const capPercent = item.ratioCap * 100;
    for (const [stratum, r] of [["默认", rule.default] as const, ...Object.entries(rule.strata)]) {
      if ((r.mode === "MIN" || r.mode === "MAX" || r.mode === "APPROX") && r.percent > capPercent + 1e-9)
        throw ruleViolation(
          "GENERAL_ITEM_RATIO_CAP",
          `一般事项“${item.code}”的抽查比例上限为 ${round(capPercent)}%，分层“${stratum}”设置的 ${r.percent}% 超过上限`,
          { field: "samplingRule", item: item.code, stratum },
        );
    }
  }
}

/** The tenant's floor (e.g. 不低于 3%) for ratio rules; a shortfall needs a recorded override reason. */
function checkRuleAgainstFloor(rule: SamplingRule, floorPercent: number, override?: string | null): void {
  if (override?.trim()) return;
  const ratio = (r: StratumRule) => (r.mode === "MIN" || r.mode === "MAX" || r.mode === "APPROX" ? r.percent : null);
  const rules = [rule.default, ...Object.values(rule.strata)].filter((r) => r.mode !== "EXCLUDE");
  const percents = rules.map(ratio);
  if (percents.length && percents.every((p) => p !== null && p < floorPercent))
    throw ruleViolation(
      "SAMPLING_FLOOR",
      `本部门规定抽查比例不低于 ${floorPercent}%，当前规则低于该比例；如确需降低，请填写调整理由（policyOverrideReason）`,
      { field: "samplingRule", floorPercent },
    );
}

/** At the draw: the exact counts against the floor; returns the shortfall message or null. */
export function floorShortfall(drawn: number, population: number, floorPercent: number): string | null {
  const check = checkPolicyFloor(drawn, population, floorPercent);
  return check.meetsFloor
    ? null
    : `抽取 ${drawn} 户，低于本部门规定的 ${floorPercent}%（至少 ${check.requiredCount} 户）`;
}

function hasAnyFilter(f: TaskFilters): boolean {
  return [f.subjectKinds, f.regionCodes, f.industryCodes, f.tags, f.subLibraries, f.riskClasses].some((a) => a?.length);
}

const round = (n: number) => Math.round(n * 100) / 100;

/** 上级下发 names its issuing authority, 跨区域 the other region; the department's own task names neither. */
function checkOrigin(input: NewTask): Pick<InspectionTaskEntity, "origin" | "originAuthority" | "originReference"> {
  const origin = input.origin ?? "OWN";
  const authority = input.originAuthority?.trim() || null;
  const reference = input.originReference?.trim() || null;
  if (origin === "OWN") {
    if (authority || reference)
      throw badInput("originAuthority", "本部门任务不填写下发机关或文号；上级下发或跨区域任务请选择相应的任务来源");
    return { origin, originAuthority: null, originReference: null };
  }
  if (!authority || authority.length < 2 || authority.length > 100)
    throw badInput(
      "originAuthority",
      origin === "HIGHER_LEVEL"
        ? "上级下发任务须填写下发机关（2–100 个字符）"
        : "跨区域抽查须填写对方地区或部门（2–100 个字符）",
    );
  if (reference && reference.length > 100) throw badInput("originReference", "文号不得超过 100 个字符");
  return { origin, originAuthority: authority, originReference: reference };
}

/** A 专项 task is a directed task of one of the department's own campaigns, inside the campaign's period. */
async function checkCampaign(input: NewTask): Promise<string | null> {
  if (!input.campaignId) return null;
  const campaign = isUuid(input.campaignId)
    ? await ctx().manager.findOne(InspectionCampaignEntity, {
        where: { id: input.campaignId, tenantId: currentTenantId() },
      })
    : null;
  if (!campaign) throw notFound("专项检查");
  if (input.kind !== "DIRECTED") throw badInput("kind", "专项检查/专项整治任务须为定向抽查");
  if (input.windowFrom < campaign.periodFrom || input.windowTo > campaign.periodTo)
    throw badInput("windowFrom", `检查时间须在专项期间（${campaign.periodFrom} 至 ${campaign.periodTo}）内`);
  return campaign.id;
}
