import { ctx, currentTenantId } from "../../context/request-context";
import { stratumSampleSizes } from "../../draw";
import { buildPopulation, EXCLUSION_LABELS, itemScopesOf } from "../draw/population.service";
import { tenantSettings } from "../system/tenant-settings.service";
import { effectiveExclusions, type NewTask, taskRuleWarnings } from "./task.service";

export interface TaskPreview {
  populationSize: number;
  drawCount: number;
  strata: Array<{ stratum: string; populationCount: number; sampleSize: number }>;
  exclusions: Array<{ reason: string; count: number }>;
  warnings: string[];
}

/**
 * 抽取预览: what a task as drafted would draw today — the eligible population per stratum (after the same filters
 * and exclusions as the draw, buildPopulation) and the sample size each stratum's rule gives, with the rule
 * checks the task will face as warnings. Reads only; nothing is committed and no randomness is involved.
 */
export const taskPreviewService = {
  async preview(input: NewTask): Promise<TaskPreview> {
    const settings = await tenantSettings();
    const population = await buildPopulation(ctx().manager, {
      tenantId: currentTenantId(),
      filters: input.filters,
      exclusions: effectiveExclusions(settings.exclusions, input.exclusions),
      samplingRule: input.samplingRule,
      stratifyBy: input.stratifyBy,
      itemScopes: await itemScopesOf(ctx().manager, input.itemIds ?? []),
    });
    const counts: Record<string, number> = {};
    for (const s of population.subjects) counts[s.stratum] = (counts[s.stratum] ?? 0) + 1;
    const sizes = stratumSampleSizes(input.samplingRule, counts);
    const strata = Object.keys(counts)
      .sort((a, b) => a.localeCompare(b, "zh-CN"))
      .map((stratum) => ({ stratum, populationCount: counts[stratum], sampleSize: sizes[stratum] }));
    return {
      populationSize: population.subjects.length,
      drawCount: strata.reduce((n, s) => n + s.sampleSize, 0),
      strata,
      exclusions: Object.entries(EXCLUSION_LABELS).map(([k, reason]) => ({
        reason,
        count: population.exclusionCounts[k] ?? 0,
      })),
      warnings: [
        ...(population.notApplicable
          ? [
              `筛选范围内有 ${population.notApplicable} 户检查对象不属于所选抽查事项适用的检查对象类型或行业，不会被抽取；如需检查，请在事项清单中补充适用范围或另选事项`,
            ]
          : []),
        ...(await taskRuleWarnings(input)),
      ],
    };
  },
};
