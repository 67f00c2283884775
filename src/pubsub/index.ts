import { createPubSub } from "@graphql-yoga/subscription";
import type { PubSub } from "type-graphql";

/** Subscription transport. PUBSUB=memory: one process; postgres and redis come with the live-updates issue. */
export function createTransport(kind: "memory" | "postgres" | "redis"): PubSub {
  if (kind !== "memory") throw new Error(`PUBSUB=${kind} is not available yet; use PUBSUB=memory`);
  return createPubSub() as unknown as PubSub;
}
