import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";
import type { Logger } from "../logger";
import type { SharedEventTarget } from "./transport";

/**
 * PUBSUB=redis: @graphql-yoga/redis-event-target over two ioredis clients (a subscriber connection cannot
 * publish). ioredis reconnects and re-subscribes by itself; after a reconnect gap handlers run, because
 * messages published meanwhile are lost. Publish failures are logged, never thrown.
 */
export function redisEventTarget(url: string, log: Logger): SharedEventTarget {
  const publishClient = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  const subscribeClient = new Redis(url, { lazyConnect: false });
  const gapHandlers: Array<() => void> = [];
  for (const c of [publishClient, subscribeClient])
    c.on("error", (e: Error) => log.warn("live redis connection error", { error: e.message }));
  let readyCount = 0;
  subscribeClient.on("ready", () => {
    if (readyCount++ > 0) for (const h of gapHandlers) h();
  });
  // The adapter ignores the promise that publish() returns; catch it here so an outage never crashes the process.
  const guardedPublisher = {
    publish: (channel: string, message: string) =>
      publishClient.publish(channel, message).catch((e: Error) => {
        log.error("live redis PUBLISH failed", { error: e.message });
        return 0;
      }),
  } as unknown as Redis;
  const waitReady = (c: Redis) =>
    c.status === "ready" ? Promise.resolve() : new Promise<void>((resolve) => c.once("ready", () => resolve()));
  // SUBSCRIBE only once the connection is ready (a SUBSCRIBE queued before that was seen to leave the client
  // deaf to messages), and remember when Redis acknowledged it: only then is the instance listening.
  let subscribed: Promise<void> = Promise.resolve();
  const deferredSubscriber = {
    on: (event: string, listener: (...args: unknown[]) => void) => subscribeClient.on(event, listener),
    subscribe: (...channels: string[]) => {
      subscribed = waitReady(subscribeClient).then(() => subscribeClient.subscribe(...channels).then(() => undefined));
      subscribed.catch((e: Error) => log.error("live redis SUBSCRIBE failed", { error: e.message }));
      return subscribed;
    },
    unsubscribe: (...channels: string[]) => subscribeClient.unsubscribe(...channels).catch(() => 0),
  } as unknown as Redis;
  const target = createRedisEventTarget({
    publishClient: guardedPublisher,
    subscribeClient: deferredSubscriber,
  }) as SharedEventTarget;
  target.ready = async () => {
    await Promise.all([waitReady(publishClient), waitReady(subscribeClient), subscribed]);
  };
  target.onGap = (h) => {
    gapHandlers.push(h);
  };
  target.close = async () => {
    await Promise.all([publishClient.quit().catch(() => undefined), subscribeClient.quit().catch(() => undefined)]);
  };
  return target;
}
