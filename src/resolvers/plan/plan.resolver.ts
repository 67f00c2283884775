import { Arg, Args, Authorized, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { Role } from "../../auth/roles";
import { tenantLoader } from "../../context/loaders";
import { filingState } from "../../domain/county/deadlines";
import type { SamplingRule, StratumRule } from "../../draw";
import { badInput, notFound } from "../../errors";
import { FilingStateEnum } from "../../schema/county/county.type";
import { listComplexity } from "../../schema/pagination";
import { NewPlanArgs, PlanFilterArgs } from "../../schema/plan/plan.args";
import { NewTaskInput, type SamplingRuleInput, type StratumRuleInput } from "../../schema/plan/plan.input";
import { AnnualPlanPage, AnnualPlanType, InspectionTaskType } from "../../schema/plan/plan.type";
import { PlanRevisionType } from "../../schema/plan/plan-revision.type";
import { TaskPreviewType } from "../../schema/plan/task-preview.type";
import { TenantType } from "../../schema/system/tenant.type";
import { filingDueDate } from "../../services/county/county.service";
import { type PlanAction, planService } from "../../services/plan/plan.service";
import { planRevisions } from "../../services/plan/plan-revision.service";
import { type NewTask, taskService } from "../../services/plan/task.service";
import { taskPreviewService } from "../../services/plan/task-preview.service";
import { chinaDate, chinaToday } from "../../time";

@Resolver(() => AnnualPlanType)
export class PlanResolver {
  @Public()
  @Query(() => AnnualPlanPage, {
    complexity: listComplexity,
    description: "年度抽查计划：本部门全部计划及各部门已公布的计划（公开）",
  })
  async plans(@Args() { limit, offset, ...filter }: PlanFilterArgs): Promise<AnnualPlanPage> {
    const [rows, total] = await planService.list(filter, limit, offset);
    return Object.assign(new AnnualPlanPage(), { items: rows.map(AnnualPlanType.from), total });
  }

  @Public()
  @Query(() => AnnualPlanType)
  async plan(@Arg("id", () => ID) id: string): Promise<AnnualPlanType> {
    return AnnualPlanType.from(await planService.get(id));
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => AnnualPlanType, { description: "新建年度抽查计划（草稿）" })
  async createPlan(@Args() { year, title }: NewPlanArgs): Promise<AnnualPlanType> {
    if (year < 2000 || year > 2100) throw badInput("year", "年度须在 2000–2100 之间");
    return AnnualPlanType.from(await planService.create(year, title));
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => AnnualPlanType, { description: "提交计划审批" })
  submitPlan(@Arg("id", () => ID) id: string) {
    return this.move(id, "submit");
  }

  @Authorized(Role.SUPERVISOR, Role.ADMIN)
  @Mutation(() => AnnualPlanType, { description: "批准计划" })
  approvePlan(@Arg("id", () => ID) id: string) {
    return this.move(id, "approve");
  }

  @Authorized(Role.SUPERVISOR, Role.ADMIN)
  @Mutation(() => AnnualPlanType, { description: "退回计划（须说明原因）" })
  returnPlan(@Arg("id", () => ID) id: string, @Arg("reason") reason: string) {
    return this.move(id, "return", reason);
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => AnnualPlanType, { description: "公布计划（向社会公开）" })
  publishPlan(@Arg("id", () => ID) id: string) {
    return this.move(id, "publish");
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => AnnualPlanType, { description: "结束计划" })
  closePlan(@Arg("id", () => ID) id: string) {
    return this.move(id, "close");
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => AnnualPlanType, { description: "设置计划的抽查频次（每年不少于 N 次；草稿时）" })
  async setPlanRequiredRounds(
    @Arg("id", () => ID) id: string,
    @Arg("rounds", () => Int, { nullable: true }) rounds: number | null,
  ): Promise<AnnualPlanType> {
    return AnnualPlanType.from(await planService.setRequiredRounds(id, rounds ?? null));
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => AnnualPlanType, { description: "报联席会议办公室备案" })
  async filePlan(@Arg("id", () => ID) id: string): Promise<AnnualPlanType> {
    return AnnualPlanType.from(await planService.file(id));
  }

  @FieldResolver(() => TenantType, { description: "制定部门" })
  async department(@Root() plan: AnnualPlanType): Promise<TenantType> {
    const t = await tenantLoader().load(plan.tenantId);
    if (!t) throw notFound("部门");
    return TenantType.from(t);
  }

  @FieldResolver(() => String, { description: "报联席会议办公室备案期限（本地区联席会议办公室设定，默认 2 月底）" })
  async filingDueDate(@Root() plan: AnnualPlanType): Promise<string> {
    const t = await tenantLoader().load(plan.tenantId);
    return filingDueDate(t?.regionCode ?? "", plan.year);
  }

  @FieldResolver(() => FilingStateEnum, { description: "备案情况（逾期未备案、逾期后备案等）" })
  async filing(@Root() plan: AnnualPlanType): Promise<FilingStateEnum> {
    const due = await this.filingDueDate(plan);
    return filingState(plan.filedAt ? chinaDate(plan.filedAt) : null, due, chinaToday()) as FilingStateEnum;
  }

  @FieldResolver(() => [PlanRevisionType], { description: "计划修订（公布后的每次修改，附理由和修订内容；公开）" })
  async revisions(@Root() plan: AnnualPlanType): Promise<PlanRevisionType[]> {
    return (await planRevisions("DEPARTMENT", plan.id)).map(PlanRevisionType.from);
  }

  @FieldResolver(() => [InspectionTaskType], { description: "计划中的抽查任务" })
  async tasks(@Root() plan: AnnualPlanType): Promise<InspectionTaskType[]> {
    return (await taskService.listForPlan(plan.id)).map(InspectionTaskType.from);
  }

  private async move(id: string, action: PlanAction, reason?: string): Promise<AnnualPlanType> {
    return AnnualPlanType.from(await planService.transition(id, action, reason));
  }
}

@Resolver(() => InspectionTaskType)
export class TaskResolver {
  @Public()
  @Query(() => InspectionTaskType)
  async task(@Arg("id", () => ID) id: string): Promise<InspectionTaskType> {
    return InspectionTaskType.from(await taskService.get(id));
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => InspectionTaskType, { description: "在计划中新建抽查任务" })
  async createTask(@Arg("input") input: NewTaskInput): Promise<InspectionTaskType> {
    return InspectionTaskType.from(await taskService.create(newTaskOf(input)));
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Query(() => TaskPreviewType, {
    description: "抽取预览：按当前名录库计算各分层可抽取户数和将抽取户数（不抽取、不保存）",
  })
  async taskPreview(@Arg("input") input: NewTaskInput): Promise<TaskPreviewType> {
    return taskPreviewService.preview(newTaskOf(input));
  }

  @Authorized(Role.SUPERVISOR, Role.ADMIN)
  @Mutation(() => InspectionTaskType, { description: "批准任务：生成并承诺服务器随机种子（公布其 SHA-256）" })
  async approveTask(@Arg("id", () => ID) id: string): Promise<InspectionTaskType> {
    return InspectionTaskType.from(await taskService.approve(id));
  }
}

/** The task as the services take it: typed sampling rule, only the team and exclusion settings given. */
function newTaskOf(input: NewTaskInput): NewTask {
  return {
    ...input,
    samplingRule: toSamplingRule(input.samplingRule),
    teamRule: Object.fromEntries(Object.entries(input.teamRule ?? {}).filter(([, v]) => v !== undefined && v !== null)),
    exclusions: input.exclusions
      ? Object.fromEntries(Object.entries(input.exclusions).filter(([, v]) => v !== undefined))
      : undefined,
  };
}

/** GraphQL's flat stratum rules → the draw module's tagged rule, with typed errors for missing numbers. */
export function toSamplingRule(input: SamplingRuleInput): SamplingRule {
  const one = (r: StratumRuleInput, field: string): StratumRule => {
    if (r.mode === "FIXED") {
      if (r.count === undefined || r.count === null) throw badInput(field, "固定户数规则须填写户数（count）");
      return { mode: "FIXED", count: r.count };
    }
    if (r.mode === "EXCLUDE" || r.mode === "ALL") return { mode: r.mode };
    if (r.percent === undefined || r.percent === null) throw badInput(field, "比例规则须填写抽查比例（percent）");
    if (Math.round(r.percent * 100) !== r.percent * 100) throw badInput(field, "抽查比例最多保留两位小数");
    return { mode: r.mode, percent: r.percent };
  };
  const strata: Record<string, StratumRule> = {};
  input.strata.forEach((s, i) => {
    if (Object.hasOwn(strata, s.stratum)) throw badInput(`samplingRule.strata[${i}]`, `分层“${s.stratum}”重复设置`);
    strata[s.stratum] = one(s, `samplingRule.strata[${i}]`);
  });
  return { default: one(input.default, "samplingRule.default"), strata };
}
