import type { GqlContext } from "../context/app-context";
import { ctx, type RequestContext } from "../context/request-context";
import { runInTenantTransaction } from "./tenant-transaction";

/**
 * For subscriptions, which run without a transaction: runs `fn` in its own short tenant transaction (with the
 * request context, so services and ctx().manager work as usual). The connection's credential is confirmed
 * again inside it (user still active / key not revoked; roles re-read), so a long-lived subscription never acts
 * on stale rights.
 */
export function inShortTransaction<T>(gql: GqlContext, fn: (c: RequestContext) => Promise<T>): Promise<T> {
  const outer = ctx();
  const { app, credential } = gql;
  return runInTenantTransaction(
    app.db,
    outer.requestId,
    credential?.claimed ?? outer.principal,
    fn,
    app.log,
    credential?.check,
  );
}
