import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The house's floors (README, Architecture): the pure floor does no I/O, resolvers read no tables, GraphQL types
 * name nothing of the services (not even a type), and the migration runner reaches nothing but migrations. Imports
 * are read as text.
 */
const SRC = path.resolve(__dirname, "../../src");
const files = (dir: string): string[] =>
  readdirSync(path.join(SRC, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(SRC, dir, f));
const SPEC = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*"([^"]+)"/g;
/** What a file loads at run time (type-only imports left out): src paths relative to src/, packages as named. */
const importsOf = (file: string): { pkg: boolean; to: string }[] =>
  [
    ...readFileSync(file, "utf8")
      .replace(/^import type [^;]*;/gm, "")
      .matchAll(SPEC),
  ].map(([, s]) => ({
    pkg: !s.startsWith("."),
    to: s.startsWith(".") ? path.relative(SRC, path.resolve(path.dirname(file), s)) : s,
  }));
const rel = (f: string) => path.relative(SRC, f);

const PURE = ["draw", "joint", "calendar", "domain", "exchange"];
/** Packages the pure floor may use: hashing and file formats, no database, network or file system. */
const PURE_PACKAGES = [
  "node:crypto",
  "@noble/hashes/hmac",
  "@noble/hashes/sha2",
  "@noble/hashes/sha256",
  "exceljs",
  "iconv-lite",
];
/** Outside the floor folders: the role names, the typed errors and the clock. */
const PURE_SRC = ["auth/roles", "errors", "time"];

test("the pure floor (src/draw, joint, calendar, domain, exchange) imports no I/O", () => {
  const leaks = PURE.flatMap(files).flatMap((f) =>
    importsOf(f)
      .filter(({ pkg, to }) =>
        pkg
          ? !PURE_PACKAGES.includes(to)
          : !PURE.some((d) => to === d || to.startsWith(`${d}/`)) && !PURE_SRC.includes(to),
      )
      .map(({ to }) => `${rel(f)} → ${to}`),
  );
  expect(leaks).toEqual([]);
  expect(PURE.flatMap(files).length).toBeGreaterThan(50);
});

test("resolvers read no tables (SQL and ORM reads live in services)", () => {
  const reads = files("resolvers").filter((f) =>
    /\.manager\b|\.query\(|createQueryBuilder|getRepository/.test(readFileSync(f, "utf8")),
  );
  expect(reads.map(rel)).toEqual([]);
  expect(files("resolvers").length).toBeGreaterThan(25);
});

/** Everything a file names (type-only imports and re-exports too): src paths relative to src/. */
const allImportsOf = (file: string): string[] =>
  [...readFileSync(file, "utf8").matchAll(SPEC)]
    .map(([, s]) => s)
    .filter((s) => s.startsWith("."))
    .map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)));

test("src/schema imports nothing from services, not even a type (the shapes it shows live in domain or entities)", () => {
  const calls = files("schema").flatMap((f) =>
    allImportsOf(f)
      .filter((to) => to === "services" || to.startsWith("services/"))
      .map((to) => `${rel(f)} → ${to}`),
  );
  expect(calls).toEqual([]);
  expect(files("schema").length).toBeGreaterThan(30);
});

test("the migration runner reaches migrations, not entities, services or resolvers", () => {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { pkg, to } of importsOf(file)) {
      if (pkg) continue;
      const abs = path.join(SRC, to);
      const found = [`${abs}.ts`, path.join(abs, "index.ts")].find((f) => existsSync(f));
      if (found) walk(found);
    }
  };
  walk(path.join(SRC, "cli/migrate.ts"));
  const reached = [...seen].map(rel);
  expect(reached).toContain("db/migrations/index.ts");
  expect(reached.filter((f) => /^(entities|services|resolvers|schema|registry)\//.test(f))).toEqual([]);
});
