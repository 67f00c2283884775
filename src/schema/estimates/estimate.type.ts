import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";

export enum EstimateScopeEnum {
  PUBLIC = "PUBLIC",
  DEPARTMENT = "DEPARTMENT",
  COUNTY = "COUNTY",
}
registerEnumType(EstimateScopeEnum, {
  name: "EstimateScope",
  description: "估计范围",
  valuesConfig: {
    PUBLIC: { description: "公开：各部门已公示的结果（无需登录）" },
    DEPARTMENT: { description: "本部门：含尚在保密期内的抽取（只计已公示结果）" },
    COUNTY: { description: "本县（区）：联席会议办公室查看本地区各部门已公开的估计" },
  },
});

export enum IndustryLevelEnum {
  SECTION = "SECTION",
  DIVISION = "DIVISION",
}
registerEnumType(IndustryLevelEnum, {
  name: "IndustryLevel",
  description: "按国民经济行业分类合并的层级",
  valuesConfig: { SECTION: { description: "门类（如 F 批发和零售业）" }, DIVISION: { description: "大类（如 F52）" } },
});

export enum RegionLevelEnum {
  COUNTY = "COUNTY",
  TOWNSHIP = "TOWNSHIP",
}
registerEnumType(RegionLevelEnum, {
  name: "RegionLevel",
  description: "按行政区划合并的层级",
  valuesConfig: { COUNTY: { description: "县（区），6 位代码" }, TOWNSHIP: { description: "乡镇（街道），9 位代码" } },
});

@ObjectType("ComplianceBounds", {
  description: "待公示结果的影响：若待公示者全部未发现问题（下限）或全部发现问题（上限）时的估计与区间",
})
export class ComplianceBoundsType {
  @Field(() => Float, { description: "全部未发现问题时的区间下限" }) lower: number;
  @Field(() => Float, { description: "全部发现问题时的区间上限" }) upper: number;
  @Field(() => Float, { description: "全部未发现问题时的估计" }) cleanEstimate: number;
  @Field(() => Float, { description: "全部发现问题时的估计" }) problemEstimate: number;
}

@ObjectType("ComplianceEstimate", {
  description:
    "存在问题的对象占总体的比例：按抽取记录分层加权的估计、置信区间和未加权的发现问题率（比例为 0–1 的小数）",
})
export class ComplianceEstimateType {
  @Field(() => Float) confidenceLevel: number;
  @Field(() => Int, { description: "各分层冻结总体数之和" }) population: number;
  @Field(() => Int, { description: "抽取了对象的分层的总体数（随机抽取所能代表的部分）" }) populationSampled: number;
  @Field(() => Int, { description: "已有公示结果的分层的总体数（估计所代表的部分）" }) populationCovered: number;
  @Field(() => Float, { nullable: true, description: "估计代表的对象数（行业、地区为估计值）" }) estimatedSize:
    | number
    | null;
  @Field(() => Int, { description: "随机抽取的对象数" }) drawn: number;
  @Field(() => Int, { description: "已公示结果数" }) published: number;
  @Field(() => Int, { description: "待公示结果数（不计为未发现问题）" }) pending: number;
  @Field(() => Int, { description: "已公示结果中发现问题的数目" }) problems: number;
  @Field(() => Float, { nullable: true, description: "加权估计；尚无公示结果时为空" }) estimate: number | null;
  @Field(() => Float, { nullable: true, description: "置信区间下限" }) lower: number | null;
  @Field(() => Float, { nullable: true, description: "置信区间上限" }) upper: number | null;
  @Field(() => Float, { nullable: true, description: "标准误" }) standardError: number | null;
  @Field(() => Float, {
    nullable: true,
    description: "未加权的发现问题率（发现问题数 ÷ 已公示数），各层比例不同时有偏",
  })
  rawRate: number | null;
  @Field(() => ComplianceBoundsType, { nullable: true }) bounds: ComplianceBoundsType | null;
  @Field(() => [String], { description: "阅读估计时须知（中文）" }) notes: string[];
}

@ObjectType("EstimateStratum", { description: "一个分层：抽取记录中的总体数、抽取数及已公示结果" })
export class EstimateStratumType {
  @Field() stratum: string;
  @Field(() => Int) population: number;
  @Field(() => Int) drawn: number;
  @Field(() => Float, { description: "抽取概率 = 抽取数 ÷ 总体数" }) selectionProbability: number;
  @Field(() => Float, { description: "权重 = 本层总体数 ÷ 任务总体数" }) weight: number;
  @Field(() => Int) published: number;
  @Field(() => Int) pending: number;
  @Field(() => Int) problems: number;
  @Field(() => Float, { nullable: true, description: "层内发现问题率" }) rate: number | null;
}

@ObjectType("TaskComplianceEstimate", { description: "一个已抽取任务的估计" })
export class TaskComplianceEstimateType {
  @Field(() => ID) taskId: string;
  @Field() taskName: string;
  @Field(() => ID) departmentId: string;
  @Field() departmentName: string;
  @Field(() => ID) drawId: string;
  @Field(() => [EstimateStratumType]) strata: EstimateStratumType[];
  @Field(() => ComplianceEstimateType) estimate: ComplianceEstimateType;
}

@ObjectType("PooledComplianceEstimate", { description: "合并估计：一个部门、行业或地区在一年内的全部随机抽取" })
export class PooledComplianceEstimateType {
  @Field({ description: "部门标识、行业或地区代码（未登记为空字符串）" }) key: string;
  @Field() label: string;
  @Field(() => Int, { description: "参与合并的任务数" }) tasks: number;
  @Field(() => ComplianceEstimateType) estimate: ComplianceEstimateType;
}

@ObjectType("ComplianceReport", { description: "合规估计（见 docs/ESTIMATES.md）" })
export class ComplianceReportType {
  @Field(() => Int) year: number;
  @Field(() => EstimateScopeEnum) scope: EstimateScopeEnum;
  @Field(() => Float) confidenceLevel: number;
  @Field(() => IndustryLevelEnum) industryLevel: IndustryLevelEnum;
  @Field(() => RegionLevelEnum) regionLevel: RegionLevelEnum;
  @Field(() => PooledComplianceEstimateType, { description: "范围内全部任务合并" })
  overall: PooledComplianceEstimateType;
  @Field(() => [TaskComplianceEstimateType]) tasks: TaskComplianceEstimateType[];
  @Field(() => [PooledComplianceEstimateType]) byDepartment: PooledComplianceEstimateType[];
  @Field(() => [PooledComplianceEstimateType]) byIndustry: PooledComplianceEstimateType[];
  @Field(() => [PooledComplianceEstimateType]) byRegion: PooledComplianceEstimateType[];
}
