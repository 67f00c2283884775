import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { CountyDepartmentRow, CountyRollup } from "../../domain/county/rollup";
import type { JointMemberUnitEntity } from "../../entities/county/joint-member-unit.entity";
import { CategoryCountType } from "../inspection/result.type";
import { TenantType } from "../system/tenant.type";

export enum FilingStateEnum {
  FILED = "FILED",
  FILED_LATE = "FILED_LATE",
  PENDING = "PENDING",
  OVERDUE = "OVERDUE",
}
registerEnumType(FilingStateEnum, {
  name: "FilingState",
  description: "年度计划报联席会议办公室备案情况",
  valuesConfig: {
    FILED: { description: "已按期备案" },
    FILED_LATE: { description: "逾期后备案" },
    PENDING: { description: "未备案（未到期限）" },
    OVERDUE: { description: "逾期未备案" },
  },
});

@ObjectType("JointMemberUnit", { description: "联席会议成员单位" })
export class JointMemberUnitType {
  @Field(() => ID) id: string;
  @Field({ description: "成员单位名称" }) name: string;
  @Field(() => ID, { nullable: true, description: "已接入平台的，对应的部门" }) memberTenantId: string | null;
  @Field({ description: "联席会议成员（分管负责同志姓名及职务）" }) representative: string;
  @Field({ description: "联络员" }) liaisonName: string;
  @Field({ description: "联络员电话" }) liaisonPhone: string;
  @Field(() => Date, { nullable: true, description: "联络员最近调整时间（备案）" }) liaisonChangedAt: Date | null;
  @Field(() => Int) sortOrder: number;

  static from(e: JointMemberUnitEntity): JointMemberUnitType {
    return Object.assign(new JointMemberUnitType(), e);
  }
}

@InputType({ description: "联席会议成员单位" })
export class JointMemberUnitInput {
  @Field() name: string;
  @Field(() => ID, { nullable: true }) memberTenantId?: string | null;
  @Field(() => String, { nullable: true }) representative?: string | null;
  @Field(() => String, { nullable: true }) liaisonName?: string | null;
  @Field(() => String, { nullable: true }) liaisonPhone?: string | null;
  @Field(() => Int, { nullable: true }) sortOrder?: number | null;
}

@InputType({ description: "修改联席会议成员单位：省略的项不变" })
export class JointMemberUnitPatch {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => ID, { nullable: true, description: "null 解除关联" }) memberTenantId?: string | null;
  @Field(() => String, { nullable: true }) representative?: string | null;
  @Field(() => String, { nullable: true }) liaisonName?: string | null;
  @Field(() => String, { nullable: true }) liaisonPhone?: string | null;
  @Field(() => Int, { nullable: true }) sortOrder?: number | null;
}

@ObjectType("PlanRounds", { description: "计划的抽查频次（每年不少于 N 次）执行情况" })
export class PlanRoundsType {
  @Field(() => ID) planId: string;
  @Field() planTitle: string;
  @Field(() => Int, { description: "每年应抽查轮次" }) required: number;
  @Field(() => Int, { description: "已抽取轮次（本部门随机抽查任务）" }) drawn: number;
  @Field(() => [String], { description: "各轮次应完成日期（全年均匀分布的月末）" }) dueDates: string[];
  @Field(() => Int, { description: "已过期限仍未抽取的轮次" }) overdue: number;
  @Field(() => String, { nullable: true, description: "下一轮应完成日期" }) nextDueDate: string | null;
  @Field({ description: "已抽取轮次少于全年应抽查轮次" }) short: boolean;
}

@ObjectType("CountyDepartmentRow", { description: "全县汇总：一个部门的年度情况" })
export class CountyDepartmentRowType {
  @Field(() => TenantType) department: TenantType;
  @Field(() => JointMemberUnitType, { nullable: true, description: "联席会议成员单位登记" })
  memberUnit: JointMemberUnitType | null;
  @Field(() => Int, { description: "可见的年度计划数（已公布或已备案）" }) plans: number;
  @Field(() => Int, { description: "已公布计划" }) plansPublished: number;
  @Field(() => Int, { description: "已备案计划" }) plansFiled: number;
  @Field(() => FilingStateEnum) filing: FilingStateEnum;
  @Field(() => String, { nullable: true, description: "首次备案日期" }) filedOn: string | null;
  @Field(() => Int, { description: "逾期未公布的计划" }) plansOverdue: number;
  @Field(() => Int, { description: "已抽取的抽查任务" }) tasksDrawn: number;
  @Field(() => Int, { description: "抽取户数" }) drawn: number;
  @Field(() => Int, { description: "已检查" }) inspected: number;
  @Field(() => Int, { description: "已公示" }) published: number;
  @Field(() => Int, { description: "按期公示" }) publishedOnTime: number;
  @Field(() => Int, { description: "有逾期事项的检查" }) overdue: number;
  @Field(() => Int) followUpsOpen: number;
  @Field(() => Int) followUpsClosed: number;
  @Field(() => [CategoryCountType]) byCategory: CategoryCountType[];
  @Field(() => Float, { nullable: true, description: "开展率（事项清单覆盖率）" }) coverageRate: number | null;
  @Field(() => Float, { nullable: true, description: "检查完成率（已检查 / 抽取户数）" }) completionRate: number | null;
  @Field(() => Float, { nullable: true, description: "公示率" }) publicationRate: number | null;
  @Field(() => Float, { nullable: true, description: "后续处置率" }) followUpRate: number | null;
  @Field(() => Float, { nullable: true, description: "问题发现率" }) problemRate: number | null;
  @Field(() => Int, { description: "本年度发起联合抽查" }) jointInitiated: number;
  @Field(() => Int, { description: "本年度参与联合抽查" }) jointJoined: number;
  @Field(() => Int, { description: "本年度本部门检查结果已公示的联合抽查" }) jointPublished: number;
  @Field(() => Float, { nullable: true, description: "联合抽查占比（本部门随机抽查中联合抽查部分的比例）" })
  jointShare: number | null;
  @Field(() => Int, { description: "其中本部门随机抽查任务" }) tasksOwn: number;
  @Field(() => Int, { description: "其中上级下发任务" }) tasksHigherLevel: number;
  @Field(() => Int, { description: "其中跨区域抽查任务" }) tasksCrossRegion: number;
  @Field(() => Int, { description: "已抽取任务中属于专项检查/专项整治的" }) tasksCampaign: number;
  @Field(() => Int, { description: "上级下发任务的抽取户数" }) drawnHigherLevel: number;
  @Field(() => Int, { description: "跨区域抽查任务的抽取户数" }) drawnCrossRegion: number;
  @Field(() => [PlanRoundsType], { description: "设置了抽查频次的计划" }) rounds: PlanRoundsType[];
  @Field(() => Int, { description: "逾期事项合计（计划、备案、检查期限、抽查轮次）" }) overdueItems: number;

  static from(r: CountyDepartmentRow): CountyDepartmentRowType {
    return Object.assign(new CountyDepartmentRowType(), {
      ...r,
      rounds: r.rounds.map((x) => Object.assign(new PlanRoundsType(), x)),
      department: TenantType.from(r.department),
      memberUnit: r.memberUnit ? JointMemberUnitType.from(r.memberUnit) : null,
      filing: r.filing as FilingStateEnum,
    });
  }
}

@ObjectType("CountyTotals", { description: "全县合计" })
export class CountyTotalsType {
  @Field(() => Int) departments: number;
  @Field(() => Int, { description: "已备案部门" }) plansFiled: number;
  @Field(() => Int, { description: "逾期未备案部门" }) filingOverdue: number;
  @Field(() => Int) tasksDrawn: number;
  @Field(() => Int, { description: "本部门随机抽查任务" }) tasksOwn: number;
  @Field(() => Int, { description: "上级下发任务" }) tasksHigherLevel: number;
  @Field(() => Int, { description: "跨区域抽查任务" }) tasksCrossRegion: number;
  @Field(() => Int, { description: "专项检查/专项整治任务" }) tasksCampaign: number;
  @Field(() => Int, { description: "抽查频次不足的部门" }) roundsShort: number;
  @Field(() => Int, { description: "逾期未抽取的轮次" }) roundsOverdue: number;
  @Field(() => Int) drawn: number;
  @Field(() => Int) inspected: number;
  @Field(() => Int) published: number;
  @Field(() => Int) overdueItems: number;
  @Field(() => Float, { nullable: true }) publicationRate: number | null;
  @Field(() => Float, { nullable: true }) completionRate: number | null;
  @Field(() => Int, { description: "本年度参加联合抽查（本部门结果已公示）的部门" }) jointDepartments: number;
  @Field(() => Float, { nullable: true, description: "全县联合抽查占比（随机抽查中联合抽查部分的比例）" })
  jointShare: number | null;
}

@ObjectType("CountyRollup", { description: "联席会议办公室：全县“双随机、一公开”工作汇总" })
export class CountyRollupType {
  @Field(() => Int) year: number;
  @Field() regionCode: string;
  @Field(() => TenantType) coordinator: TenantType;
  @Field({ description: "各部门年度计划备案期限" }) filingDueDate: string;
  @Field({ description: "部门联合抽查年度计划制定期限" }) jointPlanDueDate: string;
  @Field() jointPlanPublished: boolean;
  @Field() jointPlanOverdue: boolean;
  @Field(() => [CountyDepartmentRowType]) departments: CountyDepartmentRowType[];
  @Field(() => [JointMemberUnitType], { description: "尚未接入平台的成员单位" })
  unitsOffPlatform: JointMemberUnitType[];
  @Field(() => CountyTotalsType) totals: CountyTotalsType;

  static from(r: CountyRollup): CountyRollupType {
    return Object.assign(new CountyRollupType(), {
      ...r,
      coordinator: TenantType.from(r.coordinator),
      departments: r.departments.map(CountyDepartmentRowType.from),
      unitsOffPlatform: r.unitsOffPlatform.map(JointMemberUnitType.from),
      totals: Object.assign(new CountyTotalsType(), r.totals),
    });
  }
}
