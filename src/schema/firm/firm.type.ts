import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";

export enum VisitCodeStatus {
  VALID = "VALID",
  EXPIRED = "EXPIRED",
  VOIDED = "VOIDED",
  UNKNOWN = "UNKNOWN",
}
registerEnumType(VisitCodeStatus, {
  name: "VisitCodeStatus",
  description: "核验码状态",
  valuesConfig: {
    VALID: { description: "有效：真实的检查" },
    EXPIRED: { description: "已过期" },
    VOIDED: { description: "已作废（抽取或任务已撤销）" },
    UNKNOWN: { description: "未找到（非本平台签发）" },
  },
});

@ObjectType("VisitItem", { description: "检查事项及检查依据" })
export class VisitItemType {
  @Field() name: string;
  @Field({ description: "检查依据" }) legalBasis: string;
}

@ObjectType("VisitInspector", { description: "检查人员：仅姓名和执法证号" })
export class VisitInspectorType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: "执法证号" }) certificateNo: string;
  @Field({ description: "是否组长" }) leader: boolean;
}

@ObjectType("VisitExpert", {
  description: "随行专家/辅助人员：不属于执法检查人员，无执法证号；仅姓名、所在单位或所属部门",
})
export class VisitExpertType {
  @Field(() => ID, { description: "申请回避时所指的人员" }) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: "所在单位（本部门检查；联合检查为空）" })
  organisation: string | null;
  @Field(() => String, { nullable: true, description: "所属检查部门（联合检查；本部门检查为空）" })
  department: string | null;
}

@ObjectType("VisitBooking", { description: "双预约：企业提出检查时间，检查组接受或另提" })
export class VisitBookingType {
  @Field({ description: "UNSCHEDULED 未预约 / PROPOSED 企业已提出 / CONTESTED 检查组另提时间 / AGREED 已商定" })
  status: string;
  @Field({ description: "可预约的最早日期" }) bookableFrom: string;
  @Field({ description: "可预约的最晚日期（检查期限）" }) bookableTo: string;
  @Field(() => String, { nullable: true, description: "企业提出的日期" }) proposedDate: string | null;
  @Field(() => String, { nullable: true, description: "检查组另提的日期（待企业答复）" }) counterDate: string | null;
  @Field(() => String, { nullable: true, description: "商定的检查日期（检查人员所见）" }) agreedDate: string | null;
}

@ObjectType("VisitDraw", { description: "选中该企业的随机抽取（在抽取核验页面于浏览器中核验）" })
export class VisitDrawType {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: "第几次抽取" }) sequence: number;
  @Field() drawnAt: Date;
  @Field({ description: "记录封印摘要" }) sealDigest: string;
  @Field(() => Date, { nullable: true, description: "抽取名单公开时间（此前处于保密期）" }) publicAfter: Date | null;
}

@ObjectType("VisitJointDepartment", { description: "联合检查的一个检查部门及其检查人员" })
export class VisitJointDepartmentType {
  @Field({ description: "检查部门" }) department: string;
  @Field(() => [VisitInspectorType]) inspectors: VisitInspectorType[];
  @Field(() => [VisitExpertType], { description: "本部门的随行专家/辅助人员（可申请回避）" })
  experts: VisitExpertType[];
}

@ObjectType("VisitJoint", { description: "部门联合抽查（一次上门，多部门同检）" })
export class VisitJointType {
  @Field(() => ID, { nullable: true }) jointVisitId: string | null;
  @Field(() => ID, { description: "联合抽查任务（联合抽取核验页面 /public/draws/<抽取>?joint=<任务>）" })
  jointTaskId: string;
  @Field(() => [VisitJointDepartmentType], { description: "各检查部门及其人员（发起部门在前）" })
  departments: VisitJointDepartmentType[];
  @Field(() => VisitDrawType, { nullable: true, description: "联合抽取记录（在联合抽取核验页面核验）" })
  draw: VisitDrawType | null;
  @Field(() => String, { nullable: true, description: "各部门商定的检查日期（所有检查人员所见）" })
  agreedDate: string | null;
  @Field(() => String, { nullable: true, description: "各部门协商中的检查日期" }) proposedDate: string | null;
}

@ObjectType("VisitFacts", { description: "一次检查的可核验事实" })
export class VisitFactsType {
  @Field(() => ID) assignmentId: string;
  @Field({ description: "检查部门" }) department: string;
  @Field({ description: "被检查对象" }) firmName: string;
  @Field({ description: "抽查任务" }) taskName: string;
  @Field({ description: "RANDOM 随机抽取 / DIRECT 指派 / COMPLAINT 投诉举报核查 / JOINT 部门联合抽查" }) kind: string;
  @Field(() => [VisitItemType]) items: VisitItemType[];
  @Field(() => [VisitInspectorType]) inspectors: VisitInspectorType[];
  @Field(() => [VisitExpertType], { description: "随行专家/辅助人员（联合检查：各部门的）" })
  experts: VisitExpertType[];
  @Field() windowFrom: string;
  @Field() windowTo: string;
  @Field(() => VisitBookingType) booking: VisitBookingType;
  @Field(() => VisitDrawType, { nullable: true, description: "随机抽取记录（指派、投诉核查为空）" })
  draw: VisitDrawType | null;
  @Field({ description: "核验码有效期至" }) expiresOn: string;
  @Field(() => VisitJointType, {
    nullable: true,
    description: "联合检查时：全部检查部门、人员、联合抽取记录和商定日期",
  })
  joint: VisitJointType | null;
}

@ObjectType("FirmOwnRequest", { description: "企业提出的回避申请或投诉及其处理结果" })
export class FirmOwnRequestType {
  @Field(() => ID) id: string;
  @Field({ description: "RECUSAL 申请回避 / COMPLAINT 投诉" }) kind: string;
  @Field(() => ID, { nullable: true }) inspectorId: string | null;
  @Field(() => String, { nullable: true, description: "申请回避的检查人员姓名" }) inspectorName: string | null;
  @Field({ description: "PENDING 待处理 / GRANTED 已准予 / REJECTED 未准予 / CLOSED 已办结" }) status: string;
  @Field(() => String, { nullable: true, description: "监督人员处理意见" }) decisionNote: string | null;
  @Field() createdAt: Date;
}

@ObjectType("VisitHistoryEntry", { description: "办理记录的一步：预约、改期、商定，回避申请、投诉及其处理" })
export class VisitHistoryEntryType {
  @Field() at: Date;
  @Field({ description: "FIRM 企业 / TEAM 检查组 / SUPERVISOR 监督人员" }) party: string;
  @Field({
    description:
      "BOOKING_PROPOSED 企业预约 / BOOKING_COUNTER_PROPOSED 检查组另提日期 / BOOKING_ACCEPTED 日期商定 / RECUSAL_REQUESTED 申请回避 / COMPLAINT_FILED 投诉 / REQUEST_GRANTED 准予 / REQUEST_REJECTED 不予 / REQUEST_CLOSED 办结",
  })
  kind: string;
  @Field(() => String, { nullable: true, description: "所提或商定的检查日期" }) visitDate: string | null;
  @Field(() => ID, { nullable: true }) requestId: string | null;
  @Field(() => String, { nullable: true, description: "申请回避的检查人员" }) inspectorName: string | null;
  @Field(() => String, { nullable: true, description: "递补检查人员" }) substituteName: string | null;
  @Field(() => String, { nullable: true, description: "监督人员处理意见" }) note: string | null;
  @Field({ description: "说明" }) summary: string;
  @Field(() => String, { nullable: true, description: "办理部门（联合检查时为该步所属部门；本部门检查为空）" })
  department: string | null;
}

@ObjectType("FirmResultVersion", { description: "公示结果的一个版本（更正后为新版本）" })
export class FirmResultVersionType {
  @Field(() => Int) version: number;
  @Field() publishedAt: Date;
  @Field({ description: "检查结果类别" }) category: string;
  @Field(() => String, { nullable: true, description: "更正理由" }) correctionReason: string | null;
}

@ObjectType("FirmResult", { description: "本次检查已公示的结果" })
export class FirmResultType {
  @Field(() => ID) resultId: string;
  @Field({ description: "公示部门" }) department: string;
  @Field() category: string;
  @Field() publishedAt: Date;
  @Field(() => [FirmResultVersionType]) versions: FirmResultVersionType[];
}

@ObjectType("FirmSide", { description: "凭企业办事码可见：确认、评价、申请和公示结果" })
export class FirmSideType {
  @Field(() => Boolean, { nullable: true, description: "企业确认检查是否已经进行" }) tookPlace: boolean | null;
  @Field(() => Date, { nullable: true }) confirmedAt: Date | null;
  @Field(() => Int, { nullable: true, description: "评分 1–5" }) rating: number | null;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field(() => [FirmOwnRequestType]) requests: FirmOwnRequestType[];
  @Field(() => [VisitHistoryEntryType], { description: "办理记录（预约与申请及其处理，按时间先后）" })
  history: VisitHistoryEntryType[];
  @Field(() => FirmResultType, { nullable: true, description: "本部门（联合检查为发起部门）公示的结果" })
  result: FirmResultType | null;
  @Field(() => [FirmResultType], { description: "各部门公示的结果（联合检查各部门分别公示）" })
  results: FirmResultType[];
}

@ObjectType("VisitCheck", { description: "扫码核验的结果" })
export class VisitCheckType {
  @Field(() => VisitCodeStatus) status: VisitCodeStatus;
  @Field({ description: "给企业看的说明" }) message: string;
  @Field(() => VisitFactsType, { nullable: true, description: "核验码有效时的检查事实" }) facts: VisitFactsType | null;
  @Field(() => FirmSideType, { nullable: true, description: "提供了正确的企业办事码时" }) firm: FirmSideType | null;
}

@ObjectType("FirmRequest", { description: "监督人员待办：企业的回避申请或投诉（检查人员不可见）" })
export class FirmRequestType {
  @Field(() => ID) id: string;
  @Field(() => ID) assignmentId: string;
  @Field({ description: "RECUSAL 申请回避 / COMPLAINT 投诉" }) kind: string;
  @Field(() => ID, { nullable: true, description: "申请回避的检查人员" }) inspectorId: string | null;
  @Field({ description: "企业填写的理由或投诉内容" }) reason: string;
  @Field({ description: "PENDING 待处理 / GRANTED 已准予 / REJECTED 未准予 / CLOSED 已办结" }) status: string;
  @Field(() => String, { nullable: true }) decisionNote: string | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => ID, { nullable: true, description: "递补人员" }) substituteId: string | null;
  @Field() createdAt: Date;
  @Field() firmName: string;
  @Field() taskName: string;
}

@ObjectType("FirmFeedback", { description: "企业对检查的确认与评价（监督人员可见）" })
export class FirmFeedbackType {
  @Field(() => ID) assignmentId: string;
  @Field() firmName: string;
  @Field() taskName: string;
  @Field(() => String, { nullable: true, description: "商定的检查日期" }) agreedDate: string | null;
  @Field({ description: "企业确认检查已进行（否：企业称未进行检查）" }) tookPlace: boolean;
  @Field(() => String, { nullable: true }) confirmNote: string | null;
  @Field(() => Int, { nullable: true, description: "评分 1–5" }) rating: number | null;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field(() => Date, { nullable: true }) confirmedAt: Date | null;
  @Field(() => Date, { nullable: true }) ratedAt: Date | null;
}
