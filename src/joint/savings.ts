import { compareStrings } from "./compare";

/** One joint visit as the savings report sees it. */
export interface VisitOutcome {
  readonly visitId: string;
  readonly targetId: string;
  readonly departmentIds: readonly string[];
  /** The visit took place (all its inspections were carried out). */
  readonly done: boolean;
  /** Checklist lines checked on the visit; counted only when done. */
  readonly itemsChecked: number;
}

/** What joint inspection saved (进一次门、查多项事), for a joint plan or a region. */
export interface SavingsReport {
  /** Distinct departments taking part in any of the visits. */
  readonly participatingDepartments: number;
  /** Distinct targets of any of the visits. */
  readonly targets: number;
  readonly visits: number;
  readonly visitsDone: number;
  readonly itemsChecked: number;
  /** Σ over done visits of (departments in the visit) − done visits: the separate visits that did not happen. */
  readonly departmentVisitsAvoided: number;
}

export interface PlanVisits {
  readonly planId: string;
  readonly visits: readonly VisitOutcome[];
}

export interface RegionSavings {
  readonly plans: readonly { readonly planId: string; readonly report: SavingsReport }[];
  /** Computed over all visits, not summed: a department or target in two plans counts once. */
  readonly region: SavingsReport;
}

export function savingsReport(visits: readonly VisitOutcome[]): SavingsReport {
  const departments = new Set<string>();
  const targets = new Set<string>();
  let visitsDone = 0;
  let itemsChecked = 0;
  let departmentVisitsAvoided = 0;
  for (const visit of visits) {
    const visitDepartments = new Set(visit.departmentIds);
    for (const id of visitDepartments) departments.add(id);
    targets.add(visit.targetId);
    if (!visit.done) continue;
    visitsDone++;
    itemsChecked += visit.itemsChecked;
    // A malformed visit without departments must not make the saving negative.
    departmentVisitsAvoided += Math.max(visitDepartments.size - 1, 0);
  }
  return {
    participatingDepartments: departments.size,
    targets: targets.size,
    visits: visits.length,
    visitsDone,
    itemsChecked,
    departmentVisitsAvoided,
  };
}

/** Per joint plan, and for the whole region. */
export function regionSavings(plans: readonly PlanVisits[]): RegionSavings {
  return {
    plans: [...plans]
      .sort((a, b) => compareStrings(a.planId, b.planId))
      .map((p) => ({ planId: p.planId, report: savingsReport(p.visits) })),
    region: savingsReport(plans.flatMap((p) => p.visits)),
  };
}
