/**
 * The frozen population (检查对象名录 snapshot): subjects grouped by stratum in canonical order
 * (strata, then keys, ascending by UTF-8 bytes), keys unique across the whole population, and its digest.
 */
import {
  DRAW_ALGORITHM,
  field,
  firstOutOfOrder,
  isWellFormed,
  LABEL,
  sharedValue,
  sortUtf8,
  toHex,
  writeU32,
  writeUtf8,
} from "./encoding";
import { assertNoIssues } from "./errors";
import { createSha256 } from "./hash";
import { at, checkArray, checkObject, checkString, type Issues } from "./shape";

export interface PopulationSubject {
  /** Stable key, e.g. the subject's uuid. Hashed. */
  key: string;
  /** Stratum label, e.g. a credit or risk class. Hashed. */
  stratum: string;
  /** Anything for people (name, 统一社会信用代码…): never hashed, not part of the record. */
  display?: unknown;
}

export interface PopulationStratum {
  stratum: string;
  keys: string[];
}

export interface FrozenPopulation {
  count: number;
  /** SHA-256 of the encoding in docs/DRAW.md §4, hex. Publish it before the witness gives entropy. */
  digest: string;
  strata: PopulationStratum[];
}

/**
 * Populations built by freezePopulation in this process: already known canonical, so performDraw
 * skips re-checking order and uniqueness (it still recomputes the digest). Treat them as read-only.
 */
const canonical = new WeakSet<readonly PopulationStratum[]>();

export function isKnownCanonical(strata: readonly PopulationStratum[]): boolean {
  return canonical.has(strata);
}

const MAX_LISTED = 20;

function isValidKey(key: unknown): key is string {
  return typeof key === "string" && key.length > 0 && isWellFormed(key);
}

/** Validates and canonicalises the eligible subjects; throws DrawInputError on bad or duplicate keys. */
export function freezePopulation(subjects: Iterable<PopulationSubject>): FrozenPopulation {
  const issues: Issues = [];
  const byStratum = new Map<string, string[]>();
  let index = 0;
  for (const subject of subjects) {
    const path = `population[${index++}]`;
    // Fast path first: checkString builds messages, too slow to call a million times.
    const { key, stratum } = subject ?? {};
    if (!isValidKey(key)) checkString(key, at(path, "key"), issues, true);
    if (typeof stratum !== "string" || !isWellFormed(stratum)) checkString(stratum, at(path, "stratum"), issues);
    if (issues.length >= MAX_LISTED) break;
    const keys = byStratum.get(stratum);
    if (keys) keys.push(key);
    else byStratum.set(stratum, [key]);
  }
  assertNoIssues(issues);
  const strata = sortUtf8([...byStratum.keys()]).map((stratum) => ({
    stratum,
    keys: sortUtf8(byStratum.get(stratum) ?? []),
  }));
  checkUnique(strata, issues);
  assertNoIssues(issues);
  canonical.add(strata);
  return { count: index, digest: populationDigest(strata), strata };
}

function checkUnique(strata: readonly PopulationStratum[], issues: Issues): void {
  for (const { keys } of strata) {
    const i = firstOutOfOrder(keys);
    if (i >= 0) issues.push(`population: duplicate key "${keys[i]}"`);
  }
  const shared = sharedValue(strata.map((s) => s.keys));
  if (shared !== null) issues.push(`population: key "${shared}" appears in more than one stratum`);
}

const CHUNK = 1 << 16;

/**
 * SHA-256( field(version) || field("population") || u32(stratumCount) ||
 *          for each stratum: field(stratum) || u32(keyCount) || field(key)... ), hashed in 64 KiB chunks.
 */
export function populationDigest(strata: readonly PopulationStratum[]): string {
  const hash = createSha256();
  hash.update(field(DRAW_ALGORITHM)).update(field(LABEL.population));
  let chunk = new Uint8Array(CHUNK);
  let used = 0;
  const flush = () => {
    hash.update(chunk.subarray(0, used));
    used = 0;
  };
  const reserve = (bytes: number) => {
    if (used + bytes <= chunk.length) return;
    flush();
    if (bytes > chunk.length) chunk = new Uint8Array(bytes);
  };
  const putU32 = (value: number) => {
    reserve(4);
    writeU32(chunk, used, value);
    used += 4;
  };
  const putField = (text: string) => {
    reserve(4 + 3 * text.length);
    const written = writeUtf8(text, chunk, used + 4);
    writeU32(chunk, used, written);
    used += 4 + written;
  };
  putU32(strata.length);
  for (const { stratum, keys } of strata) {
    putField(stratum);
    putU32(keys.length);
    for (const key of keys) putField(key);
  }
  flush();
  return toHex(hash.digest());
}

/** Structure, canonical order and uniqueness of a population snapshot as stored in a record. */
export function checkPopulationSnapshot(value: unknown, path: string, issues: Issues): value is PopulationStratum[] {
  if (!checkArray(value, path, issues)) return false;
  if (isKnownCanonical(value as PopulationStratum[])) return true;
  const before = issues.length;
  value.forEach((entry, s) => {
    const sp = at(path, s);
    if (!checkObject(entry, sp, issues, ["stratum", "keys"])) return;
    checkString(entry.stratum, at(sp, "stratum"), issues);
    if (!checkArray(entry.keys, at(sp, "keys"), issues)) return;
    if (entry.keys.length === 0) issues.push(`${at(sp, "keys")}: a stratum must not be empty`);
    const bad = entry.keys.findIndex((key) => !isValidKey(key));
    if (bad >= 0) checkString(entry.keys[bad], at(at(sp, "keys"), bad), issues, true);
  });
  if (issues.length > before) return false;
  const strata = value as PopulationStratum[];
  const s = firstOutOfOrder(strata.map((entry) => entry.stratum));
  if (s >= 0) issues.push(`${at(at(path, s), "stratum")}: not strictly after the previous stratum (canonical order)`);
  strata.forEach(({ keys }, i) => {
    const k = firstOutOfOrder(keys);
    if (k >= 0) issues.push(`${at(at(at(path, i), "keys"), k)}: not strictly after the previous key (canonical order)`);
  });
  const shared = sharedValue(strata.map((entry) => entry.keys));
  if (shared !== null) issues.push(`${path}: key "${shared}" appears in more than one stratum`);
  return issues.length === before;
}
