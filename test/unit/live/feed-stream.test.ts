import { LiveTopic } from "../../../src/domain/live/topics";
import type { Delivery, LiveEventData } from "../../../src/pubsub/delivery";
import { FeedStream } from "../../../src/pubsub/feed-stream";

const ev = (cursor: number): LiveEventData => ({
  cursor: String(cursor),
  topic: LiveTopic.NOTICE,
  tenantId: "t",
  userId: "u",
  payload: { n: cursor },
  createdAt: new Date(0),
});

/** Reads what is available now; a read still waiting is kept for the next drain, as one real consumer would. */
const waiting = new WeakMap<FeedStream, Promise<IteratorResult<Delivery>>>();
async function drain(s: FeedStream): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (;;) {
    const next = waiting.get(s) ?? s.next();
    waiting.delete(s);
    const r = await Promise.race([next, new Promise<"idle">((r) => setTimeout(() => r("idle"), 20))]);
    if (r === "idle") {
      waiting.set(s, next);
      return out;
    }
    if (r.done) return out;
    out.push(r.value);
  }
}
const cursors = (ds: Delivery[]) => ds.map((d) => (d.kind === "EVENT" ? d.event.cursor : d.kind));

describe("FeedStream (one subscriber's bounded buffer)", () => {
  test("delivers in order and waits for the next event", async () => {
    const s = new FeedStream(10, "resync", () => undefined);
    const pending = s.next();
    s.push(ev(1));
    expect(await pending).toEqual({ done: false, value: { kind: "EVENT", event: ev(1) } });
    s.push(ev(2));
    s.push(ev(3));
    expect(cursors(await drain(s))).toEqual(["2", "3"]);
  });

  test("sliding: a slow reader keeps only the newest events and the publisher never waits or throws", async () => {
    const s = new FeedStream(3, "sliding", () => undefined);
    for (let i = 1; i <= 10; i++) s.push(ev(i));
    expect(s.dropped).toBe(7);
    expect(cursors(await drain(s))).toEqual(["8", "9", "10"]);
  });

  test("resync: on overflow pending events are replaced by one RESYNC from the last cursor received, then it ends", async () => {
    let closed = 0;
    const s = new FeedStream(3, "resync", () => closed++);
    s.push(ev(1));
    expect(cursors(await drain(s))).toEqual(["1"]);
    // The reader is waiting, so 2 goes straight to it; 3–5 fill the buffer and 6 overflows it.
    for (let i = 2; i <= 6; i++) s.push(ev(i));
    const rest = await drain(s);
    expect(rest).toEqual([
      { kind: "EVENT", event: ev(2) },
      { kind: "RESYNC", since: "2", reason: "OVERFLOW" },
    ]);
    expect(await s.next()).toEqual({ done: true, value: undefined });
    expect(closed).toBe(1);
    s.push(ev(7)); // ignored after the end
    expect(await s.next()).toEqual({ done: true, value: undefined });
  });

  test("resync before anything was received starts just before the first pending event", async () => {
    const s = new FeedStream(2, "resync", () => undefined);
    for (const c of [41, 42, 43]) s.push(ev(c));
    expect(await drain(s)).toEqual([{ kind: "RESYNC", since: "40", reason: "OVERFLOW" }]);
  });

  test("catch-up: live events are held, the replay goes first, and nothing is delivered twice", async () => {
    const s = new FeedStream(100, "resync", () => undefined, { since: "5", held: true });
    s.push(ev(4)); // before `since`: the client has it
    s.push(ev(8)); // also in the catch-up below
    s.push(ev(9));
    expect(await drain(s)).toEqual([]); // held
    s.release([ev(6), ev(7), ev(8)]);
    s.push(ev(8)); // a late duplicate
    s.push(ev(10));
    expect(cursors(await drain(s))).toEqual(["6", "7", "8", "9", "10"]);
  });

  test("revoke drops pending events, yields REVOKED and ends", async () => {
    const s = new FeedStream(10, "sliding", () => undefined);
    s.push(ev(1));
    s.revoke();
    s.push(ev(2));
    expect(await drain(s)).toEqual([{ kind: "REVOKED" }]);
    expect(s.closed).toBe(true);
  });

  test("return() ends a waiting reader at once and unregisters", async () => {
    let closed = 0;
    const s = new FeedStream(10, "resync", () => closed++);
    const waiting = s.next();
    await s.return();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(closed).toBe(1);
  });
});
