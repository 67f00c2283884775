import { reactive } from "vue";

/**
 * Hash routes (`/workbench#/planner/plans/…`): the server serves one page; every screen is one route in
 * routes.ts. `route.path` is the part after `#`, `route.query` its `?a=b` parameters.
 */
export const route = reactive<{ path: string; query: Record<string, string> }>({ path: "/", query: {} });

function read(): void {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [p, q = ""] = raw.split("?");
  route.path = p || "/";
  route.query = Object.fromEntries(new URLSearchParams(q));
}

export function go(path: string, query: Record<string, string | undefined> = {}): void {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
  const next = `#${path}${q.size ? `?${q}` : ""}`;
  if (location.hash === next) read();
  else location.hash = next;
}

export function startRouter(): void {
  window.addEventListener("hashchange", read);
  read();
}

/** Matches `/a/:id/b` against the current path; returns the parameters or null. */
export function match(pattern: string, path = route.path): Record<string, string> | null {
  const a = pattern.split("/");
  const b = path.split("/");
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(":")) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}
