import { ArrayMaxSize, IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from "class-validator";
import { Field, Float, ID, InputType, Int, registerEnumType } from "type-graphql";

export enum TaskKindEnum {
  DIRECTED = "DIRECTED",
  UNDIRECTED = "UNDIRECTED",
  COMPLAINT = "COMPLAINT",
}
registerEnumType(TaskKindEnum, {
  name: "TaskKind",
  valuesConfig: {
    DIRECTED: { description: "定向抽查" },
    UNDIRECTED: { description: "不定向抽查" },
    COMPLAINT: { description: "投诉举报核查（非随机，不计入随机抽查）" },
  },
});

export enum TaskOriginEnum {
  OWN = "OWN",
  HIGHER_LEVEL = "HIGHER_LEVEL",
  CROSS_REGION = "CROSS_REGION",
}
registerEnumType(TaskOriginEnum, {
  name: "TaskOrigin",
  description: "任务来源",
  valuesConfig: {
    OWN: { description: "本部门随机抽查任务" },
    HIGHER_LEVEL: { description: "上级下发" },
    CROSS_REGION: { description: "跨区域抽查" },
  },
});

export enum StratumMode {
  MIN = "MIN",
  MAX = "MAX",
  APPROX = "APPROX",
  FIXED = "FIXED",
  EXCLUDE = "EXCLUDE",
  ALL = "ALL",
}
registerEnumType(StratumMode, {
  name: "StratumMode",
  valuesConfig: {
    MIN: { description: "不低于 p%（向上取整，非空分层至少 1 户）" },
    MAX: { description: "不超过 p%（向下取整）" },
    APPROX: { description: "p% 左右（向上取整）" },
    FIXED: { description: "固定户数" },
    EXCLUDE: { description: "不抽取该分层" },
    ALL: { description: "全部抽取" },
  },
});

export enum StratifyByEnum {
  RISK_CLASS = "RISK_CLASS",
  TAG = "TAG",
  NONE = "NONE",
  CREDIT = "CREDIT",
}
registerEnumType(StratifyByEnum, {
  name: "StratifyBy",
  valuesConfig: {
    RISK_CLASS: { description: "按风险/信用等级分层" },
    TAG: { description: "按行业标签分层" },
    NONE: { description: "不分层" },
    CREDIT: { description: "按信用信息分层：严重违法失信、经营异常、其他（可提高比例或排除）" },
  },
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MSG = { message: "日期格式应为 YYYY-MM-DD" };

@InputType()
export class StratumRuleInput {
  @Field(() => StratumMode) mode: StratumMode;

  @Field(() => Float, { nullable: true, description: "比例（百分数，0–100，最多两位小数）" })
  @IsOptional()
  @Min(0.01, { message: "抽查比例须大于 0" })
  @Max(100, { message: "抽查比例不能超过 100%" })
  percent?: number;

  @Field(() => Int, { nullable: true, description: "固定户数" })
  @IsOptional()
  @IsInt()
  @Min(0)
  count?: number;
}

@InputType()
export class NamedStratumRuleInput extends StratumRuleInput {
  @Field({ description: "分层名称，例如风险等级 A/B/C/D 或行业标签" })
  @Length(1, 40)
  stratum: string;
}

@InputType()
export class SamplingRuleInput {
  @Field(() => StratumRuleInput, { description: "未单独设置的分层使用此规则" })
  @ValidateNested()
  default: StratumRuleInput;

  @Field(() => [NamedStratumRuleInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @ArrayMaxSize(50)
  strata: NamedStratumRuleInput[];
}

@InputType()
export class TaskFiltersInput {
  @Field(() => [String], { nullable: true, description: "检查对象类型" }) subjectKinds?: string[];
  @Field(() => [String], { nullable: true, description: "行政区划代码" }) regionCodes?: string[];
  @Field(() => [String], { nullable: true, description: "国民经济行业分类代码（前缀）" }) industryCodes?: string[];
  @Field(() => [String], { nullable: true, description: "行业标签" }) tags?: string[];
  @Field(() => [String], { nullable: true, description: "子库" }) subLibraries?: string[];
  @Field(() => [String], { nullable: true, description: "风险/信用等级" }) riskClasses?: string[];
  @Field(() => String, { nullable: true, description: "专项整治原因" }) campaignReason?: string | null;
}

@InputType()
export class TeamRuleInput {
  @Field(() => Int, { nullable: true, description: "检查组最少人数（≥2，默认 2）" })
  @IsOptional()
  @Min(2, { message: "检查组不得少于 2 人" })
  @Max(20)
  minSize?: number;

  @Field(() => Int, { nullable: true, description: "检查组最多人数（默认 3）" })
  @IsOptional()
  @Min(2)
  @Max(20)
  maxSize?: number;

  @Field(() => [String], { nullable: true, description: "检查组必须具备的执法类别（默认取所选事项要求的类别）" })
  requiredCategories?: string[];

  @Field(() => String, { nullable: true, description: "只从该子库抽取人员" }) subLibrary?: string | null;
  @Field({ nullable: true, description: "是否必须有组长（默认是）" }) requireLeader?: boolean;

  @Field(() => Int, { nullable: true, description: "每人在办任务上限" })
  @IsOptional()
  @Min(1)
  maxAssignments?: number | null;

  @Field({ nullable: true, description: "是否允许指派（默认否）" }) allowDirectAssignment?: boolean;

  @Field(() => Int, { nullable: true, description: "轮换期（月）：同一人员在此期限内不得检查同一对象（默认 12）" })
  @IsOptional()
  @Min(0)
  @Max(120)
  rotationMonths?: number;

  @Field(() => ExpertSlotsInput, { nullable: true, description: "随行专家/辅助人员（不填则不抽取）" })
  @IsOptional()
  @ValidateNested()
  experts?: ExpertSlotsInput | null;
}

@InputType({ description: "随行专家/辅助人员：从其子库中为每个检查对象随机抽取，不计入执法检查人员" })
export class ExpertSlotsInput {
  @Field(() => Int, { description: "每组随行专家/辅助人员人数（1–5）" })
  @Min(1, { message: "随行专家/辅助人员至少 1 人" })
  @Max(5, { message: "随行专家/辅助人员最多 5 人" })
  count: number;

  @Field({ description: "专家/辅助人员所在子库" })
  @Length(1, 100, { message: "请填写专家/辅助人员所在子库" })
  subLibrary: string;
}

@InputType()
export class TaskExclusionsInput {
  @Field(() => Int, { nullable: true, description: "排除本部门近 N 个月已检查的对象" }) inspectedBySelfWithinMonths?:
    | number
    | null;
  @Field(() => Int, { nullable: true, description: "排除各部门近 N 个月已检查的对象" }) inspectedByAnyWithinMonths?:
    | number
    | null;
  @Field(() => Int, { nullable: true, description: "排除本年度各部门已检查达到 N 次的对象（默认 2）" })
  yearlyCapAcrossDepartments?: number | null;
  @Field({ nullable: true, description: "排除非存续状态的对象（默认是）" }) excludeNonActive?: boolean;
  @Field(() => Int, { nullable: true, description: "上次检查未发现问题的，N 个月内不再抽取（默认 12）" })
  cleanResultWithinMonths?: number | null;
}

@InputType()
export class NewTaskInput {
  @Field(() => ID) planId: string;

  @Field({ description: "任务名称" })
  @Length(1, 200, { message: "任务名称须为 1–200 个字符" })
  name: string;

  @Field(() => TaskKindEnum) kind: TaskKindEnum;

  @Field(() => [ID], { description: "本部门已公布清单中的抽查事项" })
  @ArrayMaxSize(100)
  itemIds: string[];

  @Field(() => TaskFiltersInput, { defaultValue: {} }) filters: TaskFiltersInput;

  @Field(() => TaskOriginEnum, { defaultValue: TaskOriginEnum.OWN, description: "任务来源（默认本部门）" })
  origin: TaskOriginEnum;

  @Field(() => String, { nullable: true, description: "上级下发的下发机关，或跨区域抽查的对方地区/部门" })
  originAuthority?: string | null;

  @Field(() => String, { nullable: true, description: "下发文件或跨区域协作的文号" })
  originReference?: string | null;

  @Field(() => ID, { nullable: true, description: "所属专项检查/专项整治" })
  campaignId?: string | null;

  @Field({ description: "检查开始日期" })
  @Matches(DATE, DATE_MSG)
  windowFrom: string;

  @Field({ description: "检查结束日期" })
  @Matches(DATE, DATE_MSG)
  windowTo: string;

  @Field(() => SamplingRuleInput)
  @ValidateNested()
  samplingRule: SamplingRuleInput;

  @Field(() => StratifyByEnum, { defaultValue: StratifyByEnum.RISK_CLASS }) stratifyBy: StratifyByEnum;

  @Field(() => String, { nullable: true, description: "低于本部门抽查比例下限时必须填写的调整理由（记录在案）" })
  policyOverrideReason?: string | null;

  @Field(() => TeamRuleInput, { defaultValue: {} }) teamRule: TeamRuleInput;
  @Field(() => TaskExclusionsInput, { nullable: true }) exclusions?: TaskExclusionsInput;

  @Field(() => Int, { nullable: true, description: "抽取结果公示前的保密天数（默认按本部门设置）" })
  @IsOptional()
  @Min(0)
  @Max(365)
  drawEmbargoDays?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "计划已公布时必填：修订理由（随修订内容向社会公开）",
  })
  revisionReason?: string | null;
}

@InputType()
export class DrawInput {
  @Field(() => ID) taskId: string;

  @Field(() => String, {
    nullable: true,
    description: "现场监督人登录名（监督人已在本人设备上确认时不填）",
  })
  witnessUsername?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "现场监督人密码（由监督人本人当场输入；已在本人设备上确认时不填）",
  })
  witnessPassword?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "现场监督人输入的随机数（任意文字，例如现场掷骰结果；已在本人设备上确认时不填）",
  })
  @IsOptional()
  @Length(1, 200, { message: "随机数须为 1–200 个字符" })
  witnessEntropy?: string | null;
}

@InputType()
export class DirectAssignmentInput {
  @Field(() => ID) taskId: string;
  @Field(() => ID, { description: "检查对象" }) subjectId: string;

  @Field(() => [ID], { description: "检查组成员" })
  @ArrayMaxSize(20)
  inspectorIds: string[];

  @Field(() => ID, { description: "组长" }) leaderId: string;

  @Field({ description: "指派理由；投诉举报核查请注明来源" })
  @Length(1, 500, { message: "理由须为 1–500 个字符" })
  reason: string;
}
