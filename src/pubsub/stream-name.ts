import type { DataSource } from "typeorm";

/**
 * The event type (and Redis channel) of this database's live events: `jointcheck:live:<stream id>:<database>`.
 * The random id comes from the database (table live_stream), so instances share a stream exactly when they share
 * a database, and several databases (test copies, deployments) can share one Redis without cross-talk.
 */
export async function liveEventType(ds: DataSource): Promise<string> {
  const [row] = await ds.query("SELECT (SELECT id FROM live_stream) AS id, current_database() AS db");
  return `jointcheck:live:${row.id}:${row.db}`;
}
