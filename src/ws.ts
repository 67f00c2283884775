import { randomUUID } from "node:crypto";
import {
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  subscribe,
  validate,
} from "graphql";
import { useServer } from "graphql-ws/use/ws";
import type { DataSource, EntityManager } from "typeorm";
import type { WebSocketServer } from "ws";
import { type Authentication, authenticate } from "./auth/authenticate";
import type { AppServices, GqlContext } from "./context/app-context";
import { createLoaders } from "./context/loaders";
import { type Principal, type RequestContext, runWithContext } from "./context/request-context";
import { runInTenantTransaction } from "./db/tenant-transaction";
import { formatError } from "./schema/format-error";
import { checkOperationLimits, type QueryLimits } from "./schema/limits";

/** Subscriptions one connection may hold at once; more are refused with LIMIT_EXCEEDED. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

type ConnectionState = Record<PropertyKey, unknown> & {
  principal?: Principal;
  /** The connection's credential; subscriptions re-confirm it in each short transaction they open. */
  credential?: Authentication;
  active: number;
};

interface WsGqlContext extends GqlContext {
  principal: Principal;
  requestId: string;
}

/**
 * graphql-ws on the shared HTTP server. The token comes in connectionParams and is checked in onConnect
 * (a bad one is refused → close 4403; none → an anonymous connection, which public operations only accept). Queries and mutations run in a tenant transaction like HTTP ones; subscriptions
 * run without one (they must not hold a connection) and load data, if at all, in a short transaction per event.
 * Depth/cost limits and validation run in onSubscribe, because Apollo's plugins do not see this path.
 */
export function attachGraphQLWebSocket(deps: {
  wsServer: WebSocketServer;
  schema: GraphQLSchema;
  app: AppServices;
  ds: DataSource;
  limits: QueryLimits;
}) {
  const { wsServer, schema, app, ds, limits } = deps;
  const { log } = app;
  const stateOf = (extra: unknown) => extra as ConnectionState;

  const disposable = useServer<Record<string, unknown>, ConnectionState>(
    {
      schema,
      onConnect: async (c) => {
        const state = stateOf(c.extra);
        state.active = 0;
        const raw = c.connectionParams?.authorization ?? c.connectionParams?.token;
        // No credential: an anonymous connection (the public feed, 一公开); resolvers' @Authorized refuse the rest.
        if (raw === undefined || raw === null || raw === "") {
          state.principal = { kind: "anonymous" };
          return true;
        }
        if (typeof raw !== "string") return false;
        try {
          const auth = await authenticate(raw.replace(/^Bearer\s+/i, ""), app.tokens);
          state.principal = await confirmOnce(ds, auth, app);
          state.credential = auth;
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      onSubscribe: (c, _id, payload) => {
        const state = stateOf(c.extra);
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query);
        } catch (e) {
          return [e as GraphQLError];
        }
        const errors = validate(schema, document);
        if (errors.length) return errors;
        const limitErrors = checkOperationLimits(schema, document, payload.operationName, payload.variables, limits);
        if (limitErrors.length) return limitErrors;
        const op = getOperationAST(document, payload.operationName);
        if (op?.operation === "subscription") {
          if (state.active >= MAX_SUBSCRIPTIONS_PER_CONNECTION)
            return [
              new GraphQLError(`每个连接最多同时订阅 ${MAX_SUBSCRIPTIONS_PER_CONNECTION} 项`, {
                extensions: { code: "LIMIT_EXCEEDED", limit: "subscriptions", max: MAX_SUBSCRIPTIONS_PER_CONNECTION },
              }),
            ];
          state.active++;
        }
        const contextValue: WsGqlContext = {
          app,
          principal: state.principal ?? { kind: "anonymous" },
          credential: state.credential,
          requestId: randomUUID(),
        };
        return {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue,
        };
      },
      onComplete: (c, _id, payload) => {
        const state = stateOf(c.extra);
        try {
          if (getOperationAST(parse(payload.query), payload.operationName)?.operation === "subscription")
            state.active = Math.max(0, state.active - 1);
        } catch {
          // unparsable operations never counted
        }
      },
      execute: (args: ExecutionArgs) => {
        const wc = args.contextValue as WsGqlContext;
        return runInTenantTransaction(
          ds,
          wc.requestId,
          wc.principal,
          async (rc) => {
            const result = (await execute(args)) as ExecutionResult;
            if (result.errors?.length) rc.failed = true;
            return result;
          },
          log,
        );
      },
      subscribe: async (args: ExecutionArgs) => {
        const wc = args.contextValue as WsGqlContext;
        const rc = subscriptionContext(wc);
        const result = await runWithContext(rc, () => subscribe(args));
        return Symbol.asyncIterator in result ? bindToContext(result, rc) : result;
      },
      onNext: (_c, _id, _payload, args, result) => formatResult(result, args, log),
      onError: (_c, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e, "ws", log)),
    },
    wsServer,
    app.config.wsKeepAliveMs,
  );

  return {
    dispose: async () => {
      for (const client of wsServer.clients) client.close(1001, "Server shutting down");
      await disposable.dispose();
    },
  };
}

/** Confirms a credential once at connect time (active user / unrevoked key) in a short read-only transaction. */
async function confirmOnce(ds: DataSource, auth: Authentication, app: AppServices): Promise<Principal> {
  return runInTenantTransaction(ds, randomUUID(), auth.claimed, async (c) => c.principal, app.log, auth.confirm);
}

/** Context for a running subscription: the principal, but no transaction: database access needs its own. */
function subscriptionContext(wc: WsGqlContext): RequestContext {
  const manager = new Proxy({} as EntityManager, {
    get() {
      throw new Error("subscription resolvers must open their own short transaction per event");
    },
  });
  return {
    requestId: wc.requestId,
    principal: wc.principal,
    manager,
    loaders: createLoaders(manager),
    afterCommit: [],
    failed: false,
    retryable: false,
  };
}

/** Runs every next() of the event stream inside the subscription's context, so resolvers can call ctx(). */
function bindToContext<T>(source: AsyncGenerator<T> | AsyncIterable<T>, rc: RequestContext): AsyncGenerator<T> {
  const it = (source as AsyncIterable<T>)[Symbol.asyncIterator]() as AsyncGenerator<T>;
  return {
    next: () => runWithContext(rc, () => it.next()),
    return: (v?: unknown) => (it.return ? it.return(v as T) : Promise.resolve({ done: true, value: v as T })),
    throw: (e?: unknown) => (it.throw ? it.throw(e) : Promise.reject(e)),
    [Symbol.asyncIterator]() {
      return this;
    },
    [Symbol.asyncDispose]: async () => {
      await it.return?.(undefined as T);
    },
  } as AsyncGenerator<T>;
}

function formatResult(result: ExecutionResult, args: ExecutionArgs, log: AppServices["log"]) {
  if (!result.errors?.length) return;
  const requestId = (args.contextValue as WsGqlContext).requestId;
  return { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e, requestId, log)) };
}
