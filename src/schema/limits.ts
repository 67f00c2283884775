import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  validate,
} from "graphql";
import {
  type ComplexityEstimator,
  createComplexityRule,
  fieldExtensionsEstimator,
  simpleEstimator,
} from "graphql-query-complexity";

/** The limits of one operation, the same on HTTP and WebSocket (config: GRAPHQL_MAX_*). */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  /** Root fields of one mutation (30 aliased `login`s in one request were the abuse this stops). */
  maxMutationFields: number;
  maxDirectives: number;
  /** Lexical tokens of a document; enforced by graphql-js's parser before anything else runs. */
  maxTokens: number;
  /** Production: no introspection, and no "did you mean" hints in errors. */
  hideSchema: boolean;
}

export const DEFAULT_LIMITS: Omit<QueryLimits, "maxDepth" | "maxCost" | "hideSchema"> = {
  maxAliases: 15,
  maxMutationFields: 5,
  maxDirectives: 20,
  maxTokens: 2000,
};

/**
 * Fields whose work is far above one row's: cost in "rows". A draw's verification recomputes the whole draw
 * (an HMAC per subject of the population), its record HTML rebuilds and renders the record, exports read a
 * department's whole list, and login / the witness check run argon2id (64 MiB, ~50 ms of CPU each).
 */
export const EXPENSIVE_FIELDS: Readonly<Record<string, number>> = {
  "Draw.verification": 500,
  "JointDraw.verification": 500,
  "Draw.recordHtml": 200,
  "JointVisit.inspectionFormHtml": 50,
  "JointVisit.noticeHtml": 50,
  "Query.exportDirectory": 1000,
  "Query.exportItemList": 200,
  "Query.exportInspectionSummary": 500,
  "Query.exportPublishedResults": 1000,
  "Mutation.login": 1000,
  "Mutation.drawTask": 1000,
  "Mutation.lockDraw": 500,
  "Mutation.importFile": 1000,
  "Mutation.startImport": 1000,
};

const expensiveFieldsEstimator: ComplexityEstimator = ({ type, field, childComplexity }) => {
  const cost = EXPENSIVE_FIELDS[`${type.name}.${field.name}`];
  return cost === undefined ? undefined : cost + childComplexity;
};

/** Options for graphql-js's parse: the token limit applies before a document is even built. */
export function parseOptions(limits: QueryLimits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/**
 * The ONE list of validation rules beyond graphql-js's specified rules, for every transport: Apollo receives it as
 * `validationRules` (HTTP and WebSocket queries and mutations), the WebSocket subscription path validates with it.
 * Variable-independent, so a validated document can be cached; the cost, which depends on variables, is
 * `costErrors` below, checked for every operation.
 */
export function validationRules(limits: QueryLimits): ValidationRule[] {
  const report = (limit: string, max: number, message: (found?: number) => string) => ({
    propagateOnRejection: false,
    exposeLimits: true,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const found = Number(/found (\d+)/.exec(error.message)?.[1]);
        context?.reportError(limitError(message(found || undefined), limit, max, found || undefined));
      },
    ],
  });
  const rules: ValidationRule[] = [
    maxDepthRule({
      n: limits.maxDepth,
      ...report(
        "depth",
        limits.maxDepth,
        (n) => `查询嵌套层数${n ? ` ${n}` : ""}超过上限 ${limits.maxDepth}，请拆分查询`,
      ),
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      ...report(
        "aliases",
        limits.maxAliases,
        (n) => `别名数${n ? ` ${n}` : ""}超过上限 ${limits.maxAliases}，请拆分为多个请求`,
      ),
    }),
    maxDirectivesRule({
      n: limits.maxDirectives,
      ...report("directives", limits.maxDirectives, (n) => `指令数${n ? ` ${n}` : ""}超过上限 ${limits.maxDirectives}`),
    }),
    maxMutationFieldsRule(limits.maxMutationFields),
  ];
  if (limits.hideSchema) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

/** The cost of one operation with its variables (graphql-query-complexity's rule); the errors to send, or []. */
export function costErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Record<string, unknown> | undefined | null,
  maxCost: number,
): readonly GraphQLError[] {
  const rule = createComplexityRule({
    maximumComplexity: maxCost,
    variables: variables ?? {},
    operationName: operationName ?? undefined,
    estimators: [expensiveFieldsEstimator, fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    createError: (max, actual) =>
      limitError(`查询代价 ${actual} 超过上限 ${max}，请减少返回条数或字段`, "cost", max, actual),
  });
  try {
    // The rule also reports the variables it cannot coerce; those are left to graphql-js's coercion, which answers
    // BAD_USER_INPUT (thrown from here they were an internal error).
    return validate(schema, document, [rule]).filter((e) => e.extensions?.code === "LIMIT_EXCEEDED");
  } catch {
    return []; // invalid variables are reported by graphql-js's coercion, with its own message
  }
}

/** At most `max` root fields in one mutation (fragments on the root count their fields). */
export function maxMutationFieldsRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(op) {
      if (op.operation !== "mutation") return;
      const n = rootFields(op.selectionSet, context, new Set());
      if (n > max)
        context.reportError(
          limitError(`一次请求最多执行 ${max} 个变更操作（本次 ${n} 个），请分开提交`, "mutationFields", max, n),
        );
    },
  });
}

function rootFields(set: SelectionSetNode, context: ValidationContext, seen: Set<string>): number {
  let n = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) n += s.name.value === "__typename" ? 0 : 1;
    else if (s.kind === Kind.INLINE_FRAGMENT) n += rootFields(s.selectionSet, context, seen);
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      const fragment = context.getFragment(s.name.value);
      if (fragment) n += rootFields(fragment.selectionSet, context, seen);
    }
  }
  return n;
}

export function limitError(message: string, limit: string, max: number, value?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: "LIMIT_EXCEEDED",
      limit,
      max,
      ...(value !== undefined ? { value } : {}),
      http: { status: 400 },
    },
  });
}
