/**
 * Minimal structural checks shared by input validation and record verification. Each check appends
 * "path: problem" to `issues` and returns whether the value has the expected type.
 */
import { isWellFormed } from "./encoding";

export type Issues = string[];

export function at(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object with exactly the listed fields (optional ones may be absent); unknown fields are reported. */
export function checkObject(
  value: unknown,
  path: string,
  issues: Issues,
  required: readonly string[],
  optional: readonly string[] = [],
): value is Record<string, unknown> {
  if (!isPlainObject(value)) {
    issues.push(`${path || "record"}: expected an object`);
    return false;
  }
  for (const key of required) if (!Object.hasOwn(value, key)) issues.push(`${at(path, key)}: missing`);
  for (const key of Object.keys(value)) {
    if (!required.includes(key) && !optional.includes(key)) issues.push(`${at(path, key)}: unexpected field`);
  }
  return true;
}

export function checkString(value: unknown, path: string, issues: Issues, nonEmpty = false): value is string {
  if (typeof value !== "string") {
    issues.push(`${path}: expected a string`);
    return false;
  }
  if (!isWellFormed(value)) {
    issues.push(`${path}: contains a lone UTF-16 surrogate`);
    return false;
  }
  if (nonEmpty && value.length === 0) {
    issues.push(`${path}: must not be empty`);
    return false;
  }
  return true;
}

export function checkInteger(value: unknown, path: string, issues: Issues, min: number, max?: number): value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || (max !== undefined && value > max)) {
    issues.push(`${path}: expected an integer ≥ ${min}${max === undefined ? "" : ` and ≤ ${max}`}`);
    return false;
  }
  return true;
}

export function checkBoolean(value: unknown, path: string, issues: Issues): value is boolean {
  if (typeof value !== "boolean") {
    issues.push(`${path}: expected true or false`);
    return false;
  }
  return true;
}

export function checkArray(value: unknown, path: string, issues: Issues): value is unknown[] {
  if (!Array.isArray(value)) {
    issues.push(`${path}: expected an array`);
    return false;
  }
  return true;
}

/** Array of well-formed strings; `unique` reports repeats, `nonEmpty` empty items. */
export function checkStringArray(
  value: unknown,
  path: string,
  issues: Issues,
  options: { unique?: boolean; nonEmpty?: boolean } = {},
): value is string[] {
  if (!checkArray(value, path, issues)) return false;
  const before = issues.length;
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (!checkString(item, at(path, i), issues, options.nonEmpty)) return;
    if (options.unique && seen.has(item)) issues.push(`${at(path, i)}: duplicate "${item}"`);
    seen.add(item);
  });
  return issues.length === before;
}
