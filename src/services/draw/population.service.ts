import type { EntityManager } from "typeorm";
import { isUuid } from "../../domain/ids";
import type { PopulationSubject } from "../../draw";
import type { InspectionTaskEntity } from "../../entities/plan/task.entity";
import { anyItemAppliesTo, type ItemScope } from "../../joint";
import { chinaStartOfYear, chinaYear, now as clockNow, monthsBefore } from "../../time";

/** Why a directory entry is left out of a draw; counted in the draw record. */
export const EXCLUSION_LABELS = {
  NON_ACTIVE: "非存续状态（注销、吊销、迁出、查无下落）",
  INSPECTED_BY_SELF: "本部门近期已检查",
  INSPECTED_BY_ANY: "各部门近期已检查",
  YEARLY_CAP: "本年度各部门检查次数已达上限",
  CLEAN_RESULT: "上次检查未发现问题且未满间隔期",
} as const;
export type ExclusionReason = keyof typeof EXCLUSION_LABELS;

/**
 * What the population depends on: a task's department, filters, exclusions and strata (joint tasks too), and the
 * scopes of the task's items: only subjects that at least one item applies to are drawn (src/joint/applicability).
 */
export type PopulationTask = Pick<
  InspectionTaskEntity,
  "tenantId" | "filters" | "exclusions" | "samplingRule" | "stratifyBy"
> & { itemScopes?: readonly ItemScope[] | null };

export interface Population {
  subjects: PopulationSubject[];
  /** Subjects inside the filters that none of the task's items applies to (left out like a filter, not an exclusion). */
  notApplicable: number;
  /** Reason → how many subjects it removed (each subject counted once, under its first reason). */
  exclusionCounts: Record<string, number>;
}

/**
 * The instants the exclusions count from, all in China time (src/time): the yearly cap restarts at 00:00 Beijing on
 * 1 January (not UTC), and "within N months" starts at 00:00 Beijing of the same calendar day N months earlier
 * (addMonths, the one definition of a month). Null switches an exclusion off.
 */
export function exclusionWindows(at: Date, x: PopulationTask["exclusions"]) {
  const since = (months: number | null | undefined) => (months ? monthsBefore(at, months).toISOString() : null);
  return {
    yearStart: chinaStartOfYear(chinaYear(at)).toISOString(),
    inspectedBySelfSince: since(x.inspectedBySelfWithinMonths),
    inspectedByAnySince: since(x.inspectedByAnyWithinMonths),
    cleanResultSince: since(x.cleanResultWithinMonths),
  };
}

/**
 * The eligible subjects of a task: the department's directory entries after the task's filters (定向) and
 * exclusions. Cross-tenant counts come from subject_inspection_stats(), which returns aggregates only.
 * One SQL statement; the first matching exclusion wins so counts add up to the removed total.
 */
export async function buildPopulation(
  manager: EntityManager,
  task: PopulationTask,
  now: Date = clockNow(),
): Promise<Population> {
  const f = task.filters;
  const x = task.exclusions;
  const w = exclusionWindows(now, x);
  const rows: Array<{
    key: string;
    risk_class: string | null;
    tags: string[];
    credit: string;
    kind: string;
    industry_code: string | null;
    excluded: ExclusionReason | null;
  }> = await manager.query(
    `WITH any_recent AS (SELECT subject_id FROM subject_inspection_stats(coalesce($9::timestamptz, 'infinity'))),
            this_year AS (SELECT subject_id, checks FROM subject_inspection_stats($10::timestamptz)),
            -- The department's own recent checks and latest published results, each read once by its tenant index
            -- and hash-joined (per-entry subqueries planned as hashed subplans over every department's rows).
            self_recent AS (
              SELECT DISTINCT a.subject_id FROM assignment a
               WHERE $8::timestamptz IS NOT NULL AND a.tenant_id = $1 AND a.status <> 'CANCELLED'
                 AND a.created_at >= $8::timestamptz),
            clean AS (
              SELECT r.subject_id, (array_agg(NOT rc.problem_found ORDER BY r.first_published_at DESC))[1] AS latest_clean,
                     max(r.first_published_at) AS last_published
                FROM inspection_result r JOIN result_code rc ON rc.code = r.category_code
               WHERE $13::timestamptz IS NOT NULL AND r.tenant_id = $1 AND r.status = 'PUBLISHED'
               GROUP BY r.subject_id)
       SELECT d.subject_id AS key, d.risk_class, d.tags, s.kind, s.industry_code,
         CASE WHEN s.blacklist_since IS NOT NULL THEN '${CREDIT_STRATA.blacklist}'
              WHEN s.abnormal_list_since IS NOT NULL THEN '${CREDIT_STRATA.abnormal}'
              ELSE '${CREDIT_STRATA.other}' END AS credit,
         CASE
           WHEN $11 AND s.status <> 'ACTIVE' THEN 'NON_ACTIVE'
           WHEN $8::timestamptz IS NOT NULL AND sr.subject_id IS NOT NULL THEN 'INSPECTED_BY_SELF'
           WHEN $9::timestamptz IS NOT NULL AND ar.subject_id IS NOT NULL THEN 'INSPECTED_BY_ANY'
           WHEN $12::int IS NOT NULL AND ty.checks >= $12::int THEN 'YEARLY_CAP'
           -- The latest published result found no problem, and one was published within the window.
           WHEN $13::timestamptz IS NOT NULL AND cr.latest_clean AND cr.last_published >= $13::timestamptz
             THEN 'CLEAN_RESULT'
         END AS excluded
       FROM directory_entry d
       JOIN subject s ON s.id = d.subject_id
       LEFT JOIN any_recent ar ON ar.subject_id = d.subject_id
       LEFT JOIN this_year ty ON ty.subject_id = d.subject_id
       LEFT JOIN self_recent sr ON sr.subject_id = d.subject_id
       LEFT JOIN clean cr ON cr.subject_id = d.subject_id
       WHERE d.tenant_id = $1
         AND ($2::text[] IS NULL OR s.kind = ANY ($2))
         AND ($3::text[] IS NULL OR s.region_code = ANY ($3))
         AND ($4::text[] IS NULL OR s.industry_code LIKE ANY (SELECT c || '%' FROM unnest($4::text[]) c))
         AND ($5::text[] IS NULL OR d.tags && $5)
         AND ($6::text[] IS NULL OR d.sub_libraries && $6)
         AND ($7::text[] IS NULL OR d.risk_class = ANY ($7))`,
    [
      task.tenantId,
      nonEmpty(f.subjectKinds),
      nonEmpty(f.regionCodes),
      nonEmpty(f.industryCodes),
      nonEmpty(f.tags),
      nonEmpty(f.subLibraries),
      nonEmpty(f.riskClasses),
      w.inspectedBySelfSince,
      w.inspectedByAnySince,
      w.yearStart,
      x.excludeNonActive,
      x.yearlyCapAcrossDepartments,
      w.cleanResultSince,
    ],
  );
  const exclusionCounts: Record<string, number> = {};
  const subjects: PopulationSubject[] = [];
  const strata = Object.keys(task.samplingRule.strata);
  const scopes = task.itemScopes?.length ? task.itemScopes : null;
  let notApplicable = 0;
  for (const r of rows) {
    if (scopes && !anyItemAppliesTo(scopes, { kind: r.kind, industryCode: r.industry_code })) {
      notApplicable++;
      continue;
    }
    if (r.excluded) exclusionCounts[r.excluded] = (exclusionCounts[r.excluded] ?? 0) + 1;
    else subjects.push({ key: r.key, stratum: stratumOf(task, r, strata) });
  }
  return { subjects, exclusionCounts, notApplicable };
}

/** The scopes (target kinds, industries) of check items, for the population's applicability filter. */
export async function itemScopesOf(manager: EntityManager, itemIds: readonly string[]): Promise<ItemScope[]> {
  const ids = itemIds.filter(isUuid);
  if (!ids.length) return [];
  const rows: Array<{ target_kinds: string[]; target_industry_codes: string[] }> = await manager.query(
    `SELECT target_kinds, target_industry_codes FROM check_item WHERE id = ANY ($1)`,
    [ids],
  );
  return rows.map((r) => ({ targetKinds: r.target_kinds, targetIndustryCodes: r.target_industry_codes }));
}

/** 信用分层 strata names (stratifyBy CREDIT): the registry's list memberships, the worse one first. */
export const CREDIT_STRATA = { blacklist: "严重违法失信", abnormal: "经营异常", other: "其他" } as const;

/** 分层: by the department's risk/credit class, by credit-list membership, by the first tag named, or one stratum. */
function stratumOf(
  task: PopulationTask,
  r: { risk_class: string | null; tags: string[]; credit: string },
  ruleStrata: string[],
): string {
  if (task.stratifyBy === "RISK_CLASS") return r.risk_class ?? "未分级";
  if (task.stratifyBy === "CREDIT") return r.credit;
  if (task.stratifyBy === "TAG") return r.tags.find((t) => ruleStrata.includes(t)) ?? "其他";
  return "全部";
}

const nonEmpty = (a: string[] | undefined) => (a?.length ? a : null);
