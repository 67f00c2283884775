/**
 * A string as an SQL literal, for the few statements sent with the simple query protocol (which has no
 * parameters): the opening round trip of a tenant transaction. Uses the E'' form, so the result is the same
 * whatever standard_conforming_strings says; NUL cannot be represented and is refused.
 */
export function sqlLiteral(value: string): string {
  if (value.includes("\u0000")) throw new Error("sqlLiteral: NUL in a literal");
  return `E'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}
