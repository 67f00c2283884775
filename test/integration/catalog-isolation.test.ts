import { Client } from "pg";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/** The catalog's tenant-owned tables: another department's ids are NOT_FOUND everywhere; RLS holds for the runtime role. */
let s: TestServer;
let health: string;
let justice: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await startTestServer({ poolSize: 2 });
  health = await s.login("wy-health", "admin");
  justice = await s.login("wy-justice", "admin");
  const e = await s.gql(
    `{ directoryEntries(limit: 1) { items { id riskClass subject { id } } } inspectors(limit: 1) { items { id certificateNo } } }`,
    {},
    health,
  );
  ids.entry = e.data!.directoryEntries.items[0].id;
  ids.riskClass = e.data!.directoryEntries.items[0].riskClass;
  ids.subject = e.data!.directoryEntries.items[0].subject.id;
  ids.inspector = e.data!.inspectors.items[0].id;
  ids.certificate = e.data!.inspectors.items[0].certificateNo;
  const c = await s.gql(
    `mutation($i: ConflictInput!) { declareConflict(input: $i) { id } }`,
    { i: { inspectorId: ids.inspector, subjectId: ids.subject, reason: "OTHER" } },
    health,
  );
  ids.conflict = c.data!.declareConflict.id;
  const sh = await s.gql(
    `mutation($i: InspectorShareInput!) { shareInspector(input: $i) { id } }`,
    { i: { inspectorId: ids.inspector, partnerTenantCode: "wy-edu", subLibrary: "联合" } },
    health,
  );
  ids.share = sh.data!.shareInspector.id;
  const d = await s.gql(`mutation { createItemListDraft { id items { id } } }`, {}, health);
  ids.draft = d.data!.createItemListDraft.id;
  ids.draftItem = d.data!.createItemListDraft.items[0].id;
  const pub = await s.gql(`{ currentItemList(tenantCode: "wy-health") { id items { id } } }`);
  ids.publishedItem = pub.data!.currentItemList.items[0].id;
});
afterAll(() => s.close());

describe("over GraphQL, another department's ids are NOT_FOUND", () => {
  const cases: Array<[string, string, () => Record<string, unknown>]> = [
    ["read a directory entry", `query($id: ID!) { directoryEntry(id: $id) { id } }`, () => ({ id: ids.entry })],
    [
      "update a directory entry",
      `mutation($id: ID!) { updateDirectoryEntry(id: $id, input: { riskClass: "篡改" }) { id } }`,
      () => ({ id: ids.entry }),
    ],
    [
      "remove a directory entry",
      `mutation($id: ID!) { removeDirectoryEntry(id: $id) { id } }`,
      () => ({ id: ids.entry }),
    ],
    [
      "update its subject",
      `mutation($id: ID!) { updateSubject(entryId: $id, input: { kind: OTHER, name: "篡改" }) { id } }`,
      () => ({ id: ids.entry }),
    ],
    ["read an inspector", `query($id: ID!) { inspector(id: $id) { id } }`, () => ({ id: ids.inspector })],
    [
      "update an inspector",
      `mutation($id: ID!, $c: String!) { updateInspector(id: $id, input: { name: "篡改", certificateNo: $c }) { id } }`,
      () => ({ id: ids.inspector, c: ids.certificate }),
    ],
    [
      "lend an inspector",
      `mutation($id: ID!) { shareInspector(input: { inspectorId: $id, partnerTenantCode: "wy-justice", subLibrary: "x" }) { id } }`,
      () => ({ id: ids.inspector }),
    ],
    ["take back a loan", `mutation($id: ID!) { unshareInspector(id: $id) { id } }`, () => ({ id: ids.share })],
    [
      "declare a conflict for an inspector",
      `mutation($id: ID!, $s: ID!) { declareConflict(input: { inspectorId: $id, subjectId: $s, reason: OTHER }) { id } }`,
      () => ({ id: ids.inspector, s: ids.subject }),
    ],
    ["end a conflict", `mutation($id: ID!) { endConflict(id: $id) { id } }`, () => ({ id: ids.conflict })],
    ["read a draft version", `query($id: ID!) { itemListVersion(id: $id) { id } }`, () => ({ id: ids.draft })],
    [
      "update a draft item",
      `mutation($id: ID!) { updateCheckItem(id: $id, input: { code: "Z", category: "c", name: "n", methods: [ON_SITE], legalBasis: [{ kind: LAW, title: "t" }], itemClass: KEY }) { id } }`,
      () => ({ id: ids.draftItem }),
    ],
    ["remove a draft item", `mutation($id: ID!) { removeCheckItem(id: $id) { id } }`, () => ({ id: ids.draftItem })],
    [
      "update a published item",
      `mutation($id: ID!) { updateCheckItem(id: $id, input: { code: "Z", category: "c", name: "n", methods: [ON_SITE], legalBasis: [{ kind: LAW, title: "t" }], itemClass: KEY }) { id } }`,
      () => ({ id: ids.publishedItem }),
    ],
    [
      "remove a published item",
      `mutation($id: ID!) { removeCheckItem(id: $id) { id } }`,
      () => ({ id: ids.publishedItem }),
    ],
    [
      "export a draft",
      `query($id: ID!) { exportItemList(versionId: $id, format: CSV) { fileName } }`,
      () => ({ id: ids.draft }),
    ],
  ];
  test.each(cases)("%s", async (_label, query, vars) => {
    const r = await s.gql(query, vars(), justice);
    expect(errorCode(r)).toBe("NOT_FOUND");
  });

  test("lists show only the caller's own rows", async () => {
    const r = await s.gql(
      `{ directoryEntries(limit: 500) { items { id } } inspectors(limit: 500) { items { id } } inspectorConflicts { items { id } } itemListDraft { id } }`,
      {},
      justice,
    );
    expect(r.data!.directoryEntries.items.map((i: any) => i.id)).not.toContain(ids.entry);
    expect(r.data!.inspectors.items.map((i: any) => i.id)).not.toContain(ids.inspector);
    expect(r.data!.inspectorConflicts.items).toEqual([]);
    expect(r.data!.itemListDraft).toBeNull();
  });

  test("nothing of the other department changed", async () => {
    const r = await s.gql(
      `query($id: ID!) { directoryEntry(id: $id) { riskClass } itemListDraft { items { id } } }`,
      { id: ids.entry },
      health,
    );
    expect(r.data!.directoryEntry.riskClass).toBe(ids.riskClass);
    expect(r.data!.itemListDraft.items.map((i: any) => i.id)).toContain(ids.draftItem);
  });
});

describe("in the database, as the runtime role", () => {
  let c: Client;
  const TABLES = [
    "directory_entry",
    "inspector",
    "inspector_share",
    "inspector_conflict",
    "item_list_version",
    "check_item",
    "joint_item_entry",
  ];
  beforeAll(async () => {
    c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
  });
  afterAll(() => c.end());
  const asTenant = async (code: string | null, fn: () => Promise<void>) => {
    await c.query("BEGIN");
    try {
      if (code) {
        const { rows } = await c.query("SELECT id FROM tenant WHERE code = $1", [code]);
        await c.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', 'ADMIN', true)", [
          rows[0].id,
        ]);
      }
      await fn();
    } finally {
      await c.query("ROLLBACK");
    }
  };

  test("without a tenant: no rows of any tenant-owned table, no subjects; only published lists", async () => {
    await asTenant(null, async () => {
      for (const t of [
        "directory_entry",
        "inspector",
        "inspector_share",
        "inspector_conflict",
        "joint_item_entry",
        "subject",
        "subject_status_history",
      ]) {
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM ${t}`);
        expect([t, rows[0].n]).toEqual([t, 0]);
      }
      const { rows } = await c.query("SELECT DISTINCT status FROM item_list_version");
      expect(rows).toEqual([{ status: "PUBLISHED" }]);
    });
  });

  test("a tenant sees no other tenant's rows except published lists, and cannot write them", async () => {
    await asTenant("wy-justice", async () => {
      const { rows: me } = await c.query("SELECT app_tenant_id() AS id");
      for (const t of TABLES) {
        const where =
          t === "item_list_version"
            ? "AND status = 'DRAFT'"
            : t === "check_item"
              ? "AND list_version_id IN (SELECT id FROM item_list_version WHERE status = 'DRAFT')"
              : t === "joint_item_entry"
                ? "AND false"
                : "";
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM ${t} WHERE tenant_id <> $1 ${where}`, [
          me[0].id,
        ]);
        expect([t, rows[0].n]).toEqual([t, 0]);
      }
      const upd = await c.query("UPDATE directory_entry SET notes = 'x' WHERE id = $1", [ids.entry]);
      expect(upd.rowCount).toBe(0);
      const { rows: other } = await c.query("SELECT id FROM tenant WHERE code = 'wy-health'");
      await expect(
        c.query("INSERT INTO directory_entry (tenant_id, subject_id) VALUES ($1, $2)", [other[0].id, ids.subject]),
      ).rejects.toThrow(/row-level security/);
    });
  });

  test("subjects are readable by any signed-in tenant but written only with the ADMIN role", async () => {
    await c.query("BEGIN");
    try {
      const { rows } = await c.query("SELECT id FROM tenant WHERE code = 'wy-tax'");
      await c.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.roles', 'VIEWER', true)", [
        rows[0].id,
      ]);
      const { rows: n } = await c.query("SELECT count(*)::int AS n FROM subject");
      expect(n[0].n).toBeGreaterThan(100);
      const upd = await c.query("UPDATE subject SET name = '篡改' WHERE id = $1", [ids.subject]);
      expect(upd.rowCount).toBe(0);
    } finally {
      await c.query("ROLLBACK");
    }
  });
});
