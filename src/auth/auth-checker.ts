import type { AuthCheckerFn } from "type-graphql";
import { ctx } from "../context/request-context";
import { forbidden, unauthenticated } from "../errors";
import type { Role } from "./roles";

/**
 * `@Authorized()` → any signed-in caller; `@Authorized(Role.X, Role.Y)` → one of those roles.
 * Throws typed errors instead of returning false, so the clerk learns whether to sign in or ask for a role.
 */
export const authChecker: AuthCheckerFn<object, Role> = (_data, roles) => {
  const p = ctx().principal;
  if (p.kind === "anonymous") throw unauthenticated();
  if (roles.length && !roles.some((r) => p.roles.includes(r))) throw forbidden();
  return true;
};
