import { Client } from "pg";
import { CLEAN, seedEstimateTask } from "../helpers/estimate-fixture";
import { type DirectoryIds, seedDirectory } from "../helpers/fixtures";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * Issue 14: task origins (上级下发 / 跨区域, apart from the department's own random tasks), 专项 campaigns and required
 * rounds (抽查频次 "每年不少于 N 次"), over HTTP and graphql-ws, counted separately in the county roll-up and 通报.
 */
let s: TestServer;
let transports: Transport[];
let ids: DirectoryIds;
const YEAR = 2028;
const token = (tenant: string, user = "admin") => s.login(tenant, user);

beforeAll(async () => {
  s = await startTestServer();
  transports = transportsOf(s);
  ids = await seedDirectory(s.db.ownerUrl, {
    tenantCode: "wy-drc",
    codeOffset: 300_000,
    subjects: [{ tag: "测试成品油", count: 20 }],
    inspectors: 4,
    categories: ["发展改革"],
    items: [{ code: "DRC-901", name: "成品油市场监督检查", itemClass: "KEY", requiredCategories: [] }],
  });
});
afterAll(async () => {
  for (const t of transports) await t.close();
  await s.close();
});

const CREATE = `mutation($i: NewTaskInput!) { createTask(input: $i) {
  id origin originAuthority originReference campaignId kind } }`;
const CAMPAIGN = `mutation($i: CampaignInput!) { createInspectionCampaign(input: $i) { id name kind periodFrom periodTo } }`;

async function plan(t: Transport, planner: string, title: string) {
  const p = await t.run(`mutation($t: String!) { createPlan(year: ${YEAR}, title: $t) { id } }`, { t: title }, planner);
  expect(p.errors).toBeUndefined();
  return p.data!.createPlan.id as string;
}

const task = (planId: string, extra: Record<string, unknown>) => ({
  planId,
  name: "成品油市场专项检查",
  kind: "DIRECTED",
  itemIds: [ids.itemIds["DRC-901"]],
  filters: { tags: ["测试成品油"] },
  windowFrom: `${YEAR}-04-01`,
  windowTo: `${YEAR}-06-30`,
  samplingRule: { default: { mode: "MIN", percent: 20 }, strata: [] },
  stratifyBy: "NONE",
  ...extra,
});

describe("task origin and 专项 campaigns", () => {
  it.each(["http", "ws"])(
    "上级下发 and 跨区域 name their authority; a 专项 task is directed, in its period (%s)",
    async (name) => {
      const t = transports.find((x) => x.name === name)!;
      const planner = await token("wy-drc", "planner");
      const planId = await plan(t, planner, `${YEAR}年度计划（${name}）`);
      const c = await t.run(
        CAMPAIGN,
        {
          i: {
            name: `成品油市场专项整治（${name}）`,
            kind: "SPECIAL_RECTIFICATION",
            periodFrom: `${YEAR}-04-01`,
            periodTo: `${YEAR}-09-30`,
            basis: "自治区商务厅关于开展成品油市场专项整治的通知",
          },
        },
        planner,
      );
      expect(c.errors).toBeUndefined();
      const campaignId = c.data!.createInspectionCampaign.id;

      const higher = await t.run(
        CREATE,
        {
          i: task(planId, {
            origin: "HIGHER_LEVEL",
            originAuthority: " 巴彦淖尔市发展和改革委员会 ",
            originReference: "巴发改发〔2028〕12号",
            campaignId,
          }),
        },
        planner,
      );
      expect(higher.errors).toBeUndefined();
      expect(higher.data!.createTask).toMatchObject({
        origin: "HIGHER_LEVEL",
        originAuthority: "巴彦淖尔市发展和改革委员会",
        originReference: "巴发改发〔2028〕12号",
        campaignId,
      });
      const own = await t.run(CREATE, { i: task(planId, {}) }, planner);
      expect(own.data!.createTask).toMatchObject({ origin: "OWN", originAuthority: null, campaignId: null });

      const bad = async (extra: Record<string, unknown>) =>
        errorCode(await t.run(CREATE, { i: task(planId, extra) }, planner));
      expect(await bad({ origin: "HIGHER_LEVEL" })).toBe("BAD_USER_INPUT"); // no issuing authority
      expect(await bad({ origin: "CROSS_REGION", originAuthority: " " })).toBe("BAD_USER_INPUT");
      expect(await bad({ originAuthority: "某某局" })).toBe("BAD_USER_INPUT"); // OWN names nobody
      expect(await bad({ campaignId, kind: "UNDIRECTED", filters: {} })).toBe("BAD_USER_INPUT");
      expect(await bad({ campaignId, windowTo: `${YEAR}-10-31` })).toBe("BAD_USER_INPUT"); // outside the period
      // Another department's campaign does not exist for this one.
      const other = await t.run(
        CAMPAIGN,
        {
          i: {
            name: `卫生专项（${name}）`,
            kind: "SPECIAL_CHECK",
            periodFrom: `${YEAR}-01-01`,
            periodTo: `${YEAR}-12-31`,
          },
        },
        await token("wy-health", "planner"),
      );
      expect(await bad({ campaignId: other.data!.createInspectionCampaign.id })).toBe("NOT_FOUND");
      expect(
        errorCode(
          await t.run(
            CAMPAIGN,
            { i: { name: "x", kind: "SPECIAL_CHECK", periodFrom: `${YEAR}-01-01`, periodTo: `${YEAR}-12-31` } },
            planner,
          ),
        ),
      ).toBe("BAD_USER_INPUT");
      expect(
        errorCode(
          await t.run(
            CAMPAIGN,
            {
              i: { name: "倒置的专项", kind: "SPECIAL_CHECK", periodFrom: `${YEAR}-05-01`, periodTo: `${YEAR}-04-01` },
            },
            planner,
          ),
        ),
      ).toBe("BAD_USER_INPUT");
      expect(
        errorCode(
          await t.run(
            CAMPAIGN,
            {
              i: {
                name: "检查员的专项",
                kind: "SPECIAL_CHECK",
                periodFrom: `${YEAR}-01-01`,
                periodTo: `${YEAR}-12-31`,
              },
            },
            await token("wy-drc", "inspector1"),
          ),
        ),
      ).toBe("FORBIDDEN");

      const list = await t.run(`{ inspectionCampaigns { id name tasks tasksDrawn } }`, {}, planner);
      expect(list.data!.inspectionCampaigns.find((x: any) => x.id === campaignId)).toMatchObject({
        tasks: 1,
        tasksDrawn: 0,
      });
      const theirs = await t.run(`{ inspectionCampaigns { id } }`, {}, await token("wy-health", "planner"));
      expect(theirs.data!.inspectionCampaigns.map((x: any) => x.id)).not.toContain(campaignId);

      // Required rounds: set on the draft, refused out of range and once submitted.
      const set = `mutation($id: ID!, $n: Int) { setPlanRequiredRounds(id: $id, rounds: $n) { requiredRounds } }`;
      expect((await t.run(set, { id: planId, n: 2 }, planner)).data!.setPlanRequiredRounds.requiredRounds).toBe(2);
      expect(errorCode(await t.run(set, { id: planId, n: 13 }, planner))).toBe("BAD_USER_INPUT");
      expect(errorCode(await t.run(set, { id: planId, n: 2 }, await token("wy-health", "planner")))).toBe("NOT_FOUND");
      await t.run(`mutation($id: ID!) { submitPlan(id: $id) { status } }`, { id: planId }, planner);
      expect(errorCode(await t.run(set, { id: planId, n: 3 }, planner))).toBe("CONFLICT");
    },
  );

  it("the database keeps a task to its own department's campaign and an origin to its authority", async () => {
    const c = new Client({ connectionString: s.db.superuserUrl });
    await c.connect();
    try {
      const { rows } = await c.query(
        `SELECT k.id, k.tenant_id, (SELECT id FROM inspection_campaign WHERE tenant_id <> k.tenant_id LIMIT 1) AS other
           FROM inspection_task k WHERE k.campaign_id IS NOT NULL LIMIT 1`,
      );
      await expect(
        c.query(`UPDATE inspection_task SET campaign_id = $2 WHERE id = $1`, [rows[0].id, rows[0].other]),
      ).rejects.toThrow(/inspection_task_campaign_fk/);
      await expect(
        c.query(`UPDATE inspection_task SET origin_authority = NULL WHERE id = $1`, [rows[0].id]),
      ).rejects.toThrow(/inspection_task_origin_authority/);
    } finally {
      await c.end();
    }
  });
});

const ROLLUP = `query($y: Int!, $d: String) { countyRollup(year: $y, today: $d) {
  totals { tasksDrawn tasksOwn tasksHigherLevel tasksCrossRegion tasksCampaign roundsShort roundsOverdue overdueItems }
  departments { department { code } tasksDrawn tasksOwn tasksHigherLevel tasksCrossRegion tasksCampaign drawn
    drawnHigherLevel drawnCrossRegion overdueItems
    rounds { planTitle required drawn dueDates overdue nextDueDate short } } } }`;

describe("the county roll-up and 通报 count origins, campaigns and rounds apart", () => {
  beforeAll(async () => {
    const own = await seedEstimateTask(s.db.superuserUrl, {
      tenantCode: "wy-emerg",
      year: YEAR,
      taskName: "危化品经营",
      publicAfter: null,
      strata: [{ stratum: "全部", population: 10, subjects: [{ result: CLEAN }, { result: CLEAN }] }],
    });
    const higher = await seedEstimateTask(s.db.superuserUrl, {
      tenantCode: "wy-emerg",
      year: YEAR,
      taskName: "上级下发：烟花爆竹",
      publicAfter: null,
      strata: [{ stratum: "全部", population: 5, subjects: [{ result: CLEAN }, { result: CLEAN }, { result: CLEAN }] }],
    });
    const cross = await seedEstimateTask(s.db.superuserUrl, {
      tenantCode: "wy-emerg",
      year: YEAR,
      taskName: "跨区域：危化品运输",
      publicAfter: null,
      strata: [{ stratum: "全部", population: 5, subjects: [{ result: CLEAN }] }],
    });
    const c = new Client({ connectionString: s.db.superuserUrl });
    await c.connect();
    try {
      await c.query(`UPDATE annual_plan SET required_rounds = 2, filed_with_coordinator_at = now() WHERE id = $1`, [
        own.planId,
      ]);
      const { rows } = await c.query(
        `INSERT INTO inspection_campaign (tenant_id, name, kind, period_from, period_to, created_by)
         VALUES ($1, '烟花爆竹专项检查', 'SPECIAL_CHECK', make_date($2, 1, 1), make_date($2, 12, 31), gen_random_uuid())
         RETURNING id`,
        [own.tenantId, YEAR],
      );
      // The 上级下发 task sits in the same plan: it does not count as one of the plan's own rounds.
      await c.query(
        `UPDATE inspection_task SET origin = 'HIGHER_LEVEL', origin_authority = '巴彦淖尔市应急管理局', campaign_id = $2,
                plan_id = $3 WHERE id = $1`,
        [higher.taskId, rows[0].id, own.planId],
      );
      await c.query(
        `UPDATE inspection_task SET origin = 'CROSS_REGION', origin_authority = '乌拉特前旗应急管理局' WHERE id = $1`,
        [cross.taskId],
      );
    } finally {
      await c.end();
    }
  });

  it.each(["http", "ws"])("tasks by origin, campaign tasks, rounds due and overdue (%s)", async (name) => {
    const t = transports.find((x) => x.name === name)!;
    const supervisor = await token("wy-samr", "supervisor");
    const mid = await t.run(ROLLUP, { y: YEAR, d: `${YEAR}-07-01` }, supervisor);
    expect(mid.errors).toBeUndefined();
    const emerg = mid.data!.countyRollup.departments.find((d: any) => d.department.code === "wy-emerg");
    expect(emerg).toMatchObject({
      tasksDrawn: 3,
      tasksOwn: 1,
      tasksHigherLevel: 1,
      tasksCrossRegion: 1,
      tasksCampaign: 1,
      drawn: 6,
      drawnHigherLevel: 3,
      drawnCrossRegion: 1,
    });
    expect(emerg.rounds).toEqual([
      {
        planTitle: `${YEAR}年度抽查计划（危化品经营）`,
        required: 2,
        drawn: 1,
        dueDates: [`${YEAR}-06-30`, `${YEAR}-12-31`],
        overdue: 0,
        nextDueDate: `${YEAR}-12-31`,
        short: true,
      },
    ]);
    const totals = mid.data!.countyRollup.totals;
    expect(totals).toMatchObject({ tasksOwn: totals.tasksDrawn - 2, tasksHigherLevel: 1, tasksCrossRegion: 1 });
    expect(totals.roundsOverdue).toBe(0);

    // After the year: the second round is overdue and counted among the overdue items.
    const late = await t.run(ROLLUP, { y: YEAR, d: `${YEAR + 1}-01-01` }, supervisor);
    const after = late.data!.countyRollup.departments.find((d: any) => d.department.code === "wy-emerg");
    expect(after.rounds[0]).toMatchObject({ overdue: 1, nextDueDate: null, short: true });
    expect(after.overdueItems).toBe(emerg.overdueItems + 1);
    expect(late.data!.countyRollup.totals).toMatchObject({ roundsShort: 1, roundsOverdue: 1 });
  });

  it("the 通报 names the origins, the campaign tasks and the late rounds", async () => {
    const res = await fetch(`${s.url}/forms/county-report/${YEAR}`, {
      headers: { authorization: `Bearer ${await token("wy-samr")}` },
    });
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(page).toContain("上级下发 1 项、跨区域 1 项");
    expect(page).toContain("专项检查/专项整治 1 项");
    expect(page).toContain("上级下发任务");
    const csv = await s.gql(
      `query($y: Int!) { exportCountyReport(year: $y, format: CSV) { contentBase64 } }`,
      { y: YEAR },
      await token("wy-samr"),
    );
    const text = Buffer.from(csv.data!.exportCountyReport.contentBase64, "base64").toString();
    expect(text).toContain("跨区域任务");
    expect(text).toContain("1/2");
  });
});
