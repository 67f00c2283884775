/**
 * performDraw: the target draw and every department's inspector draw in one pure computation,
 * producing the record. verify.ts rebuilds the same record from a record's inputs with buildRecord.
 */
import { DRAW_ALGORITHM, isHex, toHex } from "./encoding";
import { assertNoIssues } from "./errors";
import {
  checkInspectorDrawConfig,
  type InspectorDrawConfigInput,
  normalizeInspectorDrawConfig,
} from "./inspector-config";
import { drawInspectors, type InspectorDrawFailure, targetOrder } from "./inspector-draw";
import { checkPopulationSnapshot, type FrozenPopulation, type PopulationStratum, populationDigest } from "./population";
import type { DrawConfig, DrawRecord, StratumSize } from "./record-types";
import { checkSamplingRule, ruleFor, type SamplingRule, sampleSize } from "./sampling";
import { sealDigestOf } from "./seal";
import { commitmentOf, configDigestOf, deriveDrawSeed, normalizeEntropy } from "./seed";
import {
  at,
  checkArray,
  checkInteger,
  checkObject,
  checkString,
  checkStringArray,
  type Issues,
  isPlainObject,
} from "./shape";
import { selectSubjects } from "./subject-selection";

export interface DrawConfigInput {
  samplingRule: SamplingRule;
  exclusionCounts?: Record<string, number>;
  inspectorDraws?: InspectorDrawConfigInput[];
}

export interface DrawInput extends DrawConfigInput {
  taskId: string;
  /** Secret until now; its commitment was published before the witness gave entropy. */
  serverSeed: string;
  /** As typed by the witness; normalised with normalizeEntropy. */
  witnessEntropy: string;
  operator: string;
  witnesses: string[];
  /** ISO 8601 with time zone, e.g. 2024-03-01T09:30:00.000Z (the caller's clock: this code is pure). */
  drawnAt: string;
  population: FrozenPopulation;
}

export interface DrawOutcome {
  record: DrawRecord;
  /** Targets for which some department found no feasible team (also in record.inspectorResults). */
  failures: InspectorDrawFailure[];
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function checkInstant(value: unknown, path: string, issues: Issues): value is string {
  if (typeof value === "string" && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return true;
  issues.push(`${path}: expected an ISO 8601 date-time with time zone`);
  return false;
}

/** Normalised configuration; throws DrawInputError. Publish configDigestOf(result) with the commitment. */
export function buildDrawConfig(input: DrawConfigInput): DrawConfig {
  const config: DrawConfig = {
    exclusionCounts: isPlainObject(input.exclusionCounts)
      ? { ...input.exclusionCounts }
      : (input.exclusionCounts ?? {}),
    // A copy: the caller's object must not be able to change a record after the draw.
    samplingRule: isPlainObject(input.samplingRule) ? structuredClone(input.samplingRule) : input.samplingRule,
    inspectorDraws: Array.isArray(input.inspectorDraws)
      ? input.inspectorDraws.map(normalizeInspectorDrawConfig)
      : (input.inspectorDraws ?? []),
  };
  const issues: Issues = [];
  checkDrawConfig(config, "config", issues);
  assertNoIssues(issues);
  return config;
}

export function checkDrawConfig(config: unknown, path: string, issues: Issues): config is DrawConfig {
  if (!checkObject(config, path, issues, ["exclusionCounts", "samplingRule", "inspectorDraws"])) return false;
  const before = issues.length;
  if (isPlainObject(config.exclusionCounts)) {
    for (const [name, count] of Object.entries(config.exclusionCounts)) {
      const p = at(path, `exclusionCounts[${JSON.stringify(name)}]`);
      if (checkString(name, p, issues, true)) checkInteger(count, p, issues, 0);
    }
  } else {
    issues.push(`${at(path, "exclusionCounts")}: expected an object`);
  }
  checkSamplingRule(config.samplingRule, at(path, "samplingRule"), issues);
  if (checkArray(config.inspectorDraws, at(path, "inspectorDraws"), issues)) {
    const departments = new Set<unknown>();
    config.inspectorDraws.forEach((draw, i) => {
      const p = at(at(path, "inspectorDraws"), i);
      if (!checkInspectorDrawConfig(draw, p, issues)) return;
      if (departments.has(draw.departmentId)) issues.push(`${at(p, "departmentId")}: duplicate department`);
      departments.add(draw.departmentId);
    });
  }
  return issues.length === before;
}

/** Inputs of a record, validated: the fields a draw is computed from. */
export interface RecordInputs {
  taskId: string;
  serverSeed: string;
  witnessEntropy: string;
  operator: string;
  witnesses: string[];
  drawnAt: string;
  strata: PopulationStratum[];
  config: DrawConfig;
}

export function checkRecordInputs(inputs: Record<string, unknown>, issues: Issues): boolean {
  const before = issues.length;
  checkString(inputs.taskId, "taskId", issues, true);
  if (!isHex(inputs.serverSeed, 32)) issues.push("serverSeed: expected 64 lower-case hex characters");
  if (checkString(inputs.witnessEntropy, "witnessEntropy", issues) && normalizeEntropy(inputs.witnessEntropy) === "") {
    issues.push("witnessEntropy: must not be empty after normalisation");
  }
  checkString(inputs.operator, "operator", issues, true);
  if (checkStringArray(inputs.witnesses, "witnesses", issues, { nonEmpty: true }) && inputs.witnesses.length === 0) {
    issues.push("witnesses: at least one witness (现场监督) is required");
  }
  checkInstant(inputs.drawnAt, "drawnAt", issues);
  checkPopulationSnapshot(inputs.strata, "population.strata", issues);
  checkDrawConfig(inputs.config, "config", issues);
  return issues.length === before;
}

/** The record as drawn (no substitutions yet), computed from validated inputs. */
export function buildRecord(inputs: RecordInputs): DrawRecord {
  const { config, strata } = inputs;
  const witnessEntropy = normalizeEntropy(inputs.witnessEntropy);
  const population = { count: 0, digest: populationDigest(strata), strata };
  for (const s of strata) population.count += s.keys.length;
  const configDigest = configDigestOf(config);
  const seed = deriveDrawSeed({
    serverSeed: inputs.serverSeed,
    witnessEntropy,
    taskId: inputs.taskId,
    populationDigest: population.digest,
    configDigest,
  });
  const stratumSizes: StratumSize[] = strata.map(({ stratum, keys }) => ({
    stratum,
    populationCount: keys.length,
    size: sampleSize(ruleFor(config.samplingRule, stratum), keys.length),
  }));
  const drawn = selectSubjects(seed, strata, new Map(stratumSizes.map((s) => [s.stratum, s.size])));
  const targets = targetOrder(drawn);
  const unsealed = {
    algorithm: DRAW_ALGORITHM,
    taskId: inputs.taskId,
    operator: inputs.operator,
    witnesses: [...inputs.witnesses],
    drawnAt: inputs.drawnAt,
    commitment: commitmentOf(inputs.serverSeed),
    serverSeed: inputs.serverSeed,
    witnessEntropy,
    configDigest,
    config,
    seed: toHex(seed),
    stratumSizes,
    drawn,
    inspectorResults: config.inspectorDraws.map((draw) => drawInspectors(seed, targets, draw)),
    population,
  } satisfies Omit<DrawRecord, "sealDigest" | "substitutions">;
  return { ...unsealed, sealDigest: sealDigestOf(unsealed), substitutions: [] };
}

/**
 * Draws targets and inspectors. Throws DrawInputError on invalid input, including a population
 * whose digest no longer matches its keys (it must be the snapshot whose digest was published).
 */
export function performDraw(input: DrawInput): DrawOutcome {
  const config = buildDrawConfig(input);
  const population: Partial<FrozenPopulation> = isPlainObject(input.population) ? input.population : {};
  const inputs = {
    taskId: input.taskId,
    serverSeed: input.serverSeed,
    witnessEntropy: input.witnessEntropy,
    operator: input.operator,
    witnesses: input.witnesses,
    drawnAt: input.drawnAt,
    strata: population.strata,
    config,
  };
  const issues: Issues = [];
  checkRecordInputs(inputs, issues);
  assertNoIssues(issues);
  const record = buildRecord(inputs as RecordInputs);
  if (record.population.digest !== population.digest) {
    assertNoIssues([
      `population.digest: the snapshot's keys hash to ${record.population.digest}, not ${population.digest}`,
    ]);
  }
  return { record, failures: record.inspectorResults.flatMap((r) => r.failures) };
}
