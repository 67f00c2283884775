import type { ValueTransformer } from "typeorm";

/** PostgreSQL numeric arrives as a string; ratios are small fractions, so a JS number is exact enough. */
export const numericColumn: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null || v === undefined ? null : Number(v)),
};
