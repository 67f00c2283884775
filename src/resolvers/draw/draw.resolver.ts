import { GraphQLJSON } from "graphql-scalars";
import { Arg, Args, Authorized, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { Role } from "../../auth/roles";
import { RecusalInput } from "../../schema/draw/draw.args";
import { ConnectionArgs, connectionFields, listComplexity, pageRequest } from "../../schema/pagination";
import { DirectAssignmentInput, DrawInput } from "../../schema/plan/plan.input";
import {
  AssignmentPage,
  AssignmentStatusCountType,
  AssignmentType,
  DrawLockType,
  type DrawSummary,
  DrawType,
  DrawVerificationType,
  drawSummary,
  InspectionTaskType,
  RecusalResultType,
} from "../../schema/plan/plan.type";
import { drawService, logEmbargoedAccess, storedRecord } from "../../services/draw/draw.service";
import { drawRecordSheet } from "../../services/draw/draw-record-sheet.service";
import { drawWitness } from "../../services/draw/draw-witness.service";
import { fullJointRecord, verifyJointDraw } from "../../services/joint/joint-record.service";
import { assignDirectly } from "../../services/plan/direct-assignment.service";

@Resolver(() => DrawType)
export class DrawResolver {
  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => DrawType, { description: "随机抽取检查对象并选派检查组（须现场监督人在场输入随机数）" })
  async drawTask(@Arg("input") input: DrawInput): Promise<DrawType> {
    return DrawType.from(await drawService.draw(input));
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => DrawLockType, {
    description: "锁定抽取参数（检查对象总体、执法检查人员库、规则）并公布摘要；公示期满后方可抽取，当场抽取须说明理由",
  })
  async lockDraw(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("immediateReason", () => String, { nullable: true, description: "不经公示期当场抽取的理由（随记录公开）" })
    immediateReason?: string | null,
  ): Promise<DrawLockType> {
    return DrawLockType.from(await drawService.lock(taskId, immediateReason));
  }

  @Authorized(Role.SUPERVISOR)
  @Mutation(() => DrawLockType, {
    description:
      "现场监督人在本人设备上确认抽取：核对任务、承诺值和锁定摘要后输入随机数（本部门监督人员，不能是操作人员或锁定人）",
  })
  async confirmDrawWitness(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("witnessEntropy", { description: "现场随机数（任意文字，例如现场掷骰结果）" }) witnessEntropy: string,
  ): Promise<DrawLockType> {
    return DrawLockType.from(await drawWitness.confirm("TASK", taskId, witnessEntropy));
  }

  @Authorized(Role.SUPERVISOR)
  @Mutation(() => DrawLockType, { description: "解除未使用的锁定（须说明理由；锁定记录保留并公开）" })
  async releaseDrawLock(@Arg("taskId", () => ID) taskId: string, @Arg("reason") reason: string): Promise<DrawLockType> {
    return DrawLockType.from(await drawService.releaseLock(taskId, reason));
  }

  @Authorized(Role.SUPERVISOR)
  @Mutation(() => DrawType, { description: "作废抽取（须说明理由；原记录保留并公开）" })
  async voidDraw(@Arg("id", () => ID) id: string, @Arg("reason") reason: string): Promise<DrawType> {
    return DrawType.from(await drawService.void(id, reason));
  }

  @Authorized(Role.SUPERVISOR)
  @Mutation(() => RecusalResultType, { description: "批准回避并按原排序递补" })
  async recuseInspector(@Arg("input") input: RecusalInput): Promise<RecusalResultType> {
    const r = await drawService.recuse({ ...input, reasonCode: input.reason });
    return Object.assign(new RecusalResultType(), {
      assignment: AssignmentType.from(r.assignment),
      substituteId: r.substituteId,
    });
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => AssignmentType, {
    description: "指派检查组（投诉举报核查，或组队规则允许指派的任务）；同样执行回避规则",
  })
  async assignDirectly(@Arg("input") input: DirectAssignmentInput): Promise<AssignmentType> {
    return AssignmentType.from(await assignDirectly(input));
  }

  @Public()
  @Query(() => DrawType, { description: "抽取记录：部门抽取或联合抽取（本部门、参与部门，或已公开的记录）" })
  async draw(@Arg("id", () => ID) id: string): Promise<DrawType> {
    const found = await drawService.getAny(id);
    return found.kind === "JOINT" ? DrawType.from(found.draw, "JOINT") : DrawType.from(found.draw);
  }

  @FieldResolver(() => String, { description: "算法版本（jc-draw-v1 / jc-draw-v2）" })
  async algorithm(@Root() d: DrawType): Promise<string> {
    return (await summaryOf(d)).algorithm;
  }

  @FieldResolver(() => String, { nullable: true, description: "v2：锁定摘要（抽取前公布）" })
  async lockDigest(@Root() d: DrawType): Promise<string | null> {
    return (await summaryOf(d)).lockDigest;
  }

  @FieldResolver(() => Int, { description: "未能组成检查组的对象数（v2 记入记录，不回滚）" })
  async infeasibleTargets(@Root() d: DrawType): Promise<number> {
    return (await summaryOf(d)).infeasibleTargets;
  }

  @FieldResolver(() => GraphQLJSON, {
    description: "完整抽取记录（含全部递补与作废，可下载为 JSON，用 verify-draw 离线核验）",
  })
  async record(@Root() d: DrawType): Promise<unknown> {
    return d.joint ? fullJointRecord(d.joint) : drawService.record(d.entity);
  }

  @FieldResolver(() => String, { description: "可打印的选派（抽取）记录单（HTML）" })
  async recordHtml(@Root() d: DrawType): Promise<string> {
    return drawRecordSheet(d.joint ?? d.entity, d.joint ? "JOINT" : "TASK");
  }

  @FieldResolver(() => DrawVerificationType, { description: "服务器端按公开算法重新计算并核验" })
  async verification(@Root() d: DrawType): Promise<DrawVerificationType> {
    const r = d.joint ? await verifyJointDraw(d.joint) : await drawService.verify(d.entity);
    return Object.assign(new DrawVerificationType(), { valid: r.valid, differences: r.differences });
  }

  @FieldResolver(() => [AssignmentStatusCountType], {
    description: "抽中的检查对象按状态统计（看板用：不读取名单）",
  })
  async assignmentCounts(@Root() d: DrawType): Promise<AssignmentStatusCountType[]> {
    if (d.joint) return [];
    return (await drawService.assignmentCounts(d.id)).map((c) => Object.assign(new AssignmentStatusCountType(), c));
  }

  @FieldResolver(() => AssignmentPage, {
    complexity: listComplexity,
    description: "抽中的检查对象，分页（游标分页 first/after；大型部门的看板只读一页）",
  })
  async assignmentPage(
    @Root() d: DrawType,
    @Args() page: ConnectionArgs,
    @Arg("status", () => String, { nullable: true, description: "只看某一状态" }) status?: string | null,
  ): Promise<AssignmentPage> {
    const empty = {
      rows: [],
      total: 0,
      totalIsEstimate: false,
      hasNextPage: false,
      hasPreviousPage: false,
      cursors: [],
    };
    if (d.joint) return Object.assign(new AssignmentPage(), connectionFields(empty, AssignmentType.from));
    await logEmbargoedAccess(d.entity);
    const result = await drawService.assignmentPage(d.entity, pageRequest(page), status);
    return Object.assign(new AssignmentPage(), connectionFields(result, AssignmentType.from));
  }

  @FieldResolver(() => [AssignmentType], { description: "抽中的检查对象及检查组（联合抽取见 jointTask.targets）" })
  async assignments(@Root() d: DrawType): Promise<AssignmentType[]> {
    if (d.joint) return [];
    await logEmbargoedAccess(d.entity);
    return (await drawService.assignments(d.id)).map(AssignmentType.from);
  }
}

@Resolver(() => InspectionTaskType)
export class TaskDrawsResolver {
  @FieldResolver(() => [DrawType], { description: "抽取历史（含未能组队和已作废的抽取）" })
  async draws(@Root() task: InspectionTaskType): Promise<DrawType[]> {
    return (await drawService.listForTask(task.id)).map((d) => DrawType.from(d));
  }

  @FieldResolver(() => [DrawLockType], { description: "抽取参数锁定历史（公开摘要）" })
  async drawLocks(@Root() task: InspectionTaskType): Promise<DrawLockType[]> {
    return (await drawService.locks(task.id)).map((l) => DrawLockType.from(l));
  }
}

/** A draw listed as a summary (drawsByTask) loads its record once, only when one of these fields is asked for. */
async function summaryOf(d: DrawType): Promise<DrawSummary> {
  d.summary ??= drawSummary(await storedRecord(d.entity));
  return d.summary;
}
