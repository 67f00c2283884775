import type { IsoDate } from "../../calendar";
import type { JointMemberUnitEntity } from "../../entities/county/joint-member-unit.entity";
import type { TenantEntity } from "../../entities/system/tenant.entity";
import type { InspectionKpis } from "../inspection/kpis";
import type { FilingState } from "./deadlines";
import type { RoundsStatus } from "./rounds";

/**
 * 全县汇总 as the county service computes it (countyService.rollup) and the GraphQL types show it
 * (src/schema/county/county.type.ts): one row per department of the region and the region's totals.
 */
export interface CountyDepartmentRow extends InspectionKpis {
  department: TenantEntity;
  memberUnit: JointMemberUnitEntity | null;
  plans: number;
  plansPublished: number;
  plansFiled: number;
  filing: FilingState;
  filedOn: IsoDate | null;
  plansOverdue: number;
  tasksDrawn: number;
  jointInitiated: number;
  jointJoined: number;
  /** Joint tasks in which the department's part was published ("at least one joint inspection a year"). */
  jointPublished: number;
  /** Random checks (own draws and joint parts) and the joint parts among them: 联合抽查占比. */
  randomChecks: number;
  jointChecks: number;
  jointShare: number | null;
  /** 检查完成率: inspected of drawn. */
  completionRate: number | null;
  /** Of tasksDrawn: 上级下发 tasks, 跨区域 tasks; the rest are the department's own. */
  tasksHigherLevel: number;
  tasksCrossRegion: number;
  tasksOwn: number;
  /** Drawn tasks that belong to a 专项检查/专项整治. */
  tasksCampaign: number;
  /** Assignments (抽取户数) of 上级下发 and 跨区域 tasks, counted apart from the own random ones. */
  drawnHigherLevel: number;
  drawnCrossRegion: number;
  /** Required rounds (抽查频次) of each visible plan that sets them. */
  rounds: Array<RoundsStatus & { planId: string; planTitle: string }>;
  /** Plans overdue, the filing overdue, assignments with an overdue deadline, rounds overdue. */
  overdueItems: number;
}

/** The region's totals over its departments' rows. */
export interface CountyTotals {
  departments: number;
  plansFiled: number;
  filingOverdue: number;
  tasksDrawn: number;
  tasksOwn: number;
  tasksHigherLevel: number;
  tasksCrossRegion: number;
  tasksCampaign: number;
  roundsShort: number;
  roundsOverdue: number;
  drawn: number;
  inspected: number;
  published: number;
  overdueItems: number;
  publicationRate: number | null;
  completionRate: number | null;
  jointDepartments: number;
  jointShare: number | null;
}

/** 联席会议办公室：全县“双随机、一公开”工作汇总 of one year. */
export interface CountyRollup {
  year: number;
  regionCode: string;
  coordinator: TenantEntity;
  filingDueDate: IsoDate;
  jointPlanDueDate: IsoDate;
  jointPlanPublished: boolean;
  jointPlanOverdue: boolean;
  departments: CountyDepartmentRow[];
  /** Member units (成员单位) not yet on the platform. */
  unitsOffPlatform: JointMemberUnitEntity[];
  totals: CountyTotals;
}
