import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a function's code lives, as a part of the request's path. */
const PARTS: Array<[RegExp, string]> = [
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+)\//, "pg driver (protocol, parsing rows)"],
  [/node_modules\/typeorm\//, "TypeORM (query runner, entity manager)"],
  [/node_modules\/@apollo\//, "Apollo Server (request pipeline, plugins, cache)"],
  [/node_modules\/graphql\//, "graphql-js (parse, validate, execute)"],
  [
    /node_modules\/(type-graphql|class-validator|class-transformer|reflect-metadata)\//,
    "type-graphql (resolver wrappers, auth checker)",
  ],
  [/node_modules\/jose\//, "jose (JWT verification)"],
  [
    /node_modules\/(express|router|body-parser|raw-body|iconv-lite|type-is|content-type|on-finished|finalhandler|send|qs|proxy-addr|path-to-regexp|depd|statuses|http-errors|negotiator|accepts|vary)\//,
    "express and body parsing",
  ],
  [/node_modules\/(lru-cache|@graphql-tools|graphql-query-complexity|@escape\.tech)\//, "validation rules and caches"],
  [/node_modules\/dataloader\//, "DataLoader"],
  [/\/src\/db\//, "jointcheck: tenant transaction (src/db)"],
  [/\/src\/operation\//, "jointcheck: pipeline and HTTP transport (src/operation)"],
  [/\/src\/auth\//, "jointcheck: authentication (src/auth)"],
  [/\/src\//, "jointcheck: other (resolvers, context, schema)"],
  [/^node:(_http|http|net|stream|internal\/streams|internal\/http|internal\/stream_base)/, "Node http, net, streams"],
  [/^node:/, "Node core (other: timers, async hooks, buffers, crypto)"],
];

function partOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) {
    if (functionName === "(garbage collector)") return "garbage collection";
    if (functionName === "(idle)") return "(idle)";
    if (functionName === "(program)") return "V8/native (program)";
    return "native code (builtins, RegExps, C++ bindings)";
  }
  for (const [re, name] of PARTS) if (re.test(url)) return name;
  return "other JavaScript";
}

/**
 * Self time per part of the path, in % of the busy (non-idle) time of a V8 CPU profile, counting only the samples
 * of the window [end − fromEndS, end − toEndS] (the load, not the start-up and shutdown of the process).
 */
export function summarizeProfile(
  file: string,
  fromEndS = Number.POSITIVE_INFINITY,
  toEndS = 0,
): Array<{ part: string; percent: number }> {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const time = new Map<string, number>();
  const from = profile.endTime - fromEndS * 1e6;
  const to = profile.endTime - toEndS * 1e6;
  let busy = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    const node = byId.get(id);
    if (!node || at < from || at > to) return;
    const part = partOf(node);
    if (part === "(idle)") return;
    busy += dt;
    time.set(part, (time.get(part) ?? 0) + dt);
  });
  return [...time.entries()]
    .map(([part, t]) => ({ part, percent: Math.round((1000 * t) / busy) / 10 }))
    .sort((a, b) => b.percent - a.percent);
}
