/**
 * The frozen population (检查对象名录 snapshot): subjects grouped by stratum in canonical order
 * (strata, then keys, ascending by UTF-8 bytes), keys unique across the whole population, and its digest.
 */
import { compareUtf8, DRAW_ALGORITHM, field, LABEL, sortUtf8, toHex, writeU32, writeUtf8 } from "./encoding";
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

/** Validates and canonicalises the eligible subjects; throws DrawInputError on bad or duplicate keys. */
export function freezePopulation(subjects: Iterable<PopulationSubject>): FrozenPopulation {
  const issues: Issues = [];
  const byStratum = new Map<string, string[]>();
  const seen = new Set<string>();
  let index = 0;
  for (const subject of subjects) {
    const path = `population[${index++}]`;
    const keyOk = checkString(subject?.key, at(path, "key"), issues, true);
    const stratumOk = checkString(subject?.stratum, at(path, "stratum"), issues);
    if (!keyOk || !stratumOk) continue;
    if (seen.has(subject.key)) issues.push(`${at(path, "key")}: duplicate key "${subject.key}"`);
    seen.add(subject.key);
    let keys = byStratum.get(subject.stratum);
    if (!keys) byStratum.set(subject.stratum, (keys = []));
    keys.push(subject.key);
  }
  assertNoIssues(issues.slice(0, 20));
  const strata = sortUtf8([...byStratum.keys()]).map((stratum) => ({
    stratum,
    keys: sortUtf8(byStratum.get(stratum) ?? []),
  }));
  return { count: seen.size, digest: populationDigest(strata), strata };
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

/**
 * Structure, canonical order and uniqueness of a population snapshot (as stored in a record).
 * Reports at most `limit` problems so a scrambled million-key snapshot stays readable.
 */
export function checkPopulationSnapshot(
  value: unknown,
  path: string,
  issues: Issues,
  limit = 20,
): value is PopulationStratum[] {
  if (!checkArray(value, path, issues)) return false;
  const found: Issues = [];
  const seen = new Set<string>();
  let previousStratum: string | null = null;
  value.forEach((entry, s) => {
    const sp = at(path, s);
    if (!checkObject(entry, sp, found, ["stratum", "keys"])) return;
    const { stratum, keys } = entry;
    if (!checkString(stratum, at(sp, "stratum"), found) || !checkArray(keys, at(sp, "keys"), found)) return;
    if (previousStratum !== null && compareUtf8(previousStratum, stratum) >= 0) {
      found.push(`${at(sp, "stratum")}: not in canonical order (must sort after "${previousStratum}")`);
    }
    previousStratum = stratum;
    if (keys.length === 0) found.push(`${at(sp, "keys")}: a stratum must not be empty`);
    let previous: string | null = null;
    for (let i = 0; i < keys.length && found.length < limit; i++) {
      const key = keys[i];
      if (!checkString(key, at(at(sp, "keys"), i), found, true)) continue;
      if (previous !== null && compareUtf8(previous, key) >= 0) {
        found.push(`${at(at(sp, "keys"), i)}: not in canonical order (must sort after "${previous}")`);
      }
      if (seen.has(key)) found.push(`${at(at(sp, "keys"), i)}: duplicate key "${key}"`);
      seen.add(key);
      previous = key;
    }
  });
  issues.push(...found.slice(0, limit));
  if (found.length > limit) issues.push(`${path}: … more problems not listed`);
  return found.length === 0;
}
