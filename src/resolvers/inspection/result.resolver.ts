import { Arg, Args, Authorized, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { Role } from "../../auth/roles";
import { isIsoDate } from "../../calendar";
import { ctx } from "../../context/request-context";
import { badInput } from "../../errors";
import {
  MappingArgs,
  NewResultCodeArgs,
  ResultFeedbackArgs,
  ResultListArgs,
} from "../../schema/inspection/result.args";
import {
  InspectionDeadlineType,
  InspectionResultPage,
  InspectionResultType,
  PublishedResultType,
  ResultCodeType,
  ResultInput,
} from "../../schema/inspection/result.type";
import { ResultFeedbackType } from "../../schema/inspection/result-feedback.type";
import { listComplexity } from "../../schema/pagination";
import { inspectionReportService } from "../../services/inspection/inspection-report.service";
import { resultService } from "../../services/inspection/result.service";
import { resultCodeTable } from "../../services/inspection/result-codes.service";
import { resultFeedbackService } from "../../services/inspection/result-feedback.service";

@Resolver(() => InspectionResultType)
export class ResultResolver {
  @Public()
  @Query(() => [ResultCodeType], { description: "检查结果类别代码表（含本部门的省级平台代码映射）" })
  async resultCodes(): Promise<ResultCodeType[]> {
    const codes = await resultService.codes();
    const p = ctx().principal;
    const own = p.kind === "anonymous" ? undefined : (await resultCodeTable.mappings([p.tenantId])).get(p.tenantId);
    return codes.map((c) =>
      Object.assign(new ResultCodeType(), c, {
        provincialCode: own?.get(c.code) ?? null,
        own: c.tenantId !== null,
      }),
    );
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => [ResultCodeType], { description: "设置结果类别与省级平台代码的映射（一一对应）" })
  async mapResultCode(@Args() { code, provincialCode }: MappingArgs): Promise<ResultCodeType[]> {
    await resultCodeTable.map(code, provincialCode);
    return this.resultCodes();
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => [ResultCodeType], { description: "增加本部门的结果类别（如“已迁出”）及其省级平台代码" })
  async addResultCode(@Args() args: NewResultCodeArgs): Promise<ResultCodeType[]> {
    await resultCodeTable.add(args);
    return this.resultCodes();
  }

  @Authorized(Role.INSPECTOR)
  @Mutation(() => ResultFeedbackType, {
    description:
      "登记检查结果反馈：检查报告完成后向被检查对象送达检查结果（直接送达或邮寄送达；检查组成员登记，每个检查对象一次）",
  })
  async recordResultFeedback(@Args() args: ResultFeedbackArgs): Promise<ResultFeedbackType> {
    return ResultFeedbackType.from(await resultFeedbackService.record(args));
  }

  @Authorized()
  @Query(() => ResultFeedbackType, { nullable: true, description: "某检查对象的检查结果反馈（本部门；未反馈为空）" })
  async resultFeedback(@Arg("assignmentId", () => ID) assignmentId: string): Promise<ResultFeedbackType | null> {
    const r = await resultFeedbackService.of(assignmentId);
    return r ? ResultFeedbackType.from(r) : null;
  }

  @Authorized()
  @Query(() => InspectionResultPage, { complexity: listComplexity, description: "本部门检查结果" })
  async inspectionResults(@Args() { limit, offset, status }: ResultListArgs): Promise<InspectionResultPage> {
    const [rows, total] = await resultService.list(status, limit, offset);
    return Object.assign(new InspectionResultPage(), { items: rows.map(InspectionResultType.from), total });
  }

  @Authorized()
  @Query(() => InspectionResultType)
  async inspectionResult(@Arg("id", () => ID) id: string): Promise<InspectionResultType> {
    return InspectionResultType.from(await resultService.get(id));
  }

  @Authorized(Role.INSPECTOR)
  @Mutation(() => InspectionResultType, { description: "填报或修改检查结果（组长；草稿或被退回时）" })
  async saveInspectionResult(
    @Arg("assignmentId", () => ID) assignmentId: string,
    @Arg("input") input: ResultInput,
  ): Promise<InspectionResultType> {
    return InspectionResultType.from(await resultService.saveDraft(assignmentId, input));
  }

  @Authorized(Role.INSPECTOR)
  @Mutation(() => InspectionResultType, { description: "提交检查结果审核（组长）" })
  async submitInspectionResult(@Arg("id", () => ID) id: string): Promise<InspectionResultType> {
    return InspectionResultType.from(await resultService.submit(id));
  }

  @Authorized(Role.SUPERVISOR)
  @Mutation(() => InspectionResultType, { description: "批准检查结果" })
  async approveInspectionResult(@Arg("id", () => ID) id: string): Promise<InspectionResultType> {
    return InspectionResultType.from(await resultService.approve(id));
  }

  @Authorized(Role.SUPERVISOR)
  @Mutation(() => InspectionResultType, { description: "退回检查结果（须说明原因，检查组成员即时收到通知）" })
  async returnInspectionResult(
    @Arg("id", () => ID) id: string,
    @Arg("reason") reason: string,
  ): Promise<InspectionResultType> {
    return InspectionResultType.from(await resultService.return(id, reason));
  }

  @Authorized(Role.SUPERVISOR, Role.PLANNER, Role.ADMIN)
  @Mutation(() => InspectionResultType, { description: "公示已批准的检查结果（一公开）" })
  async publishInspectionResult(@Arg("id", () => ID) id: string): Promise<InspectionResultType> {
    return InspectionResultType.from(await resultService.publish(id));
  }

  @Authorized(Role.SUPERVISOR)
  @Mutation(() => InspectionResultType, { description: "更正已公示的结果：生成新的公示版本，原版本保留可查" })
  async correctInspectionResult(
    @Arg("id", () => ID) id: string,
    @Arg("input") input: ResultInput,
    @Arg("reason") reason: string,
  ): Promise<InspectionResultType> {
    return InspectionResultType.from(await resultService.correct(id, input, reason));
  }

  @Authorized(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.INSPECTOR, Role.VIEWER)
  @Query(() => [InspectionDeadlineType], {
    description: "本部门待办期限：通知、报告、公示（按工作日计算，标记即将到期和逾期）",
  })
  async inspectionDeadlines(
    @Arg("today", () => String, { nullable: true, description: "按指定日期计算（默认今天）" }) today?: string,
    @Arg("taskId", () => ID, { nullable: true }) taskId?: string,
  ): Promise<InspectionDeadlineType[]> {
    if (today !== undefined && today !== null && !isIsoDate(today)) throw badInput("today", "日期应为 YYYY-MM-DD 格式");
    return (await inspectionReportService.deadlines(today ?? undefined, taskId ?? undefined)).map(
      InspectionDeadlineType.from,
    );
  }

  @FieldResolver(() => [PublishedResultType], { description: "公示及更正历史" })
  async publications(@Root() r: InspectionResultType): Promise<PublishedResultType[]> {
    return (await resultService.publications(r.id)).map(PublishedResultType.from);
  }
}
