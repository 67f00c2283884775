import { ctx, currentTenantId } from "../context/request-context";
import { TenantEntity } from "../entities/tenant";

/** Per-tenant rules (every number differs between departments: DOMAIN.md). Stored in tenant.settings. */
export interface TenantSettings {
  /** 抽查比例不低于 N% (policy floor for a task's overall draw). */
  samplingFloorPercent: number;
  /** Annual plan due date as MM-DD of the plan year (end of January by default). */
  planDueMonthDay: string;
  /** Days between the draw and the drawn list becoming public (embargo). */
  drawEmbargoDays: number;
  exclusions: {
    inspectedBySelfWithinMonths: number | null;
    inspectedByAnyWithinMonths: number | null;
    yearlyCapAcrossDepartments: number | null;
    excludeNonActive: boolean;
  };
  rotationMonths: number;
}

export const DEFAULT_SETTINGS: TenantSettings = {
  samplingFloorPercent: 3,
  planDueMonthDay: "01-31",
  drawEmbargoDays: 0,
  exclusions: {
    inspectedBySelfWithinMonths: 6,
    inspectedByAnyWithinMonths: null,
    yearlyCapAcrossDepartments: 2,
    excludeNonActive: true,
  },
  rotationMonths: 12,
};

export async function tenantSettings(): Promise<TenantSettings> {
  const t = await ctx().manager.findOne(TenantEntity, { where: { id: currentTenantId() } });
  const s = (t?.settings ?? {}) as Partial<TenantSettings>;
  return { ...DEFAULT_SETTINGS, ...s, exclusions: { ...DEFAULT_SETTINGS.exclusions, ...(s.exclusions ?? {}) } };
}
