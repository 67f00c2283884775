import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { DALAD_MEMBER_UNITS } from "../../src/demo/county-demo";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { CLEAN, PROBLEM, seedEstimateTask, seedOtherCountyDepartment } from "../helpers/estimate-fixture";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * 联席会议 (issue 14): member units, 备案 visible to the region's coordinator (read-only), the county roll-up and the
 * 通报 — over HTTP and graphql-ws, the database checked as the runtime role.
 */
let s: TestServer;
let transports: Transport[];
const token = (tenant: string, user = "admin") => s.login(tenant, user);

beforeAll(async () => {
  s = await startTestServer();
  transports = transportsOf(s);
});
afterAll(async () => {
  for (const t of transports) await t.close();
  await s.close();
});
afterEach(() => resetClock());

/** A statement as the runtime role with a department's settings (RLS is what decides). */
async function asRuntime<T>(tenantCode: string, roles: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: s.db.appUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    const { rows } = await c.query(`SELECT id FROM tenant WHERE code = $1`, [tenantCode]);
    await c.query(...transactionSettings(rows[0].id, "", roles));
    return await fn(c);
  } finally {
    await c.query("ROLLBACK").catch(() => undefined);
    await c.end();
  }
}

const UNITS = `{ jointMemberUnits { id name memberTenantId representative liaisonName liaisonPhone sortOrder } }`;

describe("member units (联席会议成员单位)", () => {
  it("达拉特旗 loads with seed 001's 29 units in order, each 成员 without the typesetting artefacts", async () => {
    const r = await s.gql(UNITS, {}, await token("dlt-samr"));
    const units = r.data!.jointMemberUnits;
    expect(units).toHaveLength(29);
    expect(units.map((u: any) => u.name)).toEqual(DALAD_MEMBER_UNITS.map((u) => u.name));
    expect(units[0]).toMatchObject({ name: "旗发改委", representative: "王小径（旗发展和改革委员会副主任）" });
    const all = units.map((u: any) => u.representative).join("");
    expect(all).toContain("高军（旗应急管理局副局长）");
    expect(all).not.toMatch(/ |达拉 特旗|烟草/);
    expect(units.filter((u: any) => u.memberTenantId)).toHaveLength(1); // its own bureau only
  });

  it("五原县's coordinator lists its departments linked to their tenants, not 达拉特旗's", async () => {
    const units = (await s.gql(UNITS, {}, await token("wy-samr"))).data!.jointMemberUnits;
    expect(units.length).toBe(11);
    expect(units.every((u: any) => u.memberTenantId)).toBe(true);
    expect(units.some((u: any) => u.name.startsWith("旗"))).toBe(false);
  });

  it.each(["http", "ws"])("coordinator keeps the register; others are refused (%s)", async (name) => {
    const t = transports.find((x) => x.name === name)!;
    const add = `mutation($i: JointMemberUnitInput!) { addJointMemberUnit(input: $i) { id name liaisonName } }`;
    const unit = { name: `五原县测试局${name}`, liaisonName: "张三", liaisonPhone: "0478-5212345" };
    const ok = await t.run(add, { i: unit }, await token("wy-samr"));
    expect(ok.data?.addJointMemberUnit).toMatchObject({ name: unit.name, liaisonName: "张三" });
    expect(errorCode(await t.run(add, { i: unit }, await token("wy-samr")))).toBe("CONFLICT");
    expect(errorCode(await t.run(add, { i: { ...unit, name: "x" } }, await token("wy-samr")))).toBe("BAD_USER_INPUT");
    expect(
      errorCode(await t.run(add, { i: { ...unit, name: "别的名字", liaisonPhone: "abc" } }, await token("wy-samr"))),
    ).toBe("BAD_USER_INPUT");
    expect(errorCode(await t.run(add, { i: { ...unit, name: "健康局" } }, await token("wy-health")))).toBe("FORBIDDEN");
    expect(errorCode(await t.run(add, { i: { ...unit, name: "计划员" } }, await token("wy-samr", "planner")))).toBe(
      "FORBIDDEN",
    );
    // Linking a department of another region is refused.
    const dlt = (await s.gql(`{ tenant(code: "dlt-samr") { id } }`)).data!.tenant.id;
    expect(
      errorCode(await t.run(add, { i: { name: `跨地区${name}`, memberTenantId: dlt } }, await token("wy-samr"))),
    ).toBe("BAD_USER_INPUT");
    const del = `mutation($id: ID!) { removeJointMemberUnit(id: $id) { id } }`;
    expect(errorCode(await t.run(del, { id: ok.data!.addJointMemberUnit.id }, await token("dlt-samr")))).toBe(
      "NOT_FOUND",
    );
    expect((await t.run(del, { id: ok.data!.addJointMemberUnit.id }, await token("wy-samr"))).data).toBeTruthy();
  });

  it("a member unit sees its own row and changes only its 联络员, in the API and in the database", async () => {
    const mine = (await s.gql(UNITS, {}, await token("wy-health"))).data!.jointMemberUnits;
    expect(mine).toHaveLength(1);
    expect(mine[0].name).toBe("五原县卫生健康委员会");
    const set = await s.gql(
      `mutation { setOwnLiaison(liaisonName: "李四", liaisonPhone: "13800000000") { liaisonName liaisonPhone } }`,
      {},
      await token("wy-health"),
    );
    expect(set.data?.setOwnLiaison).toEqual({ liaisonName: "李四", liaisonPhone: "13800000000" });
    const seen = (await s.gql(UNITS, {}, await token("wy-samr"))).data!.jointMemberUnits;
    expect(seen.find((u: any) => u.name === "五原县卫生健康委员会").liaisonName).toBe("李四");
    expect(
      errorCode(await s.gql(`mutation { setOwnLiaison(liaisonName: "王五") { id } }`, {}, await token("dlt-samr"))),
    ).toBe(undefined); // 达拉特旗's bureau is its own register's member
    expect(
      errorCode(await s.gql(`mutation { setOwnLiaison(liaisonName: "王五") { id } }`, {}, await token("wy-tax"))),
    ).toBe(undefined);

    // As the runtime role: the member's ADMIN may change the liaison columns only; other departments see nothing.
    await asRuntime("wy-health", "ADMIN", async (c) => {
      await expect(
        c.query(`UPDATE joint_member_unit SET representative = '篡改' WHERE member_tenant_id = app_tenant_id()`),
      ).rejects.toThrow(/only its own liaison/);
    });
    await asRuntime("wy-health", "ADMIN", async (c) => {
      const r = await c.query(
        `UPDATE joint_member_unit SET liaison_name = '赵六' WHERE member_tenant_id = app_tenant_id()`,
      );
      expect(r.rowCount).toBe(1);
      expect((await c.query(`SELECT count(*)::int AS n FROM joint_member_unit`)).rows[0].n).toBe(1);
    });
    await asRuntime("wy-health", "PLANNER", async (c) => {
      const r = await c.query(
        `UPDATE joint_member_unit SET liaison_name = '赵六' WHERE member_tenant_id = app_tenant_id()`,
      );
      expect(r.rowCount).toBe(0);
    });
  });
});

const PLAN = `query($id: ID!) { plan(id: $id) { id status filedAt filingDueDate filing department { code } tasks { id } } }`;

async function filedPlan(tenant: string, year: number, file = true): Promise<string> {
  const planner = await token(tenant, "planner");
  const created = await s.gql(
    `mutation($y: Int!) { createPlan(year: $y, title: "年度抽查计划") { id } }`,
    { y: year },
    planner,
  );
  const id = created.data!.createPlan.id;
  await s.gql(`mutation($id: ID!) { submitPlan(id: $id) { id } }`, { id }, planner);
  await s.gql(`mutation($id: ID!) { approvePlan(id: $id) { id } }`, { id }, await token(tenant, "supervisor"));
  if (file) {
    const f = await s.gql(`mutation($id: ID!) { filePlan(id: $id) { filedAt } }`, { id }, planner);
    expect(f.data?.filePlan.filedAt).toBeTruthy();
  }
  return id;
}

describe("备案: a filed plan is the coordinator's to read, never to change", () => {
  it.each(["http", "ws"])("unfiled → hidden; filed → readable by the region's coordinator only (%s)", async (name) => {
    const t = transports.find((x) => x.name === name)!;
    const id = await filedPlan("wy-emerg", 2031, false);
    expect(errorCode(await t.run(PLAN, { id }, await token("wy-samr")))).toBe("NOT_FOUND");
    await s.gql(`mutation($id: ID!) { filePlan(id: $id) { id } }`, { id }, await token("wy-emerg", "planner"));
    const seen = await t.run(PLAN, { id }, await token("wy-samr", "supervisor"));
    expect(seen.data?.plan).toMatchObject({
      status: "APPROVED",
      department: { code: "wy-emerg" },
      filingDueDate: "2031-02-28",
    });
    expect(errorCode(await t.run(PLAN, { id }, await token("dlt-samr")))).toBe("NOT_FOUND");
    expect(errorCode(await t.run(PLAN, { id }, await token("wy-tax")))).toBe("NOT_FOUND");
    for (const m of ["publishPlan", "closePlan", "filePlan"])
      expect(
        errorCode(
          await t.run(`mutation($id: ID!) { ${m}(id: $id) { id } }`, { id }, await token("wy-samr", "planner")),
        ),
      ).toBe("NOT_FOUND");
    // The database agrees, as the runtime role.
    await asRuntime("wy-samr", "ADMIN,PLANNER", async (c) => {
      expect((await c.query(`SELECT id FROM annual_plan WHERE id = $1`, [id])).rowCount).toBe(1);
      expect((await c.query(`UPDATE annual_plan SET title = '改' WHERE id = $1`, [id])).rowCount).toBe(0);
    });
  });

  it("the filing deadline is the end of the region's month (leap February), on China dates at the boundary", async () => {
    const id = await filedPlan("wy-water", 2028, false);
    // A fresh sign-in at each instant (tokens expire on the one clock too).
    const fresh = async () =>
      (
        await s.gql(
          `mutation { login(tenantCode: "wy-water", username: "planner", password: "jointcheck-demo") { token } }`,
        )
      ).data!.login.token as string;
    const get = async () => (await s.gql(PLAN, { id }, await fresh())).data!.plan;
    expect((await get()).filingDueDate).toBe("2028-02-29");
    setClock(clockFrom("2028-02-29T15:59:00Z")); // 23:59 on 29 February in Beijing
    expect((await get()).filing).toBe("PENDING");
    setClock(clockFrom("2028-02-29T16:00:00Z")); // 00:00 on 1 March in Beijing
    expect((await get()).filing).toBe("OVERDUE");
    const f = await s.gql(`mutation($id: ID!) { filePlan(id: $id) { id } }`, { id }, await fresh());
    expect(f.errors).toBeUndefined();
    expect((await get()).filing).toBe("FILED_LATE");
    // The coordinator moves the region's deadline to the end of March: the plan was filed in time after all.
    resetClock();
    await s.gql(
      `mutation { updateTenantSettings(input: { filingDueMonth: 3 }) { filingDueMonth } }`,
      {},
      await token("wy-samr"),
    );
    expect(await get()).toMatchObject({ filingDueDate: "2028-03-31", filing: "FILED" });
    expect(
      errorCode(
        await s.gql(
          `mutation { updateTenantSettings(input: { filingDueMonth: 13 }) { filingDueMonth } }`,
          {},
          await token("wy-samr"),
        ),
      ),
    ).toBe("BAD_USER_INPUT");
    await s.gql(
      `mutation { updateTenantSettings(input: { filingDueMonth: 2 }) { filingDueMonth } }`,
      {},
      await token("wy-samr"),
    );
  });

  it.each(["http", "ws"])(
    "the coordinator's plan list holds every filed plan of its region, and only those (%s)",
    async (name) => {
      const t = transports.find((x) => x.name === name)!;
      const year = name === "http" ? 2034 : 2035;
      const filed = [await filedPlan("wy-water", year), await filedPlan("wy-emerg", year)];
      const unfiled = await filedPlan("wy-tax", year, false);
      const otherRegion = await filedPlan("dlt-samr", year);
      const LIST = `query($y: Int, $t: ID) { plans(year: $y, tenantId: $t, limit: 50) { total items { id status department { code } } } }`;
      const coordinator = await token("wy-samr", "supervisor");
      const r = await t.run(LIST, { y: year }, coordinator);
      expect(r.errors).toBeUndefined();
      const ids = r.data!.plans.items.map((p: any) => p.id);
      expect([...ids].sort()).toEqual([...filed].sort());
      expect(r.data!.plans.total).toBe(2);
      expect(ids).not.toContain(unfiled);
      expect(ids).not.toContain(otherRegion);
      expect(r.data!.plans.items.every((p: any) => p.status === "APPROVED")).toBe(true);
      // Filtered to one department, the list and its total agree.
      const [water] = await s.superuser(`SELECT id FROM tenant WHERE code = 'wy-water'`);
      const one = await t.run(LIST, { y: year, t: water.id }, coordinator);
      expect(one.data!.plans).toMatchObject({ total: 1, items: [{ id: filed[0], department: { code: "wy-water" } }] });
      // A department that is not the coordinator sees none of them, only its own (unfiled) plan of that year.
      const peer = await t.run(LIST, { y: year }, await token("wy-tax", "planner"));
      expect(peer.data!.plans.items.map((p: any) => p.id)).toEqual([unfiled]);
      // The anonymous public sees none: approved and filed is not published.
      const anonymous = await t.run(LIST, { y: year });
      expect(anonymous.data!.plans).toMatchObject({ total: 0, items: [] });
      // The other region's coordinator sees its own plan only.
      const dlt = await t.run(LIST, { y: year }, await token("dlt-samr"));
      expect(dlt.data!.plans.items.map((p: any) => p.id)).toEqual([otherRegion]);
    },
  );
});

const ROLLUP = `query($y: Int!, $d: String) { countyRollup(year: $y, today: $d) {
  regionCode filingDueDate jointPlanDueDate jointPlanOverdue
  totals { departments plansFiled filingOverdue drawn inspected published publicationRate overdueItems }
  unitsOffPlatform { name }
  departments { department { code } filing plansPublished plansFiled tasksDrawn drawn inspected published
    coverageRate completionRate publicationRate followUpRate problemRate overdue overdueItems jointInitiated jointJoined
    memberUnit { name } } } }`;

describe("county roll-up and 通报", () => {
  const YEAR = 2027;
  beforeAll(async () => {
    await seedEstimateTask(s.db.superuserUrl, {
      tenantCode: "wy-health",
      year: YEAR,
      taskName: "公共场所卫生",
      publicAfter: null,
      strata: [
        { stratum: "全部", population: 10, subjects: [{ result: CLEAN }, { result: PROBLEM }, { result: "NONE" }] },
      ],
    });
    await seedEstimateTask(s.db.superuserUrl, {
      tenantCode: "wy-emerg",
      year: YEAR,
      taskName: "危化品",
      planStatus: "APPROVED",
      publicAfter: null,
      strata: [{ stratum: "全部", population: 4, subjects: [{ result: "APPROVED" }] }],
    });
    // The fixture records the inspection date on the record; the assignment carries it too in the real flow.
    const c = new Client({ connectionString: s.db.superuserUrl });
    await c.connect();
    await c.query(
      `UPDATE assignment a SET inspected_on = r.inspected_on FROM inspection_record r WHERE r.assignment_id = a.id`,
    );
    await c.end();
    const other = await seedOtherCountyDepartment(s.db.superuserUrl, "wlt-test");
    expect(other).toBeTruthy();
    await seedEstimateTask(s.db.superuserUrl, {
      tenantCode: "wlt-test",
      year: YEAR,
      taskName: "外县",
      publicAfter: null,
      strata: [{ stratum: "全部", population: 4, subjects: [{ result: CLEAN }] }],
    });
  });

  it.each(["http", "ws"])("per department, against each one's own deadlines; the region only (%s)", async (name) => {
    const t = transports.find((x) => x.name === name)!;
    const r = await t.run(ROLLUP, { y: YEAR, d: `${YEAR}-12-31` }, await token("wy-samr", "supervisor"));
    expect(r.errors).toBeUndefined();
    const roll = r.data!.countyRollup;
    expect(roll).toMatchObject({
      regionCode: "150821",
      filingDueDate: `${YEAR}-02-28`,
      jointPlanDueDate: `${YEAR}-03-31`,
    });
    const codes = roll.departments.map((d: any) => d.department.code);
    expect(codes).toContain("wy-health");
    expect(codes).not.toContain("wlt-test");
    expect(codes).not.toContain("dlt-samr");
    const health = roll.departments.find((d: any) => d.department.code === "wy-health");
    expect(health).toMatchObject({
      plansPublished: 1,
      plansFiled: 0,
      filing: "OVERDUE",
      tasksDrawn: 1,
      drawn: 3,
      inspected: 2,
      published: 2,
      completionRate: 0.6667,
      publicationRate: 1,
      problemRate: 0.5,
      followUpRate: 0,
      memberUnit: { name: "五原县卫生健康委员会" },
    });
    // The emergency bureau's plan is neither published nor filed: the coordinator counts its facts, not its plan.
    const emerg = roll.departments.find((d: any) => d.department.code === "wy-emerg");
    expect(emerg).toMatchObject({ drawn: 1, inspected: 1, published: 0, publicationRate: 0, overdue: 1 });
    expect(emerg.overdueItems).toBeGreaterThanOrEqual(2); // filing overdue + the unpublished inspection
    expect(roll.totals.drawn).toBe(roll.departments.reduce((n: number, d: any) => n + d.drawn, 0));
    expect(roll.totals.filingOverdue).toBe(roll.departments.filter((d: any) => d.filing === "OVERDUE").length);
    expect(roll.jointPlanOverdue).toBe(true);
  });

  it("before the filing deadline nothing is overdue for filing (the business date decides)", async () => {
    const r = await s.gql(ROLLUP, { y: YEAR, d: `${YEAR}-02-28` }, await token("wy-samr"));
    expect(r.data!.countyRollup.totals.filingOverdue).toBe(0);
  });

  it("is for the coordinator's staff only; its functions refuse others as the runtime role", async () => {
    expect(errorCode(await s.gql(ROLLUP, { y: YEAR }, await token("wy-health")))).toBe("FORBIDDEN");
    expect(errorCode(await s.gql(ROLLUP, { y: YEAR }, await token("wy-samr", "inspector1")))).toBe("FORBIDDEN");
    expect(errorCode(await s.gql(ROLLUP, { y: YEAR }))).toBe("UNAUTHENTICATED");
    await asRuntime("wy-health", "ADMIN", async (c) => {
      await expect(c.query(`SELECT * FROM county_assignment_facts($1)`, [YEAR])).rejects.toThrow(/coordinator/);
    });
    await asRuntime("wy-samr", "INSPECTOR", async (c) => {
      await expect(c.query(`SELECT * FROM county_item_coverage($1)`, [YEAR])).rejects.toThrow(/coordinator/);
    });
    // Setting the flag itself gains the runtime role nothing.
    await asRuntime("wy-samr", "ADMIN", async (c) => {
      await c.query(`SELECT set_config('app.county_rollup', 'on', true)`);
      expect(
        (await c.query(`SELECT count(*)::int AS n FROM assignment WHERE tenant_id <> app_tenant_id()`)).rows[0].n,
      ).toBe(0);
      const facts = await c.query(`SELECT DISTINCT tenant_id FROM county_assignment_facts($1)`, [YEAR]);
      const region = await c.query(`SELECT id FROM tenant WHERE region_code = '150821'`);
      const ids = new Set(region.rows.map((x: { id: string }) => x.id));
      expect(facts.rows.length).toBeGreaterThan(0);
      expect(facts.rows.every((x: { tenant_id: string }) => ids.has(x.tenant_id))).toBe(true);
    });
  });

  it("达拉特旗's coordinator sees its own region: its 28 units not on the platform", async () => {
    const r = await s.gql(ROLLUP, { y: YEAR }, await token("dlt-samr"));
    expect(r.data!.countyRollup.regionCode).toBe("150621");
    expect(r.data!.countyRollup.departments.map((d: any) => d.department.code)).toEqual(["dlt-samr"]);
    expect(r.data!.countyRollup.unitsOffPlatform).toHaveLength(28);
  });

  it("the 通报 prints and exports (XLSX) from the same roll-up", async () => {
    const res = await fetch(`${s.url}/forms/county-report/${YEAR}`, {
      headers: { authorization: `Bearer ${await token("wy-samr")}` },
    });
    const page = await res.text();
    expect([res.status, res.status === 200 ? "" : page]).toEqual([200, ""]);
    expect(page).toContain(`${YEAR}年度“双随机、一公开”监管工作情况通报`);
    expect(page).toContain("五原县卫生健康委员会");
    expect(page).toContain("未备案"); // 2027: before its filing deadline on today's clock
    const refused = await fetch(`${s.url}/forms/county-report/${YEAR}`, {
      headers: { authorization: `Bearer ${await token("wy-health")}` },
    });
    expect(refused.status).toBe(403);
    const x = await s.gql(
      `query($y: Int!) { exportCountyReport(year: $y, format: XLSX) { fileName mimeType contentBase64 } }`,
      { y: YEAR },
      await token("wy-samr"),
    );
    expect(x.data!.exportCountyReport.fileName).toBe(`${YEAR}年度双随机一公开工作通报.xlsx`);
    expect(Buffer.from(x.data!.exportCountyReport.contentBase64, "base64").subarray(0, 2).toString()).toBe("PK");
    const csv = await s.gql(
      `query($y: Int!) { exportCountyReport(year: $y, format: CSV) { contentBase64 } }`,
      { y: YEAR },
      await token("wy-samr"),
    );
    expect(Buffer.from(csv.data!.exportCountyReport.contentBase64, "base64").toString()).toContain(
      "五原县卫生健康委员会",
    );
  });
});

describe("the joint item list is public", () => {
  it("anonymous visitors read it", async () => {
    const r = await s.gql(`{ jointItemList { industry item { name } department { name } } }`);
    expect(r.errors).toBeUndefined();
    expect(Array.isArray(r.data!.jointItemList)).toBe(true);
  });
});
