import type { TenantKind } from "../entities/system/tenant.entity";

/** 五原县 (150821, 巴彦淖尔市) departments from seed 000, plus 发改委 and 消防 for the joint-inspection demo. */
export const WUYUAN_REGION = "150821";

export interface DemoDepartment {
  code: string;
  name: string;
  kind: TenantKind;
  isCoordinator?: boolean;
}

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { code: "wy-samr", name: "五原县市场监督管理局", kind: "COUNTY_BUREAU", isCoordinator: true },
  { code: "wy-health", name: "五原县卫生健康委员会", kind: "COUNTY_BUREAU" },
  { code: "wy-emerg", name: "五原县应急管理局", kind: "COUNTY_BUREAU" },
  { code: "wy-tax", name: "国家税务总局五原县税务局", kind: "COUNTY_BUREAU" },
  { code: "wy-edu", name: "五原县教育局", kind: "COUNTY_BUREAU" },
  { code: "wy-trans", name: "五原县交通运输局", kind: "COUNTY_BUREAU" },
  { code: "wy-water", name: "五原县水利局", kind: "COUNTY_BUREAU" },
  { code: "wy-justice", name: "五原县司法局", kind: "COUNTY_BUREAU" },
  { code: "wy-drc", name: "五原县发展和改革委员会", kind: "COUNTY_BUREAU" },
  { code: "wy-fire", name: "五原县消防救援大队", kind: "OTHER" },
  { code: "wy-hesheng", name: "五原县和胜乡人民政府", kind: "TOWNSHIP_GOVERNMENT" },
];

/** Per department: one admin, planner, supervisor and two inspectors. */
export const DEMO_USERS = [
  { username: "admin", displayName: "管理员", roles: ["ADMIN"] },
  { username: "planner", displayName: "计划员", roles: ["PLANNER"] },
  { username: "supervisor", displayName: "监督员", roles: ["SUPERVISOR"] },
  { username: "inspector1", displayName: "检查员甲", roles: ["INSPECTOR"] },
  { username: "inspector2", displayName: "检查员乙", roles: ["INSPECTOR"] },
] as const;

/**
 * 五原县纪委监委: the body designated to supervise the region's draws (seed 004: 现场监督). Its supervisor witnesses
 * departments' draws from their own session; it keeps no directories and draws nothing.
 */
export const DEMO_DRAW_SUPERVISOR = { code: "wy-jw", name: "五原县纪委监委", kind: "OTHER" as TenantKind };
export const DEMO_DRAW_SUPERVISOR_USERS = [
  { username: "admin", displayName: "纪委监委管理员", roles: ["ADMIN"] },
  { username: "supervisor", displayName: "纪检监察员", roles: ["SUPERVISOR"] },
] as const;

export const DEMO_PASSWORD = "jointcheck-demo";
export const PLATFORM_TENANT = { code: "platform", name: "联合抽查平台运营", kind: "PLATFORM" as TenantKind };
export const PLATFORM_ADMIN = { username: "root", displayName: "平台管理员" };
