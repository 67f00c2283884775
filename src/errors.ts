import { RULES, type RuleCode } from "./domain/rules";

/**
 * Domain errors: a closed set of codes, mapped once to GraphQL `extensions.code` (src/schema/format-error.ts).
 * Messages are for the clerk who sees them, so they are in Chinese and say what to do.
 */
export const ERROR_CODES = [
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "DEADLINE_PASSED",
  "RULE_VIOLATION",
  "LIMIT_EXCEEDED",
  "INTERNAL_SERVER_ERROR",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Safe, structured details for clients: the offending field, a limit, an entity kind. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const badInput = (field: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError("BAD_USER_INPUT", message, { field, ...details });
export const unauthenticated = (message = "未登录或登录已过期，请重新登录") =>
  new DomainError("UNAUTHENTICATED", message);
export const forbidden = (message = "您没有执行此操作的权限") => new DomainError("FORBIDDEN", message);
/** Also used for rows of other tenants: their existence is not revealed. */
export const notFound = (entity: string, message = `未找到该${entity}，或您无权访问`) =>
  new DomainError("NOT_FOUND", message, { entity });
export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError("CONFLICT", message, details);
/** A refusal citing one named rule (src/domain/rules.ts); the message says what to do, by default the rule's title. */
export const ruleViolation = (rule: RuleCode, message: string = RULES[rule], details: Record<string, unknown> = {}) =>
  new DomainError("RULE_VIOLATION", message, { rule, ...details });
