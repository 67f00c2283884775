import type { CalendarOverrides } from "../calendar";

/** A stored override (工作日调整): a day off or a make-up workday, nationally or for one region. */
export interface StoredOverride {
  date: string;
  kind: "DAY_OFF" | "WORKDAY";
  name: string;
  /** 行政区划代码 of a province (xx0000), city (xxxx00) or county; null = national. */
  regionCode: string | null;
}

/** "150000" → "15", "150800" → "1508", "150821" → "150821": the prefix every code inside the region has. */
export function regionPrefix(code: string): string {
  return code.replace(/(00)+$/, "") || code;
}

/** Whether an override applies to a department in `regionCode` (null: the national view, national overrides only). */
export function appliesTo(o: StoredOverride, regionCode: string | null): boolean {
  if (o.regionCode === null) return true;
  return regionCode?.startsWith(regionPrefix(o.regionCode)) ?? false;
}

/**
 * The overrides in effect for a region, the more specific winning for the same date
 * (national < province < city < county).
 */
export function overridesFor(all: readonly StoredOverride[], regionCode: string | null): CalendarOverrides {
  const specificity = (o: StoredOverride) => (o.regionCode === null ? -1 : regionPrefix(o.regionCode).length);
  const byDate = new Map<string, StoredOverride>();
  for (const o of all.filter((x) => appliesTo(x, regionCode)).sort((a, b) => specificity(a) - specificity(b)))
    byDate.set(o.date, o);
  const chosen = [...byDate.values()];
  return {
    daysOff: chosen.filter((o) => o.kind === "DAY_OFF").map(({ date, name }) => ({ date, name })),
    workdays: chosen.filter((o) => o.kind === "WORKDAY").map(({ date, name }) => ({ date, name })),
  };
}
