#!/usr/bin/env node
// Issue 17: GraphQL types and enums declared in resolver files move to src/schema/<area>/<thing>.args.ts, beside the
// area's other types; the resolver and every other importer import them from there. Re-runnable (run after move.mjs):
// a resolver with no such declarations is left alone. Usage: `node scripts/house/types-out.mjs` from the root.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = process.cwd();
const RESOLVERS = path.join(ROOT, "src/resolvers");
const START = /^(@(ArgsType|InputType|ObjectType)\(|(export )?(enum|class) \w+|registerEnumType\()/;

/** Top-level declarations of GraphQL types: [first line, last line] (with their doc comment). */
function blocks(lines) {
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    if (!START.test(lines[i])) continue;
    if (/^(export )?class \w+/.test(lines[i]) && !/^@(ArgsType|InputType|ObjectType)/.test(lines[i - 1] ?? "")) {
      if (!/^(export )?enum/.test(lines[i])) continue; // plain classes (the resolvers themselves) stay
    }
    if (/^(export )?class/.test(lines[i])) continue; // reached through its decorator line
    let first = i;
    if (/^\s*\*\/$/.test(lines[i - 1] ?? "") || /^\/\*\*.*\*\/$/.test(lines[i - 1] ?? "")) {
      first = i - 1;
      while (first > 0 && !lines[first].startsWith("/**")) first--;
    }
    let last = i;
    if (lines[i].startsWith("registerEnumType(")) {
      while (!/\);\s*$/.test(lines[last]) || (last !== i && !/^(\}\)|\));/.test(lines[last]))) {
        if (last === i && /\);\s*$/.test(lines[i])) break;
        last++;
      }
    } else {
      while (last < lines.length && lines[last] !== "}") last++;
    }
    const text = lines.slice(i, last + 1).join("\n");
    if (/^@(ArgsType|InputType|ObjectType)/.test(lines[i]) && /@Resolver\(/.test(text)) continue;
    out.push([first, last]);
    i = last;
  }
  return out;
}

const SOURCE = /\.(ts|tsx)$/;
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
const moved = new Map(); // resolver abs (no ext) → { target abs (no ext), names }
const touched = [];

for (const file of walk(RESOLVERS).filter((f) => f.endsWith(".resolver.ts"))) {
  const area = path.basename(path.dirname(file));
  const base = path.basename(file, ".resolver.ts");
  const target = path.join(ROOT, "src/schema", area, `${base}.args.ts`);
  const lines = readFileSync(file, "utf8").split("\n");
  const found = blocks(lines);
  if (!found.length) continue;
  if (existsSync(target)) {
    console.log(`left alone (${path.relative(ROOT, target)} exists): ${path.relative(ROOT, file)}`);
    continue;
  }
  const imports = [];
  let inImport = false;
  for (const l of lines) {
    if (l.startsWith("import ")) inImport = !/from "[^"]+";$|^import "[^"]+";$/.test(l);
    else if (!inImport) continue;
    else if (/from "[^"]+";$/.test(l)) inImport = false;
    imports.push(l);
  }
  const fromSchema = imports.map((l) =>
    l.replace(/from "(\.\.?\/[^"]+)"/, (_m, s) => {
      const abs = path.resolve(path.dirname(file), s);
      let rel = path.relative(path.dirname(target), abs);
      if (!rel.startsWith(".")) rel = `./${rel}`;
      return `from "${rel}"`;
    }),
  );
  // One-line constants the moved declarations use go with them (exported if the resolver still uses them).
  const inBlocks = found.map(([a, b]) => lines.slice(a, b + 1).join("\n")).join("\n");
  const rest = (skip) => lines.filter((_l, n) => n !== skip && !found.some(([a, b]) => n >= a && n <= b)).join("\n");
  const consts = [];
  lines.forEach((l, n) => {
    const m = l.match(/^(export )?const (\w+) = .*;$/);
    if (!m || !new RegExp(`\\b${m[2]}\\b`).test(inBlocks)) return;
    const shared = new RegExp(`\\b${m[2]}\\b`).test(rest(n));
    let first = n;
    if (/^\s*\*\/$|^\/\*\*.*\*\/$/.test(lines[n - 1] ?? "")) {
      first = n - 1;
      while (first > 0 && !lines[first].startsWith("/**")) first--;
    }
    const decl = shared || m[1] ? l.replace(/^(export )?/, "export ") : l;
    consts.push([first, n, [...lines.slice(first, n), decl].join("\n"), shared ? m[2] : null]);
  });
  for (const [a, b] of consts) found.push([a, b]);
  const names = consts.map(([, , , shared]) => shared).filter(Boolean);
  const body = consts.map(([, , text]) => text);
  for (const [a, b] of found.filter(([a]) => !consts.some(([c]) => c === a))) {
    const chunk = lines.slice(a, b + 1).map((l) => {
      const m = l.match(/^(export )?(class|enum) (\w+)/);
      if (!m) return l;
      names.push(m[3]);
      return m[1] ? l : `export ${l}`;
    });
    body.push(chunk.join("\n"));
  }
  const keep = lines.filter((_l, n) => !found.some(([a, b]) => n >= a && n <= b));
  const lastImport = keep.reduce((at, l, n) => (/^import |from "[^"]+";$/.test(l) && n < 80 ? n : at), 0);
  keep.splice(lastImport + 1, 0, `import { ${names.join(", ")} } from "../../schema/${area}/${base}.args";`);
  const header = `// The GraphQL arguments, inputs, enums and result types of src/resolvers/${area}/${base}.resolver.ts.`;
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, `${fromSchema.join("\n")}\n\n${header}\n\n${body.join("\n\n")}\n`);
  writeFileSync(file, keep.join("\n").replace(/\n{3,}/g, "\n\n"));
  moved.set(file.slice(0, -3), { target: target.slice(0, -3), names });
  touched.push(target, file);
  console.log(`${path.relative(ROOT, file)}: ${names.join(", ")} → ${path.relative(ROOT, target)}`);
}

// Other importers of the moved names import them from the new file.
const IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+"(\.\.?\/[^"]+)";/g;
for (const file of ["src", "test", "bench"].flatMap((d) => walk(path.join(ROOT, d))).filter((f) => SOURCE.test(f))) {
  const text = readFileSync(file, "utf8");
  const next = text.replace(IMPORT, (all, type, list, spec) => {
    const hit = moved.get(path.resolve(path.dirname(file), spec));
    if (!hit || hit.target === file.slice(0, -3)) return all;
    const items = list
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const isMoved = (s) => hit.names.includes(s.replace(/^type\s+/, "").split(/\s+as\s+/)[0]);
    const there = items.filter(isMoved);
    if (!there.length) return all;
    const here = items.filter((s) => !isMoved(s));
    let rel = path.relative(path.dirname(file), hit.target);
    if (!rel.startsWith(".")) rel = `./${rel}`;
    const t = type ?? "";
    return [
      here.length ? `import ${t}{ ${here.join(", ")} } from "${spec}";` : "",
      `import ${t}{ ${there.join(", ")} } from "${rel}";`,
    ]
      .filter(Boolean)
      .join("\n");
  });
  if (next !== text) {
    writeFileSync(file, next);
    touched.push(file);
  }
}
if (touched.length)
  try {
    execFileSync("npx", ["biome", "check", "--write", "--unsafe", ...new Set(touched)], { cwd: ROOT, stdio: "ignore" });
  } catch {
    console.log("biome left problems it does not fix itself: run `npx biome check .`");
  }
console.log(`${moved.size} resolver files' types moved`);
