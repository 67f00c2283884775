/**
 * 适用范围: an item of a 随机抽查事项清单 applies to a target when the target is of one of the item's target kinds
 * (检查对象类型) and, where the item names industries (国民经济行业分类 code prefixes), in one of them. An empty
 * list means "any". A target whose industry is unknown is not shown to be in a named industry, so an item limited to
 * industries does not apply to it. The one rule behind a task's population (who may be drawn) and a joint visit's
 * merged checklist and notice (what is checked there).
 */
export interface ItemScope {
  readonly targetKinds: readonly string[];
  readonly targetIndustryCodes?: readonly string[] | null;
}

export interface TargetFacts {
  readonly kind: string;
  readonly industryCode: string | null;
}

export function itemAppliesTo(item: ItemScope, target: TargetFacts): boolean {
  if (item.targetKinds.length && !item.targetKinds.includes(target.kind)) return false;
  const industries = item.targetIndustryCodes ?? [];
  if (!industries.length) return true;
  const code = target.industryCode?.trim().toUpperCase();
  return !!code && industries.some((prefix) => code.startsWith(prefix.toUpperCase()));
}

/** The items that apply to the target, in their order. */
export function itemsApplyingTo<T extends ItemScope>(items: readonly T[], target: TargetFacts): T[] {
  return items.filter((i) => itemAppliesTo(i, target));
}

/** A target belongs in a population when at least one of the task's items applies to it. */
export function anyItemAppliesTo(items: readonly ItemScope[], target: TargetFacts): boolean {
  return items.some((i) => itemAppliesTo(i, target));
}
