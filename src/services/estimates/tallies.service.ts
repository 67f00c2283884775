/**
 * Reads the counts estimates are made of (compliance_tallies, migration 0090) and the designs of their draws, and
 * puts them together per department and draw.
 */
import { ctx } from "../../context/request-context";
import type { DrawTallies, TallyCell } from "../../domain/estimates";
import { loadDrawDesigns } from "./draw-design.service";

interface TallyRow {
  tenant_id: string;
  task_id: string;
  draw_id: string;
  stratum: string;
  industry_code: string | null;
  region_code: string | null;
  drawn: number;
  published: number;
  problems: number;
  unit: TallyUnit;
}

/**
 * DEPARTMENT: a department's random assignments; JOINT_PART: a department's parts of a joint draw (its sample of the
 * joint population); VISIT: a joint draw once, the visit as the unit (public scopes only; migration 0221).
 */
export type TallyUnit = "DEPARTMENT" | "JOINT_PART" | "VISIT";
export type UnitTallies = DrawTallies & { unit: TallyUnit };

/**
 * `own`: the caller's department, embargoed draws included; otherwise the public tallies. `tenants` narrows to those
 * departments (null: all). Draws whose design the caller cannot read, or whose record holds no valid design, are left
 * out (by construction the function only returns draws the caller may read).
 */
export async function readTallies(
  year: number,
  own: boolean,
  tenants: readonly string[] | null,
): Promise<UnitTallies[]> {
  const rows: TallyRow[] = await ctx().manager.query(
    `SELECT tenant_id, task_id, draw_id, stratum, industry_code, region_code, drawn, published, problems, unit
       FROM compliance_tallies($1, $2, $3::uuid[])`,
    [year, own, tenants],
  );
  const byDraw = new Map<
    string,
    { departmentId: string; taskId: string; drawId: string; unit: TallyUnit; cells: TallyCell[] }
  >();
  for (const r of rows) {
    const key = `${r.unit}/${r.tenant_id}/${r.draw_id}`;
    const entry = byDraw.get(key) ?? {
      departmentId: r.tenant_id,
      taskId: r.task_id,
      drawId: r.draw_id,
      unit: r.unit,
      cells: [],
    };
    entry.cells.push({
      stratum: r.stratum,
      industryCode: r.industry_code,
      regionCode: r.region_code,
      drawn: r.drawn,
      published: r.published,
      problems: r.problems,
    });
    byDraw.set(key, entry);
  }
  const designs = await loadDrawDesigns([...new Set([...byDraw.values()].map((d) => d.drawId))]);
  return [...byDraw.values()].flatMap((d) => {
    const design = designs.get(d.drawId);
    return design ? [{ ...d, design }] : [];
  });
}
