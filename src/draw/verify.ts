/**
 * verifyDrawRecord: rebuilds the record from its inputs with the code that produced it and lists
 * every field that differs. Inputs: task id, server seed, witness entropy, names, time, population
 * keys, configuration and substitution requests. Everything else is recomputed and compared.
 */

import { DifferenceList, diffValues } from "./diff";
import { DRAW_ALGORITHM, DRAW_ALGORITHM_V2 } from "./encoding";
import { buildRecord, checkRecordInputs, type RecordInputs } from "./record";
import type { DrawRecord, SubstitutionEntry } from "./record-types";
import { verifyDrawRecordV2 } from "./record-v2";
import { at, checkArray, checkObject, type Issues, isPlainObject } from "./shape";
import { checkSubstitutionRequest, substitute } from "./substitution";

export interface VerificationResult {
  valid: boolean;
  differences: string[];
}

export interface VerificationOptions {
  /** The commitment published before the draw: the record must carry the same one. */
  expectedCommitment?: string;
  /**
   * The latest published digest (the last substitution's digest, else the seal). Recomputation
   * cannot tell a record from an earlier, shorter version of itself; the published head can.
   */
  expectedLatestDigest?: string;
  /** v2 only: the lock digest published before the draw. */
  expectedLockDigest?: string;
}

function latestDigest(record: Record<string, unknown>): unknown {
  const substitutions = Array.isArray(record.substitutions) ? record.substitutions : [];
  const last = substitutions.at(-1);
  return isPlainObject(last) ? last.digest : record.sealDigest;
}

const SUBSTITUTION_FIELDS = [
  "departmentId",
  "targetKey",
  "recused",
  "reason",
  "recordedAt",
  "unavailableNow",
  "substitute",
  "members",
  "leader",
  "digest",
];

function inputsOf(record: Record<string, unknown>, issues: Issues): RecordInputs | null {
  const population = isPlainObject(record.population) ? record.population : {};
  const inputs = {
    taskId: record.taskId,
    serverSeed: record.serverSeed,
    witnessEntropy: record.witnessEntropy,
    operator: record.operator,
    witnesses: record.witnesses,
    drawnAt: record.drawnAt,
    strata: population.strata,
    config: record.config,
  };
  if (!isPlainObject(record.population)) issues.push("population: expected an object");
  checkRecordInputs(inputs, issues);
  if (checkArray(record.substitutions, "substitutions", issues)) {
    record.substitutions.forEach((entry, i) => {
      if (checkObject(entry, at("substitutions", i), issues, SUBSTITUTION_FIELDS)) {
        checkSubstitutionRequest(entry, at("substitutions", i), issues);
      }
    });
  }
  return issues.length === 0 ? (inputs as RecordInputs) : null;
}

/** Replays the recorded substitution requests on `expected`; stops at the first that cannot be replayed. */
function replaySubstitutions(expected: DrawRecord, recorded: SubstitutionEntry[], out: DifferenceList): DrawRecord {
  let current = expected;
  for (let i = 0; i < recorded.length; i++) {
    const s = recorded[i];
    const outcome = substitute(current, s.targetKey, s.recused, s.reason, {
      departmentId: s.departmentId,
      recordedAt: s.recordedAt,
      unavailableNow: s.unavailableNow,
    });
    if (!outcome.ok) {
      out.add(
        `substitutions[${i}]: cannot be replayed (${outcome.failure.code}); record names substitute "${s.substitute}"`,
      );
      if (i + 1 < recorded.length) out.add(`substitutions[${i + 1}..${recorded.length - 1}]: not verified`);
      return { ...current, substitutions: [...current.substitutions, ...recorded.slice(i)] };
    }
    current = outcome.record;
  }
  return current;
}

export function verifyDrawRecord(record: unknown, options: VerificationOptions = {}): VerificationResult {
  const out = new DifferenceList();
  if (!isPlainObject(record)) return { valid: false, differences: ["record: expected a JSON object"] };
  if (record.algorithm === DRAW_ALGORITHM_V2) {
    const differences = verifyDrawRecordV2(record, options);
    return { valid: differences.length === 0, differences };
  }
  if (record.algorithm !== DRAW_ALGORITHM) {
    out.add(
      `algorithm: expected "${DRAW_ALGORITHM}" or "${DRAW_ALGORITHM_V2}" got ${JSON.stringify(record.algorithm)}`,
    );
    return { valid: false, differences: out.result() };
  }
  if (options.expectedCommitment !== undefined && options.expectedCommitment !== record.commitment) {
    out.add(`commitment: published ${options.expectedCommitment}, record has ${JSON.stringify(record.commitment)}`);
  }
  const latest = latestDigest(record);
  if (options.expectedLatestDigest !== undefined && options.expectedLatestDigest !== latest) {
    out.add(`latest digest: published ${options.expectedLatestDigest}, record ends with ${JSON.stringify(latest)}`);
  }
  const issues: Issues = [];
  const inputs = inputsOf(record, issues);
  if (!inputs) {
    for (const issue of issues) out.add(issue);
    return { valid: false, differences: out.result() };
  }
  try {
    const drawn = buildRecord(inputs);
    const expected = replaySubstitutions(drawn, record.substitutions as SubstitutionEntry[], out);
    diffValues(expected, record, "", out);
  } catch (error) {
    // Inputs were validated, so this is a defect; still answer INVALID rather than crash the checker.
    out.add(`record: could not be recomputed (${(error as Error).message})`);
  }
  const differences = out.result();
  return { valid: differences.length === 0, differences };
}
