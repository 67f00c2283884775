import { Role } from "../../auth/roles";
import type { IsoDate } from "../../calendar";
import { tenantLoader } from "../../context/loaders";
import { ctx, currentTenantId, hasRole } from "../../context/request-context";
import type { RoundDeadlineSource } from "../../domain/inspection/deadlines";

type FactRow = Record<string, string | number | boolean | null>;

/**
 * The China dates a plan's rounds were drawn on: each of its own random tasks (not 上级下发 or 跨区域, not 指派 or
 * complaint checks) is one round, drawn on its first drawn assignment's date. The one rule for the roll-up (over
 * county_assignment_facts) and the department's round deadlines (over the same columns of its own rows).
 */
export function roundDates(facts: FactRow[], planId: string): IsoDate[] {
  const first = new Map<string, string>();
  for (const f of facts)
    if (f.plan_id === planId && f.task_origin === "OWN" && f.assignment_kind === "RANDOM") {
      const seen = first.get(f.task_id as string);
      if (!seen || (f.drawn_on as string) < seen) first.set(f.task_id as string, f.drawn_on as string);
    }
  return [...first.values()];
}

interface PlanRow {
  id: string;
  tenant_id: string;
  year: number;
  required_rounds: number;
}

/**
 * The published plans with required rounds of this year and last (a December round is missed in January), as
 * round-deadline sources: the caller's own, and for a coordinator (联席会议办公室) also every other department's of
 * its region — read through county_assignment_facts, the coordinator's one audited cross-tenant read.
 */
export async function roundSources(today: IsoDate): Promise<RoundDeadlineSource[]> {
  const { manager } = ctx();
  const me = currentTenantId();
  const year = Number(today.slice(0, 4));
  const plans: PlanRow[] = await manager.query(
    `SELECT id, tenant_id, year, required_rounds FROM annual_plan
      WHERE status = 'PUBLISHED' AND required_rounds IS NOT NULL AND year BETWEEN $1 - 1 AND $1 AND tenant_id = $2`,
    [year, me],
  );
  const own: FactRow[] = plans.length
    ? await manager.query(
        `SELECT k.plan_id, k.id AS task_id, k.origin AS task_origin, a.kind AS assignment_kind,
                (d.drawn_at AT TIME ZONE 'Asia/Shanghai')::date::text AS drawn_on
           FROM inspection_task k JOIN assignment a ON a.task_id = k.id AND a.status <> 'CANCELLED'
           JOIN draw d ON d.id = a.draw_id AND d.status = 'VALID'
          WHERE k.tenant_id = $1 AND k.plan_id = ANY ($2)`,
        [me, plans.map((p) => p.id)],
      )
    : [];
  const sources = plans.map((p) => source(p, roundDates(own, p.id)));
  const tenant = await tenantLoader().load(me);
  // county_assignment_facts serves the coordinator's staff (not its inspectors).
  if (!tenant?.isCoordinator || !hasRole(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.VIEWER)) return sources;
  for (const y of [year - 1, year]) {
    const others: PlanRow[] = await manager.query(
      `SELECT p.id, p.tenant_id, p.year, p.required_rounds FROM annual_plan p JOIN tenant t ON t.id = p.tenant_id
        WHERE p.status = 'PUBLISHED' AND p.required_rounds IS NOT NULL AND p.year = $1 AND t.region_code = $2
          AND p.tenant_id <> $3`,
      [y, tenant.regionCode, me],
    );
    if (!others.length) continue;
    const facts: FactRow[] = await manager.query(
      `SELECT plan_id, task_id, task_origin, assignment_kind, drawn_on::text AS drawn_on FROM county_assignment_facts($1)`,
      [y],
    );
    sources.push(...others.map((p) => source(p, roundDates(facts, p.id))));
  }
  return sources;
}

const source = (p: PlanRow, drawnOn: IsoDate[]): RoundDeadlineSource => ({
  planId: p.id,
  departmentId: p.tenant_id,
  year: p.year,
  required: p.required_rounds,
  drawnOn,
});
