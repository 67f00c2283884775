import type { ApolloServerPlugin } from "@apollo/server";
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  type ParseOptions,
  type ValidationRule,
} from "graphql";
import type { DataSource } from "typeorm";
import type { Authentication } from "../auth/authenticate";
import type { GqlContext } from "../context/app-context";
import { ctx, type RequestContext } from "../context/request-context";
import { isRetryablePgError, withTenantTransaction } from "../db/tenant-transaction";
import { DomainError } from "../errors";
import type { Logger } from "../logger";
import { formatError } from "../schema/format-error";
import { costErrors, parseOptions, type QueryLimits, validationRules } from "../schema/limits";
import { answeredByPrincipal } from "./principal-only";

/** One GraphQL operation as a transport received it. */
export interface OperationRequest {
  requestId: string;
  /** The credential, checked without the database (signature, expiry, format); re-read when the transaction opens. */
  auth: Authentication;
  clientAddress?: string;
}

/**
 * The one operation pipeline, the same for HTTP (src/operation/http.ts) and WebSocket (src/ws.ts):
 *
 *   authenticate (transport, before the body is read) → run(): a lazily opened tenant transaction →
 *   parse (token limit) and validate (`rules`, one list; Apollo caches validated documents) → prepare(): the cost
 *   with the operation's variables, then, if the operation reads anything, open the transaction, which re-reads the
 *   principal under RLS in the same round trip as BEGIN and the settings (and COMMIT, when that re-read answers the
 *   whole operation: `{ me { … } }`) → execute → failed(): any error rolls
 *   back, a serialization failure or deadlock retries → formatError (masking) → COMMIT → after-commit hooks (live
 *   events are published only now).
 *
 * HTTP queries and mutations and WebSocket queries and mutations both execute through Apollo's request pipeline
 * (executeHTTPGraphQLRequest / executeOperation), with `apolloPlugin()` binding its hooks to prepare() and failed();
 * WebSocket subscriptions validate with the same rules and prepare() in a short transaction, then run without one.
 */
export class OperationPipeline {
  readonly rules: ValidationRule[];
  readonly parseOptions: ParseOptions;
  /** Cost errors per validated document and variables (Apollo hands back the same DocumentNode for a query). */
  private readonly costs = new WeakMap<DocumentNode, Map<string, readonly GraphQLError[]>>();

  constructor(private readonly deps: { schema: GraphQLSchema; ds: DataSource; log: Logger; limits: QueryLimits }) {
    this.rules = validationRules(deps.limits);
    this.parseOptions = parseOptions(deps.limits);
  }

  get limits(): QueryLimits {
    return this.deps.limits;
  }

  /** Runs one operation (all its attempts) in its tenant transaction; commit, rollback and retry happen here. */
  run<T>(req: OperationRequest, execute: (c: RequestContext) => Promise<T>): Promise<T> {
    return withTenantTransaction(
      this.deps.ds,
      {
        requestId: req.requestId,
        principal: req.auth.claimed,
        check: req.auth.check,
        clientAddress: req.clientAddress,
        log: this.deps.log,
      },
      execute,
    );
  }

  /**
   * After validation, before any resolver: the cost limit with these variables; then, when there is a credential
   * and the operation selects anything but `__typename`/introspection, the transaction opens and the principal is
   * re-read (deactivated user, changed roles, revoked key: refused or applied here, on every operation).
   */
  async prepare(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
  ): Promise<void> {
    const errors = this.cost(document, operationName, variables);
    if (errors.length) throw errors[0];
    const c = ctx();
    if (!c.transaction || c.transaction.isOpen || c.principal.kind === "anonymous") return;
    const operation = getOperationAST(document, operationName ?? undefined);
    if (!operation || !readsData(operation)) return;
    try {
      // `{ me { … } }` alone: the re-read answers it, so the same round trip commits (src/operation/principal-only.ts).
      if (c.principal.kind === "user" && answeredByPrincipal(operation)) await c.transaction.openAndCommit();
      else await c.transaction.open();
    } catch (e) {
      if (e instanceof DomainError && e.code === "UNAUTHENTICATED")
        throw new GraphQLError(e.message, { originalError: e, extensions: { code: e.code, http: { status: 401 } } });
      throw e;
    }
  }

  /** Errors of an operation: roll it back; a serialization failure or deadlock runs it again. */
  failed(errors: readonly GraphQLError[]): void {
    const c = ctx();
    c.failed = true;
    if (errors.some((e) => isRetryablePgError(e.originalError))) c.retryable = true;
  }

  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    return formatError(formatted, error, currentRequestId(), this.deps.log, {
      hideSuggestions: this.limits.hideSchema,
    });
  }

  /** Apollo's hooks bound to the pipeline's stages (the rules go in as `validationRules`). */
  apolloPlugin(): ApolloServerPlugin<GqlContext> {
    const hooks = {
      didResolveOperation: async ({
        document,
        operationName,
        request,
      }: {
        document: DocumentNode;
        operationName: string | null;
        request: { variables?: Record<string, unknown> };
      }) => this.prepare(document, operationName, request.variables),
      didEncounterErrors: async ({ errors }: { errors: readonly GraphQLError[] }) => this.failed(errors),
    };
    return { requestDidStart: async () => hooks };
  }

  private cost(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
  ): readonly GraphQLError[] {
    const key = `${operationName ?? ""}\u0000${variables && Object.keys(variables).length ? JSON.stringify(variables) : ""}`;
    let byVariables = this.costs.get(document);
    const cached = byVariables?.get(key);
    if (cached) return cached;
    const errors = costErrors(this.deps.schema, document, operationName, variables, this.limits.maxCost);
    if (!byVariables) {
      byVariables = new Map();
      this.costs.set(document, byVariables);
    }
    if (byVariables.size < 100) byVariables.set(key, errors);
    return errors;
  }
}

/** True unless the operation selects only `__typename` and introspection (which no table backs). */
export function readsData(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.some((s) => s.kind !== Kind.FIELD || !s.name.value.startsWith("__"));
}

function currentRequestId(): string {
  try {
    return ctx().requestId;
  } catch {
    return "-";
  }
}
