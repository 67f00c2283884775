import { ctx } from "../context/request-context";

/**
 * Runs `fn` with `app.tenant_id` switched to another tenant inside the current transaction, then switches back.
 * Narrow by design: only for login (the tenant is known only from the form) and for a platform admin creating
 * a tenant's first user. RLS still checks every row against the switched tenant.
 */
export async function asTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  const { manager } = ctx();
  const [{ previous }] = await manager.query(
    "SELECT current_setting('app.tenant_id', true) AS previous, set_config('app.tenant_id', $1, true)",
    [tenantId],
  );
  try {
    return await fn();
  } finally {
    await manager.query("SELECT set_config('app.tenant_id', $1, true)", [previous ?? ""]);
  }
}

/**
 * Runs `fn` as the inspected firm of one visit (issue 15): `app.tenant_id` switched to the visit's department, with
 * no user and no role, whoever the caller is, then everything switched back. The firm has no account: the tenant is
 * known only from a code it holds (src/services/firm), found through visit_code_lookup(). With no role, RLS lets
 * it write only rows that need none (the firm's own tables) and read its department's rows that the service asks for.
 */
export async function asFirm<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  const { manager } = ctx();
  const [prev] = await manager.query(
    `SELECT current_setting('app.tenant_id', true) AS tenant, current_setting('app.user_id', true) AS "user",
            current_setting('app.roles', true) AS roles,
            set_config('app.tenant_id', $1, true), set_config('app.user_id', '', true), set_config('app.roles', '', true)`,
    [tenantId],
  );
  try {
    return await fn();
  } finally {
    await manager.query(
      "SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true), set_config('app.roles', $3, true)",
      [prev.tenant ?? "", prev.user ?? "", prev.roles ?? ""],
    );
  }
}
