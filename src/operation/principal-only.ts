import { Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { USER_ROW } from "../auth/authenticate";

/**
 * The fields of `User` that the principal re-read of a signed-in user loads (src/auth/authenticate.ts, USER_ROW):
 * `me` selecting only these is answered from `ctx().user` without a query (src/resolvers/system/auth.resolver.ts).
 * `tenant` is not among them (USER_ROW has `tenantId`, which User does not expose), so `me { tenant { … } }` reads.
 */
const USER_ROW_FIELDS: ReadonlySet<string> = new Set(["__typename", ...Object.keys(USER_ROW)]);

/**
 * True when the opening round trip (BEGIN, settings, principal re-read) answers the whole operation: a query whose
 * root fields are `me`, selecting only fields of the user row, and `__typename`; plain fields only (no fragments,
 * no directives). Such an operation commits in that same round trip (TenantTransaction.openAndCommit): one round trip
 * instead of two, the commit still before the answer, and any query that would follow anyway is refused, so a wrong
 * answer here fails loudly instead of reading outside a transaction.
 */
export function answeredByPrincipal(operation: OperationDefinitionNode): boolean {
  if (operation.operation !== "query") return false;
  let me = false;
  for (const s of operation.selectionSet.selections) {
    if (s.kind !== Kind.FIELD || s.directives?.length) return false;
    if (s.name.value === "__typename") continue;
    if (s.name.value !== "me" || s.arguments?.length || !s.selectionSet || !onlyUserRow(s.selectionSet)) return false;
    me = true;
  }
  return me;
}

function onlyUserRow(set: SelectionSetNode): boolean {
  return set.selections.every(
    (s) => s.kind === Kind.FIELD && !s.directives?.length && !s.selectionSet && USER_ROW_FIELDS.has(s.name.value),
  );
}
