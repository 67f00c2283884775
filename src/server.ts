import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import express from "express";
import { Pool } from "pg";
import { WebSocketServer } from "ws";
import { DEFAULT_THROTTLE_LIMITS, PasswordGuard, registerPasswordGuard } from "./auth/password-guard";
import { TokenService } from "./auth/tokens";
import type { Config } from "./config";
import type { AppServices, GqlContext } from "./context/app-context";
import { runtimeDataSource } from "./db/data-source";
import { createLogger } from "./logger";
import { clientAddressOf } from "./operation/client-address";
import { graphqlHttpHandler, jsonErrors } from "./operation/http";
import { type LiveExecutionStats, LiveExecutor } from "./operation/live-stream";
import { OperationPipeline } from "./operation/pipeline";
import { createTransport } from "./pubsub";
import { DEFAULT_LIVE_LIMITS, LiveHub } from "./pubsub/live-hub";
import { liveEventType } from "./pubsub/stream-name";
import { eventTargetTransport } from "./pubsub/transport";
import { registerLiveTransport } from "./pubsub/transport-registry";
import { buildSchema } from "./schema/build-schema";
import { authService } from "./services/system/auth.service";
import { mountFormRoutes } from "./web/forms-route";
import { mountWebPages } from "./web/serve";
import { attachGraphQLWebSocket, socketsPerClient } from "./ws";

export interface RunningServer {
  url: string;
  /** Live delivery counters of this instance (tests and benches assert executions per event with them). */
  liveStats(): LiveStats;
  close(): Promise<void>;
}

export interface LiveStats extends LiveExecutionStats {
  subscribers: number;
  /** Delivery loads: one short transaction per tenant and event batch (payloads plus the subscribers' rights). */
  loads: number;
}

/**
 * One process: GraphQL over HTTP (Apollo Server 5) and over WebSocket (graphql-ws) on the same port and path,
 * /healthz and /readyz. `config.appDatabaseUrl` must point at the runtime role (see src/db/setup.ts).
 */
export async function createServer(config: Config): Promise<RunningServer> {
  if (!config.appDatabaseUrl) throw new Error("createServer needs config.appDatabaseUrl (the runtime role's URL)");
  const log = createLogger(config.logLevel);
  const ds = runtimeDataSource(config.appDatabaseUrl, config.poolSize);
  await ds.initialize();
  const tokens = new TokenService(config.jwtSecret, config.jwtTtlSeconds);
  // Live events: the transport between instances, this instance's subscribers, and the publish path's link.
  const transport = createTransport({
    kind: config.pubsub,
    databaseUrl: config.appDatabaseUrl,
    redisUrl: config.redisUrl,
    log,
  });
  const liveTransport = eventTargetTransport(transport.target, await liveEventType(ds), log);
  const live = new LiveHub(ds, liveTransport, log, { ...DEFAULT_LIVE_LIMITS, ...config.liveLimits });
  registerLiveTransport(ds, liveTransport);
  await transport.target.ready();
  const app: AppServices = { config, log, tokens, auth: authService(tokens), db: ds, live };
  // Password attempts are counted through a pool of their own (src/auth/password-guard.ts).
  const throttlePool = new Pool({
    connectionString: config.appDatabaseUrl,
    max: 2,
    application_name: "jointcheck-throttle",
  });
  // An idle client's error (the database restarting or terminating it) is the pool's event: without a listener it
  // would end the process.
  throttlePool.on("error", (e) => log.warn("throttle pool connection error", { error: e.message }));
  registerPasswordGuard(
    ds,
    new PasswordGuard(throttlePool, `${config.jwtSecret}:throttle`, {
      ...DEFAULT_THROTTLE_LIMITS,
      ...config.throttleLimits,
    }),
  );
  const schema = await buildSchema(transport);
  const production = config.nodeEnv === "production";
  const pipeline = new OperationPipeline({
    schema,
    ds,
    log,
    limits: {
      maxDepth: config.maxDepth,
      maxCost: config.maxCost,
      maxAliases: config.maxAliases,
      maxMutationFields: config.maxMutationFields,
      maxDirectives: config.maxDirectives,
      maxTokens: config.maxTokens,
      hideSchema: production,
    },
  });

  const expressApp = express();
  expressApp.disable("x-powered-by");
  const httpServer = createHttpServer(expressApp);
  const apollo = new ApolloServer<GqlContext>({
    schema,
    // Introspection and "did you mean" are the pipeline's rules (one list for both transports), not Apollo's flags.
    introspection: true,
    validationRules: pipeline.rules,
    parseOptions: pipeline.parseOptions,
    includeStacktraceInErrorResponses: false,
    persistedQueries: false,
    csrfPrevention: true,
    formatError: (formatted, error) => pipeline.formatError(formatted, error),
    // No cache hints anywhere in the schema: the cache-control plugin would only wrap every field resolver to find
    // none and answer `no-store`, which the HTTP transport sets itself (src/operation/http.ts).
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      pipeline.apolloPlugin(),
    ],
  });
  await apollo.start();

  const clientAddress = clientAddressOf(config.trustProxy);
  const graphql = graphqlHttpHandler({ apollo, pipeline, app, clientAddress });
  // POST /graphql, the API's hot path, is the first route express tries; every other method and path goes on to the
  // pages (a browser's GET /graphql gets GraphiQL) and to the same handler mounted again at the end.
  expressApp.post("/graphql", graphql);
  expressApp.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  expressApp.get("/readyz", async (_req, res) => {
    try {
      await ds.query("SELECT 1");
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "database unreachable" });
    }
  });
  mountWebPages(expressApp, log); // /, /workbench, /dashboard, /public, GraphiQL at GET /graphql (src/web)
  mountFormRoutes(expressApp, app, pipeline); // printable forms at /forms/<kind>/<id>
  expressApp.use("/graphql", graphql);
  expressApp.use(jsonErrors);

  const sockets = socketsPerClient(clientAddress, config.maxSocketsPerClient);
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: "/graphql",
    maxPayload: 1024 * 1024,
    verifyClient: sockets.verifyClient,
  });
  sockets.track(wsServer);
  const executor = new LiveExecutor();
  const ws = attachGraphQLWebSocket({ wsServer, schema, app, apollo, pipeline, clientAddress, executor });

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  log.info("server listening", { url });

  let closing: Promise<void> | undefined;
  return {
    url,
    liveStats: () => ({ ...executor.stats, subscribers: live.subscriberCount, loads: live.loads }),
    close: () => {
      closing ??= (async () => {
        await ws.dispose();
        live.close();
        await apollo.stop(); // stops accepting and drains in-flight HTTP requests
        await closeHttp(httpServer);
        await transport.target.close();
        await throttlePool.end();
        await ds.destroy();
      })();
      return closing;
    },
  };
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
