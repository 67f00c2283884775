import { migrate } from "./migrate";
import { createOwnerAndDatabase, ensureRuntimeRoles, RUNTIME_LOGIN, runtimeUrl } from "./roles";

export interface ProvisionedDatabase {
  ownerUrl: string;
  /** The runtime role's URL (NOSUPERUSER, NOBYPASSRLS, not the owner). */
  appUrl: string;
}

/**
 * As a superuser of a cluster: creates the owner role and `database`, the runtime roles, and applies every
 * migration. Shared by the test setup and the benchmarks.
 */
export async function provisionDatabase(
  superuserUrl: string,
  database: string,
  passwords: { owner: string; app: string },
): Promise<ProvisionedDatabase> {
  const ownerUrl = await createOwnerAndDatabase(superuserUrl, database, passwords.owner);
  await ensureRuntimeRoles(ownerUrl, RUNTIME_LOGIN, passwords.app);
  await migrate(ownerUrl);
  return { ownerUrl, appUrl: runtimeUrl(ownerUrl, RUNTIME_LOGIN, passwords.app) };
}
