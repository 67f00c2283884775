import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { publishedText } from "../../context/published-text";
import { COUNT_CAP } from "../../domain/paging";
import { isPlanOverdue } from "../../domain/plan/plan-overdue";
import type { AssignmentEntity, DrawEntity } from "../../entities/draw/draw.entity";
import type { JointDrawEntity } from "../../entities/joint/joint-visit.entity";
import type { AnnualPlanEntity } from "../../entities/plan/plan.entity";
import type { InspectionTaskEntity } from "../../entities/plan/task.entity";
import { chinaToday } from "../../time";
import { edgeType, PageInfoType } from "../pagination";
import { StratifyByEnum, TaskKindEnum, TaskOriginEnum } from "./plan.input";

export enum PlanStatusEnum {
  DRAFT = "DRAFT",
  SUBMITTED = "SUBMITTED",
  APPROVED = "APPROVED",
  PUBLISHED = "PUBLISHED",
  CLOSED = "CLOSED",
}
registerEnumType(PlanStatusEnum, {
  name: "PlanStatus",
  valuesConfig: {
    DRAFT: { description: "草稿" },
    SUBMITTED: { description: "已提交审批" },
    APPROVED: { description: "已批准" },
    PUBLISHED: { description: "已公布" },
    CLOSED: { description: "已结束" },
  },
});

export enum TaskStatusEnum {
  DRAFT = "DRAFT",
  APPROVED = "APPROVED",
  DRAWN = "DRAWN",
  CLOSED = "CLOSED",
}
registerEnumType(TaskStatusEnum, {
  name: "TaskStatus",
  description: "抽查任务状态",
  valuesConfig: {
    DRAFT: { description: "草稿" },
    APPROVED: { description: "已批准：已公布随机种子承诺值，待抽取" },
    DRAWN: { description: "已抽取" },
    CLOSED: { description: "已结束" },
  },
});

@ObjectType("AnnualPlan", { description: "年度抽查计划" })
export class AnnualPlanType {
  @Field(() => ID) id: string;
  @Field(() => Int) year: number;
  @Field() title: string;
  @Field(() => PlanStatusEnum) status: PlanStatusEnum;
  @Field({ description: "计划应制定完成日期" }) dueDate: string;
  @Field({ description: "逾期未公布" }) overdue: boolean;
  @Field(() => String, { nullable: true, description: "退回原因" }) returnedReason: string | null;
  @Field(() => Date, { nullable: true }) submittedAt: Date | null;
  @Field(() => Date, { nullable: true }) approvedAt: Date | null;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  @Field(() => Date, { nullable: true, description: "报联席会议办公室备案时间" }) filedAt: Date | null;
  @Field(() => Int, { nullable: true, description: "抽查频次：每年不少于的轮次（已抽取的随机抽查任务数）" })
  requiredRounds: number | null;
  tenantId: string;

  static from(e: AnnualPlanEntity): AnnualPlanType {
    return Object.assign(new AnnualPlanType(), {
      ...e,
      title: publishedText(e.title, e.tenantId),
      status: e.status as PlanStatusEnum,
      overdue: isPlanOverdue(e, chinaToday()),
    });
  }
}

@ObjectType("AnnualPlanPage")
export class AnnualPlanPage {
  @Field(() => [AnnualPlanType]) items: AnnualPlanType[];
  @Field(() => Int) total: number;
}

@ObjectType("InspectionTask", { description: "抽查任务" })
export class InspectionTaskType {
  @Field(() => ID) id: string;
  @Field(() => ID) planId: string;
  @Field() name: string;
  @Field(() => TaskKindEnum) kind: TaskKindEnum;
  @Field(() => TaskStatusEnum) status: TaskStatusEnum;
  @Field(() => [ID]) itemIds: string[];
  @Field(() => GraphQLJSON, { description: "定向筛选条件" }) filters: unknown;
  @Field() windowFrom: string;
  @Field() windowTo: string;
  @Field(() => GraphQLJSON, { description: "抽查比例规则" }) samplingRule: unknown;
  @Field(() => StratifyByEnum) stratifyBy: StratifyByEnum;
  @Field(() => String, { nullable: true }) policyOverrideReason: string | null;
  @Field(() => GraphQLJSON, { description: "组队规则" }) teamRule: unknown;
  @Field(() => GraphQLJSON, { description: "排除规则" }) exclusions: unknown;
  @Field(() => String, { nullable: true, description: "服务器种子的 SHA-256 承诺值（批准时公布，抽取后可核验）" })
  commitment: string | null;
  @Field(() => Date, { nullable: true }) approvedAt: Date | null;
  @Field(() => Date, { nullable: true, description: "抽取名单公开时间" }) publishDrawAt: Date | null;
  @Field(() => TaskOriginEnum, { description: "任务来源" }) origin: TaskOriginEnum;
  @Field(() => String, { nullable: true, description: "下发机关（上级下发）或对方地区/部门（跨区域）" })
  originAuthority: string | null;
  @Field(() => String, { nullable: true, description: "文号" }) originReference: string | null;
  @Field(() => ID, { nullable: true, description: "所属专项检查/专项整治" }) campaignId: string | null;
  tenantId: string;

  static from(e: InspectionTaskEntity): InspectionTaskType {
    return Object.assign(new InspectionTaskType(), {
      ...e,
      name: publishedText(e.name, e.tenantId),
      policyOverrideReason: publishedText(e.policyOverrideReason, e.tenantId),
      origin: e.origin as TaskOriginEnum,
      kind: e.kind as TaskKindEnum,
      status: e.status as TaskStatusEnum,
      stratifyBy: e.stratifyBy as StratifyByEnum,
    });
  }
}

@ObjectType("Assignment", { description: "检查任务分配：一个检查对象及其检查组" })
export class AssignmentType {
  @Field(() => ID) id: string;
  @Field(() => ID, { nullable: true, description: "所属抽查任务（部门联合抽查的本部门部分为空，见 jointTaskId）" })
  taskId: string | null;
  @Field(() => ID, { nullable: true, description: "部门联合抽查任务（本部门在联合检查中的部分）" })
  jointTaskId: string | null;
  @Field(() => ID, { nullable: true, description: "部门联合抽查对象（同一次上门）" })
  jointTargetId: string | null;
  @Field(() => ID) subjectId: string;
  @Field({
    description:
      "RANDOM 随机抽取 / JOINT 部门联合抽查中本部门的部分（随机） / DIRECT 指派 / COMPLAINT 投诉举报核查（后两者不计入随机抽查）",
  })
  kind: string;
  @Field(() => String, { nullable: true, description: "指派理由" }) directReason: string | null;
  @Field({ description: "分层" }) stratum: string;
  @Field(() => ID, { description: "组长" }) leaderId: string;
  @Field(() => [ID], { description: "检查组成员（按排序）" }) memberIds: string[];
  @Field(() => [ID], { description: "随行专家/辅助人员（随机抽取，不计入执法检查人员）" }) expertIds: string[];
  @Field() windowFrom: string;
  @Field() windowTo: string;
  @Field() status: string;

  static from(e: AssignmentEntity): AssignmentType {
    return Object.assign(new AssignmentType(), e);
  }
}

const AssignmentEdge = edgeType("AssignmentEdge", AssignmentType);

@ObjectType("AssignmentPage", { description: "抽中的检查对象，分页（Relay connection：edges + pageInfo）" })
export class AssignmentPage {
  @Field(() => [AssignmentType]) items: AssignmentType[];
  @Field(() => Int) total: number;
  @Field({ description: `total 为估计值：超过 ${COUNT_CAP.toLocaleString("en-US")} 条时按统计信息估计，不再逐条计数` })
  totalIsEstimate: boolean;
  @Field(() => [AssignmentEdge]) edges: Array<InstanceType<typeof AssignmentEdge>>;
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType("AssignmentStatusCount", { description: "按状态统计的检查对象户数" })
export class AssignmentStatusCountType {
  @Field({ description: "状态（ASSIGNED、INSPECTED、CANCELLED 等）" }) status: string;
  @Field(() => Int) count: number;
}

@ObjectType("DrawVerification", { description: "抽取记录核验结果" })
export class DrawVerificationType {
  @Field() valid: boolean;
  @Field(() => [String], { description: "与重新计算结果不一致之处" }) differences: string[];
}

export interface DrawSummary {
  algorithm: string;
  lockDigest: string | null;
  infeasibleTargets: number;
}

/** What the Draw type shows of its record without the record itself. */
export function drawSummary(record: DrawEntity["record"]): DrawSummary {
  return {
    algorithm: record.algorithm,
    lockDigest: "lock" in record ? record.lock.digest : null,
    infeasibleTargets: record.inspectorResults.reduce((n, r) => n + r.failures.length, 0),
  };
}

@ObjectType("Draw", { description: "随机抽取记录（只增不改；作废也保留）" })
export class DrawType {
  @Field(() => ID) id: string;
  @Field(() => ID) taskId: string;
  @Field(() => Int, { description: "第几次抽取" }) sequence: number;
  @Field({ description: "VALID 有效 / INFEASIBLE 未能组成全部检查组（保留并公开，须作废后重新锁定） / VOIDED 已作废" })
  status: string;
  /** algorithm, lockDigest, infeasibleTargets: from the record; resolved in DrawResolver (a summary has no record). */
  summary?: DrawSummary;
  @Field() drawnAt: Date;
  @Field({ description: "记录封印摘要（打印在记录单上）" }) sealDigest: string;
  @Field(() => Int) populationSize: number;
  @Field(() => Int) drawnCount: number;
  @Field(() => Date, { nullable: true, description: "抽取名单公开时间" }) publicAfter: Date | null;
  @Field(() => String, { nullable: true }) voidReason: string | null;
  @Field(() => Date, { nullable: true }) voidedAt: Date | null;
  @Field({ description: "TASK 部门抽查任务的抽取 / JOINT 联合抽取（同一公开路径、同一记录格式）" }) kind: string;
  entity: DrawEntity;
  /** Set for joint draws (kind JOINT); `entity` then holds the same columns. */
  joint: JointDrawEntity | null;

  static from(e: DrawEntity | JointDrawEntity, kind: "TASK" | "JOINT" = "TASK"): DrawType {
    return Object.assign(new DrawType(), {
      ...e,
      kind,
      joint: kind === "JOINT" ? (e as JointDrawEntity) : null,
      summary: e.record ? drawSummary(e.record) : undefined,
      entity: e as DrawEntity,
    });
  }
}

@ObjectType("DrawLock", {
  description: "抽取参数锁定（v2）：抽取前冻结检查对象总体、执法检查人员库及其在岗状态和规则，并公布摘要",
})
export class DrawLockType {
  @Field(() => ID) id: string;
  @Field(() => ID) taskId: string;
  @Field({ description: "TASK 部门抽查任务 / JOINT 联合抽查任务" }) kind: string;
  @Field({ description: "OPEN 待抽取 / USED 已抽取 / RELEASED 已解除（附理由）" }) status: string;
  @Field({ description: "服务器种子承诺值" }) commitment: string;
  @Field({ description: "锁定摘要（抽取种子的输入之一）" }) lockDigest: string;
  @Field(() => Int, { description: "检查对象总数" }) populationCount: number;
  @Field({ description: "检查对象名录摘要" }) populationDigest: string;
  @Field({ description: "抽取参数摘要（比例、人员库、组队规则、回避）" }) configDigest: string;
  @Field() lockedAt: Date;
  @Field({ description: "最早抽取时间（公示期满）" }) drawNotBefore: Date;
  @Field(() => String, { nullable: true, description: "不经公示期当场抽取的理由" }) immediateReason: string | null;
  @Field(() => ID, { nullable: true }) drawId: string | null;
  @Field(() => String, { nullable: true, description: "解除锁定的理由" }) releaseReason: string | null;
  @Field(() => Date, { nullable: true, description: "现场监督人在本人设备上确认（输入随机数）的时间；未确认为空" })
  witnessedAt: Date | null;

  /** A lock row as the API shows it: never the frozen population, never a confirmed witness's entropy. */
  static from(row: object): DrawLockType {
    const { lock: _lock, witnessEntropy: _entropy, ...shown } = row as Record<string, unknown>;
    return Object.assign(new DrawLockType(), shown);
  }
}

@ObjectType("RecusalResult")
export class RecusalResultType {
  @Field(() => AssignmentType) assignment: AssignmentType;
  @Field(() => ID, { description: "递补人员" }) substituteId: string;
}
