import { Client } from "pg";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";

/** The working-day calendar in the database: public reads, PLATFORM_ADMIN overrides, deadlines that move. */
let s: TestServer;

const ADD = `query($d: String!, $n: Int!, $r: String) { addWorkingDays(date: $d, days: $n, regionCode: $r) { date approximate } }`;
const YEAR = `query($y: Int!, $r: String) { workingCalendar(year: $y, regionCode: $r) { year covered provisional source days { date kind name overridden } } }`;
const SET = `mutation($i: CalendarDayInput!) { setCalendarDay(input: $i) { date kind name regionCode } }`;
const REMOVE = `mutation($d: String!, $r: String) { removeCalendarDay(date: $d, regionCode: $r) { date } }`;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe("public reads", () => {
  test("workingCalendar lists Spring Festival days off and make-up workdays; 2027 is provisional", async () => {
    const r = await s.gql(YEAR, { y: 2026 });
    const y = r.data!.workingCalendar;
    expect(y).toMatchObject({ year: 2026, covered: true, provisional: false });
    expect(y.source).toContain("2026");
    expect(y.days).toContainEqual({ date: "2026-02-17", kind: "DAY_OFF", name: "春节", overridden: false });
    expect(y.days.some((d: { kind: string; name: string }) => d.kind === "WORKDAY" && d.name.includes("春节"))).toBe(
      true,
    );
    expect((await s.gql(YEAR, { y: 2027 })).data!.workingCalendar).toMatchObject({ covered: true, provisional: true });
    expect((await s.gql(YEAR, { y: 2031 })).data!.workingCalendar).toMatchObject({ covered: false, days: [] });
  });

  test("addWorkingDays skips National Day and counts its 调休 Saturday", async () => {
    // 2025: Oct 1–8 off, Sat Oct 11 worked. Sep 30 + 1 → Oct 9; Oct 10 + 1 → Sat Oct 11.
    expect((await s.gql(ADD, { d: "2025-09-30", n: 1 })).data!.addWorkingDays).toEqual({
      date: "2025-10-09",
      approximate: false,
    });
    expect((await s.gql(ADD, { d: "2025-10-10", n: 1 })).data!.addWorkingDays.date).toBe("2025-10-11");
    expect((await s.gql(ADD, { d: "2030-06-03", n: 1 })).data!.addWorkingDays.approximate).toBe(true);
  });

  test("bad dates and numbers are BAD_USER_INPUT", async () => {
    for (const [d, n] of [
      ["2026-02-30", 1],
      ["tomorrow", 1],
      ["2026-03-04", -1],
      ["2026-03-04", 100000],
    ] as const)
      expect([d, n, errorCode(await s.gql(ADD, { d, n }))]).toEqual([d, n, "BAD_USER_INPUT"]);
    expect(errorCode(await s.gql(ADD, { d: "2026-03-04", n: 1, r: "15082" }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await s.gql(YEAR, { y: 1800 }))).toBe("BAD_USER_INPUT");
  });
});

describe("PLATFORM_ADMIN overrides", () => {
  test("a local day off moves a deadline computed across it, for that region only, and is audited", async () => {
    const root = await s.login("platform", "root");
    const samr = await s.login("wy-samr", "admin");
    // Wed 2026-03-04 + 2 working days = Fri 03-06.
    expect((await s.gql(ADD, { d: "2026-03-04", n: 2 }, samr)).data!.addWorkingDays.date).toBe("2026-03-06");

    const set = await s.gql(
      SET,
      { i: { date: "2026-03-05", kind: "DAY_OFF", name: "地方性假日", regionCode: "150821" } },
      root,
    );
    expect(set.data!.setCalendarDay).toEqual({
      date: "2026-03-05",
      kind: "DAY_OFF",
      name: "地方性假日",
      regionCode: "150821",
    });

    // wy-samr is in 150821: its default calendar moves; the national view and another county do not.
    expect((await s.gql(ADD, { d: "2026-03-04", n: 2 }, samr)).data!.addWorkingDays.date).toBe("2026-03-09");
    expect((await s.gql(ADD, { d: "2026-03-04", n: 2, r: "150821" })).data!.addWorkingDays.date).toBe("2026-03-09");
    expect((await s.gql(ADD, { d: "2026-03-04", n: 2 })).data!.addWorkingDays.date).toBe("2026-03-06");
    expect((await s.gql(ADD, { d: "2026-03-04", n: 2, r: "150802" })).data!.addWorkingDays.date).toBe("2026-03-06");
    expect((await s.gql(YEAR, { y: 2026, r: "150821" })).data!.workingCalendar.days).toContainEqual({
      date: "2026-03-05",
      kind: "DAY_OFF",
      name: "地方性假日",
      overridden: true,
    });

    const trail = await s.gql(
      `{ auditEvents(filter: { entityType: "calendar_day_override" }) { items { action actor summary } } }`,
      {},
      root,
    );
    expect(trail.data!.auditEvents.items).toEqual([
      expect.objectContaining({ action: "calendar_day.create", summary: expect.stringContaining("2026-03-05") }),
    ]);

    expect((await s.gql(REMOVE, { d: "2026-03-05", r: "150821" }, root)).data!.removeCalendarDay.date).toBe(
      "2026-03-05",
    );
    expect((await s.gql(ADD, { d: "2026-03-04", n: 2 }, samr)).data!.addWorkingDays.date).toBe("2026-03-06");
    expect(errorCode(await s.gql(REMOVE, { d: "2026-03-05", r: "150821" }, root))).toBe("NOT_FOUND");
  });

  test("a national make-up workday on a Saturday counts as a working day", async () => {
    const root = await s.login("platform", "root");
    // Fri 2026-06-05 + 1 → Mon 06-08; with Sat 06-06 worked → 06-06.
    await s.gql(SET, { i: { date: "2026-06-06", kind: "WORKDAY", name: "防汛调休" } }, root);
    expect((await s.gql(ADD, { d: "2026-06-05", n: 1 })).data!.addWorkingDays.date).toBe("2026-06-06");
    // Setting it again replaces the entry (one per date and region).
    const again = await s.gql(SET, { i: { date: "2026-06-06", kind: "DAY_OFF", name: "恢复休息" } }, root);
    expect(again.data!.setCalendarDay.kind).toBe("DAY_OFF");
    expect((await s.gql(ADD, { d: "2026-06-05", n: 1 })).data!.addWorkingDays.date).toBe("2026-06-08");
  });

  test("non-admins are FORBIDDEN, anonymous callers UNAUTHENTICATED", async () => {
    const i = { date: "2026-03-05", kind: "DAY_OFF", name: "地方性假日" };
    expect(errorCode(await s.gql(SET, { i }, await s.login("wy-samr", "admin")))).toBe("FORBIDDEN");
    expect(errorCode(await s.gql(SET, { i }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await s.gql(REMOVE, { d: "2026-06-06" }, await s.login("wy-samr", "supervisor")))).toBe(
      "FORBIDDEN",
    );
  });

  test("bad input is BAD_USER_INPUT", async () => {
    const root = await s.login("platform", "root");
    for (const i of [
      { date: "2026-02-30", kind: "DAY_OFF", name: "无效" },
      { date: "2026/03/05", kind: "DAY_OFF", name: "格式" },
      { date: "1999-03-05", kind: "DAY_OFF", name: "过早" },
      { date: "2026-03-05", kind: "DAY_OFF", name: "" },
      { date: "2026-03-05", kind: "DAY_OFF", name: "区划", regionCode: "15" },
      { date: "2026-03-04", kind: "WORKDAY", name: "本来就上班" },
    ])
      expect([i, errorCode(await s.gql(SET, { i }, root))]).toEqual([i, "BAD_USER_INPUT"]);
    expect(errorCode(await s.gql(REMOVE, { d: "2026-13-01" }, root))).toBe("BAD_USER_INPUT");
  });

  test("RLS: the runtime role may write overrides only with the PLATFORM_ADMIN role set", async () => {
    const rootId = (await s.gql(`{ me { id } }`, {}, await s.login("platform", "root"))).data!.me.id;
    const insert = `INSERT INTO calendar_day_override (date, kind, name, created_by) VALUES ('2026-09-09', 'DAY_OFF', '测试', $1)`;
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    try {
      for (const [roles, allowed] of [
        ["ADMIN,SUPERVISOR", false],
        ["", false],
        ["PLATFORM_ADMIN", true],
      ] as const) {
        await c.query("BEGIN");
        await c.query("SELECT set_config('app.roles', $1, true)", [roles]);
        if (allowed) await expect(c.query(insert, [rootId])).resolves.toMatchObject({ rowCount: 1 });
        else await expect(c.query(insert, [rootId])).rejects.toMatchObject({ code: "42501" });
        await c.query("ROLLBACK");
      }
      // Everyone can read.
      expect((await c.query("SELECT count(*)::int AS n FROM calendar_day_override")).rows[0].n).toBeGreaterThanOrEqual(
        1,
      );
    } finally {
      await c.end();
    }
  });
});
