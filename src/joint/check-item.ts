import type { LegalBasis } from "./legal-basis";

/** One department's entry in its 随机抽查事项清单, as contributed to a joint visit. */
export interface CheckItem {
  readonly id: string;
  /** The owning department: it checks, enters and publishes the result (谁检查、谁录入、谁公示). */
  readonly departmentId: string;
  readonly code: string;
  /** 抽查类别 */
  readonly category: string;
  /** 抽查事项 */
  readonly name: string;
  /** 抽查内容 */
  readonly content: string;
  /** 检查方式: 书面检查, 实地核查, 网络监测, … */
  readonly methods: readonly string[];
  /** 检查依据 */
  readonly legalBasis: readonly LegalBasis[];
  /** The entry of the 部门联合随机抽查事项清单 this item belongs to: items sharing it are one matter. */
  readonly jointEntryId?: string | null;
  /** 检查对象类型 the item applies to; empty or absent = any (applicability.ts). */
  readonly targetKinds?: readonly string[];
  /** 适用行业 code prefixes; empty or absent = any. */
  readonly targetIndustryCodes?: readonly string[];
}
