import type { LiveTopic } from "../domain/live/topics";

/** One event of the log, as delivered: what subscribers see (the payload is loaded by cursor). */
export interface LiveEventData {
  cursor: string;
  topic: LiveTopic;
  tenantId: string | null;
  userId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** Why a subscriber must re-fetch "since" its last cursor instead of receiving the events themselves. */
export type ResyncReason = "OVERFLOW" | "CATCH_UP_TOO_LONG" | "TRANSPORT_GAP" | "ERROR";

/** What a feed stream yields: an event, a re-sync instruction (then the stream ends), or revoked access (ends). */
export type Delivery =
  | { kind: "EVENT"; event: LiveEventData }
  | { kind: "RESYNC"; since: string; reason: ResyncReason }
  | { kind: "REVOKED" };

/** Routing keys only (no payload): what travels through the transport between instances. */
export interface LiveEnvelope {
  cursor: string;
  tenantId: string | null;
  userId: string | null;
  topic: LiveTopic;
}
