import type { LiveTopic } from "../domain/live/topics";
import type { LiveEventData } from "./delivery";

/** A live_event row (raw SQL, snake_case) → the delivered form. */
export function liveEventFromRow(r: {
  cursor: string | number;
  topic: string;
  tenant_id: string | null;
  user_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date | string;
}): LiveEventData {
  return {
    cursor: String(r.cursor),
    topic: r.topic as LiveTopic,
    tenantId: r.tenant_id,
    userId: r.user_id,
    payload: r.payload,
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
  };
}
