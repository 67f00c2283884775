/**
 * The one place that knows where a draw record keeps its design (抽取记录的分层): `stratumSizes`, one
 * `{ stratum, populationCount, size }` per stratum of the frozen population (docs/DRAW.md §9; the same field in the
 * v2 record, docs/DRAW.md §11). If the record's shape changes, this file changes and nothing else: the SQL expression
 * that extracts the field and the function that reads it are both here.
 */
import { ctx } from "../../context/request-context";
import type { StratumDesign } from "../../domain/estimates";

/** Selects the design from `draw d` (the record itself can be megabytes: the population's keys are in it). */
const DESIGN_SQL = `d.record -> 'stratumSizes'`;

const count = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** The strata of a draw record's design, or null when the stored value is not one (never guessed). */
export function drawDesign(stored: unknown): StratumDesign[] | null {
  if (!Array.isArray(stored)) return null;
  const design: StratumDesign[] = [];
  for (const s of stored) {
    if (typeof s !== "object" || s === null) return null;
    const { stratum, populationCount, size } = s as Record<string, unknown>;
    if (typeof stratum !== "string" || !count(populationCount) || !count(size) || size > populationCount) return null;
    design.push({ stratum, population: populationCount, drawn: size });
  }
  return design;
}

/** Designs of the given department or joint draws that the caller may read (row-level security decides), by id. */
export async function loadDrawDesigns(drawIds: readonly string[]): Promise<Map<string, StratumDesign[]>> {
  if (drawIds.length === 0) return new Map();
  const rows: Array<{ id: string; design: unknown }> = await ctx().manager.query(
    `SELECT d.id, ${DESIGN_SQL} AS design FROM draw d WHERE d.id = ANY ($1::uuid[])
     UNION ALL SELECT d.id, ${DESIGN_SQL} AS design FROM joint_draw d WHERE d.id = ANY ($1::uuid[])`,
    [drawIds],
  );
  const out = new Map<string, StratumDesign[]>();
  for (const r of rows) {
    const design = drawDesign(r.design);
    if (design) out.set(r.id, design);
  }
  return out;
}
