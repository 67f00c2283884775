import { Arg, Args, Authorized, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { Role } from "../../auth/roles";
import { tenantLoader } from "../../context/loaders";
import { notFound } from "../../errors";
import { CheckItemType } from "../../schema/catalog/item-list.type";
import { ConfirmJointParticipationInput, NewJointTaskInput } from "../../schema/joint/joint.input";
import {
  JointDepartmentCountType,
  JointParticipationPage,
  JointParticipationType,
  JointPlanPage,
  JointPlanStatusEnum,
  JointPlanType,
  JointSavingsReportType,
  JointTaskPage,
  JointTaskType,
} from "../../schema/joint/joint.type";
import { JointPlanArgs, JointTaskArgs, NewJointPlanArgs } from "../../schema/joint/joint-plan.args";
import { listComplexity, PageArgs } from "../../schema/pagination";
import { PlanRevisionType } from "../../schema/plan/plan-revision.type";
import { TenantType } from "../../schema/system/tenant.type";
import { itemListService } from "../../services/catalog/item-list.service";
import { participationsOf } from "../../services/joint/joint.guards";
import { jointPlanService } from "../../services/joint/joint-plan.service";
import { jointPlanPublicationLoader, jointPublicationService } from "../../services/joint/joint-publication.service";
import { jointReportService } from "../../services/joint/joint-report.service";
import { planRevisions } from "../../services/plan/plan-revision.service";
import { toSamplingRule } from "../plan/plan.resolver";

@Resolver(() => JointPlanType)
export class JointPlanResolver {
  @Public()
  @Query(() => JointPlanPage, {
    complexity: listComplexity,
    description:
      "部门联合抽查计划：牵头协调部门的全部计划，参与部门可见其参与任务所在的计划；已公布的计划人人可见（无需登录）",
  })
  async jointPlans(@Args() { year, limit, offset }: JointPlanArgs): Promise<JointPlanPage> {
    const [rows, total] = await jointPlanService.listPlans(year, limit, offset);
    return Object.assign(new JointPlanPage(), { items: rows.map(JointPlanType.from), total });
  }

  @Public()
  @Query(() => JointPlanType)
  async jointPlan(@Arg("id", () => ID) id: string): Promise<JointPlanType> {
    return JointPlanType.from(await jointPlanService.getPlan(id));
  }

  @Authorized(Role.ADMIN, Role.PLANNER)
  @Mutation(() => JointPlanType, { description: "牵头协调部门新建部门联合抽查计划" })
  async createJointPlan(@Args() { year, title, dueDate }: NewJointPlanArgs): Promise<JointPlanType> {
    return JointPlanType.from(await jointPlanService.createPlan(year, title, dueDate));
  }

  @Authorized(Role.ADMIN, Role.PLANNER)
  @Mutation(() => JointPlanType, { description: "牵头协调部门公布部门联合抽查计划（向社会公开）" })
  async publishJointPlan(@Arg("id", () => ID) id: string): Promise<JointPlanType> {
    return JointPlanType.from(await jointPublicationService.publish(id));
  }

  @FieldResolver(() => JointPlanStatusEnum, { description: "DRAFT 草稿 / PUBLISHED 已公布" })
  async status(@Root() plan: JointPlanType): Promise<JointPlanStatusEnum> {
    return (await jointPlanPublicationLoader().load(plan.id))
      ? JointPlanStatusEnum.PUBLISHED
      : JointPlanStatusEnum.DRAFT;
  }

  @FieldResolver(() => Date, { nullable: true, description: "公布时间" })
  async publishedAt(@Root() plan: JointPlanType): Promise<Date | null> {
    return (await jointPlanPublicationLoader().load(plan.id))?.publishedAt ?? null;
  }

  @FieldResolver(() => TenantType, { description: "牵头协调部门" })
  async coordinator(@Root() plan: JointPlanType): Promise<TenantType> {
    const t = await tenantLoader().load(plan.tenantId);
    if (!t) throw notFound("部门");
    return TenantType.from(t);
  }

  @FieldResolver(() => [JointTaskType], { description: "计划中可见的联合抽查任务" })
  async tasks(@Root() plan: JointPlanType): Promise<JointTaskType[]> {
    const [rows] = await jointPlanService.listTasks({ planId: plan.id }, 500, 0);
    return rows.map(JointTaskType.from);
  }

  @FieldResolver(() => [PlanRevisionType], { description: "计划修订（公布后的每次修改，附理由和修订内容；公开）" })
  async revisions(@Root() plan: JointPlanType): Promise<PlanRevisionType[]> {
    return (await planRevisions("JOINT", plan.id)).map(PlanRevisionType.from);
  }

  @FieldResolver(() => JointSavingsReportType, { description: "本计划的联合抽查成效" })
  async report(@Root() plan: JointPlanType): Promise<JointSavingsReportType> {
    return JointSavingsReportType.from(await jointReportService.planReport(plan.id));
  }
}

@Resolver(() => JointTaskType)
export class JointTaskResolver {
  @Public()
  @Query(() => JointTaskType, { description: "联合抽查任务（牵头协调部门和未拒绝的参与部门可见；计划公布后人人可见）" })
  async jointTask(@Arg("id", () => ID) id: string): Promise<JointTaskType> {
    return JointTaskType.from(await jointPlanService.getTask(id));
  }

  @Public()
  @Query(() => JointTaskPage, { complexity: listComplexity })
  async jointTasks(@Args() { planId, status, limit, offset }: JointTaskArgs): Promise<JointTaskPage> {
    const [rows, total] = await jointPlanService.listTasks({ planId, status }, limit, offset);
    return Object.assign(new JointTaskPage(), { items: rows.map(JointTaskType.from), total });
  }

  @Authorized(Role.ADMIN, Role.PLANNER)
  @Mutation(() => JointTaskType, { description: "牵头协调部门新建联合抽查任务并邀请参与部门" })
  async createJointTask(@Arg("input") input: NewJointTaskInput): Promise<JointTaskType> {
    const { task } = await jointPlanService.createTask({
      ...input,
      samplingRule: toSamplingRule(input.samplingRule),
      targetScope: Object.fromEntries(Object.entries(input.targetScope ?? {}).filter(([, v]) => v?.length)),
    });
    return JointTaskType.from(task);
  }

  @Authorized(Role.SUPERVISOR, Role.ADMIN)
  @Mutation(() => JointTaskType, {
    description: "发起部门批准联合抽查任务（各部门均已答复后）：生成并承诺服务器随机种子",
  })
  async approveJointTask(@Arg("id", () => ID) id: string): Promise<JointTaskType> {
    return JointTaskType.from(await jointPlanService.approve(id));
  }

  @FieldResolver(() => TenantType, { description: "发起部门" })
  async initiatingDepartment(@Root() task: JointTaskType): Promise<TenantType> {
    const t = await tenantLoader().load(task.entity.initiatingTenantId);
    if (!t) throw notFound("部门");
    return TenantType.from(t);
  }

  @FieldResolver(() => [JointParticipationType], { description: "参与部门及其确认情况" })
  async participations(@Root() task: JointTaskType): Promise<JointParticipationType[]> {
    return (await participationsOf(task.id)).map(JointParticipationType.from);
  }
}

@Resolver(() => JointParticipationType)
export class JointParticipationResolver {
  @Authorized()
  @Query(() => JointParticipationPage, {
    complexity: listComplexity,
    description: "本部门的联合抽查邀请与参与情况（已拒绝的不再显示）",
  })
  async myJointParticipations(@Args() { limit, offset }: PageArgs): Promise<JointParticipationPage> {
    const [rows, total] = await jointPlanService.myParticipations(limit, offset);
    return Object.assign(new JointParticipationPage(), { items: rows.map(JointParticipationType.from), total });
  }

  @Authorized(Role.ADMIN, Role.PLANNER)
  @Mutation(() => JointParticipationType, { description: "确认参与联合抽查任务并选定本部门承担的抽查事项" })
  async confirmJointParticipation(
    @Arg("input") input: ConfirmJointParticipationInput,
  ): Promise<JointParticipationType> {
    const rule = Object.fromEntries(
      Object.entries(input.teamRule ?? {}).filter(([, v]) => v !== undefined && v !== null),
    );
    return JointParticipationType.from(await jointPlanService.confirm(input.taskId, input.itemIds, rule));
  }

  @Authorized(Role.ADMIN, Role.PLANNER)
  @Mutation(() => JointParticipationType, { description: "拒绝参与联合抽查任务（须说明理由）" })
  async declineJointParticipation(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("reason") reason: string,
  ): Promise<JointParticipationType> {
    return JointParticipationType.from(await jointPlanService.decline(taskId, reason));
  }

  @FieldResolver(() => TenantType, { description: "参与部门" })
  async department(@Root() p: JointParticipationType): Promise<TenantType> {
    const t = await tenantLoader().load(p.departmentId);
    if (!t) throw notFound("部门");
    return TenantType.from(t);
  }

  @FieldResolver(() => [CheckItemType], { description: "确认承担的抽查事项（已公布清单中的事项）" })
  async items(@Root() p: JointParticipationType): Promise<CheckItemType[]> {
    return (await itemListService.byIds(p.itemIds)).map(CheckItemType.from);
  }
}

@Resolver(() => JointDepartmentCountType)
export class JointCountResolver {
  @Authorized(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.VIEWER)
  @Query(() => [JointDepartmentCountType], {
    description: "牵头协调部门：各部门本年度发起、参与部门联合抽查的次数（未完成每年至少一次的一目了然）",
  })
  async jointParticipationCounts(@Arg("year", () => Int) year: number): Promise<JointDepartmentCountType[]> {
    const rows = await jointPlanService.yearCounts(year);
    const tenants = await tenantLoader().loadMany(rows.map((r) => r.id));
    return rows.flatMap((r, i) => {
      const t = tenants[i];
      if (!t || t instanceof Error) return [];
      return [
        Object.assign(new JointDepartmentCountType(), {
          department: TenantType.from(t),
          initiated: r.initiated,
          joined: r.joined,
          published: r.published,
          meetsRequirement: r.published > 0,
        }),
      ];
    });
  }
}
