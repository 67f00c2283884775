import { type ChainEvent, eventHash, GENESIS_HASH, verifyAuditChain } from "../../../src/domain/audit-chain";

const TENANT = "6f9619ff-8b86-4011-b42d-00c04fc964ff";

function chain(n: number): ChainEvent[] {
  const out: ChainEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e: ChainEvent = {
      tenantId: TENANT,
      seq: String(i),
      occurredAt: new Date(Date.UTC(2025, 10, 23, 8, 0, i, 123)),
      requestId: `req-${i}`,
      actor: "user:abc",
      action: "user.update",
      entityType: "user",
      entityId: `u-${i}`,
      beforeDigest: i % 2 ? null : "b".repeat(64),
      afterDigest: "a".repeat(64),
      summary: `{"i":${i}}`,
      prevHash: prev,
      hash: "",
    };
    e.hash = eventHash(e);
    prev = e.hash;
    out.push(e);
  }
  return out;
}

describe("audit chain encoding v1", () => {
  test("matches an independently computed vector (length-prefixed UTF-8 fields, FFFFFFFF for null)", () => {
    const e: ChainEvent = {
      tenantId: TENANT.toUpperCase(),
      seq: 1,
      occurredAt: "2025-11-23T08:00:00.123Z",
      requestId: "req-1",
      actor: "user:abc",
      action: "user.create",
      entityType: "user",
      entityId: "u-1",
      beforeDigest: null,
      afterDigest: "a".repeat(64),
      summary: '{"name":"张三"}',
      prevHash: GENESIS_HASH,
      hash: "",
    };
    expect(eventHash(e)).toBe("e7a054235c8e200a75aaa8460b849e5564c9c4bbae271e9bb8cf311682705ef4");
  });

  test("null and empty string encode differently", () => {
    const [e] = chain(1);
    expect(eventHash({ ...e, entityId: null })).not.toBe(eventHash({ ...e, entityId: "" }));
  });

  test("moving a byte between adjacent fields changes the hash", () => {
    const [e] = chain(1);
    expect(eventHash({ ...e, actor: "user:ab", action: "cuser.update" })).not.toBe(eventHash(e));
  });
});

describe("verifyAuditChain", () => {
  test("an intact chain is valid and every event is checked", () => {
    expect(verifyAuditChain(TENANT, chain(12))).toEqual({ valid: true, checked: 12 });
  });

  test("an empty chain is valid", () => {
    expect(verifyAuditChain(TENANT, [])).toEqual({ valid: true, checked: 0 });
  });

  test("a changed field is caught at that event", () => {
    const events = chain(10);
    events[6] = { ...events[6], actor: "user:someone-else" };
    expect(verifyAuditChain(TENANT, events)).toEqual({
      valid: false,
      checked: 7,
      firstBroken: { seq: "7", reason: "HASH_MISMATCH" },
    });
  });

  test("a changed field with a recomputed hash is caught at the next event", () => {
    const events = chain(10);
    const forged = { ...events[3], summary: '{"i":999}' };
    forged.hash = eventHash(forged);
    events[3] = forged;
    expect(verifyAuditChain(TENANT, events).firstBroken).toEqual({ seq: "5", reason: "PREV_HASH_MISMATCH" });
  });

  test("a deleted event is a gap", () => {
    const events = chain(10);
    events.splice(4, 1);
    expect(verifyAuditChain(TENANT, events).firstBroken).toEqual({ seq: "6", reason: "SEQ_GAP" });
  });

  test("a chain that does not start at seq 1 is a gap", () => {
    expect(verifyAuditChain(TENANT, chain(3).slice(1)).firstBroken).toEqual({ seq: "2", reason: "SEQ_GAP" });
  });

  test("an event of another tenant is reported", () => {
    const events = chain(3);
    events[1] = { ...events[1], tenantId: "00000000-0000-4000-8000-000000000000" };
    expect(verifyAuditChain(TENANT, events).firstBroken).toEqual({ seq: "2", reason: "TENANT_MISMATCH" });
  });
});
