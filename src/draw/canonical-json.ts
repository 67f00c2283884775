/**
 * Canonical JSON (RFC 8785 / JCS for the values a draw record holds): object keys sorted by UTF-16
 * code units, no whitespace, ECMAScript number and string serialisation. Used to hash structured
 * parts of the record; the population uses a binary encoding instead (see population.ts).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("canonical JSON: non-finite number");
    return JSON.stringify(value);
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  throw new Error(`canonical JSON: unsupported ${typeof value}`);
}
