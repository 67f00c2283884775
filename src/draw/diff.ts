/** Structural comparison of an expected and an actual record, as "path: expected X got Y" lines. */
import { at, isPlainObject } from "./shape";

export class DifferenceList {
  readonly lines: string[] = [];
  private omitted = 0;

  constructor(private readonly limit = 100) {}

  add(line: string): void {
    if (this.lines.length < this.limit) this.lines.push(line);
    else this.omitted++;
  }

  result(): string[] {
    return this.omitted ? [...this.lines, `… and ${this.omitted} more differences`] : this.lines;
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export function diffValues(expected: unknown, actual: unknown, path: string, out: DifferenceList): void {
  if (Object.is(expected, actual)) return;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      out.add(`${path}: expected ${expected.length} entries got ${actual.length}`);
    }
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) diffValues(expected[i], actual[i], at(path, i), out);
    return;
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    for (const key of Object.keys(expected)) {
      if (Object.hasOwn(actual, key)) diffValues(expected[key], actual[key], at(path, key), out);
      else out.add(`${at(path, key)}: missing`);
    }
    for (const key of Object.keys(actual)) {
      if (!Object.hasOwn(expected, key)) out.add(`${at(path, key)}: unexpected field`);
    }
    return;
  }
  out.add(`${path || "record"}: expected ${show(expected)} got ${show(actual)}`);
}
