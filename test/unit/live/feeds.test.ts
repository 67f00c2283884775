import { Role } from "../../../src/auth/roles";
import { Feed, feedAllows, feedRoutingKeys } from "../../../src/domain/live/feeds";
import { LiveTopic, routingKey, targetProblem } from "../../../src/domain/live/topics";
import { decodeChunk, encodeChunks, MAX_CHUNK_BYTES } from "../../../src/pubsub/envelope-codec";

const user = (roles: Role[] | null) => ({ kind: "user" as const, tenantId: "T", id: "U", roles });

describe("live feeds", () => {
  test("access: dashboards need a dashboard role; deactivated users (roles null) and anonymous get public only", () => {
    expect(feedAllows(Feed.DASHBOARD, user([Role.SUPERVISOR]))).toBe(true);
    expect(feedAllows(Feed.DASHBOARD, user([Role.INSPECTOR]))).toBe(false);
    expect(feedAllows(Feed.MY_ASSIGNMENTS, user([Role.INSPECTOR]))).toBe(true);
    expect(feedAllows(Feed.MY_ASSIGNMENTS, user(null))).toBe(false);
    expect(feedAllows(Feed.MY_ASSIGNMENTS, { kind: "apiKey", tenantId: "T", id: "K", roles: [Role.ADMIN] })).toBe(
      false,
    );
    expect(feedAllows(Feed.MY_ASSIGNMENTS, null)).toBe(false);
    expect(feedAllows(Feed.PUBLIC_RESULTS, null)).toBe(true);
    expect(feedAllows(Feed.PUBLIC_RESULTS, user(null))).toBe(true);
  });

  test("routing keys are namespaced by tenant and user and match the events' keys", () => {
    expect(feedRoutingKeys(Feed.MY_ASSIGNMENTS, user([]))).toEqual([
      routingKey({ topic: LiveTopic.ASSIGNMENT, tenantId: "T", userId: "U" }),
      routingKey({ topic: LiveTopic.NOTICE, tenantId: "T", userId: "U" }),
    ]);
    expect(feedRoutingKeys(Feed.DASHBOARD, user([]))).toContain(
      routingKey({ topic: LiveTopic.TASK_PROGRESS, tenantId: "T", userId: null }),
    );
    expect(feedRoutingKeys(Feed.PUBLIC_RESULTS, null)).toEqual([
      routingKey({ topic: LiveTopic.PUBLIC_RESULT, tenantId: null, userId: null }),
    ]);
    expect(routingKey({ topic: LiveTopic.NOTICE, tenantId: "T", userId: "U" })).not.toBe(
      routingKey({ topic: LiveTopic.NOTICE, tenantId: "T2", userId: "U" }),
    );
  });

  test("targeting rules: public only for PUBLIC_RESULT, a user exactly for ASSIGNMENT and NOTICE", () => {
    expect(targetProblem({ topic: LiveTopic.NOTICE, tenantId: "T", userId: "U" })).toBeUndefined();
    expect(targetProblem({ topic: LiveTopic.NOTICE, tenantId: "T", userId: null })).toMatch(/userId/);
    expect(targetProblem({ topic: LiveTopic.TASK_PROGRESS, tenantId: "T", userId: "U" })).toMatch(/userId/);
    expect(targetProblem({ topic: LiveTopic.TASK_PROGRESS, tenantId: null, userId: null })).toMatch(/public/);
    expect(targetProblem({ topic: LiveTopic.PUBLIC_RESULT, tenantId: null, userId: null })).toBeUndefined();
  });

  test("envelopes travel in chunks under the NOTIFY limit and decode back unchanged; junk is dropped", () => {
    const envelopes = Array.from({ length: 500 }, (_, i) => ({
      cursor: String(1000 + i),
      tenantId: "3f0c6f1e-8a7b-4c1d-9e2f-0a1b2c3d4e5f",
      userId: i % 2 ? "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" : null,
      topic: i % 2 ? LiveTopic.NOTICE : LiveTopic.TASK_PROGRESS,
    }));
    const chunks = encodeChunks(envelopes);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(Buffer.byteLength(JSON.stringify(c))).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    expect(chunks.flatMap(decodeChunk)).toEqual(envelopes);
    expect(decodeChunk({ v: 1, e: [["x", null, null, "NOTICE"], ["1", null, null, "NOPE"], "junk"] })).toEqual([]);
    expect(decodeChunk(null)).toEqual([]);
  });
});
