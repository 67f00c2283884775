import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";

/** One servable file, built in memory. */
export interface WebAsset {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Content-hashed names never change: cache for a year; pages are revalidated on every load. */
  immutable: boolean;
}

/** URL path → asset: `/dashboard`, `/public` and `/assets/<name>-<hash>.<ext>`. */
export type WebAssets = ReadonlyMap<string, WebAsset>;

const WEB_DIR = __dirname;
const DRAW_DIR = path.resolve(WEB_DIR, "../draw");
const PAGES = ["dashboard", "public"] as const;

/**
 * src/draw imports its hashing only through "./hash" (node:crypto); the browser gets the identical API on
 * @noble/hashes from hash.browser.ts (see src/draw/index.ts and docs/DRAW.md), so the page runs the very same
 * verifyDrawRecord as the server and the CLI.
 */
const drawHashForBrowser: Plugin = {
  name: "draw-hash-browser",
  setup(b) {
    b.onResolve({ filter: /^\.\/hash$/ }, (args) =>
      path.resolve(args.resolveDir) === DRAW_DIR ? { path: path.join(DRAW_DIR, "hash.browser.ts") } : undefined,
    );
  },
};

const etagOf = (body: Buffer) => `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;

const asset = (body: Buffer, contentType: string, immutable: boolean): WebAsset => ({
  body,
  contentType,
  etag: etagOf(body),
  immutable,
});

/**
 * Bundles the two pages' scripts (esbuild, minified, no source maps) and the stylesheet, names them by content
 * hash and fills the asset URLs into the HTML templates. In memory: nothing is written to disk, so `npm start`
 * and the tests need no separate build step.
 */
export async function buildWebAssets(): Promise<WebAssets> {
  const result = await build({
    entryPoints: Object.fromEntries(PAGES.map((p) => [p, path.join(WEB_DIR, "client", `${p}.ts`)])),
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: ["chrome120"],
    outdir: "/assets",
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    splitting: true,
    legalComments: "none",
    charset: "utf8",
    plugins: [drawHashForBrowser],
    logLevel: "silent",
  });
  const assets = new Map<string, WebAsset>();
  const scripts = new Map<string, string>();
  for (const file of result.outputFiles) {
    const url = file.path.slice(file.path.lastIndexOf("/assets/"));
    assets.set(url, asset(Buffer.from(file.contents), "text/javascript; charset=utf-8", true));
    const entry = PAGES.find((p) => url.startsWith(`/assets/${p}-`));
    if (entry) scripts.set(entry, url);
  }
  const css = Buffer.from(readFileSync(path.join(WEB_DIR, "pages", "style.css")));
  const cssUrl = `/assets/style-${etagOf(css).slice(1, 11)}.css`;
  assets.set(cssUrl, asset(css, "text/css; charset=utf-8", true));
  for (const page of PAGES) {
    const script = scripts.get(page);
    if (!script) throw new Error(`web build: no bundle for ${page}`);
    const html = readFileSync(path.join(WEB_DIR, "pages", `${page}.html`), "utf8")
      .replaceAll("{{style}}", cssUrl)
      .replaceAll("{{script}}", script);
    assets.set(`/${page}`, asset(Buffer.from(html), "text/html; charset=utf-8", false));
  }
  return assets;
}

let built: Promise<WebAssets> | undefined;

/** The process's one build (servers started in the same process, e.g. by tests, share it). */
export function webAssets(): Promise<WebAssets> {
  built ??= buildWebAssets();
  return built;
}
