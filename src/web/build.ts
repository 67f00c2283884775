import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";
import { Kind, parse } from "graphql";

/** One servable file, built in memory. */
export interface WebAsset {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Content-hashed names never change: cache for a year; pages are revalidated on every load. */
  immutable: boolean;
}

/** URL path → asset: the pages (`/dashboard`, `/public`, `/workbench`, `/graphiql`) and `/assets/<name>-<hash>.<ext>`. */
export type WebAssets = ReadonlyMap<string, WebAsset>;

const WEB_DIR = __dirname;
const DRAW_DIR = path.resolve(WEB_DIR, "../draw");

/**
 * Each page: its HTML template (src/web/pages/<name>.html) and its script entry. The workbench is the Vue 3 +
 * Element Plus application (src/web/workbench); graphiql is the self-hosted API console (React, CodeMirror 5).
 */
const PAGES = {
  dashboard: "client/dashboard.ts",
  public: "client/public.ts",
  workbench: "workbench/main.ts",
  graphiql: "graphiql/main.ts",
} as const;
export type PageName = keyof typeof PAGES;
export const PAGE_NAMES = Object.keys(PAGES) as PageName[];

/**
 * Pages built together (sharing chunks). The groups build in parallel, so that the small pages are served as
 * soon as their own bundle is ready rather than after the workbench's.
 */
export const BUILD_GROUPS: readonly (readonly PageName[])[] = [["dashboard", "public"], ["workbench"], ["graphiql"]];

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

/**
 * `import ENUM_LABELS from "virtual:enum-labels"`: every GraphQL enum value's Chinese name, taken from the
 * descriptions in schema.graphql (the text before a "：" explanation), so screens never show a raw
 * `RESULT_PUBLISHED` and the labels cannot drift from the API's own documentation.
 */
const enumLabels: Plugin = {
  name: "enum-labels",
  setup(b) {
    b.onResolve({ filter: /^virtual:enum-labels$/ }, () => ({ path: "enum-labels", namespace: "virtual" }));
    b.onLoad({ filter: /^enum-labels$/, namespace: "virtual" }, () => ({
      contents: `export default ${JSON.stringify(enumLabelsFromSchema())};`,
      loader: "js",
    }));
  },
};

export function enumLabelsFromSchema(): Record<string, Record<string, string>> {
  const doc = parse(readFileSync(path.resolve(WEB_DIR, "../../schema.graphql"), "utf8"));
  const out: Record<string, Record<string, string>> = {};
  for (const def of doc.definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION) continue;
    out[def.name.value] = Object.fromEntries(
      (def.values ?? []).map((v) => [v.name.value, (v.description?.value ?? v.name.value).split("：")[0].trim()]),
    );
  }
  return out;
}

const etagOf = (body: Buffer) => `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;

const asset = (body: Buffer, contentType: string, immutable: boolean): WebAsset => ({
  body,
  contentType,
  etag: etagOf(body),
  immutable,
});

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * Bundles every page's script (esbuild, minified, ESM with shared chunks, no source maps) with the CSS its
 * script imports, names everything by content hash and fills the asset URLs into the HTML templates. In memory:
 * nothing is written to disk, so `npm start` and the tests need no separate build step.
 */
export async function buildWebAssets(pages: readonly PageName[] = PAGE_NAMES): Promise<WebAssets> {
  const result = await build({
    entryPoints: Object.fromEntries(pages.map((p) => [p, path.join(WEB_DIR, PAGES[p])])),
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: ["chrome120"],
    outdir: "/assets",
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    assetNames: "[name]-[hash]",
    splitting: true,
    legalComments: "none",
    charset: "utf8",
    jsx: "automatic",
    jsxImportSource: "vue",
    loader: { ".woff2": "file", ".woff": "file", ".ttf": "file", ".svg": "file", ".png": "file" },
    // Vue resolves to its runtime-only build for the browser: screens are render functions (TSX), never templates
    // compiled in the page (that would need eval, which the CSP forbids).
    define: {
      "process.env.NODE_ENV": '"production"',
      __VUE_OPTIONS_API__: "true",
      __VUE_PROD_DEVTOOLS__: "false",
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
    },
    metafile: true,
    plugins: [drawHashForBrowser, enumLabels],
    logLevel: "silent",
  });
  const assets = new Map<string, WebAsset>();
  for (const file of result.outputFiles) {
    const url = file.path.slice(file.path.lastIndexOf("/assets/"));
    const type = CONTENT_TYPES[path.extname(url)] ?? "application/octet-stream";
    assets.set(url, asset(Buffer.from(file.contents), type, true));
  }
  // Which output is each page's script and stylesheet (esbuild's metafile names the entry of each output).
  const scripts = new Map<string, string>();
  const styles = new Map<string, string>();
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    const page = pages.find((p) => meta.entryPoint?.endsWith(PAGES[p]));
    if (!page) continue;
    const url = `/${out.slice(out.lastIndexOf("assets/"))}`;
    scripts.set(page, url);
    if (meta.cssBundle) styles.set(page, `/${meta.cssBundle.slice(meta.cssBundle.lastIndexOf("assets/"))}`);
  }
  const css = Buffer.from(readFileSync(path.join(WEB_DIR, "pages", "style.css")));
  const cssUrl = `/assets/style-${etagOf(css).slice(1, 11)}.css`;
  assets.set(cssUrl, asset(css, "text/css; charset=utf-8", true));
  for (const page of pages) {
    const script = scripts.get(page);
    if (!script) throw new Error(`web build: no bundle for ${page}`);
    const html = readFileSync(path.join(WEB_DIR, "pages", `${page}.html`), "utf8")
      .replaceAll("{{style}}", cssUrl)
      .replaceAll("{{bundleStyle}}", styles.get(page) ?? cssUrl)
      .replaceAll("{{script}}", script);
    assets.set(`/${page}`, asset(Buffer.from(html), "text/html; charset=utf-8", false));
  }
  return assets;
}

let built: Array<Promise<WebAssets>> | undefined;

/** The process's one build per group (servers started in the same process, e.g. by tests, share them). */
export function webAssetGroups(): ReadonlyArray<Promise<WebAssets>> {
  built ??= BUILD_GROUPS.map((g) => buildWebAssets(g));
  return built;
}

/** The build that serves a page, by its name. */
export function groupOf(page: PageName): Promise<WebAssets> {
  return webAssetGroups()[BUILD_GROUPS.findIndex((g) => g.includes(page))];
}
