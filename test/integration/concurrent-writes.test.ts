import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { Role } from "../../src/auth/roles";
import { runtimeDataSource } from "../../src/db/data-source";
import { runInTenantTransaction } from "../../src/db/tenant-transaction";
import { creditCodeCheckCharacter } from "../../src/domain/credit-code";
import { createLogger } from "../../src/logger";
import { audit } from "../../src/services/audit/audit.service";
import { startTestServer, type TestServer } from "../helpers/harness";

/**
 * Issue 18: concurrent clerks, with real concurrent HTTP clients. Two departments adding or importing the same new
 * subject at the same moment get one subject and both get their directory entry; settings changes racing writes do
 * not deadlock; a long operation that recorded an audit event does not hold up its department's other writes.
 */
let s: TestServer;
let token: Record<string, string>;
const DEPARTMENTS = ["wy-health", "wy-emerg", "wy-samr", "wy-tax"];
const PAIRS = 8;

const code = (n: number) => {
  const first17 = `91150821MA0RC${String(n).padStart(4, "0")}`;
  return first17 + creditCodeCheckCharacter(first17);
};
const ADD = `mutation($i: NewDirectoryEntryInput!) { addDirectoryEntry(input: $i) { id subject { id } } }`;
const IMPORT = `mutation($i: ImportFileInput!) { importFile(input: $i) { inserted updated committed rejections { row reason } } }`;
const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(",")).join("\n")).toString("base64");

const owner = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
};
/** Deadlocks PostgreSQL broke in this test's database (cumulative statistics, flushed within a second). */
const deadlocks = async () => {
  await new Promise((r) => setTimeout(r, 1200));
  return owner(async (c) => {
    await c.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await c.query(
      "SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()",
    );
    return rows[0].n as number;
  });
};

beforeAll(async () => {
  s = await startTestServer({ poolSize: 8 });
  token = Object.fromEntries(await Promise.all(DEPARTMENTS.map(async (d) => [d, await s.login(d, "admin")])));
});
afterAll(() => s.close());

test("two departments importing the same subject that has only a registration number get one subject", async () => {
  const header = ["对象类型", "名称", "注册号", "地址"];
  const results = await Promise.all(
    Array.from({ length: PAIRS }, (_, i) => {
      const file = csv([
        header,
        ["个体工商户", `五原县并发导入测试店${i}`, `15082160090${String(i).padStart(4, "0")}`, "五原县"],
      ]);
      return Promise.all(
        ["wy-health", "wy-emerg"].map((d) =>
          s.gql(IMPORT, { i: { kind: "SUBJECTS", format: "CSV", contentBase64: file } }, token[d]),
        ),
      );
    }),
  );
  for (const r of results.flat()) {
    expect(r.errors).toBeUndefined();
    expect(r.data!.importFile).toMatchObject({ committed: true, inserted: 1, rejections: [] });
  }
  const counts = await owner((c) =>
    c.query(
      `SELECT s.registration_no, count(DISTINCT s.id)::int AS subjects, count(e.id)::int AS entries
       FROM subject s LEFT JOIN directory_entry e ON e.subject_id = s.id
       WHERE s.registration_no LIKE '15082160090%' GROUP BY 1`,
    ),
  );
  expect(counts.rows).toHaveLength(PAIRS);
  for (const row of counts.rows) expect(row).toMatchObject({ subjects: 1, entries: 2 });
});

test("two departments adding the same new company at once both get their entry, on one subject (no false conflict)", async () => {
  const results = await Promise.all(
    Array.from({ length: PAIRS }, (_, i) =>
      Promise.all(
        ["wy-samr", "wy-tax"].map((d) =>
          s.gql(
            ADD,
            { i: { subject: { kind: "ENTERPRISE", name: `五原县并发新增测试有限公司${i}`, creditCode: code(i) } } },
            token[d],
          ),
        ),
      ),
    ),
  );
  for (const [a, b] of results) {
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(b.data!.addDirectoryEntry.subject.id).toBe(a.data!.addDirectoryEntry.subject.id);
  }
  // A mixed race: an import and an add of the same new company.
  const file = csv([
    ["对象类型", "名称", "统一社会信用代码"],
    ["企业", "五原县并发混合测试有限公司", code(100)],
  ]);
  const [imported, added] = await Promise.all([
    s.gql(IMPORT, { i: { kind: "SUBJECTS", format: "CSV", contentBase64: file } }, token["wy-health"]),
    s.gql(
      ADD,
      { i: { subject: { kind: "ENTERPRISE", name: "五原县并发混合测试有限公司", creditCode: code(100) } } },
      token["wy-emerg"],
    ),
  ]);
  expect(imported.data!.importFile).toMatchObject({ committed: true, rejections: [] });
  expect(added.errors).toBeUndefined();
});

test("settings changes racing a department's writes do not deadlock", async () => {
  const before = await deadlocks();
  const rounds = Array.from({ length: 6 }, (_, round) =>
    Promise.all([
      s.gql(
        `mutation($d: Int) { updateTenantSettings(input: { drawEmbargoDays: $d }) { drawEmbargoDays } }`,
        { d: round + 1 },
        token["wy-health"],
      ),
      ...[0, 1, 2].map((k) =>
        s.gql(
          ADD,
          {
            i: {
              subject: {
                kind: "ENTERPRISE",
                name: `五原县死锁测试有限公司${round}-${k}`,
                creditCode: code(200 + round * 3 + k),
              },
            },
          },
          token["wy-health"],
        ),
      ),
    ]),
  );
  const started = Date.now();
  for (const r of (await Promise.all(rounds)).flat()) expect(r.errors).toBeUndefined();
  const elapsed = Date.now() - started;
  expect(await deadlocks()).toBe(before);
  // Each broken deadlock costs deadlock_timeout (1 s); 24 small writes on this machine take well under that.
  expect(elapsed).toBeLessThan(8000);
  const chain = await s.gql(`{ verifyAuditChain { valid checked } }`, {}, token["wy-health"]);
  expect(chain.data!.verifyAuditChain.valid).toBe(true);
});

test("an operation that recorded an audit event does not hold its department's other writes until it ends", async () => {
  const ds = runtimeDataSource(s.db.appUrl, 2);
  await ds.initialize();
  try {
    const { rows } = await owner((c) =>
      c.query(
        `SELECT u.id, u.tenant_id FROM app_user u JOIN tenant t ON t.id = u.tenant_id
         WHERE t.code = 'wy-health' AND u.username = 'admin'`,
      ),
    );
    const principal = { kind: "user" as const, userId: rows[0].id, tenantId: rows[0].tenant_id, roles: [Role.ADMIN] };
    let slowDone = 0;
    const slow = runInTenantTransaction(
      ds,
      randomUUID(),
      principal,
      async (c) => {
        await c.manager.query("SELECT 1");
        await audit.record({ action: "test.slow", entityType: "test", entityId: null });
        await new Promise((r) => setTimeout(r, 1500));
        slowDone = Date.now();
      },
      createLogger("error"),
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const quick = await s.gql(
      ADD,
      { i: { subject: { kind: "ENTERPRISE", name: "五原县审计锁测试有限公司", creditCode: code(300) } } },
      token["wy-health"],
    );
    const quickDone = Date.now();
    await slow;
    expect(quick.errors).toBeUndefined();
    // Before: the write waited for the slow operation's commit (the chain lock was held from its audit insert).
    expect(quickDone).toBeLessThan(slowDone);
    expect(quickDone - started).toBeLessThan(1000);
    const chain = await s.gql(`{ verifyAuditChain { valid checked } }`, {}, token["wy-health"]);
    expect(chain.data!.verifyAuditChain.valid).toBe(true);
  } finally {
    await ds.destroy();
  }
});
