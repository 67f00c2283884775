import type { DataSource } from "typeorm";
import type { Authentication } from "../auth/authenticate";
import type { TokenService } from "../auth/tokens";
import type { Config } from "../config";
import type { Logger } from "../logger";
import type { LiveHub } from "../pubsub/live-hub";
import type { AuthService } from "../services/system/auth.service";

/** Per-server singletons handed to resolvers through the GraphQL context (several servers may share a process). */
export interface AppServices {
  config: Config;
  log: Logger;
  tokens: TokenService;
  auth: AuthService;
  /** The runtime pool: only for code that runs outside an operation's transaction (subscriptions, see
   *  src/db/short-transaction.ts); everything else uses ctx().manager. */
  db: DataSource;
  /** This instance's live subscribers and delivery loop (src/pubsub/live-hub.ts). */
  live: LiveHub;
}

/** The GraphQL context value; request-scoped state lives in the AsyncLocalStorage context instead. */
export interface GqlContext {
  app: AppServices;
  /** WebSocket operations: the connection's credential, re-confirmed by every short transaction a subscription opens. */
  credential?: Authentication;
}
