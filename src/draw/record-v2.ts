/**
 * Draw protocol v2 (`jc-draw-v2`, docs/DRAW.md §15): lock, then draw; every attempt is a record;
 * 递补 only from the pool frozen at the lock, with every later unavailability an entry of the record;
 * a void is the last entry of the chain. Pure functions, like the v1 code they reuse.
 */

import { DifferenceList, diffValues } from "./diff";
import { compareUtf8, DRAW_ALGORITHM_V2, firstOutOfOrder, fromHex, isHex, LABEL, toHex } from "./encoding";
import { assertNoIssues, DrawInputError } from "./errors";
import { type InspectorDrawConfigInput, normalizeInspectorDrawConfig } from "./inspector-config";
import { type InspectorDrawResult, targetOrder } from "./inspector-draw";
import { DepartmentDrawV2 } from "./inspector-draw-v2";
import { checkPopulationSnapshot, type FrozenPopulation, type PopulationStratum, populationDigest } from "./population";
import { checkDrawConfig, checkInstant } from "./record";
import type { DrawConfig, StratumSize, SubstitutionReason, SubstitutionReasonCode } from "./record-types";
import { ruleFor, type SamplingRule, sampleSize } from "./sampling";
import { chainDigestOf } from "./seal";
import {
  commitmentOf,
  configDigestOf,
  deriveDrawSeedV2,
  type LockFields,
  lockDigestOf,
  normalizeEntropy,
} from "./seed";
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
import { type DrawnSubject, selectSubjects } from "./subject-selection";

export const V2 = DRAW_ALGORITHM_V2;

export interface DrawConfigV2 extends DrawConfig {
  /** Substitutions per department beyond which each needs a recorded over-cap reason; null = no cap. */
  recusalCap: number | null;
}

/** The record's `lock`: what was fixed and published before the entropy (plus what §15.2 derives from it). */
export interface LockSection {
  lockedAt: string;
  drawNotBefore: string;
  immediateReason: string | null;
  digest: string;
}

/** A frozen draw: everything but the server seed's reveal and the witness entropy. */
export interface DrawLockV2 {
  algorithm: typeof V2;
  taskId: string;
  commitment: string;
  population: FrozenPopulation;
  config: DrawConfigV2;
  configDigest: string;
  lock: LockSection;
}

export interface UnavailableDeclaration {
  inspectorKey: string;
  note: string;
}

export interface SubstitutionEntryV2 {
  departmentId: string;
  targetKey: string;
  recused: string;
  reason: SubstitutionReason;
  recordedAt: string;
  /** Who approved the 递补 (name as printed). */
  approvedBy: string;
  /** Inspectors declared unavailable with this entry: excluded from every later 递补 of this department. */
  declaredUnavailable: UnavailableDeclaration[];
  /** Required (non-empty) exactly when this is the department's substitution number > config.recusalCap. */
  overCapReason: string | null;
  substitute: string;
  members: string[];
  leader: string;
  digest: string;
}

export interface VoidEntry {
  reason: string;
  voidedBy: string;
  voidedAt: string;
  digest: string;
}

export interface DrawRecordV2 {
  algorithm: typeof V2;
  taskId: string;
  operator: string;
  witnesses: string[];
  lock: LockSection;
  drawnAt: string;
  commitment: string;
  serverSeed: string;
  witnessEntropy: string;
  configDigest: string;
  config: DrawConfigV2;
  seed: string;
  stratumSizes: StratumSize[];
  drawn: DrawnSubject[];
  inspectorResults: InspectorDrawResult[];
  sealDigest: string;
  substitutions: SubstitutionEntryV2[];
  voided: VoidEntry | null;
  population: FrozenPopulation;
}

export interface LockInput {
  taskId: string;
  commitment: string;
  lockedAt: string;
  drawNotBefore: string;
  immediateReason: string | null;
  population: FrozenPopulation;
  samplingRule: SamplingRule;
  exclusionCounts?: Record<string, number>;
  inspectorDraws?: InspectorDrawConfigInput[];
  recusalCap: number | null;
}

function checkV2Config(config: unknown, path: string, issues: Issues): config is DrawConfigV2 {
  if (!isPlainObject(config)) {
    issues.push(`${path}: expected an object`);
    return false;
  }
  const before = issues.length;
  const { recusalCap, ...v1 } = config;
  if (!Object.hasOwn(config, "recusalCap")) issues.push(`${at(path, "recusalCap")}: missing`);
  else if (recusalCap !== null) checkInteger(recusalCap, at(path, "recusalCap"), issues, 0);
  if (checkDrawConfig(v1, path, issues)) {
    // v2: pools in canonical key order (the order is a shuffle of this list).
    (v1 as unknown as DrawConfig).inspectorDraws.forEach((d, i) => {
      const bad = firstOutOfOrder(d.pool.map((c) => c.key));
      if (bad >= 0) issues.push(`${at(at(at(path, "inspectorDraws"), i), "pool")}[${bad}]: not in key byte order`);
    });
  }
  return issues.length === before;
}

function lockFields(
  l: Omit<LockSection, "digest">,
  taskId: string,
  commitment: string,
  population: FrozenPopulation,
  configDigest: string,
): LockFields {
  return {
    taskId,
    commitment,
    populationCount: population.count,
    populationDigest: population.digest,
    configDigest,
    lockedAt: l.lockedAt,
    drawNotBefore: l.drawNotBefore,
    immediateReason: l.immediateReason,
  };
}

function checkLockSection(value: unknown, path: string, issues: Issues, withDigest: boolean): boolean {
  const fields = ["lockedAt", "drawNotBefore", "immediateReason"];
  if (!checkObject(value, path, issues, withDigest ? [...fields, "digest"] : fields)) return false;
  const before = issues.length;
  if (
    checkInstant(value.lockedAt, at(path, "lockedAt"), issues) &&
    checkInstant(value.drawNotBefore, at(path, "drawNotBefore"), issues)
  ) {
    if (Date.parse(value.drawNotBefore as string) < Date.parse(value.lockedAt as string))
      issues.push(`${at(path, "drawNotBefore")}: before lockedAt`);
  }
  if (value.immediateReason !== null) checkString(value.immediateReason, at(path, "immediateReason"), issues, true);
  return issues.length === before;
}

/** Freezes population, pools and rules, and computes the digests to publish. Throws DrawInputError. */
export function lockDrawV2(input: LockInput): DrawLockV2 {
  const config = {
    exclusionCounts: isPlainObject(input.exclusionCounts) ? { ...input.exclusionCounts } : {},
    samplingRule: structuredClone(input.samplingRule),
    inspectorDraws: (input.inspectorDraws ?? []).map((d) => {
      const c = normalizeInspectorDrawConfig(d);
      return Array.isArray(c.pool) ? { ...c, pool: [...c.pool].sort((a, b) => compareUtf8(a.key, b.key)) } : c;
    }),
    recusalCap: input.recusalCap,
  } as DrawConfigV2;
  const issues: Issues = [];
  checkString(input.taskId, "taskId", issues, true);
  if (!isHex(input.commitment, 32)) issues.push("commitment: expected 64 lower-case hex characters");
  const section = {
    lockedAt: input.lockedAt,
    drawNotBefore: input.drawNotBefore,
    immediateReason: input.immediateReason,
  };
  checkLockSection(section, "lock", issues, false);
  checkPopulationSnapshot(input.population?.strata, "population.strata", issues);
  checkV2Config(config, "config", issues);
  assertNoIssues(issues);
  const digest = populationDigest(input.population.strata);
  if (digest !== input.population.digest)
    assertNoIssues([`population.digest: the snapshot's keys hash to ${digest}, not ${input.population.digest}`]);
  const configDigest = configDigestOf(config, V2);
  return {
    algorithm: V2,
    taskId: input.taskId,
    commitment: input.commitment,
    population: input.population,
    config,
    configDigest,
    lock: {
      ...section,
      digest: lockDigestOf(lockFields(section, input.taskId, input.commitment, input.population, configDigest)),
    },
  };
}

export interface DrawInputV2 {
  serverSeed: string;
  witnessEntropy: string;
  operator: string;
  witnesses: string[];
  drawnAt: string;
}

function sealOf(record: Omit<DrawRecordV2, "sealDigest" | "substitutions" | "voided">): string {
  const { population, ...rest } = record;
  return chainDigestOf(
    LABEL.seal,
    null,
    { ...rest, population: { count: population.count, digest: population.digest } },
    V2,
  );
}

/** The draw proper: only the revealed seed and the entropy are new. Failures are part of the record, never thrown. */
function buildRecordV2(lock: DrawLockV2, input: DrawInputV2): DrawRecordV2 {
  const witnessEntropy = normalizeEntropy(input.witnessEntropy);
  const { config, population } = lock;
  const seed = deriveDrawSeedV2(input.serverSeed, witnessEntropy, lock.lock.digest);
  const stratumSizes: StratumSize[] = population.strata.map(({ stratum, keys }) => ({
    stratum,
    populationCount: keys.length,
    size: sampleSize(ruleFor(config.samplingRule, stratum), keys.length),
  }));
  const drawn = selectSubjects(seed, population.strata, new Map(stratumSizes.map((s) => [s.stratum, s.size])));
  const targets = targetOrder(drawn);
  const unsealed = {
    algorithm: V2,
    taskId: lock.taskId,
    operator: input.operator,
    witnesses: [...input.witnesses],
    lock: lock.lock,
    drawnAt: input.drawnAt,
    commitment: lock.commitment,
    serverSeed: input.serverSeed,
    witnessEntropy,
    configDigest: lock.configDigest,
    config,
    seed: toHex(seed),
    stratumSizes,
    drawn,
    inspectorResults: config.inspectorDraws.map((d) => new DepartmentDrawV2(seed, d).drawAll(targets)),
    population,
  } satisfies Omit<DrawRecordV2, "sealDigest" | "substitutions" | "voided">;
  return { ...unsealed, sealDigest: sealOf(unsealed), substitutions: [], voided: null };
}

function checkDrawInput(input: DrawInputV2, lock: Pick<DrawLockV2, "commitment" | "lock">, issues: Issues): void {
  if (!isHex(input.serverSeed, 32)) issues.push("serverSeed: expected 64 lower-case hex characters");
  else if (commitmentOf(input.serverSeed) !== lock.commitment) issues.push("serverSeed: does not match the commitment");
  if (checkString(input.witnessEntropy, "witnessEntropy", issues) && normalizeEntropy(input.witnessEntropy) === "")
    issues.push("witnessEntropy: must not be empty after normalisation");
  checkString(input.operator, "operator", issues, true);
  if (checkStringArray(input.witnesses, "witnesses", issues, { nonEmpty: true }) && input.witnesses.length === 0)
    issues.push("witnesses: at least one witness (现场监督) is required");
  if (checkInstant(input.drawnAt, "drawnAt", issues) && Date.parse(input.drawnAt) < Date.parse(lock.lock.drawNotBefore))
    issues.push("drawnAt: before lock.drawNotBefore");
}

export function performDrawV2(lock: DrawLockV2, input: DrawInputV2): DrawRecordV2 {
  const issues: Issues = [];
  checkDrawInput(input, lock, issues);
  assertNoIssues(issues);
  return buildRecordV2(lock, input);
}

export function latestDigestV2(record: Pick<DrawRecordV2, "sealDigest" | "substitutions" | "voided">): string {
  return record.voided?.digest ?? record.substitutions.at(-1)?.digest ?? record.sealDigest;
}

// ---------------------------------------------------------------------------------------------- 递补

export interface SubstitutionRequestV2 {
  departmentId?: string;
  targetKey: string;
  recused: string;
  reason: SubstitutionReason;
  recordedAt: string;
  approvedBy: string;
  declaredUnavailable?: UnavailableDeclaration[];
  overCapReason?: string | null;
}

export type SubstitutionFailureCodeV2 =
  | "DEPARTMENT_REQUIRED"
  | "UNKNOWN_DEPARTMENT"
  | "VOIDED"
  | "NO_TEAM_FOR_TARGET"
  | "NOT_A_MEMBER"
  | "UNKNOWN_INSPECTOR"
  | "ALREADY_UNAVAILABLE"
  | "OVER_CAP_REASON_REQUIRED"
  | "OVER_CAP_REASON_UNEXPECTED"
  | "NO_ELIGIBLE_SUBSTITUTE";

export type SubstitutionOutcomeV2 =
  | { ok: true; substitution: SubstitutionEntryV2; record: DrawRecordV2 }
  | { ok: false; code: SubstitutionFailureCodeV2 };

const REASON_CODES: readonly SubstitutionReasonCode[] = [
  "SELF_DECLARED",
  "ORDERED",
  "REQUESTED",
  "UNAVAILABLE",
  "OTHER",
];

function checkRequestV2(value: Record<string, unknown>, path: string, issues: Issues): boolean {
  const before = issues.length;
  checkString(value.departmentId, at(path, "departmentId"), issues, true);
  checkString(value.targetKey, at(path, "targetKey"), issues, true);
  checkString(value.recused, at(path, "recused"), issues, true);
  if (checkObject(value.reason, at(path, "reason"), issues, ["code", "note"])) {
    if (!REASON_CODES.includes(value.reason.code as SubstitutionReasonCode))
      issues.push(`${at(at(path, "reason"), "code")}: expected one of ${REASON_CODES.join(", ")}`);
    checkString(value.reason.note, at(at(path, "reason"), "note"), issues);
  }
  checkInstant(value.recordedAt, at(path, "recordedAt"), issues);
  checkString(value.approvedBy, at(path, "approvedBy"), issues, true);
  if (checkArray(value.declaredUnavailable, at(path, "declaredUnavailable"), issues)) {
    const seen = new Set<unknown>();
    value.declaredUnavailable.forEach((d, i) => {
      const p = at(at(path, "declaredUnavailable"), i);
      if (!checkObject(d, p, issues, ["inspectorKey", "note"])) return;
      checkString(d.inspectorKey, at(p, "inspectorKey"), issues, true);
      checkString(d.note, at(p, "note"), issues, true);
      if (seen.has(d.inspectorKey)) issues.push(`${at(p, "inspectorKey")}: duplicate`);
      seen.add(d.inspectorKey);
    });
  }
  if (value.overCapReason !== null) checkString(value.overCapReason, at(path, "overCapReason"), issues, true);
  return issues.length === before;
}

/** Department state after the initial teams and every recorded substitution of that department. */
function stateOf(record: DrawRecordV2, index: number, seed: Uint8Array) {
  const config = record.config.inspectorDraws[index];
  const draw = new DepartmentDrawV2(seed, config);
  const teams = new Map(record.inspectorResults[index].teams.map((t) => [t.targetKey, t.members]));
  for (const members of teams.values()) for (const key of members) draw.adjustLoad(key, 1);
  const recused = new Map<string, Set<string>>();
  const unavailable = new Set<string>();
  let count = 0;
  for (const s of record.substitutions) {
    if (s.departmentId !== config.departmentId) continue;
    count++;
    teams.set(s.targetKey, s.members);
    draw.adjustLoad(s.recused, -1);
    draw.adjustLoad(s.substitute, 1);
    recused.set(s.targetKey, (recused.get(s.targetKey) ?? new Set<string>()).add(s.recused));
    for (const d of s.declaredUnavailable) unavailable.add(d.inspectorKey);
  }
  return { draw, teams, recused, unavailable, count };
}

/**
 * 递补 (§15.7): the first inspector in the target's order (over the pool frozen at the lock) who is eligible
 * under current loads, not a member, never recused from this target, not declared unavailable in this or an
 * earlier entry of the department, and keeps the team's requirements met. Returns a new record.
 */
export function substituteV2(record: DrawRecordV2, request: SubstitutionRequestV2): SubstitutionOutcomeV2 {
  const draws = record.config.inspectorDraws;
  const departmentId = request.departmentId ?? (draws.length === 1 ? draws[0].departmentId : null);
  if (departmentId === null) return { ok: false, code: "DEPARTMENT_REQUIRED" };
  if (record.voided) return { ok: false, code: "VOIDED" };
  const req = {
    departmentId,
    targetKey: request.targetKey,
    recused: request.recused,
    reason: { code: request.reason?.code, note: request.reason?.note ?? "" },
    recordedAt: request.recordedAt,
    approvedBy: request.approvedBy,
    declaredUnavailable: (request.declaredUnavailable ?? []).map((d) => ({
      inspectorKey: d.inspectorKey,
      note: d.note,
    })),
    overCapReason: request.overCapReason ?? null,
  };
  const issues: Issues = [];
  if (!checkRequestV2(req, "substitution", issues)) throw new DrawInputError(issues);
  const index = draws.findIndex((d) => d.departmentId === departmentId);
  if (index < 0) return { ok: false, code: "UNKNOWN_DEPARTMENT" };
  const seed = fromHex(record.seed);
  const { draw, teams, recused, unavailable, count } = stateOf(record, index, seed);
  const members = teams.get(req.targetKey);
  if (!members) return { ok: false, code: "NO_TEAM_FOR_TARGET" };
  if (!members.includes(req.recused)) return { ok: false, code: "NOT_A_MEMBER" };
  for (const d of req.declaredUnavailable) {
    if (draw.indexOf(d.inspectorKey) === undefined) return { ok: false, code: "UNKNOWN_INSPECTOR" };
    if (unavailable.has(d.inspectorKey)) return { ok: false, code: "ALREADY_UNAVAILABLE" };
    unavailable.add(d.inspectorKey);
  }
  const cap = record.config.recusalCap;
  const overCap = cap !== null && count + 1 > cap;
  if (overCap && req.overCapReason === null) return { ok: false, code: "OVER_CAP_REASON_REQUIRED" };
  if (!overCap && req.overCapReason !== null) return { ok: false, code: "OVER_CAP_REASON_UNEXPECTED" };

  const remaining = members.filter((k) => k !== req.recused).map((k) => draw.indexOf(k) as number);
  const held = remaining.reduce((acc, i) => acc | draw.maskOf(i), 0);
  const excluded = new Set([...members, ...(recused.get(req.targetKey) ?? []), ...unavailable]);
  const order = draw.orderFor(req.targetKey);
  let chosen = -1;
  for (let j = 0; ; j++) {
    const i = order.at(j);
    if (i < 0) break;
    if (excluded.has(draw.pool[i].key) || !draw.eligible(i, req.targetKey)) continue;
    if (((held | draw.maskOf(i)) & draw.need) === draw.need) {
      chosen = i;
      break;
    }
  }
  if (chosen < 0) return { ok: false, code: "NO_ELIGIBLE_SUBSTITUTE" };
  const team = [...remaining, chosen].sort((a, b) => order.positionOf(a) - order.positionOf(b));
  const entry = {
    ...req,
    reason: req.reason as SubstitutionReason,
    substitute: draw.pool[chosen].key,
    members: team.map((i) => draw.pool[i].key),
    leader: draw.leaderOf(team),
  };
  const substitution: SubstitutionEntryV2 = {
    ...entry,
    digest: chainDigestOf(LABEL.substitution, latestDigestV2(record), entry, V2),
  };
  return { ok: true, substitution, record: { ...record, substitutions: [...record.substitutions, substitution] } };
}

/** Voids the record (§15.8): the last entry of the chain; nothing can be appended after it. */
export function voidDrawV2(
  record: DrawRecordV2,
  request: { reason: string; voidedBy: string; voidedAt: string },
): DrawRecordV2 {
  const issues: Issues = [];
  if (record.voided) issues.push("voided: already voided");
  checkVoidRequest(request, "voided", issues);
  assertNoIssues(issues);
  const body = { reason: request.reason, voidedBy: request.voidedBy, voidedAt: request.voidedAt };
  return { ...record, voided: { ...body, digest: chainDigestOf(LABEL.void, latestDigestV2(record), body, V2) } };
}

function checkVoidRequest(value: unknown, path: string, issues: Issues): boolean {
  if (!checkObject(value, path, issues, ["reason", "voidedBy", "voidedAt"], ["digest"])) return false;
  const before = issues.length;
  checkString(value.reason, at(path, "reason"), issues, true);
  checkString(value.voidedBy, at(path, "voidedBy"), issues, true);
  checkInstant(value.voidedAt, at(path, "voidedAt"), issues);
  return issues.length === before;
}

// ---------------------------------------------------------------------------------------------- verification

const SUBSTITUTION_FIELDS_V2 = [
  "departmentId",
  "targetKey",
  "recused",
  "reason",
  "recordedAt",
  "approvedBy",
  "declaredUnavailable",
  "overCapReason",
  "substitute",
  "members",
  "leader",
  "digest",
];

export interface VerificationOptionsV2 {
  expectedCommitment?: string;
  expectedLatestDigest?: string;
  /** The lock digest published before the draw. */
  expectedLockDigest?: string;
}

/** Rebuilds a v2 record from its inputs and lists every field that differs (§15.9). */
export function verifyDrawRecordV2(record: Record<string, unknown>, options: VerificationOptionsV2 = {}): string[] {
  const out = new DifferenceList();
  if (options.expectedCommitment !== undefined && options.expectedCommitment !== record.commitment)
    out.add(`commitment: published ${options.expectedCommitment}, record has ${JSON.stringify(record.commitment)}`);
  const lock = isPlainObject(record.lock) ? record.lock : {};
  if (options.expectedLockDigest !== undefined && options.expectedLockDigest !== lock.digest)
    out.add(`lock.digest: published ${options.expectedLockDigest}, record has ${JSON.stringify(lock.digest)}`);
  const subs = Array.isArray(record.substitutions) ? record.substitutions : [];
  const voided = isPlainObject(record.voided) ? record.voided : null;
  const latest = voided
    ? voided.digest
    : isPlainObject(subs.at(-1))
      ? (subs.at(-1) as { digest: unknown }).digest
      : record.sealDigest;
  if (options.expectedLatestDigest !== undefined && options.expectedLatestDigest !== latest)
    out.add(`latest digest: published ${options.expectedLatestDigest}, record ends with ${JSON.stringify(latest)}`);

  const issues: Issues = [];
  const population = isPlainObject(record.population) ? record.population : {};
  if (!isPlainObject(record.population)) issues.push("population: expected an object");
  checkString(record.taskId, "taskId", issues, true);
  if (!isHex(record.commitment, 32)) issues.push("commitment: expected 64 lower-case hex characters");
  checkLockSection(record.lock, "lock", issues, true);
  checkPopulationSnapshot(population.strata, "population.strata", issues);
  checkV2Config(record.config, "config", issues);
  if (issues.length === 0)
    checkDrawInput(
      record as unknown as DrawInputV2,
      { commitment: record.commitment as string, lock: record.lock as LockSection },
      issues,
    );
  if (checkArray(record.substitutions, "substitutions", issues)) {
    record.substitutions.forEach((entry, i) => {
      if (checkObject(entry, at("substitutions", i), issues, SUBSTITUTION_FIELDS_V2))
        checkRequestV2(entry, at("substitutions", i), issues);
    });
  }
  if (record.voided !== null) checkVoidRequest(record.voided, "voided", issues);
  if (issues.length > 0) {
    for (const issue of issues) out.add(issue);
    return out.result();
  }
  try {
    const strata = population.strata as PopulationStratum[];
    const frozen: FrozenPopulation = { count: 0, digest: populationDigest(strata), strata };
    for (const s of strata) frozen.count += s.keys.length;
    const l = record.lock as LockSection;
    const config = record.config as DrawConfigV2;
    const configDigest = configDigestOf(config, V2);
    const section = { lockedAt: l.lockedAt, drawNotBefore: l.drawNotBefore, immediateReason: l.immediateReason };
    const expectedLock: DrawLockV2 = {
      algorithm: V2,
      taskId: record.taskId as string,
      commitment: commitmentOf(record.serverSeed as string),
      population: frozen,
      config,
      configDigest,
      lock: {
        ...section,
        digest: lockDigestOf(
          lockFields(section, record.taskId as string, commitmentOf(record.serverSeed as string), frozen, configDigest),
        ),
      },
    };
    let expected = buildRecordV2(expectedLock, record as unknown as DrawInputV2);
    const recorded = record.substitutions as SubstitutionEntryV2[];
    for (let i = 0; i < recorded.length; i++) {
      const s = recorded[i];
      const outcome = substituteV2(expected, s);
      if (!outcome.ok) {
        out.add(`substitutions[${i}]: cannot be replayed (${outcome.code}); record names substitute "${s.substitute}"`);
        if (i + 1 < recorded.length) out.add(`substitutions[${i + 1}..${recorded.length - 1}]: not verified`);
        expected = { ...expected, substitutions: [...expected.substitutions, ...recorded.slice(i)] };
        break;
      }
      expected = outcome.record;
    }
    if (voided && expected.substitutions.length === recorded.length)
      expected = voidDrawV2(expected, voided as unknown as VoidEntry);
    else if (voided) expected = { ...expected, voided: voided as unknown as VoidEntry };
    diffValues(expected, record, "", out);
  } catch (error) {
    out.add(`record: could not be recomputed (${(error as Error).message})`);
  }
  return out.result();
}
