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
