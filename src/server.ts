import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import express, { type Request, type Response } from "express";
import { WebSocketServer } from "ws";
import { authenticate, bearer } from "./auth/authenticate";
import { TokenService } from "./auth/tokens";
import type { Config } from "./config";
import type { AppServices, GqlContext } from "./context/app-context";
import { ctx } from "./context/request-context";
import { runtimeDataSource } from "./db/data-source";
import { isRetryablePgError, runInTenantTransaction } from "./db/tenant-transaction";
import { DomainError } from "./errors";
import { createLogger, type Logger } from "./logger";
import { createTransport } from "./pubsub";
import { DEFAULT_LIVE_LIMITS, LiveHub } from "./pubsub/live-hub";
import { liveEventType } from "./pubsub/stream-name";
import { eventTargetTransport } from "./pubsub/transport";
import { registerLiveTransport } from "./pubsub/transport-registry";
import { buildSchema } from "./schema/build-schema";
import { formatError } from "./schema/format-error";
import { checkOperationLimits } from "./schema/limits";
import { authService } from "./services/auth.service";
import { mountFormRoutes } from "./web/forms-route";
import { mountWebPages } from "./web/serve";
import { attachGraphQLWebSocket } from "./ws";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
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
  const schema = await buildSchema(transport);
  const limits = { maxDepth: config.maxDepth, maxCost: config.maxCost };
  const production = config.nodeEnv === "production";

  const expressApp = express();
  expressApp.disable("x-powered-by");
  const httpServer = createHttpServer(expressApp);
  const apollo = new ApolloServer<GqlContext>({
    schema,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    persistedQueries: false,
    csrfPrevention: true,
    formatError: (formatted, error) => formatError(formatted, error, currentRequestId(), log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ document, operationName, request }) {
              const errors = checkOperationLimits(schema, document, operationName, request.variables, limits);
              if (errors.length) throw errors[0];
            },
            async didEncounterErrors({ errors }) {
              // Any error rolls the whole operation back; a serialization failure or deadlock retries it.
              const c = ctx();
              c.failed = true;
              if (errors.some((e) => isRetryablePgError(e.originalError))) c.retryable = true;
            },
          };
        },
      },
    ],
  });
  await apollo.start();

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
  mountFormRoutes(expressApp, app); // printable forms at /forms/<kind>/<id>
  // 33 MB for file uploads (importFile/startImport, base64 in JSON, ~24 MB files; docs/EXCHANGE.md), but only
  // for requests that carry a credential: anonymous bodies stay small (the parser runs before authentication).
  const smallBody = express.json({ limit: "256kb" });
  const largeBody = express.json({ limit: "33mb" });
  const jsonBody: express.RequestHandler = (req, res, next) =>
    (req.headers.authorization ? largeBody : smallBody)(req, res, next);
  expressApp.use("/graphql", jsonBody, async (req, res) => {
    if (req.method !== "GET" && req.method !== "POST") {
      res.status(405).set("Allow", "GET, POST").end();
      return;
    }
    await handleGraphQL(req, res, { apollo, app, ds, log });
  });

  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: 1024 * 1024 });
  const ws = attachGraphQLWebSocket({ wsServer, schema, app, ds, limits });

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  log.info("server listening", { url });

  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => {
      closing ??= (async () => {
        await ws.dispose();
        live.close();
        await apollo.stop(); // stops accepting and drains in-flight HTTP requests
        await closeHttp(httpServer);
        await transport.target.close();
        await ds.destroy();
      })();
      return closing;
    },
  };
}

interface HandlerDeps {
  apollo: ApolloServer<GqlContext>;
  app: AppServices;
  ds: ReturnType<typeof runtimeDataSource>;
  log: Logger;
}

/**
 * Each HTTP operation runs in one tenant transaction; the response is written only after COMMIT,
 * so a client never sees an answer whose writes could still roll back.
 */
async function handleGraphQL(req: Request, res: Response, { apollo, app, ds, log }: HandlerDeps): Promise<void> {
  const requestId = randomUUID();
  res.setHeader("x-request-id", requestId);
  try {
    const auth = await authenticate(bearer(req.headers.authorization), app.tokens);
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    const response = await runInTenantTransaction(
      ds,
      requestId,
      auth.claimed,
      () =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: req.method.toUpperCase(),
            headers,
            search: new URL(req.originalUrl, "http://x").search,
            body: req.body,
          },
          context: async () => ({ app }),
        }),
      log,
      auth.confirm,
    );
    for (const [k, v] of response.headers) res.setHeader(k, v);
    res.status(response.status ?? 200);
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  } catch (e) {
    if (e instanceof DomainError && e.code === "UNAUTHENTICATED") {
      res.status(401).json({ errors: [{ message: e.message, extensions: { code: e.code } }] });
      return;
    }
    log.error("request failed", { requestId, error: e instanceof Error ? e.message : String(e) });
    res.status(500).json({
      errors: [
        {
          message: `服务器内部错误，请稍后重试（请求编号 ${requestId}）`,
          extensions: { code: "INTERNAL_SERVER_ERROR" },
        },
      ],
    });
  }
}

function currentRequestId(): string {
  try {
    return ctx().requestId;
  } catch {
    return "-";
  }
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
