import { LIVE_TOPICS, type LiveTopic } from "../domain/live/topics";
import type { LiveEnvelope } from "./delivery";

/** Compact wire form: [cursor, tenantId, userId, topic] per event. */
type Tuple = [string, string | null, string | null, string];
export interface EnvelopeChunk {
  v: 1;
  e: Tuple[];
}

/** Well under PostgreSQL's 8000-byte NOTIFY limit (the type name and framing are added around the chunk). */
export const MAX_CHUNK_BYTES = 7000;

/** Splits envelopes into chunks whose JSON stays under MAX_CHUNK_BYTES (the same for every transport). */
export function encodeChunks(envelopes: LiveEnvelope[]): EnvelopeChunk[] {
  const chunks: EnvelopeChunk[] = [];
  let current: Tuple[] = [];
  let size = 20;
  for (const e of envelopes) {
    const t: Tuple = [e.cursor, e.tenantId, e.userId, e.topic];
    const bytes = Buffer.byteLength(JSON.stringify(t)) + 1;
    if (current.length && size + bytes > MAX_CHUNK_BYTES) {
      chunks.push({ v: 1, e: current });
      current = [];
      size = 20;
    }
    current.push(t);
    size += bytes;
  }
  if (current.length) chunks.push({ v: 1, e: current });
  return chunks;
}

/** Parses a chunk from another instance; anything malformed is dropped (returns the well-formed part). */
export function decodeChunk(detail: unknown): LiveEnvelope[] {
  const rows = (detail as Partial<EnvelopeChunk> | null)?.e;
  if (!Array.isArray(rows)) return [];
  const out: LiveEnvelope[] = [];
  for (const r of rows) {
    if (!Array.isArray(r) || r.length !== 4) continue;
    const [cursor, tenantId, userId, topic] = r as unknown[];
    if (typeof cursor !== "string" || !/^[0-9]{1,19}$/.test(cursor)) continue;
    if (!LIVE_TOPICS.includes(topic as LiveTopic)) continue;
    out.push({
      cursor,
      tenantId: typeof tenantId === "string" ? tenantId : null,
      userId: typeof userId === "string" ? userId : null,
      topic: topic as LiveTopic,
    });
  }
  return out;
}
