import { GraphQLJSON } from "graphql-scalars";
import { Arg, Args, Authorized, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Role } from "../../auth/roles";
import { subjectLoader } from "../../context/catalog-loaders";
import { ctx } from "../../context/request-context";
import type { JointVisitEntity } from "../../entities/joint/joint-visit.entity";
import { notFound } from "../../errors";
import {
  type InspectionForm,
  type MergedChecklist,
  pendingPublications,
  pendingResponses,
  renderInspectionFormHtml,
  renderVisitNoticeHtml,
  type VisitNotice,
} from "../../joint";
import { SubjectType } from "../../schema/catalog/subject.type";
import { ConsolidateOverlapInput, JointVisitDateInput } from "../../schema/joint/joint.input";
import {
  JointDepartmentShareType,
  JointOverlapCandidateType,
  JointOverlapTaskType,
  JointPlanSavingsType,
  JointPlanType,
  JointRegionReportType,
  JointSavingsReportType,
  JointTargetType,
  JointTaskType,
  JointVisitPage,
  JointVisitType,
} from "../../schema/joint/joint.type";
import { JointChecklistType } from "../../schema/joint/joint-checklist.type";
import { JointVisitArgs, OverlapArgs } from "../../schema/joint/joint-visit.args";
import { listComplexity, PageArgs } from "../../schema/pagination";
import { TenantType } from "../../schema/system/tenant.type";
import { countyService } from "../../services/county/county.service";
import { participationsOf, visibleJointTask } from "../../services/joint/joint.guards";
import { mergedChecklistFor, visitDocuments } from "../../services/joint/joint-documents.service";
import { jointReportService } from "../../services/joint/joint-report.service";
import { jointVisitService } from "../../services/joint/joint-visit.service";

const toVisit = (v: JointVisitEntity) =>
  JointVisitType.from(v, {
    responses: v.state ? pendingResponses(v.state) : v.participantIds,
    publications: v.state ? pendingPublications(v.state) : v.participantIds,
  });

/** Documents are built once per visit per request (the form and the notice share the checklist). */
const documents = new WeakMap<
  object,
  Map<string, Promise<{ form: InspectionForm; notice: VisitNotice; checklist: MergedChecklist }>>
>();
function docsOf(v: JointVisitType) {
  const c = ctx();
  let cache = documents.get(c);
  if (!cache) {
    cache = new Map();
    documents.set(c, cache);
  }
  let p = cache.get(v.id);
  if (!p) {
    p = (async () => {
      const task = await visibleJointTask(v.taskId);
      const target = await jointVisitService.target(v.targetId);
      return visitDocuments(v.entity, task, target, await participationsOf(task.id));
    })();
    cache.set(v.id, p);
  }
  return p;
}

@Resolver(() => JointVisitType)
export class JointVisitResolver {
  @Authorized()
  @Query(() => JointVisitType, { description: "联合检查（一次上门）" })
  async jointVisit(@Arg("id", () => ID) id: string): Promise<JointVisitType> {
    return toVisit(await jointVisitService.get(id));
  }

  @Authorized()
  @Query(() => JointVisitPage, { complexity: listComplexity })
  async jointVisits(@Args() { taskId, limit, offset }: JointVisitArgs): Promise<JointVisitPage> {
    const [rows, total] = await jointVisitService.list(taskId, limit, offset);
    return Object.assign(new JointVisitPage(), { items: rows.map(toVisit), total });
  }

  @Authorized(Role.INSPECTOR)
  @Query(() => [JointVisitType], {
    complexity: listComplexity,
    description: "我的联合检查：本人所在联合检查组的检查及确定的检查日期",
  })
  async myJointVisits(@Args() { limit, offset }: PageArgs): Promise<JointVisitType[]> {
    return (await jointVisitService.mine(limit, offset)).map(toVisit);
  }

  @Authorized(Role.ADMIN, Role.PLANNER)
  @Mutation(() => JointVisitType, { description: "提出检查日期（牵头协调部门或发起部门）" })
  async proposeJointVisitDate(@Arg("input") input: JointVisitDateInput): Promise<JointVisitType> {
    return toVisit(await jointVisitService.propose(input.visitId, input.date));
  }

  @Authorized(Role.ADMIN, Role.PLANNER)
  @Mutation(() => JointVisitType, { description: "参与部门接受提出的检查日期" })
  async acceptJointVisitDate(@Arg("visitId", () => ID) visitId: string): Promise<JointVisitType> {
    return toVisit(await jointVisitService.accept(visitId));
  }

  @Authorized(Role.ADMIN, Role.PLANNER)
  @Mutation(() => JointVisitType, { description: "参与部门另提检查日期（由牵头协调部门裁定）" })
  async proposeOtherJointVisitDate(@Arg("input") input: JointVisitDateInput): Promise<JointVisitType> {
    return toVisit(await jointVisitService.proposeOther(input.visitId, input.date));
  }

  @Authorized(Role.ADMIN, Role.PLANNER)
  @Mutation(() => JointVisitType, { description: "牵头协调部门裁定检查日期" })
  async resolveJointVisitDate(@Arg("input") input: JointVisitDateInput): Promise<JointVisitType> {
    return toVisit(await jointVisitService.resolve(input.visitId, input.date));
  }

  @Authorized(Role.ADMIN, Role.SUPERVISOR)
  @Mutation(() => JointVisitType, {
    description:
      "登记本部门在该联合检查中的检查结果不予公示及其原因（如检查对象已注销、查无下落）；各部门均已公示或登记原因后联合检查完成",
  })
  async recordJointPartNotPublished(
    @Arg("visitId", () => ID) visitId: string,
    @Arg("reason") reason: string,
  ): Promise<JointVisitType> {
    return toVisit(await jointVisitService.recordNotPublished(visitId, reason));
  }

  @FieldResolver(() => JointTargetType)
  async target(@Root() v: JointVisitType): Promise<JointTargetType> {
    return JointTargetType.from(await jointVisitService.target(v.targetId));
  }

  @FieldResolver(() => SubjectType, { description: "检查对象" })
  async subject(@Root() v: JointVisitType): Promise<SubjectType> {
    const subject = await subjectLoader().load(v.subjectId);
    if (!subject) throw notFound("检查对象");
    return SubjectType.from(subject);
  }

  @FieldResolver(() => JointChecklistType, { description: "合并检查清单（同一事项只列一次，注明各承担部门）" })
  async checklist(@Root() v: JointVisitType): Promise<JointChecklistType> {
    return JointChecklistType.from((await docsOf(v)).checklist);
  }

  @FieldResolver(() => GraphQLJSON, { description: "抽查情况记录表（JSON）" })
  async inspectionForm(@Root() v: JointVisitType): Promise<unknown> {
    return (await docsOf(v)).form;
  }

  @FieldResolver(() => String, { description: "抽查情况记录表（可打印 HTML）" })
  async inspectionFormHtml(@Root() v: JointVisitType): Promise<string> {
    return renderInspectionFormHtml((await docsOf(v)).form);
  }

  @FieldResolver(() => GraphQLJSON, { description: "检查通知（双清单，JSON）" })
  async notice(@Root() v: JointVisitType): Promise<unknown> {
    return (await docsOf(v)).notice;
  }

  @FieldResolver(() => String, { description: "检查通知（双清单，可打印 HTML）" })
  async noticeHtml(@Root() v: JointVisitType): Promise<string> {
    return renderVisitNoticeHtml((await docsOf(v)).notice);
  }
}

@Resolver(() => JointTaskType)
export class JointTaskVisitsResolver {
  @FieldResolver(() => [JointTargetType], { description: "抽中的检查对象及联合检查组" })
  async targets(@Root() task: JointTaskType): Promise<JointTargetType[]> {
    return (await jointVisitService.targetsOf(task.id)).map(JointTargetType.from);
  }

  @FieldResolver(() => [JointVisitType], { description: "联合检查（每个对象一次）" })
  async visits(@Root() task: JointTaskType): Promise<JointVisitType[]> {
    const [rows] = await jointVisitService.list(task.id, 500, 0);
    return rows.map(toVisit);
  }

  @FieldResolver(() => JointChecklistType, { description: "合并检查清单（已确认部门的事项）" })
  async checklist(@Root() task: JointTaskType): Promise<JointChecklistType> {
    return JointChecklistType.from(await mergedChecklistFor(task.entity, await participationsOf(task.id)));
  }
}

@Resolver(() => JointRegionReportType)
export class JointReportResolver {
  @Authorized()
  @Query(() => JointRegionReportType, { description: "本地区部门联合抽查成效（按计划及全地区）" })
  async jointRegionReport(@Arg("year", () => Int) year: number): Promise<JointRegionReportType> {
    const { plans, savings } = await jointReportService.regionReport(year);
    return Object.assign(new JointRegionReportType(), {
      year,
      plans: savings.plans.map((p) =>
        Object.assign(new JointPlanSavingsType(), {
          plan: JointPlanType.from(plans.find((x) => x.id === p.planId)!),
          report: JointSavingsReportType.from(p.report),
        }),
      ),
      region: JointSavingsReportType.from(savings.region),
    });
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: "牵头协调部门：全地区随机抽查中部门联合抽查部分的占比（与全县汇总同一口径）",
  })
  async jointShare(@Root() r: JointRegionReportType): Promise<number | null> {
    return (await countyService.rollup(r.year)).totals.jointShare;
  }

  @FieldResolver(() => [JointDepartmentShareType], { description: "牵头协调部门：各部门的联合抽查占比" })
  async departmentShares(@Root() r: JointRegionReportType): Promise<JointDepartmentShareType[]> {
    return (await countyService.rollup(r.year)).departments.map((d) =>
      Object.assign(new JointDepartmentShareType(), {
        department: TenantType.from(d.department),
        randomChecks: d.randomChecks,
        jointChecks: d.jointChecks,
        jointShare: d.jointShare,
      }),
    );
  }

  @Authorized(Role.ADMIN, Role.PLANNER)
  @Query(() => [JointOverlapCandidateType], {
    description: "牵头协调部门：各部门自有抽查任务抽中同一对象且期限重叠的重复检查线索",
  })
  async jointOverlaps(@Args() { from, to }: OverlapArgs): Promise<JointOverlapCandidateType[]> {
    return (await jointReportService.overlaps(from, to)).map((c) =>
      Object.assign(new JointOverlapCandidateType(), {
        subjectId: c.subjectId,
        departmentIds: c.departmentIds,
        tasks: c.tasks.map((t) =>
          Object.assign(new JointOverlapTaskType(), {
            taskId: t.taskId,
            departmentId: t.departmentId,
            windowFrom: t.window.from,
            windowTo: t.window.to,
          }),
        ),
        windowFrom: c.proposedWindow.from,
        windowTo: c.proposedWindow.to,
        visitsAvoided: c.visitsAvoided,
      }),
    );
  }

  @Authorized(Role.ADMIN, Role.PLANNER)
  @Mutation(() => JointVisitType, { description: "一键合并重复检查为一次联合检查（各部门保留自己的抽取和记录）" })
  async consolidateJointOverlap(@Arg("input") input: ConsolidateOverlapInput): Promise<JointVisitType> {
    return toVisit(
      await jointReportService.consolidate(input.planId, input.subjectId, input.taskIds, input.revisionReason),
    );
  }
}
