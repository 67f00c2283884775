import type { AuthCheckerFn } from "type-graphql";
import { ctx } from "../context/request-context";
import { DomainError, unauthenticated } from "../errors";
import { ROLE_NAMES, type Role } from "./roles";

/**
 * `@Authorized()` → any signed-in caller; `@Authorized(Role.X, Role.Y)` → one of those roles.
 * Throws typed errors instead of returning false, so the clerk learns whether to sign in or ask for a role.
 */
export const authChecker: AuthCheckerFn<object, Role> = (_data, roles) => {
  const p = ctx().principal;
  if (p.kind === "anonymous") throw unauthenticated();
  if (roles.length && !roles.some((r) => p.roles.includes(r))) throw missingRole(roles);
  return true;
};

/** FORBIDDEN that names the roles that would allow the action (message and `extensions.requiredRoles`). */
export function missingRole(roles: readonly Role[]): DomainError {
  const names = roles.map((r) => `${ROLE_NAMES[r]}（${r}）`).join("或");
  return new DomainError("FORBIDDEN", `您没有执行此操作的权限：需要${names}角色，请联系本部门管理员授权`, {
    requiredRoles: [...roles],
  });
}
