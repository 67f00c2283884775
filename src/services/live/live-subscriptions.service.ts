import type { GqlContext } from "../../context/app-context";
import { inShortTransaction } from "../../db/short-transaction";
import type { Feed } from "../../domain/live/feeds";
import { CURSOR_PATTERN } from "../../domain/live/topics";
import { badInput } from "../../errors";
import type { FeedStream } from "../../pubsub/feed-stream";
import { assertFeedAccess, currentReader, liveEvents } from "./live-events.service";

/**
 * Opens a live feed for the subscribing connection: access is checked now (and again for every event by the
 * hub); with `since`, missed events are replayed first from the log in a short transaction under the
 * subscriber's own principal and RLS.
 */
export function openFeed(feed: Feed, since: string | undefined | null, gql: GqlContext): FeedStream {
  if (since != null && !CURSOR_PATTERN.test(since))
    throw badInput("since", "游标须为非负整数（取自已收到事件的 cursor）");
  const reader = currentReader();
  assertFeedAccess(feed, reader);
  return gql.app.live.open(feed, reader, since ?? undefined, (from, limit) =>
    inShortTransaction(gql, () => liveEvents.since(feed, from, limit)),
  );
}
