import type { Express, Request, Response } from "express";
import type { Logger } from "../logger";
import { groupOf, type PageName, type WebAsset, type WebAssets, webAssetGroups } from "./build";

/**
 * Strict policy: scripts and styles only from this origin (no inline code; the bundles set no inline styles
 * except through CSSOM), data: images for the favicon and SVG, fetch and graphql-ws to this origin only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

function send(req: Request, res: Response, a: WebAsset): void {
  res.set({
    "Content-Type": a.contentType,
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": a.immutable ? "public, max-age=31536000, immutable" : "no-cache",
    ETag: a.etag,
  });
  if (req.headers["if-none-match"] === a.etag) {
    res.status(304).end();
    return;
  }
  res.status(200).end(req.method === "HEAD" ? undefined : a.body);
}

/**
 * The web pages (/dashboard, /public) and their hashed assets, served from memory. The bundle is built once per
 * process, started here so that it is normally ready before the first request.
 */
export function mountWebPages(app: Express, log: Logger): void {
  for (const g of webAssetGroups())
    g.catch((e) => log.error("web pages build failed", { error: e instanceof Error ? e.message : String(e) }));
  const serve = async (req: Request, res: Response, key: string, from: () => Promise<WebAssets | undefined>) => {
    let assets: WebAssets | undefined;
    try {
      assets = await from();
    } catch {
      res.status(503).type("text/plain; charset=utf-8").send("页面暂不可用，请联系管理员");
      return;
    }
    const a = assets?.get(key);
    if (!a) {
      res.status(404).type("text/plain; charset=utf-8").send("未找到");
      return;
    }
    send(req, res, a);
  };
  const page = (name: PageName) => (req: Request, res: Response) => serve(req, res, `/${name}`, () => groupOf(name));
  // `/` leads to the workbench (which shows sign-in, or the public pages for anonymous visitors).
  app.get("/", (_req, res) => {
    res.redirect(302, "/workbench");
  });
  for (const name of ["dashboard", "public", "workbench"] as const) app.get([`/${name}`, `/${name}/`], page(name));
  // A hashed asset is in one group's build: wait only until the group that has it is ready.
  app.get("/assets/:name", (req, res) =>
    serve(req, res, req.path, async () => {
      for (const g of webAssetGroups()) {
        const a = await g;
        if (a.has(req.path)) return a;
      }
      return undefined;
    }),
  );
  // A browser opening /graphql gets the self-hosted GraphiQL console; API clients (JSON, or ?query=) go on to
  // the GraphQL handler mounted after this.
  app.get("/graphql", (req, res, next) => {
    if (isBrowserNavigation(req)) void page("graphiql")(req, res);
    else next();
  });
}

/** A page load, not an API call: HTML preferred over JSON and no operation in the query string. */
export function isBrowserNavigation(req: Request): boolean {
  if (req.query.query !== undefined || req.query.extensions !== undefined) return false;
  return req.accepts(["application/json", "application/graphql-response+json", "text/html"]) === "text/html";
}
