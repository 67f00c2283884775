import { IsOptional, MaxLength } from "class-validator";
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { DeadlineItem } from "../../domain/inspection/deadlines";
import type { PublicContent } from "../../domain/inspection/redaction";
import { COUNT_CAP } from "../../domain/paging";
import type {
  InspectionResultEntity,
  ResultPublicationEntity,
} from "../../entities/inspection/inspection-result.entity";
import { edgeType, PageInfoType } from "../pagination";

export enum ResultStatusEnum {
  DRAFT = "DRAFT",
  SUBMITTED = "SUBMITTED",
  APPROVED = "APPROVED",
  RETURNED = "RETURNED",
  PUBLISHED = "PUBLISHED",
}
registerEnumType(ResultStatusEnum, {
  name: "ResultStatus",
  description: "检查结果状态",
  valuesConfig: {
    DRAFT: { description: "草稿" },
    SUBMITTED: { description: "已提交审核" },
    APPROVED: { description: "已批准" },
    RETURNED: { description: "已退回" },
    PUBLISHED: { description: "已公示" },
  },
});

export enum WithholdableFieldEnum {
  problems = "problems",
  handling = "handling",
  items = "items",
  address = "address",
}
registerEnumType(WithholdableFieldEnum, { name: "WithholdableField", description: "可标记不予公开的字段" });

export enum WithholdKindEnum {
  COMMERCIAL_SECRET = "COMMERCIAL_SECRET",
  STATE_SECRET = "STATE_SECRET",
}
registerEnumType(WithholdKindEnum, {
  name: "WithholdKind",
  valuesConfig: { COMMERCIAL_SECRET: { description: "商业秘密" }, STATE_SECRET: { description: "国家秘密" } },
});

@InputType()
export class WithheldFieldInput {
  @Field(() => WithholdableFieldEnum) field: WithholdableFieldEnum;
  @Field(() => WithholdKindEnum) kind: WithholdKindEnum;
}

@InputType()
export class ResultInput {
  @Field({ description: "检查结果类别代码（resultCodes）" }) categoryCode: string;
  @Field(() => String, { nullable: true, description: "存在问题" }) @IsOptional() @MaxLength(5000) problems?: string;
  @Field(() => String, { nullable: true, description: "处理情况" }) @IsOptional() @MaxLength(5000) handling?: string;
  @Field(() => [WithheldFieldInput], { nullable: true, description: "涉密不予公开的字段" })
  withheld?: WithheldFieldInput[];
}

@ObjectType("ResultCode", { description: "检查结果类别" })
export class ResultCodeType {
  @Field() code: string;
  @Field() name: string;
  @Field({ description: "是否属于发现问题" }) problemFound: boolean;
  @Field(() => String, { nullable: true, description: "本部门映射的省级平台代码" }) provincialCode: string | null;
  @Field({ description: "本部门自行增加的类别" }) own: boolean;
}

@ObjectType("WithheldField")
export class WithheldFieldType {
  @Field() field: string;
  @Field({ description: "不予公开说明" }) note: string;
}

@ObjectType("InspectionResult", { description: "检查结果（部门内部）" })
export class InspectionResultType {
  @Field(() => ID) id: string;
  @Field(() => ID) assignmentId: string;
  @Field(() => ID) subjectId: string;
  @Field(() => ID) recordId: string;
  @Field() categoryCode: string;
  @Field() problems: string;
  @Field() handling: string;
  @Field(() => [WithheldFieldInputType]) withheld: WithheldFieldInputType[];
  @Field(() => ResultStatusEnum) status: ResultStatusEnum;
  @Field(() => Int, { description: "公示版本（更正后递增）" }) version: number;
  @Field(() => String, { nullable: true, description: "退回原因" }) returnedReason: string | null;
  @Field(() => Date, { nullable: true }) submittedAt: Date | null;
  @Field(() => Date, { nullable: true }) approvedAt: Date | null;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;

  static from(e: InspectionResultEntity): InspectionResultType {
    return Object.assign(new InspectionResultType(), e, { status: e.status as ResultStatusEnum });
  }
}

@ObjectType("WithheldMark")
export class WithheldFieldInputType {
  @Field() field: string;
  @Field() kind: string;
}

@ObjectType("InspectionResultPage")
export class InspectionResultPage {
  @Field(() => [InspectionResultType]) items: InspectionResultType[];
  @Field(() => Int) total: number;
}

@ObjectType("PublicInspector", { description: "检查人员（公开：姓名与执法证号）" })
export class PublicInspectorType {
  @Field() name: string;
  @Field() certificateNo: string;
}

@ObjectType("PublicJointDepartment", { description: "联合检查的参与部门" })
export class PublicJointDepartmentType {
  @Field(() => ID) id: string;
  @Field() name: string;
}

@ObjectType("PublicJointVisit", { description: "部门联合抽查：同一次上门，各部门分别公示本部门的检查结果" })
export class PublicJointVisitType {
  @Field(() => ID) visitId: string;
  @Field({ description: "部门联合抽查任务" }) taskName: string;
  @Field(() => [PublicJointDepartmentType], { description: "参与部门（发起部门在前）" })
  departments: PublicJointDepartmentType[];
}

@ObjectType("PublishedResult", { description: "已公示的抽查结果（已脱敏）" })
export class PublishedResultType {
  @Field(() => ID) id: string;
  @Field(() => ID) resultId: string;
  @Field(() => Int) version: number;
  @Field(() => ID, { description: "抽查部门" }) departmentId: string;
  @Field() departmentName: string;
  @Field({ description: "市场主体名称" }) subjectName: string;
  @Field(() => String, { nullable: true }) creditCode: string | null;
  @Field(() => String, { nullable: true, description: "法定代表人/经营者（个体工商户已脱敏）" })
  legalRepresentative: string | null;
  @Field(() => String, { nullable: true }) address: string | null;
  @Field() taskName: string;
  @Field(() => String, { nullable: true }) mode: string | null;
  @Field() inspectedOn: string;
  @Field() categoryCode: string;
  @Field() categoryName: string;
  @Field(() => String, { nullable: true }) problems: string | null;
  @Field(() => String, { nullable: true }) handling: string | null;
  @Field(() => [String], { nullable: true, description: "抽查事项" }) items: string[] | null;
  @Field(() => [PublicInspectorType]) inspectors: PublicInspectorType[];
  @Field(() => [WithheldFieldType], { description: "依法不予公开的内容及说明" }) withheld: WithheldFieldType[];
  @Field() publishedAt: Date;
  @Field(() => String, { nullable: true, description: "更正原因" }) correctionReason: string | null;
  @Field(() => [String], { nullable: true, description: "更正的字段" }) changes: string[] | null;
  @Field(() => Date, { nullable: true, description: "被更正时间（已被新版本取代）" }) supersededAt: Date | null;
  @Field(() => PublicJointVisitType, {
    nullable: true,
    description: "部门联合抽查的一部分时：该次联合检查及其参与部门（本结果为本部门承担事项的结果）",
  })
  jointVisit: PublicJointVisitType | null;

  static from(p: ResultPublicationEntity): PublishedResultType {
    const c: PublicContent = p.content;
    return Object.assign(new PublishedResultType(), c, {
      jointVisit: c.jointVisit ?? null,
      id: p.id,
      resultId: p.resultId,
      version: p.version,
      departmentId: p.tenantId,
      publishedAt: p.publishedAt,
      correctionReason: p.correctionReason,
      changes: p.changes,
      supersededAt: p.supersededAt,
    });
  }
}

const PublishedResultEdge = edgeType("PublishedResultEdge", PublishedResultType);

@ObjectType("PublishedResultPage", { description: "公示结果列表（也是 Relay connection：edges + pageInfo）" })
export class PublishedResultPage {
  @Field(() => [PublishedResultType]) items: PublishedResultType[];
  @Field(() => Int) total: number;
  @Field({ description: `total 为估计值：超过 ${COUNT_CAP.toLocaleString("en-US")} 条时按统计信息估计，不再逐条计数` })
  totalIsEstimate: boolean;
  @Field(() => [PublishedResultEdge]) edges: Array<InstanceType<typeof PublishedResultEdge>>;
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

export enum DeadlineKindEnum {
  NOTICE = "NOTICE",
  REPORT = "REPORT",
  PUBLICATION = "PUBLICATION",
  FOLLOW_UP = "FOLLOW_UP",
  PENALTY_PUBLICATION = "PENALTY_PUBLICATION",
  TRANSFER_FEEDBACK = "TRANSFER_FEEDBACK",
  PLAN_ROUND = "PLAN_ROUND",
  RESULT_FEEDBACK = "RESULT_FEEDBACK",
}
registerEnumType(DeadlineKindEnum, {
  name: "DeadlineKind",
  valuesConfig: {
    NOTICE: { description: "通知被抽查对象" },
    REPORT: { description: "检查情况报告" },
    PUBLICATION: { description: "结果公示" },
    FOLLOW_UP: { description: "后续处置（办理期限）" },
    PENALTY_PUBLICATION: { description: "行政处罚信息公示（处罚决定后工作日）" },
    TRANSFER_FEEDBACK: { description: "移交反馈（收到移交后工作日内接收或退回）" },
    PLAN_ROUND: { description: "计划抽查轮次（每年不少于 N 次：第 k 轮于第 ⌈12k/N⌉ 月末前开展）" },
    RESULT_FEEDBACK: { description: "检查结果反馈（检查报告完成后工作日内向被检查对象反馈，如住建局 5 个工作日）" },
  },
});

@ObjectType("InspectionDeadline", { description: "待办期限（工作日计算）" })
export class InspectionDeadlineType {
  @Field(() => ID, { nullable: true, description: "检查任务（由其他部门移交而来的后续处置事项为空）" })
  assignmentId: string | null;
  @Field(() => ID, { nullable: true, description: "后续处置事项（FOLLOW_UP、PENALTY_PUBLICATION）" })
  followUpId: string | null;
  @Field(() => ID, { nullable: true, description: "收到的移交（仅 TRANSFER_FEEDBACK）" }) transferId: string | null;
  @Field(() => ID, { nullable: true, description: "检查对象（PLAN_ROUND 为空）" }) subjectId: string | null;
  @Field(() => ID, { nullable: true, description: "抽查计划（仅 PLAN_ROUND）" }) planId: string | null;
  @Field(() => Int, { nullable: true, description: "第几轮（仅 PLAN_ROUND）" }) round: number | null;
  @Field(() => ID, { nullable: true, description: "计划所属部门（仅 PLAN_ROUND；协调部门可见本地区各部门）" })
  departmentId: string | null;
  @Field(() => DeadlineKindEnum) kind: DeadlineKindEnum;
  @Field() dueDate: string;
  @Field({ description: "OK / DUE_SOON 即将到期 / OVERDUE 已逾期" }) state: string;
  @Field({ description: "截止日期为估算（超出节假日数据范围）" }) approximate: boolean;

  static from(d: DeadlineItem): InspectionDeadlineType {
    return Object.assign(new InspectionDeadlineType(), d, {
      kind: d.kind as DeadlineKindEnum,
      transferId: d.transferId ?? null,
      planId: d.planId ?? null,
      round: d.round ?? null,
      departmentId: d.departmentId ?? null,
    });
  }
}

@ObjectType("CategoryCount")
export class CategoryCountType {
  @Field() code: string;
  @Field() name: string;
  @Field(() => Int) count: number;
}

@ObjectType("SummaryRow", { description: "抽查情况汇总表行" })
export class SummaryRowType {
  @Field(() => Int, { description: "序号" }) no: number;
  @Field({ description: "市场主体名称" }) subjectName: string;
  @Field({ description: "市场主体地址" }) address: string;
  @Field({ description: "检查人员" }) inspectors: string;
  @Field({ description: "存在问题" }) problems: string;
  @Field({ description: "结果公示" }) publication: string;
  @Field({ description: "备注" }) note: string;
}

@ObjectType("InspectionSummary", { description: "抽查情况汇总表（附件7）及考核指标" })
export class InspectionSummaryType {
  @Field(() => Int) year: number;
  @Field(() => ID, { nullable: true }) taskId: string | null;
  @Field(() => Int, { description: "抽取户数" }) drawn: number;
  @Field(() => Int, { description: "已检查" }) inspected: number;
  @Field(() => Int, { description: "已公示" }) published: number;
  @Field(() => Int, { description: "按期公示" }) publishedOnTime: number;
  @Field(() => Int, { description: "有逾期事项的检查任务数" }) overdue: number;
  @Field(() => Int) followUpsOpen: number;
  @Field(() => Int) followUpsClosed: number;
  @Field(() => [CategoryCountType]) byCategory: CategoryCountType[];
  @Field(() => Float, { nullable: true, description: "开展率（事项清单覆盖率）" }) coverageRate: number | null;
  @Field(() => Float, { nullable: true, description: "公示率（目标 100%）" }) publicationRate: number | null;
  @Field(() => Float, { nullable: true, description: "后续处置率（目标 100%）" }) followUpRate: number | null;
  @Field(() => Float, { nullable: true, description: "问题发现率" }) problemRate: number | null;
  @Field(() => Float, {
    nullable: true,
    description: "联合抽查占比：本部门随机抽查中属于部门联合抽查的比例（无随机抽查时为空）",
  })
  jointShare: number | null;
  /** `rows` is a field resolver (InspectionReportResolver): loaded only when asked for. */
}
