import { tenantLoader } from "../../context/loaders";
import { ctx, currentTenantId } from "../../context/request-context";
import {
  DEADLINE_RULE_LIMITS,
  DEFAULT_DEADLINE_RULES,
  deadlineRulesFrom,
  type InspectionDeadlineRules,
} from "../../domain/inspection/deadlines";
import { TenantEntity } from "../../entities/system/tenant.entity";
import { badInput } from "../../errors";
import { audit } from "../audit/audit.service";

/** Per-tenant rules (every number differs between departments: DOMAIN.md). Stored in tenant.settings. */
export interface TenantSettings {
  /** 抽查比例不低于 N% (policy floor for a task's overall draw). */
  samplingFloorPercent: number;
  /** Annual plan due date as MM-DD of the plan year (end of January by default). */
  planDueMonthDay: string;
  /** Days between the draw and the drawn list becoming public (embargo). */
  drawEmbargoDays: number;
  /** Working days a draw's lock (commitment and digests) is public before the draw may run (0 only per lock, with a reason). */
  drawNoticeWorkingDays: number;
  /** 递补 per draw and department before each further one needs a recorded reason (null: no cap). */
  recusalCapPerDraw: number | null;
  exclusions: {
    inspectedBySelfWithinMonths: number | null;
    inspectedByAnyWithinMonths: number | null;
    yearlyCapAcrossDepartments: number | null;
    excludeNonActive: boolean;
    cleanResultWithinMonths: number | null;
  };
  rotationMonths: number;
  /** A draft item-list change unpublished longer than this many working days is flagged. */
  draftStaleWorkingDays: number;
  /** Inspection deadlines (报告、公示、通知期限 and the due-soon threshold), in working days. */
  inspectionDeadlines: InspectionDeadlineRules;
  /**
   * The coordinator's (联席会议办公室) region rules, read from the region's coordinator tenant: departments' plans
   * are to be filed (备案) by the end of this month (seed 001: 2 月底前), the joint plan made by the end of this one
   * (3 月底前).
   */
  filingDueMonth: number;
  jointPlanDueMonth: number;
}

export const DEFAULT_SETTINGS: TenantSettings = {
  samplingFloorPercent: 3,
  planDueMonthDay: "01-31",
  drawEmbargoDays: 0,
  drawNoticeWorkingDays: 1,
  recusalCapPerDraw: 3,
  exclusions: {
    inspectedBySelfWithinMonths: 6,
    inspectedByAnyWithinMonths: null,
    yearlyCapAcrossDepartments: 2,
    excludeNonActive: true,
    cleanResultWithinMonths: 12,
  },
  rotationMonths: 12,
  draftStaleWorkingDays: 10,
  inspectionDeadlines: DEFAULT_DEADLINE_RULES,
  filingDueMonth: 2,
  jointPlanDueMonth: 3,
};

export async function tenantSettings(): Promise<TenantSettings> {
  const t = await ctx().manager.findOne(TenantEntity, { where: { id: currentTenantId() } });
  return withDefaults(t?.settings ?? {});
}

/**
 * The caller's department's inspection deadline rules (defaults merged under the stored ones), read through the
 * request's tenant loader so that a list of deadlines costs one query.
 */
export async function inspectionDeadlineRules(): Promise<InspectionDeadlineRules> {
  const t = await tenantLoader().load(currentTenantId());
  return withDefaults(t?.settings ?? {}).inspectionDeadlines;
}

export function withDefaults(raw: Record<string, unknown>): TenantSettings {
  const s = raw as Partial<TenantSettings>;
  return {
    ...DEFAULT_SETTINGS,
    ...s,
    exclusions: { ...DEFAULT_SETTINGS.exclusions, ...(s.exclusions ?? {}) },
    inspectionDeadlines: deadlineRulesFrom(s.inspectionDeadlines),
  };
}

export type TenantSettingsPatch = Partial<Omit<TenantSettings, "exclusions" | "inspectionDeadlines">> & {
  exclusions?: Partial<TenantSettings["exclusions"]>;
  inspectionDeadlines?: { [K in keyof InspectionDeadlineRules]?: number | null };
};

/** ADMIN: change this department's rules; keys other areas keep in tenant.settings are preserved. */
export async function updateTenantSettings(patch: TenantSettingsPatch): Promise<TenantSettings> {
  validate(patch);
  const { manager } = ctx();
  const tenant = await manager.findOneOrFail(TenantEntity, {
    where: { id: currentTenantId() },
    lock: { mode: "for_no_key_update" },
  });
  const before = withDefaults(tenant.settings);
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const { exclusions, inspectionDeadlines, ...rest } = patch;
  const deadlines = inspectionDeadlines
    ? validateDeadlines({ ...before.inspectionDeadlines, ...definedRules(inspectionDeadlines) })
    : undefined;
  tenant.settings = {
    ...tenant.settings,
    ...defined(rest),
    ...(exclusions ? { exclusions: { ...before.exclusions, ...defined(exclusions) } } : {}),
    ...(deadlines ? { inspectionDeadlines: deadlines } : {}),
  };
  await manager.query(`UPDATE tenant SET settings = $1 WHERE id = $2`, [tenant.settings, tenant.id]);
  const after = withDefaults(tenant.settings);
  await audit.record({ action: "tenant.settings", entityType: "tenant", entityId: tenant.id, before, after });
  return after;
}

function validate(p: TenantSettingsPatch): void {
  const between = (v: number | null | undefined, field: string, min: number, max: number, label: string) => {
    if (v === undefined || v === null) return;
    if (!Number.isFinite(v) || v < min || v > max) throw badInput(field, `${label}须在 ${min}–${max} 之间`);
  };
  between(p.samplingFloorPercent, "samplingFloorPercent", 0, 100, "抽查比例下限（%）");
  between(p.drawEmbargoDays, "drawEmbargoDays", 0, 365, "抽取结果保密天数");
  between(p.drawNoticeWorkingDays, "drawNoticeWorkingDays", 1, 30, "抽取前公示期（工作日）");
  between(p.recusalCapPerDraw, "recusalCapPerDraw", 0, 100, "每次抽取的回避递补上限");
  between(p.rotationMonths, "rotationMonths", 0, 120, "轮换期（月）");
  between(p.draftStaleWorkingDays, "draftStaleWorkingDays", 1, 250, "清单草稿提醒期限（工作日）");
  for (const k of ["filingDueMonth", "jointPlanDueMonth"] as const)
    if (p[k] !== undefined && p[k] !== null && !Number.isInteger(p[k])) throw badInput(k, "月份须为 1–12 之间的整数");
  between(p.filingDueMonth, "filingDueMonth", 1, 12, "计划备案期限（月底）");
  between(p.jointPlanDueMonth, "jointPlanDueMonth", 1, 12, "联合抽查计划制定期限（月底）");
  between(p.exclusions?.inspectedBySelfWithinMonths, "exclusions.inspectedBySelfWithinMonths", 0, 120, "月数");
  between(p.exclusions?.inspectedByAnyWithinMonths, "exclusions.inspectedByAnyWithinMonths", 0, 120, "月数");
  between(p.exclusions?.cleanResultWithinMonths, "exclusions.cleanResultWithinMonths", 0, 120, "月数");
  between(p.exclusions?.yearlyCapAcrossDepartments, "exclusions.yearlyCapAcrossDepartments", 1, 50, "年度检查次数上限");
  if (p.planDueMonthDay !== undefined) {
    const m = /^(\d{2})-(\d{2})$/.exec(p.planDueMonthDay);
    const ok =
      m &&
      !Number.isNaN(Date.parse(`2023-${p.planDueMonthDay}T00:00:00Z`)) &&
      new Date(`2023-${p.planDueMonthDay}T00:00:00Z`).getUTCDate() === Number(m[2]);
    if (!ok) throw badInput("planDueMonthDay", "计划制定期限须为 MM-DD 格式的日期，例如 01-31 或 03-31");
  }
}

const DEADLINE_LABELS: Record<keyof InspectionDeadlineRules, string> = {
  reportWorkingDays: "检查情况报告期限（检查后工作日数）",
  publishWorkingDays: "结果公示期限（检查后工作日数）",
  noticeWorkingDays: "通知被抽查对象期限（抽取后工作日数）",
  dueSoonWorkingDays: "即将到期提醒（提前工作日数）",
  penaltyPublishWorkingDays: "行政处罚信息公示期限（处罚决定后工作日数）",
  transferFeedbackWorkingDays: "移交反馈期限（收到移交后工作日数）",
  resultFeedbackWorkingDays: "检查结果反馈期限（检查报告完成后工作日数，0 为无此要求）",
};

/** null in the patch means "back to the default"; undefined leaves the stored value. */
function definedRules(p: NonNullable<TenantSettingsPatch["inspectionDeadlines"]>): Partial<InspectionDeadlineRules> {
  const out: Partial<InspectionDeadlineRules> = {};
  for (const k of Object.keys(DEADLINE_LABELS) as Array<keyof InspectionDeadlineRules>) {
    const v = p[k];
    if (v === null) out[k] = DEFAULT_DEADLINE_RULES[k];
    else if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Each rule within DEADLINE_RULE_LIMITS (a whole number), and publication not due before the report. */
function validateDeadlines(r: InspectionDeadlineRules): InspectionDeadlineRules {
  for (const k of Object.keys(DEADLINE_LABELS) as Array<keyof InspectionDeadlineRules>) {
    const [min, max] = DEADLINE_RULE_LIMITS[k];
    const v = r[k];
    if (!Number.isSafeInteger(v) || v < min || v > max)
      throw badInput(`inspectionDeadlines.${k}`, `${DEADLINE_LABELS[k]}须为 ${min}–${max} 之间的整数`);
  }
  if (r.publishWorkingDays < r.reportWorkingDays)
    throw badInput(
      "inspectionDeadlines.publishWorkingDays",
      `结果公示期限（${r.publishWorkingDays} 个工作日）不能早于检查情况报告期限（${r.reportWorkingDays} 个工作日）`,
    );
  return r;
}
