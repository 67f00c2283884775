/**
 * The catalog's code tables: stored codes with the Chinese labels clerks read and type. Import accepts either the
 * code or the label; export writes the label.
 */
export type CodeTable<C extends string> = Readonly<Record<C, string>>;

/** 检查对象类型 */
export const SUBJECT_KINDS = {
  ENTERPRISE: "企业",
  INDIVIDUAL_BUSINESS: "个体工商户",
  FARMER_COOPERATIVE: "农民专业合作社",
  PUBLIC_INSTITUTION: "事业单位",
  SOCIAL_ORGANIZATION: "社会组织",
  PROJECT: "项目工程",
  FACILITY: "设施设备",
  PLACE: "场所",
  PRODUCT: "产品",
  OTHER: "其他",
} as const;
export type SubjectKindCode = keyof typeof SUBJECT_KINDS;

/** 存续状态 */
export const SUBJECT_STATUSES = {
  ACTIVE: "存续",
  CANCELLED: "注销",
  REVOKED: "吊销",
  MOVED_OUT: "迁出",
  UNREACHABLE: "查无下落",
} as const;
export type SubjectStatusCode = keyof typeof SUBJECT_STATUSES;

/** Statuses whose subjects are never drawn (they stay visible with their history). */
export const UNDRAWABLE_STATUSES: readonly SubjectStatusCode[] = ["CANCELLED", "REVOKED"];

/** 检查方式 */
export const CHECK_METHODS = {
  WRITTEN: "书面检查",
  ON_SITE: "实地核查",
  ONLINE_MONITORING: "网络监测",
  DATA_COMPARISON: "信息比对",
  POSTAL: "邮寄专用信函",
  THIRD_PARTY: "委托第三方",
} as const;
export type CheckMethodCode = keyof typeof CHECK_METHODS;

/** Short forms the seeds use (“实地、书面”, “现场检查”, “实地检查”). */
export const CHECK_METHOD_ALIASES: Readonly<Record<string, CheckMethodCode>> = {
  书面: "WRITTEN",
  实地: "ON_SITE",
  实地检查: "ON_SITE",
  现场检查: "ON_SITE",
  网络: "ONLINE_MONITORING",
  信息比对核查: "DATA_COMPARISON",
};

/** 检查依据的效力层级 */
export const LEGAL_BASIS_KINDS = {
  LAW: "法律",
  ADMINISTRATIVE_REGULATION: "行政法规",
  DEPARTMENTAL_RULE: "部门规章",
  LOCAL_REGULATION: "地方性法规",
} as const;
export type LegalBasisKindCode = keyof typeof LEGAL_BASIS_KINDS;

/** 事项类别: 重点 (no ratio cap) or 一般 (a cap is required). */
export const ITEM_CLASSES = { KEY: "重点检查事项", GENERAL: "一般检查事项" } as const;
export type ItemClassCode = keyof typeof ITEM_CLASSES;
export const ITEM_CLASS_ALIASES: Readonly<Record<string, ItemClassCode>> = { 重点: "KEY", 一般: "GENERAL" };

export const INSPECTOR_POSTS = { ENFORCEMENT: "执法岗位", NON_ENFORCEMENT: "非执法岗位" } as const;
export type InspectorPostCode = keyof typeof INSPECTOR_POSTS;

export const INSPECTOR_STATUSES = { ON_DUTY: "在岗", ON_LEAVE: "休假", SECONDED: "借调", LEFT: "离岗" } as const;
export type InspectorStatusCode = keyof typeof INSPECTOR_STATUSES;

export const GENDERS = { MALE: "男", FEMALE: "女" } as const;
export type GenderCode = keyof typeof GENDERS;

/** 回避事由 */
export const CONFLICT_REASONS = {
  KINSHIP: "亲属关系",
  FORMER_EMPLOYMENT: "曾任职",
  FINANCIAL_INTEREST: "经济利益",
  OTHER: "其他",
} as const;
export type ConflictReasonCode = keyof typeof CONFLICT_REASONS;

/** The code for a code or a label (full-width folded, trimmed); undefined when unknown. */
export function lookupCode<C extends string>(
  table: CodeTable<C>,
  input: string,
  aliases: Readonly<Record<string, C>> = {},
): C | undefined {
  const v = input.normalize("NFKC").trim();
  if (Object.hasOwn(table, v.toUpperCase())) return v.toUpperCase() as C;
  for (const [code, label] of Object.entries(table) as [C, string][]) if (label === v) return code;
  return aliases[v];
}

/** "a、b；c" → ["a", "b", "c"]: the separators clerks use in one cell. */
export function splitList(input: string): string[] {
  return input
    .normalize("NFKC")
    .split(/[、,;，；\n|]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
