import { Field, Float, InputType, Int, ObjectType } from "type-graphql";

@ObjectType("ExclusionSettings", { description: "抽取时的排除规则（本部门默认值，任务可单独设置）" })
export class ExclusionSettingsType {
  @Field(() => Int, { nullable: true, description: "排除本部门近 N 个月已检查的对象" }) inspectedBySelfWithinMonths:
    | number
    | null;
  @Field(() => Int, { nullable: true, description: "排除各部门近 N 个月已检查的对象" }) inspectedByAnyWithinMonths:
    | number
    | null;
  @Field(() => Int, { nullable: true, description: "本年度各部门检查次数上限" }) yearlyCapAcrossDepartments:
    | number
    | null;
  @Field({ description: "排除非存续状态的对象" }) excludeNonActive: boolean;
  @Field(() => Int, { nullable: true, description: "上次检查未发现问题的，N 个月内不再抽取" }) cleanResultWithinMonths:
    | number
    | null;
}

@ObjectType("InspectionDeadlineSettings", { description: "检查期限规则（按工作日计算，节假日与调休按日历）" })
export class InspectionDeadlineSettingsType {
  @Field(() => Int, { description: "检查情况报告：检查后 N 个工作日内（默认 5）" }) reportWorkingDays: number;
  @Field(() => Int, { description: "结果公示：检查后 N 个工作日内（默认 20）" }) publishWorkingDays: number;
  @Field(() => Int, { description: "通知被抽查对象：抽取后 N 个工作日内（默认 3）" }) noticeWorkingDays: number;
  @Field(() => Int, { description: "到期前 N 个工作日起标记为即将到期（默认 2）" }) dueSoonWorkingDays: number;
  @Field(() => Int, { description: "行政处罚信息公示：处罚决定后 N 个工作日内（默认 7）" })
  penaltyPublishWorkingDays: number;
  @Field(() => Int, { description: "移交反馈：收到移交后 N 个工作日内接收或退回（默认 5）" })
  transferFeedbackWorkingDays: number;
  @Field(() => Int, {
    description: "检查结果反馈：检查报告完成后 N 个工作日内向被检查对象反馈（住建局 5；0 为本部门无此要求，默认 0）",
  })
  resultFeedbackWorkingDays: number;
}

@ObjectType("TenantSettings", { description: "本部门规则设置" })
export class TenantSettingsType {
  @Field(() => Float, { description: "抽查比例下限（%）" }) samplingFloorPercent: number;
  @Field({ description: "年度计划制定期限（MM-DD）" }) planDueMonthDay: string;
  @Field(() => Int, { description: "抽取结果保密天数" }) drawEmbargoDays: number;
  @Field(() => Int, { description: "抽取前公示期：锁定抽取参数后满 N 个工作日方可抽取（默认 1）" })
  drawNoticeWorkingDays: number;
  @Field(() => Int, { nullable: true, description: "每次抽取（每个部门）回避递补超过 N 次须说明理由（默认 3）" })
  recusalCapPerDraw: number | null;
  @Field(() => Int, { description: "轮换期（月）" }) rotationMonths: number;
  @Field(() => Int, { description: "清单草稿未发布提醒期限（工作日）" }) draftStaleWorkingDays: number;
  @Field(() => ExclusionSettingsType) exclusions: ExclusionSettingsType;
  @Field(() => InspectionDeadlineSettingsType) inspectionDeadlines: InspectionDeadlineSettingsType;
  @Field(() => Int, { description: "联席会议办公室：各部门年度计划备案期限（当年 N 月底，默认 2 月底）" })
  filingDueMonth: number;
  @Field(() => Int, { description: "联席会议办公室：部门联合抽查年度计划制定期限（当年 N 月底，默认 3 月底）" })
  jointPlanDueMonth: number;
}

@InputType()
export class ExclusionSettingsInput {
  @Field(() => Int, { nullable: true }) inspectedBySelfWithinMonths?: number | null;
  @Field(() => Int, { nullable: true }) inspectedByAnyWithinMonths?: number | null;
  @Field(() => Int, { nullable: true }) yearlyCapAcrossDepartments?: number | null;
  @Field({ nullable: true }) excludeNonActive?: boolean;
  @Field(() => Int, { nullable: true }) cleanResultWithinMonths?: number | null;
}

@InputType({ description: "检查期限规则：省略的项不变，null 恢复默认值" })
export class InspectionDeadlineSettingsInput {
  @Field(() => Int, { nullable: true }) reportWorkingDays?: number | null;
  @Field(() => Int, { nullable: true }) publishWorkingDays?: number | null;
  @Field(() => Int, { nullable: true }) noticeWorkingDays?: number | null;
  @Field(() => Int, { nullable: true }) dueSoonWorkingDays?: number | null;
  @Field(() => Int, { nullable: true }) penaltyPublishWorkingDays?: number | null;
  @Field(() => Int, { nullable: true }) transferFeedbackWorkingDays?: number | null;
  @Field(() => Int, { nullable: true }) resultFeedbackWorkingDays?: number | null;
}

@InputType()
export class TenantSettingsInput {
  @Field(() => Float, { nullable: true }) samplingFloorPercent?: number;
  @Field({ nullable: true }) planDueMonthDay?: string;
  @Field(() => Int, { nullable: true }) drawEmbargoDays?: number;
  @Field(() => Int, { nullable: true }) drawNoticeWorkingDays?: number;
  @Field(() => Int, { nullable: true }) recusalCapPerDraw?: number | null;
  @Field(() => Int, { nullable: true }) rotationMonths?: number;
  @Field(() => Int, { nullable: true }) draftStaleWorkingDays?: number;
  @Field(() => Int, { nullable: true }) filingDueMonth?: number;
  @Field(() => Int, { nullable: true }) jointPlanDueMonth?: number;
  @Field(() => ExclusionSettingsInput, { nullable: true }) exclusions?: ExclusionSettingsInput;
  @Field(() => InspectionDeadlineSettingsInput, { nullable: true })
  inspectionDeadlines?: InspectionDeadlineSettingsInput;
}
