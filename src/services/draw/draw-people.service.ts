import { ROLE_NAMES, Role } from "../../auth/roles";
import { ctx } from "../../context/request-context";

/**
 * How a person appears in a record that becomes public (the draw record, its printed sheet): the name and the role
 * in which they acted, never the login name (a login name is half of a credential).
 */
export function publicPersonLabel(displayName: string, role: Role): string {
  return `${displayName}（${ROLE_NAMES[role]}）`;
}

/** The operator of a draw (a PLANNER, or an ADMIN acting as one) as the public record names them. */
export async function operatorLabel(id: string): Promise<string> {
  const [u]: Array<{ display_name: string; roles: string[] }> = await ctx().manager.query(
    `SELECT display_name, roles FROM app_user WHERE id = $1`,
    [id],
  );
  return publicPersonLabel(u.display_name, u.roles.includes(Role.PLANNER) ? Role.PLANNER : Role.ADMIN);
}

/** A person acting in a role on a public record (the supervisor approving a 递补 or voiding a draw). */
export async function personLabel(id: string, role: Role): Promise<string> {
  const [u]: Array<{ display_name: string }> = await ctx().manager.query(
    `SELECT display_name FROM app_user WHERE id = $1`,
    [id],
  );
  return publicPersonLabel(u.display_name, role);
}
