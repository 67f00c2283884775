import { readFileSync } from "node:fs";

/**
 * What each connection holds, from two V8 heap snapshots of the server (BENCH_HEAP_SNAPSHOT=<dir> npm run bench --
 * fanout writes them before and after the clients connect):
 *   node -r ./scripts/register.cjs bench/lib/heap-summary.ts <before> <after> <connections> [top]
 * Prints, per connection, the growth of self size and count per (node type, name) and of strings by content, and for
 * the largest groups the retainer paths (three owners up) of a sample of the new snapshot's nodes, so a trim can be
 * aimed at what keeps the bytes. Each snapshot is read whole into memory (about 5× its file size).
 */
interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}
interface Group {
  size: number;
  count: number;
  sample: number[];
}
const SAMPLE = 2000;
/** Owners shown per retainer path (HEAP_DEPTH, default 3). */
const DEPTH = Number(process.env.HEAP_DEPTH ?? 3);

function load(file: string) {
  const snap: Snapshot = JSON.parse(readFileSync(file, "utf8"));
  const { node_fields, node_types, edge_fields, edge_types } = snap.snapshot.meta;
  const NF = node_fields.length;
  const EF = edge_fields.length;
  const [TYPE, NAME, SELF, EDGES] = ["type", "name", "self_size", "edge_count"].map((f) => node_fields.indexOf(f));
  const [ETYPE, ETO] = ["type", "to_node"].map((f) => edge_fields.indexOf(f));
  const count = snap.nodes.length / NF;
  const type = (i: number) => node_types[0][snap.nodes[i * NF + TYPE]];
  const name = (i: number) => snap.strings[snap.nodes[i * NF + NAME]];
  const label = (i: number) => (/string/.test(type(i)) ? type(i) : `${type(i)}:${name(i).slice(0, 60)}`);
  const groups = new Map<string, Group>();
  const texts = new Map<string, Group>();
  const add = (m: Map<string, Group>, key: string, i: number) => {
    const g = m.get(key) ?? { size: 0, count: 0, sample: [] };
    g.size += snap.nodes[i * NF + SELF];
    g.count++;
    // A reservoir sample: the first nodes of a group are start-up objects, not per-connection ones.
    if (g.sample.length < SAMPLE) g.sample.push(i);
    else if (Math.random() < SAMPLE / g.count) g.sample[Math.floor(Math.random() * SAMPLE)] = i;
    m.set(key, g);
  };
  for (let i = 0; i < count; i++) {
    add(groups, label(i), i);
    if (type(i) === "string") add(texts, name(i).slice(0, 50).replace(/\s+/g, " "), i);
  }
  /** The first owner of each node through a strong edge, for retainer paths. */
  const owner = () => {
    const first = new Int32Array(count).fill(-1);
    for (let i = 0, e = 0; i < count; i++)
      for (let k = 0, n = snap.nodes[i * NF + EDGES]; k < n; k++, e += EF) {
        if (edge_types[0][snap.edges[e + ETYPE]] === "weak") continue;
        const to = snap.edges[e + ETO] / NF;
        if (first[to] < 0) first[to] = i;
      }
    return (i: number) => {
      const chain: string[] = [];
      for (let at = first[i], d = 0; at >= 0 && d < DEPTH; at = first[at], d++) chain.push(label(at));
      return chain.join(" ← ");
    };
  };
  return { groups, texts, owner, total: [...groups.values()].reduce((s, g) => s + g.size, 0) };
}

const [beforeFile, afterFile, connArg, topArg] = process.argv.slice(2);
if (!afterFile)
  throw new Error("usage: heap-summary.ts <before.heapsnapshot> <after.heapsnapshot> <connections> [top]");
const connections = Number(connArg ?? 1);
const top = Number(topArg ?? 20);
const before = load(beforeFile);
const after = load(afterFile);
const kb = (bytes: number) => `${(bytes / connections / 1024).toFixed(2).padStart(6)} KB`;
const per = (n: number) => `${(n / connections).toFixed(1).padStart(6)}×`;
const growth = (a: Map<string, Group>, b: Map<string, Group>) =>
  [...a.entries()]
    .map(([k, g]) => ({ k, g, size: g.size - (b.get(k)?.size ?? 0), count: g.count - (b.get(k)?.count ?? 0) }))
    .sort((x, y) => y.size - x.size)
    .slice(0, top);
console.log(`growth ${kb(after.total - before.total)} per connection (${connections} connections), by kind:`);
const ownerOf = after.owner();
for (const { k, g, size, count } of growth(after.groups, before.groups)) {
  console.log(`${kb(size)} ${per(count)}  ${k}`);
  const paths = new Map<string, number>();
  for (const i of g.sample) paths.set(ownerOf(i), (paths.get(ownerOf(i)) ?? 0) + 1);
  for (const [p, n] of [...paths.entries()].sort((x, y) => y[1] - x[1]).slice(0, 2))
    console.log(`${" ".repeat(18)}${Math.round((100 * n) / g.sample.length)}% of a sample ← ${p}`);
}
console.log("strings by content:");
for (const { k, size, count } of growth(after.texts, before.texts))
  console.log(`${kb(size)} ${per(count)}  ${JSON.stringify(k)}`);
