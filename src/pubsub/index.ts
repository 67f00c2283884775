import { createPubSub } from "@graphql-yoga/subscription";
import type { PubSub } from "type-graphql";
import type { Logger } from "../logger";
import { postgresEventTarget } from "./postgres-event-target";
import { redisEventTarget } from "./redis-event-target";
import { memoryEventTarget, type SharedEventTarget } from "./transport";

export type TransportKind = "memory" | "postgres" | "redis";

/**
 * type-graphql's PubSub over the shared target (for `@Subscription({ topics })` if an area needs it), plus the
 * target itself, over which live events (src/pubsub/live-hub.ts) travel the same way for all three kinds.
 */
export type Transport = PubSub & {
  /** The EventTarget shared between instances (in-process, LISTEN/NOTIFY or Redis). */
  target: SharedEventTarget;
};

export interface TransportOptions {
  kind: TransportKind;
  /** PUBSUB=postgres: the application database (the runtime role's URL). */
  databaseUrl?: string;
  redisUrl?: string;
  log?: Logger;
}

/** Subscription transport. memory: one process; postgres: LISTEN/NOTIFY on the database; redis: REDIS_URL. */
export function createTransport(kindOrOptions: TransportKind | TransportOptions): Transport {
  const opts = typeof kindOrOptions === "string" ? { kind: kindOrOptions } : kindOrOptions;
  const log = opts.log ?? silentLogger;
  let target: SharedEventTarget;
  if (opts.kind === "postgres") {
    if (!opts.databaseUrl) throw new Error("PUBSUB=postgres needs the database URL");
    target = postgresEventTarget(opts.databaseUrl, log);
  } else if (opts.kind === "redis") {
    if (!opts.redisUrl) throw new Error("PUBSUB=redis needs REDIS_URL");
    target = redisEventTarget(opts.redisUrl, log);
  } else target = memoryEventTarget();
  const pubSub = createPubSub({ eventTarget: target }) as unknown as PubSub;
  return { publish: pubSub.publish.bind(pubSub), subscribe: pubSub.subscribe.bind(pubSub), target };
}

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
