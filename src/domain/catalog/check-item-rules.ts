import { checkRatio } from "./ratio";

/** The fields the class and ratio rules look at. */
export interface ItemClassAndRatios {
  itemClass: "KEY" | "GENERAL";
  ratioCap?: number | null;
  defaultRatio?: number | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * 重点 items have no ratio cap; 一般 items must have one; every ratio is in (0, 100%]; the default ratio may not
 * exceed the cap. Returns the first problem per field.
 */
export function checkItemRatios(item: ItemClassAndRatios): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of ["ratioCap", "defaultRatio"] as const) {
    const v = item[field];
    if (v !== null && v !== undefined) {
      const r = checkRatio(v);
      if (!r.ok)
        problems.push({ field, message: `${field === "ratioCap" ? "比例上限" : "默认抽查比例"}：${r.message}` });
    }
  }
  const hasCap = item.ratioCap !== null && item.ratioCap !== undefined;
  if (item.itemClass === "GENERAL" && !hasCap)
    problems.push({ field: "ratioCap", message: "一般检查事项必须填写抽查比例上限" });
  if (item.itemClass === "KEY" && hasCap)
    problems.push({ field: "ratioCap", message: "重点检查事项不设抽查比例上限，请清空比例上限" });
  if (
    problems.length === 0 &&
    hasCap &&
    item.defaultRatio !== null &&
    item.defaultRatio !== undefined &&
    item.defaultRatio > (item.ratioCap as number)
  )
    problems.push({ field: "defaultRatio", message: "默认抽查比例不能高于比例上限" });
  return problems;
}
