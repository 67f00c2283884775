import { GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { GraphQLDateTimeISO as LibraryDateTimeISO } from "graphql-scalars";

/**
 * A value given for a `DateTimeISO` that is not a real RFC 3339 date-time (2026-02-30T00:00:00Z, a number, "明天").
 * The scalar does not throw: a throw in `parseLiteral` becomes a GraphQL validation error and one in `parseValue` a
 * variable-coercion error, two different answers without the argument's path. It hands this marker on instead, and
 * the one argument check (src/schema/argument-guard.ts), which runs before any resolver on both transports, refuses
 * it as BAD_USER_INPUT naming the argument — the same error for a literal in the query text and for a variable.
 */
export class InvalidDateTime {
  constructor(readonly raw: string) {}
}

function parse(value: unknown): Date | InvalidDateTime {
  try {
    return LibraryDateTimeISO.parseValue(value) as Date;
  } catch {
    return new InvalidDateTime(typeof value === "string" ? value : (JSON.stringify(value) ?? String(value)));
  }
}

function literal(ast: ValueNode): Date | InvalidDateTime {
  if (ast.kind === Kind.STRING) return parse(ast.value);
  return new InvalidDateTime("value" in ast ? String(ast.value) : ast.kind);
}

/**
 * `DateTimeISO` as type-graphql names it, with graphql-scalars' rules (RFC 3339, real calendar dates, an explicit
 * offset) and serialization; only the failure path differs (see InvalidDateTime). Mapped to `Date` in buildSchema.
 */
export const DateTimeISO = new GraphQLScalarType({
  name: "DateTimeISO",
  description: LibraryDateTimeISO.description,
  serialize: (value) => LibraryDateTimeISO.serialize(value),
  parseValue: parse,
  parseLiteral: literal,
  extensions: LibraryDateTimeISO.extensions,
});
