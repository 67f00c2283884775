import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, Max, Min, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { ExpertSlotsInput, SamplingRuleInput, StratifyByEnum } from "../plan/plan.input";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MSG = { message: "日期格式应为 YYYY-MM-DD" };

@InputType({ description: "检查对象范围（发起部门的检查对象名录库）" })
export class JointTargetScopeInput {
  @Field(() => [String], { nullable: true, description: "检查对象类型" }) subjectKinds?: string[];
  @Field(() => [String], { nullable: true, description: "国民经济行业分类代码（前缀）" }) industryCodes?: string[];
  @Field(() => [String], { nullable: true, description: "行政区划代码" }) regionCodes?: string[];
  @Field(() => [String], { nullable: true, description: "发起部门的子库" }) subLibraries?: string[];
  @Field(() => [String], { nullable: true, description: "行业标签" }) tags?: string[];
}

@InputType({ description: "参与部门及建议其承担的抽查事项" })
export class JointDepartmentInput {
  @Field(() => ID) departmentId: string;

  @Field(() => [ID], {
    defaultValue: [],
    description: "该部门已公布清单中的抽查事项，或部门联合抽查事项清单中属于该部门的条目（参与部门确认时可调整）",
  })
  @ArrayMaxSize(100)
  itemIds: string[];
}

@InputType()
export class NewJointTaskInput {
  @Field(() => ID) planId: string;

  @Field({ description: "任务名称" })
  @Length(1, 200, { message: "任务名称须为 1–200 个字符" })
  name: string;

  @Field(() => ID, { description: "发起部门" }) initiatingDepartmentId: string;

  @Field(() => [JointDepartmentInput], { description: "全部参与部门（含发起部门，至少两个）" })
  @ValidateNested({ each: true })
  @ArrayMinSize(2, { message: "部门联合抽查至少需要两个部门（含发起部门）" })
  @ArrayMaxSize(30)
  departments: JointDepartmentInput[];

  @Field({ description: "检查开始日期" })
  @Matches(DATE, DATE_MSG)
  windowFrom: string;

  @Field({ description: "检查结束日期" })
  @Matches(DATE, DATE_MSG)
  windowTo: string;

  @Field(() => JointTargetScopeInput, { defaultValue: {} }) targetScope: JointTargetScopeInput;

  @Field(() => SamplingRuleInput)
  @ValidateNested()
  samplingRule: SamplingRuleInput;

  @Field(() => StratifyByEnum, { defaultValue: StratifyByEnum.NONE }) stratifyBy: StratifyByEnum;

  @Field(() => [String], { defaultValue: [], description: "检查通知中请检查对象准备的材料（不填用默认）" })
  @ArrayMaxSize(30)
  materials: string[];

  @Field(() => String, {
    nullable: true,
    description: "计划已公布时必填：修订理由（随修订内容向社会公开）",
  })
  revisionReason?: string | null;
}

@InputType({ description: "本部门在联合检查组中的组队规则" })
export class JointTeamRuleInput {
  @Field(() => Int, { nullable: true, description: "本部门至少选派人数（默认 1）" })
  @IsOptional()
  @Min(1, { message: "每个参与部门至少选派 1 人" })
  @Max(10)
  minSize?: number;

  @Field(() => Int, { nullable: true, description: "本部门最多选派人数" })
  @IsOptional()
  @Min(1)
  @Max(10)
  maxSize?: number;

  @Field(() => [String], { nullable: true, description: "须具备的执法类别（默认取所选事项要求的类别）" })
  requiredCategories?: string[];

  @Field(() => String, { nullable: true, description: "只从该子库选派" }) subLibrary?: string | null;

  @Field(() => ExpertSlotsInput, {
    nullable: true,
    description: "本部门随行专家/辅助人员（从其子库为每个检查对象随机抽取，不计入执法检查人员；不填则不抽取）",
  })
  @IsOptional()
  @ValidateNested()
  experts?: ExpertSlotsInput | null;
}

@InputType()
export class ConfirmJointParticipationInput {
  @Field(() => ID) taskId: string;

  @Field(() => [ID], { nullable: true, description: "本部门承担的抽查事项（不填则采用牵头部门建议的事项）" })
  @IsOptional()
  @ArrayMaxSize(100)
  itemIds?: string[] | null;

  @Field(() => JointTeamRuleInput, { nullable: true }) teamRule?: JointTeamRuleInput | null;
}

@InputType()
export class JointVisitDateInput {
  @Field(() => ID) visitId: string;

  @Field({ description: "检查日期" })
  @Matches(DATE, DATE_MSG)
  date: string;
}

@InputType({ description: "一键合并重复检查" })
export class ConsolidateOverlapInput {
  @Field(() => ID, { description: "纳入的部门联合抽查计划" }) planId: string;
  @Field(() => ID) subjectId: string;

  @Field(() => [ID], { description: "各部门自己的抽查任务" })
  @ArrayMinSize(2)
  @ArrayMaxSize(30)
  taskIds: string[];

  @Field(() => String, {
    nullable: true,
    description: "计划已公布时必填：修订理由（随修订内容向社会公开）",
  })
  revisionReason?: string | null;
}
