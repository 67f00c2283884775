import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { ApolloServer } from "@apollo/server";
import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from "graphql";
import type { SubscribePayload } from "graphql-ws";
import type { EntityManager } from "typeorm";
import type { WebSocket, WebSocketServer } from "ws";
import { ANONYMOUS, type Authentication, authenticate, stillValid } from "./auth/authenticate";
import type { AppServices, GqlContext } from "./context/app-context";
import type { Loaders } from "./context/loaders";
import { type Principal, type RequestContext, runWithContext } from "./context/request-context";
import { DomainError } from "./errors";
import { flatString } from "./operation/flat-string";
import { type LiveExecutor, type LiveSocket, liveStream, subscriptionGroup } from "./operation/live-stream";
import type { OperationPipeline, OperationRequest } from "./operation/pipeline";
import { serveGraphQLWs } from "./operation/ws-server";
import type { Delivery } from "./pubsub/delivery";

/** Subscriptions one connection may hold at once; more are refused with LIMIT_EXCEEDED. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

type ConnectionState = Record<PropertyKey, unknown> & {
  socket: WebSocket;
  /**
   * The connection's authentication, from the credential in connectionParams (verified once when connecting; the
   * credential string itself is not kept): every operation checks its expiry again and re-reads the principal.
   */
  auth: Authentication;
  address: string;
  subscriptions: number;
  /** Where its live subscriptions write (one object for all of them). */
  live: LiveSocket;
};

/** A connection's socket as its live subscriptions see it. */
class ConnectionSocket implements LiveSocket {
  constructor(private readonly state: ConnectionState) {}

  send(frame: string): Promise<void> {
    const socket = this.state.socket;
    return new Promise<void>((resolve, reject) => {
      if (socket.readyState !== socket.OPEN) return resolve();
      socket.send(frame, (err) => (err ? reject(err) : resolve()));
    });
  }

  ended(): void {
    this.state.subscriptions--;
  }
}

/** What onSubscribe hands to execute/subscribe: the operation as received and its pipeline request. */
interface WsOperation extends GqlContext {
  connection: ConnectionState;
  payload: SubscribePayload;
  request: OperationRequest;
  /** Subscriptions: the principal as re-read when subscribing; events are re-checked by the live hub. */
  principal?: Principal;
  /** Subscriptions: the graphql-ws id and the group that shares execution (src/operation/live-stream.ts). */
  id?: string;
  group?: string;
}

/**
 * graphql-ws on the shared HTTP server, a transport of the one operation pipeline (src/operation/pipeline.ts).
 *
 * - Connect: the credential in connectionParams is verified and confirmed against the database once (a bad one →
 *   close 4403; none → an anonymous connection, which public operations accept); the connection keeps what was
 *   verified (principal, expiry, the check that re-reads it), not the credential. A client address may hold at
 *   most `maxSocketsPerClient` sockets (the upgrade is refused with 429 beyond).
 * - Every operation checks the expiry again and goes through the pipeline like an HTTP request:
 *   queries and mutations run Apollo's request pipeline (executeOperation) inside `pipeline.run`, so the rules,
 *   the principal re-read, rollback, retry and error masking are the same objects as on HTTP.
 * - Subscriptions are validated with the same rules and prepared (cost, principal re-read) in a short transaction,
 *   then run without one (they must not hold a connection); each event is re-checked against the database by the
 *   live hub (src/pubsub/live-hub.ts) and a subscription ends when its token expires. This is the path a live
 *   fan-out change builds on: `subscribe` below is the only place a subscription's stream is created.
 */
export function attachGraphQLWebSocket(deps: {
  wsServer: WebSocketServer;
  schema: GraphQLSchema;
  app: AppServices;
  apollo: ApolloServer<GqlContext>;
  pipeline: OperationPipeline;
  clientAddress: (req: IncomingMessage) => string;
  executor: LiveExecutor;
}) {
  const { wsServer, schema, app, apollo, pipeline, clientAddress, executor } = deps;
  const documents = documentCache(schema, pipeline);
  const stateOf = (extra: unknown) => extra as ConnectionState;
  /** One masking function for every live subscription (not a closure per subscription). */
  const formatLive = (result: ExecutionResult) => formatResult(result, pipeline) ?? result;

  const disposable = serveGraphQLWs<Record<string, unknown>, ConnectionState>(
    {
      schema,
      onConnect: async (c) => {
        const state = stateOf(c.extra);
        state.subscriptions = 0;
        state.socket = c.extra.socket;
        state.address = clientAddress(c.extra.request as IncomingMessage);
        state.auth = ANONYMOUS;
        state.live = new ConnectionSocket(state);
        // The upgrade request (headers and all) is not needed after this: do not keep it for the socket's life.
        c.extra.request = undefined;
        const params = c.connectionParams as Record<string, unknown> | undefined;
        const raw = params?.authorization ?? params?.token;
        // graphql-ws keeps connectionParams for the connection's life: the credential does not stay in them.
        if (params) {
          delete params.authorization;
          delete params.token;
        }
        // No credential: an anonymous connection (the public feed, 一公开); resolvers' @Authorized refuse the rest.
        if (raw === undefined || raw === null || raw === "") return true;
        if (typeof raw !== "string") return false;
        try {
          const auth = await authenticate(raw.replace(/^Bearer\s+/i, ""), app.tokens);
          await pipeline.run(request(auth, state.address), async (rc) => rc.transaction?.open());
          state.auth = auth;
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      onSubscribe: async (c, id, payload) => {
        const state = stateOf(c.extra);
        let auth: Authentication;
        try {
          auth = stillValid(state.auth);
        } catch (e) {
          return [asGraphQLError(e)];
        }
        let parsed: ParsedDocument;
        try {
          parsed = documents.get(payload.query);
        } catch (e) {
          return [withCode(e as GraphQLError, "GRAPHQL_PARSE_FAILED")];
        }
        const document = parsed.document;
        const op: WsOperation = {
          app,
          credential: auth,
          connection: state,
          payload,
          request: request(auth, state.address),
        };
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== "subscription")
          // Queries and mutations: validated and executed by Apollo's request pipeline in execute below.
          return { schema, document, operationName: payload.operationName, contextValue: op };
        const errors = parsed.errors();
        if (errors.length) return errors.map((e) => withCode(e, "GRAPHQL_VALIDATION_FAILED"));
        if (state.subscriptions >= MAX_SUBSCRIPTIONS_PER_CONNECTION)
          return [
            new GraphQLError(`每个连接最多同时订阅 ${MAX_SUBSCRIPTIONS_PER_CONNECTION} 项`, {
              extensions: { code: "LIMIT_EXCEEDED", limit: "subscriptions", max: MAX_SUBSCRIPTIONS_PER_CONNECTION },
            }),
          ];
        state.subscriptions++; // counted before the await, so parallel subscribes cannot all pass the check
        try {
          op.principal = await pipeline.run(op.request, async (rc) => {
            await pipeline.prepare(document, payload.operationName, payload.variables);
            return rc.principal;
          });
        } catch (e) {
          state.subscriptions--;
          return [asGraphQLError(e)];
        }
        op.id = id;
        op.group = app.config.liveSharedExecution
          ? subscriptionGroup(parsed.id, operation, document, payload.variables, op.principal)
          : op.request.requestId; // a group of one: the per-subscriber baseline (LIVE_SHARED_EXECUTION=false)
        return {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue: op,
        };
      },
      execute: async (args: ExecutionArgs) => {
        const op = args.contextValue as WsOperation;
        const response = await pipeline.run(op.request, () =>
          apollo.executeOperation(
            {
              query: op.payload.query,
              variables: op.payload.variables ?? undefined,
              operationName: op.payload.operationName ?? undefined,
              extensions: op.payload.extensions ?? undefined,
            },
            { contextValue: { app, credential: op.credential } },
          ),
        );
        if (response.body.kind !== "single") throw new Error("incremental delivery is not supported over WebSocket");
        return response.body.singleResult as ExecutionResult;
      },
      subscribe: async (args: ExecutionArgs) => {
        const op = args.contextValue as WsOperation;
        const state = op.connection;
        const rc = subscriptionContext(op);
        const source = await runWithContext(rc, () => createSourceEventStream(args));
        if (!(Symbol.asyncIterator in source)) {
          state.subscriptions--;
          return source; // formatted by onNext
        }
        return liveStream(
          (source as AsyncIterable<Delivery>)[Symbol.asyncIterator](),
          {
            args,
            rc,
            group: op.group as string,
            expiresAt: op.credential?.expiresAt,
            id: op.id as string,
            socket: state.live,
            format: formatLive,
          },
          executor,
        );
      },
      onNext: (_c, _id, _payload, args, result) =>
        // Query and mutation results come formatted from Apollo (sent as they are); subscription events here.
        (args.contextValue as WsOperation).principal ? formatResult(result as ExecutionResult, pipeline) : result,
      onError: (_c, _id, _payload, errors) => errors.map((e) => pipeline.formatError(e.toJSON(), e)),
    },
    wsServer,
    app.config.wsKeepAliveMs,
  );

  function request(auth: Authentication, address: string): OperationRequest {
    // Flat: a subscription keeps its request id for its whole life, and randomUUID() returns a rope of ~20 nodes.
    return { requestId: flatString(randomUUID()), auth, clientAddress: address };
  }

  return {
    dispose: async () => {
      for (const client of wsServer.clients) client.close(1001, "Server shutting down");
      await disposable.dispose();
    },
  };
}

const TRACKED_ADDRESS = Symbol("client address");

/**
 * At most `max` open sockets per client address: pass `verifyClient` to the WebSocketServer and `track` it. An upgrade
 * beyond the cap is refused with 429. verifyClient answers synchronously and ws then completes the upgrade in the
 * same tick, so no two upgrades race past the count.
 */
export function socketsPerClient(clientAddress: (req: IncomingMessage) => string, max: number) {
  const open = new Map<string, number>();
  return {
    verifyClient(info: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) {
      if ((open.get(clientAddress(info.req)) ?? 0) < max) done(true);
      else done(false, 429, "Too many WebSocket connections from this client");
    },
    track(wsServer: WebSocketServer): void {
      // One shared close handler (a socket emits 'close' once); the address rides on the socket.
      function closed(this: WebSocket & { [TRACKED_ADDRESS]?: string }) {
        const address = this[TRACKED_ADDRESS];
        if (address === undefined) return;
        this[TRACKED_ADDRESS] = undefined;
        const n = (open.get(address) ?? 1) - 1;
        if (n <= 0) open.delete(address);
        else open.set(address, n);
      }
      wsServer.on("connection", (socket: WebSocket & { [TRACKED_ADDRESS]?: string }, req: IncomingMessage) => {
        const address = clientAddress(req);
        open.set(address, (open.get(address) ?? 0) + 1);
        socket[TRACKED_ADDRESS] = address;
        socket.on("close", closed);
      });
    },
  };
}

/** Context for a running subscription: the principal, but no transaction: database access needs its own. */
const NO_TRANSACTION = new Proxy({} as EntityManager, {
  get() {
    throw new Error("subscription resolvers must open their own short transaction per event");
  },
});

/**
 * The loaders of every running subscription: none. A DataLoader would batch through the context's manager, which a
 * subscription does not have; one shared map that refuses entries costs nothing per subscription.
 */
class NoLoaders extends Map<string, never> {
  override set(): this {
    throw new Error("subscription resolvers must open their own short transaction per event");
  }
}
const NO_LOADERS: Loaders = new NoLoaders();

function subscriptionContext(op: WsOperation): RequestContext {
  const manager = NO_TRANSACTION;
  return {
    requestId: op.request.requestId,
    principal: op.principal ?? { kind: "anonymous" },
    clientAddress: op.request.clientAddress,
    manager,
    loaders: NO_LOADERS,
    afterCommit: [],
    failed: false,
    retryable: false,
  };
}

/**
 * Parsed and validated documents by query text (subscribers of one feed send the same text): one AST per distinct
 * text, shared by its subscriptions, validated once with the pipeline's rules; the number doubles as the document's
 * identity in subscription groups. Bounded: emptied when full (entries in use stay referenced by their operations).
 */
interface ParsedDocument {
  id: number;
  document: DocumentNode;
  errors(): readonly GraphQLError[];
}

function documentCache(schema: GraphQLSchema, pipeline: OperationPipeline, max = 500) {
  const byText = new Map<string, ParsedDocument>();
  let next = 0;
  return {
    get(text: string): ParsedDocument {
      const hit = byText.get(text);
      if (hit) return hit;
      const document = parse(text, pipeline.parseOptions); // throws on a syntax error: nothing is cached
      let errors: readonly GraphQLError[] | undefined;
      const entry: ParsedDocument = {
        id: next++,
        document,
        errors: () => {
          errors ??= validate(schema, document, [...specifiedRules, ...pipeline.rules]);
          return errors;
        },
      };
      if (byText.size >= max) byText.clear();
      byText.set(text, entry);
      return entry;
    },
  };
}

function formatResult(result: ExecutionResult, pipeline: OperationPipeline): ExecutionResult | undefined {
  if (!result.errors?.length) return undefined;
  return {
    ...result,
    errors: result.errors.map((e) => (e instanceof GraphQLError ? pipeline.formatError(e.toJSON(), e) : e)) as never,
  };
}

/** The codes Apollo gives the same errors on HTTP, so that clients see one set of codes on both transports. */
function withCode(e: GraphQLError, code: string): GraphQLError {
  if (e.extensions?.code) return e;
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    extensions: { ...e.extensions, code },
  });
}

function asGraphQLError(e: unknown): GraphQLError {
  if (e instanceof GraphQLError) return e;
  if (e instanceof DomainError) return new GraphQLError(e.message, { originalError: e, extensions: { code: e.code } });
  return new GraphQLError("服务器内部错误，请稍后重试", { originalError: e as Error });
}
