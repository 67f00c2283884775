/**
 * From a draw's design and its department's results to estimator strata, per task and pooled (docs/ESTIMATES.md §6).
 *
 * Pooling rule: every (draw, stratum) is a stratum of its own with its own selection probability n_h/N_h. Draws of
 * different tasks, departments and years are independent (each has its own seed), so their strata combine like the
 * strata of one stratified sample; the pooled population is the union of the draws' frozen populations, a subject
 * counted once per task whose population it was in.
 */
import { type DomainPart, type StratumTally, wholeStratum } from "./estimate";

/** One stratum of a draw record: its frozen population and sample size. */
export interface StratumDesign {
  stratum: string;
  population: number;
  drawn: number;
}

/** A department's drawn subjects of one stratum with the same industry and region code, and their results. */
export interface TallyCell {
  stratum: string;
  industryCode: string | null;
  regionCode: string | null;
  /** Random assignments of the department for these subjects. */
  drawn: number;
  /** With a published result (一公开), current version. */
  published: number;
  /** Of the published, with a category whose problem_found is true. */
  problems: number;
}

/** One department's part of one valid draw: the unit an estimate per task is made of. */
export interface DrawTallies {
  departmentId: string;
  taskId: string;
  drawId: string;
  design: StratumDesign[];
  cells: TallyCell[];
}

export interface StratumRow {
  stratum: string;
  population: number;
  drawn: number;
  published: number;
  problems: number;
}

export interface TaskStrata {
  rows: StratumRow[];
  strata: StratumTally[];
  /** Assignments that do not fit the record (a stratum it lacks, more than it drew): left out, and said so. */
  mismatch: boolean;
}

function byStratum(cells: readonly TallyCell[], where: (c: TallyCell) => boolean = () => true) {
  const m = new Map<string, DomainPart>();
  for (const c of cells) {
    if (!where(c)) continue;
    const part = m.get(c.stratum) ?? { drawn: 0, published: 0, problems: 0 };
    part.drawn += c.drawn;
    part.published += c.published;
    part.problems += c.problems;
    m.set(c.stratum, part);
  }
  return m;
}

/** The strata of one department's part of one draw, estimated as a whole. */
export function taskStrata(t: DrawTallies): TaskStrata {
  const totals = byStratum(t.cells);
  const known = new Set(t.design.map((d) => d.stratum));
  let mismatch = [...totals.keys()].some((k) => !known.has(k));
  const rows = t.design.map((d) => {
    const part = totals.get(d.stratum) ?? { drawn: 0, published: 0, problems: 0 };
    if (part.drawn > d.drawn) mismatch = true;
    const published = Math.min(part.published, d.drawn);
    return {
      stratum: d.stratum,
      population: d.population,
      drawn: d.drawn,
      published,
      problems: Math.min(part.problems, published),
    };
  });
  return {
    rows,
    strata: rows.map((r) => wholeStratum(r.population, r.drawn, r.published, r.problems)),
    mismatch,
  };
}

/** Strata of several draws estimated as a whole (a department's year, a county's year). */
export function pooledStrata(draws: readonly DrawTallies[]): StratumTally[] {
  return draws.flatMap((t) => taskStrata(t).strata);
}

/**
 * Strata of several draws for one domain (the subjects whose cell satisfies `inDomain`): the stratum's totals from
 * every cell, the domain's part from the matching ones.
 */
export function domainStrata(draws: readonly DrawTallies[], inDomain: (c: TallyCell) => boolean): StratumTally[] {
  return draws.flatMap((t) => {
    const whole = taskStrata(t).rows;
    const parts = byStratum(t.cells, inDomain);
    return whole.map((r) => {
      const p = parts.get(r.stratum) ?? { drawn: 0, published: 0, problems: 0 };
      const drawn = Math.min(p.drawn, r.drawn);
      const published = Math.min(p.published, r.published, drawn);
      return {
        population: r.population,
        drawn: r.drawn,
        published: r.published,
        domain: { drawn, published, problems: Math.min(p.problems, published) },
      };
    });
  });
}

/** Groups of draws by a key (e.g. the department), in first-seen order. */
export function groupDraws<K>(draws: readonly DrawTallies[], key: (t: DrawTallies) => K): Map<K, DrawTallies[]> {
  const m = new Map<K, DrawTallies[]>();
  for (const t of draws) {
    const k = key(t);
    m.set(k, [...(m.get(k) ?? []), t]);
  }
  return m;
}

/** The domain keys present among the drawn subjects (e.g. industry groups), in first-seen order. */
export function domainKeys<K>(draws: readonly DrawTallies[], key: (c: TallyCell) => K): K[] {
  const seen = new Set<K>();
  for (const t of draws) for (const c of t.cells) if (c.drawn > 0) seen.add(key(c));
  return [...seen];
}
