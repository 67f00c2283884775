import type { EntityManager } from "typeorm";
import { isUuid } from "../../domain/ids";
import { checkGeneralItemRatioCap, type SamplingRule } from "../../draw";
import { ruleViolation } from "../../errors";
import type { Population } from "./population.service";

/**
 * 分层抽取的数量规则, shared by department and joint locks: the frozen population's size per stratum, and the
 * GENERAL items' ratio caps (一般事项抽查比例上限) held against the task's rule in each stratum.
 */
export function stratumCounts(population: Population): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of population.subjects) counts[s.stratum] = (counts[s.stratum] ?? 0) + 1;
  return counts;
}

export interface CappedItem {
  code: string;
  itemClass: "KEY" | "GENERAL";
  /** A fraction (0.05 = 5%), or null for no cap. */
  ratioCap: number | null;
}

/** Refuses (GENERAL_ITEM_RATIO_CAP) when any stratum's rule draws a GENERAL item above its cap. */
export function assertItemRatioCaps(
  rule: SamplingRule,
  counts: Record<string, number>,
  items: readonly CappedItem[],
): void {
  for (const item of items) {
    if (item.itemClass !== "GENERAL" || item.ratioCap === null) continue;
    const cap = checkGeneralItemRatioCap(rule, counts, Math.round(item.ratioCap * 10000) / 100);
    if (!cap.withinCap)
      throw ruleViolation(
        "GENERAL_ITEM_RATIO_CAP",
        `一般事项“${item.code}”的抽查比例超过其上限（分层：${cap.violations.map((v) => v.stratum).join("、")}）`,
      );
  }
}

/** The class and cap of check items of any department (published items are public), e.g. a joint task's items. */
export async function cappedItemsOf(manager: EntityManager, itemIds: readonly string[]): Promise<CappedItem[]> {
  const ids = itemIds.filter(isUuid);
  if (!ids.length) return [];
  const rows: Array<{ code: string; item_class: "KEY" | "GENERAL"; ratio_cap: string | null }> = await manager.query(
    `SELECT code, item_class, ratio_cap FROM check_item WHERE id = ANY ($1) ORDER BY code`,
    [ids],
  );
  return rows.map((r) => ({
    code: r.code,
    itemClass: r.item_class,
    ratioCap: r.ratio_cap === null ? null : Number(r.ratio_cap),
  }));
}
