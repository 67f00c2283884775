import {
  defaultFieldResolver,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from "graphql";
import { isIsoDate } from "../calendar/iso-date";
import { isUuid } from "../domain/ids";
import { REASON_MAX } from "../domain/reasons";
import { badInput } from "../errors";
import { InvalidDateTime } from "./date-time.scalar";

/**
 * One argument check for every field of the schema, on both transports: before any resolver runs, each argument
 * (and each field of an input object, at any depth) is checked by its GraphQL type and name, so a field added later
 * is covered without doing anything.
 *
 * - `ID`: a UUID (the ids of this schema are UUIDs; a malformed one is bad input, not "not found").
 * - every string (`String`, `ID`, and strings inside `JSON`): no NUL, no lone UTF-16 surrogate (PostgreSQL rejects
 *   both, which would surface as a masked internal error).
 * - `String` named like a date (`date`, `today`, `from`, `to`, `…Date`, `…On`, `…Since`, `…From`, `…To`, `…Due`,
 *   `…Deadline`): a real calendar date `YYYY-MM-DD` (no 2026-02-30, no month 13). test/unit/argument-guard.test.ts
 *   fails when a String whose description says it is a date has a name outside this rule.
 * - `DateTimeISO`: a real RFC 3339 date-time with an offset; the scalar (src/schema/date-time.scalar.ts) marks any
 *   other value instead of throwing, so a literal and a variable are refused here alike.
 * - ranges: `xFrom`/`xTo` (and `from`/`to`) side by side: the end is not before the start.
 * - `String` named like a stated reason (`reason`, `note`, `comment`, `…Reason`, `…Note`, `…Comment`): at most
 *   REASON_MAX characters. Reasons are stored, audited and often published (a void, a release, a correction); the
 *   services check that one is given, this is the one cap on how long it may be.
 *
 * Errors are BAD_USER_INPUT naming the argument path. The operation fails before its resolver writes anything, and
 * a failed operation rolls back what earlier root fields wrote.
 */
export function guardArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.length) continue;
      const where = `${type.name}.${field.name}`;
      wrap(field, "resolve", where);
      if (field.subscribe) wrap(field, "subscribe", where);
    }
  }
  return schema;
}

const guarded = new WeakSet<GraphQLField<unknown, unknown>>();

/** True when the field's resolver (and subscriber) check its arguments first. */
export const isGuarded = (field: GraphQLField<unknown, unknown>): boolean => guarded.has(field);

function wrap(field: GraphQLField<unknown, unknown>, key: "resolve" | "subscribe", where: string): void {
  guarded.add(field);
  const inner = field[key] ?? defaultFieldResolver;
  field[key] = (source, args, context, info) => {
    checkArguments(where, field.args, args);
    return inner(source, args, context, info);
  };
}

/** Ids that are not UUIDs on purpose: the printable yearly summary is addressed by its year. */
const OTHER_IDS: Record<string, RegExp> = { "Query.formLink.id": /^\d{4}$/ };

const DATE_NAME = /^(date|today|from|to)$|[a-z](Date|On|Since|From|To|Due|Deadline)$/;

const REASON_NAME = /^(reason|note|comment)$|[a-z](Reason|Note|Comment)$/;

/** The longest stated reason (src/domain/reasons.ts, also the database's floor under this cap). */
export { REASON_MAX };

/** True when `name` (an argument or input field of type String) holds a stated reason. */
export const isReasonName = (name: string): boolean => REASON_NAME.test(name);

/** True when `name` (an argument or input field of type String) holds a calendar date. */
export const isDateName = (name: string): boolean => DATE_NAME.test(name);

export function checkArguments(where: string, defs: readonly GraphQLArgument[], args: Record<string, unknown>): void {
  // Paths as the services name fields: inside an `input` object without the argument's name ("lines[0].checkItemId").
  for (const def of defs) {
    const direct = isNonNullType(def.type) ? def.type.ofType : def.type;
    checkValue(args[def.name], def.type, isInputObjectType(direct) ? "" : def.name, `${where}.${def.name}`);
  }
  checkRanges(args, "");
}

function checkValue(value: unknown, type: GraphQLInputType, path: string, coordinate: string): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) {
    checkValue(value, type.ofType, path, coordinate);
    return;
  }
  if (isListType(type)) {
    if (Array.isArray(value))
      for (const [i, v] of value.entries()) checkValue(v, type.ofType, `${path}[${i}]`, coordinate);
    else checkValue(value, type.ofType, path, coordinate); // a single value coerced to a list
    return;
  }
  if (isInputObjectType(type)) {
    const obj = value as Record<string, unknown>;
    for (const f of Object.values(type.getFields()))
      checkValue(obj[f.name], f.type, path ? `${path}.${f.name}` : f.name, `${type.name}.${f.name}`);
    checkRanges(obj, path ? `${path}.` : "");
    return;
  }
  if (!isScalarType(type)) return; // enums are checked by GraphQL itself
  if (value instanceof InvalidDateTime)
    throw badInput(
      path,
      `${path}：“${shown(value.raw)}”不是有效的时间，应为带时区的 ISO 8601 格式的真实时间，如 2026-03-01T09:30:00+08:00`,
      { reason: "datetime" },
    );
  if (type.name === "JSON" || type.name === "JSONObject") {
    checkStrings(value, path);
    return;
  }
  if (typeof value !== "string") return;
  checkString(value, path);
  const name = path.slice(path.lastIndexOf(".") + 1).replace(/\[\d+\]$/, "");
  if (type.name === "ID") {
    const other = OTHER_IDS[coordinate];
    if (!isUuid(value) && !other?.test(value))
      throw badInput(path, `${path}：编号“${shown(value)}”格式不正确，应为 UUID`, { reason: "uuid" });
  } else if (type.name === "String" && isReasonName(name) && [...value].length > REASON_MAX) {
    throw badInput(path, `${path}：说明文字过长（${[...value].length} 字），最多 ${REASON_MAX} 字`, {
      reason: "length",
      max: REASON_MAX,
    });
  } else if (type.name === "String" && isDateName(name) && !isIsoDate(value)) {
    throw badInput(path, `${path}：“${shown(value)}”不是有效日期，应为 YYYY-MM-DD 格式的真实日期`, {
      reason: "date",
    });
  }
}

const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checkString(value: string, path: string): void {
  if (value.includes(NUL)) throw badInput(path, `${path}：不能包含空字符（\\u0000）`, { reason: "nul" });
  if (LONE_SURROGATE.test(value))
    throw badInput(path, `${path}：包含无效字符（不成对的 UTF-16 代理项）`, { reason: "surrogate" });
}

function checkStrings(value: unknown, path: string): void {
  if (typeof value === "string") checkString(value, path);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) checkStrings(v, `${path}[${i}]`);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      checkString(k, path);
      checkStrings(v, `${path}.${k}`);
    }
}

/** `windowFrom`…`windowTo`, `from`…`to`: both given, the end must not come before the start. */
function checkRanges(obj: Record<string, unknown>, prefix: string): void {
  for (const [key, start] of Object.entries(obj)) {
    const m = /^(from|(.*[a-z])From)$/.exec(key);
    if (!m) continue;
    const endKey = m[2] ? `${m[2]}To` : "to";
    const end = obj[endKey];
    if (start === null || start === undefined || end === null || end === undefined) continue;
    const [a, b] = [comparable(start), comparable(end)];
    if (a !== null && b !== null && b < a)
      throw badInput(`${prefix}${endKey}`, `${prefix}${endKey}：结束日期不能早于开始日期（${prefix}${key}）`, {
        reason: "range",
      });
  }
}

function comparable(v: unknown): number | string | null {
  if (v instanceof Date) return v.getTime();
  return typeof v === "string" && isIsoDate(v) ? v : null;
}

/** Enough of the value to recognise it, never a control character. */
function shown(value: string): string {
  return [...value.slice(0, 40)].map((ch) => (ch < " " || LONE_SURROGATE.test(ch) ? "�" : ch)).join("");
}
