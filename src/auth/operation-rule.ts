import type { Feed } from "../domain/live/feeds";

/**
 * The static access rule of a GraphQL operation is declared once, on the resolver method, and enforced for both
 * transports (HTTP and WebSocket) by the schema's one authChecker:
 * - `@Authorized(...roles)` (type-graphql): signed-in callers, with one of the roles when any are named;
 * - `@Public()`: anonymous callers too (一公开: published plans, results, lists, the firm check); what an anonymous
 *   caller may see of the data is then decided by row-level security and the service;
 * - `@FeedAccess(feed)` (subscriptions only): the rule is the feed's row in `FEEDS` (src/domain/live/feeds.ts),
 *   checked when subscribing and again for every event against the current roles, so a withdrawn role ends the feed.
 * Services keep only data-dependent checks (own task, assigned inspector, coordinator tenant, …).
 * test/unit/operation-rules.test.ts fails for any Query, Mutation or Subscription that declares none of these.
 */
const publicOperations = new WeakMap<object, Set<string>>();
const feedOperations = new WeakMap<object, Map<string, Feed>>();

function record<V>(map: WeakMap<object, Map<string, V>>, target: object, method: string, value: V): void {
  const byMethod = map.get(target) ?? new Map<string, V>();
  byMethod.set(method, value);
  map.set(target, byMethod);
}

/** Marks an operation as open to anonymous callers (no role rule). */
export function Public(): MethodDecorator {
  return (prototype, method) => {
    const methods = publicOperations.get(prototype.constructor) ?? new Set<string>();
    methods.add(String(method));
    publicOperations.set(prototype.constructor, methods);
  };
}

/** Marks a subscription whose access rule is its feed's entry in `FEEDS`. */
export function FeedAccess(feed: Feed): MethodDecorator {
  return (prototype, method) => record(feedOperations, prototype.constructor, String(method), feed);
}

/** Whether `method` of resolver class `target` is marked `@Public()`. */
export function isPublicOperation(target: object, method: string): boolean {
  return publicOperations.get(target)?.has(method) ?? false;
}

/** The feed whose rule governs subscription `method` of resolver class `target`, if marked `@FeedAccess`. */
export function feedOfOperation(target: object, method: string): Feed | undefined {
  return feedOperations.get(target)?.get(method);
}
