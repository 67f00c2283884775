import type { TokenService } from "../auth/tokens";
import type { Config } from "../config";
import type { Logger } from "../logger";
import type { AuthService } from "../services/auth.service";

/** Per-server singletons handed to resolvers through the GraphQL context (several servers may share a process). */
export interface AppServices {
  config: Config;
  log: Logger;
  tokens: TokenService;
  auth: AuthService;
}

/** The GraphQL context value; request-scoped state lives in the AsyncLocalStorage context instead. */
export interface GqlContext {
  app: AppServices;
}
