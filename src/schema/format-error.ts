import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from "type-graphql";
import { MAKER_CHECKER_SQLSTATE, makerCheckerMessage } from "../domain/maker-checker";
import { DomainError } from "../errors";
import type { Logger } from "../logger";
import { coercionDetail } from "./coercion-messages";
import { DUPLICATE_MESSAGE, UNIQUE_MESSAGES } from "./unique-messages";

/** PostgreSQL errors a clerk can act on; everything else from the database is masked. */
const PG_ERRORS: Record<string, { code: string; message: string }> = {
  "23505": { code: "CONFLICT", message: DUPLICATE_MESSAGE },
  "40001": { code: "CONFLICT", message: "与其他人的操作同时发生冲突，请重试" },
  "40P01": { code: "CONFLICT", message: "与其他人的操作同时发生冲突，请重试" },
};

/**
 * The one place where errors become what clients see: domain errors keep their code, message and details;
 * validation errors name the fields; errors raised by GraphQL itself pass through; anything unknown is logged
 * with the request id and masked.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  requestId: string,
  log: Logger,
  options: { hideSuggestions?: boolean } = {},
): GraphQLFormattedError {
  const original = unwrap(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError)
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  if (original instanceof ArgumentValidationError) {
    const fields = original.extensions.validationErrors.flatMap((v) => flattenValidation(v));
    return {
      ...base,
      message: fields.map((f) => f.message).join("；") || "输入有误",
      extensions: { code: "BAD_USER_INPUT", fields },
    };
  }
  if (original instanceof AuthenticationError)
    return { ...base, message: "未登录或登录已过期，请重新登录", extensions: { code: "UNAUTHENTICATED" } };
  if (original instanceof AuthorizationError)
    return { ...base, message: "您没有执行此操作的权限", extensions: { code: "FORBIDDEN" } };
  const pgCode = (original as { code?: string } | null)?.code;
  // The database's maker-checker floor: the same code and message as the services' own check.
  if (pgCode === MAKER_CHECKER_SQLSTATE) {
    const kind = (original as { table?: string }).table;
    return {
      ...base,
      message: makerCheckerMessage(kind),
      extensions: { code: "RULE_VIOLATION", rule: "MAKER_CHECKER" },
    };
  }
  const pg = PG_ERRORS[pgCode ?? ""];
  if (pg) {
    const constraint = (original as { constraint?: string }).constraint;
    const message = (pgCode === "23505" && constraint && UNIQUE_MESSAGES[constraint]) || pg.message;
    return { ...base, message, extensions: { code: pg.code } };
  }
  if (isRaisedByGraphQL(original)) {
    const { code, http: _http, stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    // Our own rules' codes (LIMIT_EXCEEDED) survive Apollo's GRAPHQL_VALIDATION_FAILED wrapper.
    const own = original.extensions?.code;
    const chosen = typeof own === "string" ? own : typeof code === "string" ? code : "BAD_REQUEST";
    const variable = chosen === "BAD_USER_INPUT" ? variableProblem(base.message) : undefined;
    return {
      ...base,
      // Production: "Did you mean …?" would spell out the schema that introspection is off to hide.
      message: variable?.message ?? (options.hideSuggestions ? withoutSuggestions(base.message) : base.message),
      extensions: { ...extensions, code: chosen, ...(variable ? { field: variable.field } : {}) },
    };
  }
  log.error("unexpected error", { requestId, error: describe(original) });
  return {
    ...base,
    message: `服务器内部错误，请稍后重试（请求编号 ${requestId}）`,
    extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
  };
}

/**
 * graphql-js's variable-coercion errors (a wrong type, a missing or null required variable) in Chinese, naming the
 * variable. Invalid DateTimeISO values and dates never get here: the argument guard refuses them with their path.
 */
export function variableProblem(message: string): { message: string; field: string } | undefined {
  const invalid = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; ([\s\S]*)$/.exec(message);
  if (invalid) {
    const field = invalid[2] ?? invalid[1];
    return { field, message: `请求变量 ${field} 的值不符合其类型：${coercionDetail(withoutSuggestions(invalid[3]))}` };
  }
  const missing = /^Variable "\$(\w+)" of required type "([^"]+)" was not provided\.$/.exec(message);
  if (missing) return { field: missing[1], message: `缺少必填的请求变量 ${missing[1]}（类型 ${missing[2]}）` };
  const isNull = /^Variable "\$(\w+)" of non-null type "([^"]+)" must not be null\.$/.exec(message);
  if (isNull) return { field: isNull[1], message: `请求变量 ${isNull[1]}（类型 ${isNull[2]}）不能为空` };
  return undefined;
}

/** graphql-js appends suggestions as a last sentence: ` Did you mean "x" or "y"?`. */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?\s*$/, "");
}

function unwrap(error: unknown): unknown {
  let e = error;
  while (e && typeof e === "object" && "originalError" in e && (e as { originalError?: unknown }).originalError)
    e = (e as { originalError: unknown }).originalError;
  return e;
}

/** A GraphQLError with no underlying cause: syntax, validation, variable coercion, our limit checks. */
function isRaisedByGraphQL(e: unknown): e is GraphQLError {
  return e instanceof GraphQLError;
}

interface FieldProblem {
  field: string;
  message: string;
}

function flattenValidation(
  v: { property: string; constraints?: Record<string, string>; children?: unknown[] },
  prefix = "",
): FieldProblem[] {
  const field = prefix ? `${prefix}.${v.property}` : v.property;
  const own = Object.values(v.constraints ?? {}).map((message) => ({ field, message: `${field}：${message}` }));
  return [...own, ...(v.children ?? []).flatMap((c) => flattenValidation(c as typeof v, field))];
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${(e.stack ?? "").split("\n").slice(1, 6).join("\n")}`;
  return String(e);
}
