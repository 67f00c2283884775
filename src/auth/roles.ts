import { registerEnumType } from "type-graphql";

/** Roles, closed set. A coordinator tenant's users also act on joint plans through their tenant flag. */
export enum Role {
  PLATFORM_ADMIN = "PLATFORM_ADMIN",
  ADMIN = "ADMIN",
  PLANNER = "PLANNER",
  SUPERVISOR = "SUPERVISOR",
  INSPECTOR = "INSPECTOR",
  VIEWER = "VIEWER",
}

/** Every role of a department's own staff (not PLATFORM_ADMIN, which administers tenants, not their data). */
export const TENANT_STAFF: readonly Role[] = [Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.INSPECTOR, Role.VIEWER];

/** The Chinese name of each role, as clerks know them (also shown when an action needs a role they lack). */
export const ROLE_NAMES: Record<Role, string> = {
  PLATFORM_ADMIN: "平台管理员",
  ADMIN: "部门管理员",
  PLANNER: "计划制定人员",
  SUPERVISOR: "监督/审核人员",
  INSPECTOR: "执法检查人员",
  VIEWER: "只读",
};

registerEnumType(Role, {
  name: "Role",
  description: "平台角色",
  valuesConfig: {
    PLATFORM_ADMIN: { description: "平台管理员：创建部门及其首个管理员" },
    ADMIN: { description: "部门管理员" },
    PLANNER: { description: "计划制定人员" },
    SUPERVISOR: { description: "监督/审核人员" },
    INSPECTOR: { description: "执法检查人员" },
    VIEWER: { description: "只读" },
  },
});
