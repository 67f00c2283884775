import { Client } from "pg";
import { seedDirectory } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * 信用分层 (issue 14): the registry's 经营异常名录 / 严重违法失信名单 dates stratify a task, so its rule raises the
 * ratio for listed subjects or excludes them. The preview (taskPreview) shows what the draw will take per stratum.
 */
let s: TestServer;
let transports: Transport[];
let planId: string;
let itemId: string;

beforeAll(async () => {
  s = await startTestServer();
  transports = transportsOf(s);
  const ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-trans",
    codeOffset: 300_000,
    subjects: [{ tag: "测试道路运输", count: 60 }],
    inspectors: 4,
    categories: ["交通运输"],
    items: [{ code: "TR-001", name: "道路运输经营的监督检查", itemClass: "KEY" }],
  });
  itemId = ids.itemIds["TR-001"];
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  // 10 on the abnormal list, 4 of them also on the serious-violation list.
  await c.query(`UPDATE subject SET abnormal_list_since = '2025-06-01' WHERE id = ANY ($1)`, [
    ids.subjectIds.slice(0, 10),
  ]);
  await c.query(`UPDATE subject SET blacklist_since = '2025-09-01' WHERE id = ANY ($1)`, [ids.subjectIds.slice(0, 4)]);
  await c.end();
  const p = await s.gql(
    `mutation { createPlan(year: 2026, title: "信用分层") { id } }`,
    {},
    await s.login("wy-trans", "planner"),
  );
  planId = p.data!.createPlan.id;
});
afterAll(async () => {
  for (const t of transports) await t.close();
  await s.close();
});

it.each([0, 1])("listed subjects are drawn at the raised ratio, or excluded (%#)", async (i) => {
  const r = await transports[i].run(
    `query($i: NewTaskInput!) { taskPreview(input: $i) { populationSize drawCount strata { stratum populationCount sampleSize } } }`,
    {
      i: {
        planId,
        name: "信用分层预览",
        kind: "DIRECTED",
        itemIds: [itemId],
        filters: { tags: ["测试道路运输"] },
        windowFrom: "2026-03-01",
        windowTo: "2026-09-30",
        stratifyBy: "CREDIT",
        samplingRule: {
          default: { mode: "MIN", percent: 5 },
          strata: [
            { stratum: "经营异常", mode: "MIN", percent: 50 },
            { stratum: "严重违法失信", mode: "EXCLUDE" },
          ],
        },
      },
    },
    await s.login("wy-trans", "planner"),
  );
  expect(r.errors).toBeUndefined();
  const strata = Object.fromEntries(r.data!.taskPreview.strata.map((x: any) => [x.stratum, x]));
  expect(strata["经营异常"]).toMatchObject({ populationCount: 6, sampleSize: 3 }); // 50% of 6
  expect(strata["其他"]).toMatchObject({ populationCount: 50, sampleSize: 3 }); // 5% of 50, rounded up
  expect(strata["严重违法失信"]?.sampleSize ?? 0).toBe(0);
  expect(r.data!.taskPreview.drawCount).toBe(6);
});
