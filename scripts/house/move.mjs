#!/usr/bin/env node
// Issue 17, the house: moves the files of src/services, src/resolvers, src/schema and src/entities into area
// folders (scripts/house/mapping.mjs) with `git mv`, then re-points every relative import that named an old path
// and every repository path written in docs and comments. Re-runnable: entries already moved or absent are skipped,
// and a second run changes nothing. Usage: `node scripts/house/move.mjs [--dry-run]` from the repository root
// (--dry-run: only lists the moves).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as map from "./mapping.mjs";

const ROOT = process.cwd();
const dry = process.argv.includes("--dry-run");
if (!existsSync(path.join(ROOT, "src/services"))) throw new Error("run from the repository root");

/** Every new path of the table, moved or already where it belongs. */
const kept = [];

/** old path → new path, repository-relative, with the .ts ending. */
function table() {
  const rows = [];
  const add = (from, to) => {
    kept.push(`${to}.ts`);
    if (from !== to) rows.push([`${from}.ts`, `${to}.ts`]);
  };
  for (const [area, names] of Object.entries(map.services))
    for (const n of names) add(`src/services/${n}`, `src/services/${area}/${map.serviceName(n)}`);
  for (const [area, names] of Object.entries(map.resolvers))
    for (const n of names) add(`src/resolvers/${n}.resolver`, `src/resolvers/${area}/${n}.resolver`);
  for (const [area, names] of Object.entries(map.schema))
    for (const n of names) add(`src/schema/${n}`, `src/schema/${area}/${map.schemaName(n)}`);
  for (const [area, names] of Object.entries(map.entities))
    for (const n of names) add(`src/entities/${n}`, `src/entities/${area}/${n}.entity`);
  return rows;
}

const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" });
const rows = table();

// 1. Moves.
const movedNow = new Map(); // new abs → old abs, for files moved in this run
let skipped = 0;
for (const [from, to] of rows) {
  const a = path.join(ROOT, from);
  const b = path.join(ROOT, to);
  if (!existsSync(a)) {
    skipped++;
    continue;
  }
  if (existsSync(b)) {
    console.warn(`both exist, left alone: ${from} and ${to}`);
    continue;
  }
  console.log(`move ${from} → ${to}`);
  if (!dry) {
    mkdirSync(path.dirname(b), { recursive: true });
    git("mv", from, to);
  }
  movedNow.set(b, a);
}

// 2. Relative import specifiers. An import is resolved from where its file stood before this run; if it names an
// old path of the table, or its file moved, it is written anew from the file's new place.
const noExt = (p) => p.replace(/\.(ts|tsx)$/, "");
const moves = new Map(rows.map(([f, t]) => [noExt(path.join(ROOT, f)), noExt(path.join(ROOT, t))]));
const SOURCE = /\.(ts|tsx|mts|cts|mjs|cjs|js|vue)$/;
const SPEC =
  /((?:\bfrom|\bimport|\brequire|\bjest\.(?:mock|doMock|unmock|requireActual|requireMock|unstable_mockModule))\s*\(?\s*)(["'])(\.{1,2}\/[^"'\n]*)\2/g;
const EXTS = ["", ".ts", ".tsx", ".d.ts", ".js", ".cjs", ".mjs", ".vue", ".json", "/index.ts"];

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function respec(fileNow, fileThen, spec) {
  const abs = path.resolve(path.dirname(fileThen), spec);
  const bare = noExt(abs);
  let target = moves.get(bare);
  const ext = abs === bare ? "" : abs.slice(bare.length);
  if (!target) {
    if (fileNow === fileThen) return spec; // neither end moved
    // the target did not move: keep it, seen from the new place (a file moved with it in this run counts too)
    const movedTarget = [...movedNow].find(([, old]) => noExt(old) === bare);
    target = movedTarget ? noExt(movedTarget[0]) : bare;
    if (!movedTarget && !EXTS.some((x) => existsSync(abs + x))) return spec; // not a file we know: leave it
  }
  let rel = path.relative(path.dirname(fileNow), target) + ext;
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return rel.split(path.sep).join("/");
}

const sources = ["src", "test", "bench", "scripts"]
  .flatMap((d) => walk(path.join(ROOT, d)))
  .filter((f) => SOURCE.test(f) && !f.includes(`${path.sep}scripts${path.sep}house${path.sep}`));
let rewritten = 0;
for (const file of dry ? [] : sources) {
  const then = movedNow.get(file) ?? file;
  const text = readFileSync(file, "utf8");
  const next = text.replace(SPEC, (_all, head, q, spec) => `${head}${q}${respec(file, then, spec)}${q}`);
  if (next !== text) {
    rewritten++;
    writeFileSync(file, next);
  }
}

// 3. Paths written in prose and comments (README, docs, code comments): `src/services/draw-witness.ts` and the like.
const mentions = rows
  .map(([f, t]) => [noExt(f), noExt(t)])
  .sort((a, b) => b[0].length - a[0].length)
  .map(([f, t]) => [
    new RegExp(`(?<![\\w/.-])${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=\\.ts\\b|(?![\\w/-]|\\.\\w))`, "g"),
    t,
  ]);
const prose = git("ls-files", "-z")
  .split("\0")
  .filter((f) => f && /\.(md|ts|tsx|mjs|cjs|js|vue|sql|graphql)$/.test(f) && !f.startsWith("scripts/house/"))
  .map((f) => path.join(ROOT, f))
  .filter((f) => existsSync(f) && statSync(f).isFile());
let described = 0;
for (const file of dry ? [] : new Set([...prose, ...movedNow.keys()])) {
  if (!existsSync(file)) continue;
  const text = readFileSync(file, "utf8");
  let next = text;
  for (const [re, to] of mentions) next = next.replace(re, to);
  if (next !== text) {
    described++;
    writeFileSync(file, next);
  }
}

// 4. Files of the moved folders that the table does not place (added since it was written): for the integrator.
const placed = new Set(kept.map((t) => path.join(ROOT, t)));
const staysAtRoot = {
  services: [],
  resolvers: ["index"],
  schema: map.SCHEMA_ROOT,
  entities: map.ENTITIES_ROOT,
};
const areaNames = new Set([map.services, map.resolvers, map.schema, map.entities].flatMap((m) => Object.keys(m)));
const uncovered = [];
for (const [folder, keep] of Object.entries(staysAtRoot)) {
  for (const f of walk(path.join(ROOT, "src", folder))) {
    if (!/\.tsx?$/.test(f) || placed.has(f) || f.endsWith(".args.ts")) continue; // .args.ts: types-out.mjs
    const rel = path.relative(path.join(ROOT, "src", folder), f).split(path.sep);
    if (rel.length === 1 && keep.includes(noExt(rel[0]))) continue;
    uncovered.push(
      path.relative(ROOT, f) +
        (rel.length > 1 && areaNames.has(rel[0]) ? "  (in an area folder, not in the table)" : ""),
    );
  }
}
// 5. Hand fixes the move needs beyond import paths, applied where the old text is still there.
for (const [file, from, to] of map.fixups) {
  const f = path.join(ROOT, file);
  if (dry || !existsSync(f)) continue;
  const text = readFileSync(f, "utf8");
  if (text.includes(from)) {
    writeFileSync(f, text.replace(from, to));
    console.log(`fixed ${file}`);
  }
}

// 6. Imports sorted again where their paths changed (biome's organizeImports), so `npx biome check .` stays clean.
const touched = git("status", "--porcelain", "-z", "--", "src", "test", "bench", "scripts")
  .split("\0")
  .filter((l) => /^( M|M |MM|R |RM|A )/.test(l))
  .map((l) => l.slice(3))
  .filter((f) => SOURCE.test(f) && existsSync(path.join(ROOT, f)));
if (!dry && touched.length)
  try {
    execFileSync("npx", ["biome", "check", "--write", ...touched], { cwd: ROOT, stdio: "ignore" });
  } catch {
    console.log("biome left problems it does not fix itself: run `npx biome check .`");
  }

console.log(
  `${movedNow.size} moved, ${skipped} skipped (absent or already moved), ${rewritten} files' imports re-pointed, ${described} files' path mentions updated${dry ? " (dry run)" : ""}`,
);
if (uncovered.length) console.log(`not in scripts/house/mapping.mjs (place them):\n  ${uncovered.join("\n  ")}`);
