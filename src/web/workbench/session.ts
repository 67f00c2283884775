import { reactive } from "vue";
import { GqlError, gql as post } from "../client/api";

/** The signed-in user as the workbench knows them (from `me`). */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  tenant: { id: string; code: string; name: string; isCoordinator: boolean; regionCode: string };
}

const KEY = "jointcheck.session";
const ME_FIELDS = "id username displayName roles tenant { id code name isCoordinator regionCode }";

/** One session per tab (sessionStorage): a second browser context or tab signs in on its own. */
export const session = reactive<{ token: string | null; me: Me | null; notice: string }>({
  token: null,
  me: null,
  notice: "",
});

export const hasRole = (...roles: string[]) => Boolean(session.me?.roles.some((r) => roles.includes(r)));
export const isCoordinator = () => Boolean(session.me?.tenant.isCoordinator);

/**
 * The one GraphQL client of the workbench: POST /graphql with the session's token. A rejected token signs out
 * with a Chinese notice; other errors reach the screen as GqlError (message and code from the server).
 */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  try {
    return await post<T>(query, variables, session.token);
  } catch (e) {
    if (e instanceof GqlError && e.code === "UNAUTHENTICATED" && session.token) signOut("登录已过期，请重新登录");
    throw e;
  }
}

export async function signIn(tenantCode: string, username: string, password: string): Promise<void> {
  const r = await post<{ login: { token: string; expiresAt: string; user: Me } }>(
    `mutation($t: String!, $u: String!, $p: String!) { login(tenantCode: $t, username: $u, password: $p) { token expiresAt user { ${ME_FIELDS} } } }`,
    { t: tenantCode, u: username, p: password },
  );
  session.token = r.login.token;
  session.me = r.login.user;
  session.notice = "";
  sessionStorage.setItem(KEY, JSON.stringify({ token: r.login.token, expiresAt: r.login.expiresAt }));
}

export function signOut(notice = ""): void {
  sessionStorage.removeItem(KEY);
  session.token = null;
  session.me = null;
  session.notice = notice;
}

/** Restores the tab's session after a reload (the token is re-checked with `me`). */
export async function restoreSession(): Promise<void> {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as { token: string; expiresAt: string } | null;
    if (!s || Date.parse(s.expiresAt) < Date.now() + 30_000) return;
    session.token = s.token;
    session.me = (await gql<{ me: Me }>(`{ me { ${ME_FIELDS} } }`)).me;
  } catch {
    signOut();
  }
}
