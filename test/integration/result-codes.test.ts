import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { seedEstimateTask } from "../helpers/estimate-fixture";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, transportsOf } from "../helpers/transports";

/**
 * Issue 14: the result code table maps 1:1 to the provincial platform's codes, the export feed carries them, and a
 * department adds a code of its own (已迁出) with its mapping — over both transports, against another department, the
 * anonymous public and the runtime role.
 */
let s: TestServer;
let transports: Transport[];
let rows: Array<{ result_id: string; subject_id: string }>;

beforeAll(async () => {
  s = await startTestServer();
  transports = transportsOf(s);
  const { taskId } = await seedEstimateTask(s.db.superuserUrl, {
    tenantCode: "wy-health",
    year: 2026,
    taskName: "结果代码",
    publicAfter: null,
    strata: [{ stratum: "全部", population: 6, subjects: [{ result: "APPROVED" }, { result: "APPROVED" }] }],
  });
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  rows = (
    await c.query(
      `SELECT r.id AS result_id, r.subject_id FROM inspection_result r JOIN assignment a ON a.id = r.assignment_id
        WHERE a.task_id = $1 ORDER BY r.id`,
      [taskId],
    )
  ).rows;
  await c.end();
});
afterAll(async () => {
  for (const t of transports) await t.close();
  await s.close();
});

const CODES = `{ resultCodes { code name problemFound provincialCode own } }`;
const ADD = `mutation($c: String!, $n: String!, $p: Boolean!, $pc: String!) {
  addResultCode(code: $c, name: $n, problemFound: $p, provincialCode: $pc) { code name provincialCode own } }`;
const MAP = `mutation($c: String!, $pc: String!) { mapResultCode(code: $c, provincialCode: $pc) { code provincialCode } }`;

describe("tenant result codes and the provincial mapping", () => {
  it.each(["http", "ws"])("the admin adds a code with its mapping; it is the department's own (%s)", async (name) => {
    const t = transports.find((x) => x.name === name)!;
    const admin = await s.login("wy-health", "admin");
    const code = name === "http" ? "MOVED_OUT" : "SUSPENDED";
    const label = name === "http" ? "已迁出" : "停业";
    const provincial = name === "http" ? "NM-21" : "NM-22";
    const added = await t.run(ADD, { c: code, n: label, p: false, pc: provincial }, admin);
    expect(added.errors).toBeUndefined();
    expect(added.data!.addResultCode.find((c: any) => c.code === code)).toEqual({
      code,
      name: label,
      provincialCode: provincial,
      own: true,
    });
    expect(added.data!.addResultCode.filter((c: any) => !c.own)).toHaveLength(10); // the shared table stays
    // Another department and the public do not get it; nobody can take the code again.
    const other = await t.run(CODES, {}, await s.login("wy-emerg", "admin"));
    expect(other.data!.resultCodes.map((c: any) => c.code)).not.toContain(code);
    expect((await t.run(CODES, {})).data!.resultCodes.map((c: any) => c.code)).not.toContain(code);
    expect(
      errorCode(await t.run(ADD, { c: code, n: "迁出", p: false, pc: "X1" }, await s.login("wy-emerg", "admin"))),
    ).toBe("CONFLICT");
    expect(errorCode(await t.run(MAP, { c: code, pc: "X1" }, await s.login("wy-emerg", "admin")))).toBe(
      "BAD_USER_INPUT",
    );
    expect(errorCode(await t.run(ADD, { c: "BAD CODE", n: "坏代码", p: false, pc: "X2" }, admin))).toBe(
      "BAD_USER_INPUT",
    );
    expect(errorCode(await t.run(ADD, { c: "UNIQUE_NAME", n: "未发现问题", p: false, pc: "X3" }, admin))).toBe(
      "CONFLICT",
    );
    expect(
      errorCode(
        await t.run(ADD, { c: "PLANNERS", n: "计划员的", p: false, pc: "X4" }, await s.login("wy-health", "planner")),
      ),
    ).toBe("FORBIDDEN");
    // 1:1: the provincial code already stands for the new code.
    expect(errorCode(await t.run(MAP, { c: "NO_PROBLEM", pc: provincial }, admin))).toBe("CONFLICT");
    expect((await t.run(MAP, { c: "NO_PROBLEM", pc: `NM-0${name.length}` }, admin)).errors).toBeUndefined();
  });

  it("published results carry the department's provincial code into the export feed; an own problem code writes credit", async () => {
    const admin = await s.login("wy-health", "admin");
    const added = await s.gql(ADD, { c: "UNLICENSED_MOVE", n: "擅自变更经营场所", p: true, pc: "NM-31" }, admin);
    expect(added.errors).toBeUndefined();
    await s.gql(MAP, { c: "NO_PROBLEM", pc: "NM-01" }, admin);
    const c = new Client({ connectionString: s.db.superuserUrl });
    await c.connect();
    await c.query(
      `UPDATE inspection_result SET category_code = 'UNLICENSED_MOVE', problems = '经营场所变更未报告' WHERE id = $1`,
      [rows[0].result_id],
    );
    await c.end();
    const supervisor = await s.login("wy-health", "supervisor");
    for (const r of rows) {
      const p = await s.gql(
        `mutation($id: ID!) { publishInspectionResult(id: $id) { status } }`,
        { id: r.result_id },
        supervisor,
      );
      expect(p.errors).toBeUndefined();
    }
    const feed = async (format: string) =>
      Buffer.from(
        (await s.gql(`{ exportPublishedResults(format: ${format}) { contentBase64 } }`)).data!.exportPublishedResults
          .contentBase64,
        "base64",
      ).toString();
    const json = JSON.parse(await feed("JSON"));
    const mine = json.records.filter((r: any) => rows.some((x) => x.result_id === r.resultId));
    expect(mine.map((r: any) => [r.categoryCode, r.categoryName, r.provincialCode]).sort()).toEqual([
      ["NO_PROBLEM", "未发现问题", "NM-01"],
      ["UNLICENSED_MOVE", "擅自变更经营场所", "NM-31"],
    ]);
    const csv = await feed("CSV");
    expect(csv.split("\n")[0]).toContain("省级平台结果代码");
    expect(csv).toContain("NM-31");
    const credit = await s.gql(`query($id: ID!) { creditRecords(subjectId: $id) { kind basis } }`, {
      id: rows[0].subject_id,
    });
    expect(credit.data!.creditRecords).toEqual([
      expect.objectContaining({ kind: "INSPECTION_PROBLEM", basis: expect.stringContaining("擅自变更经营场所") }),
    ]);
  });

  it("as the runtime role: a department cannot add codes for another, use another's code, or break 1:1", async () => {
    const c = new Client({ connectionString: s.db.appUrl });
    await c.connect();
    const id = async (code: string) => (await c.query(`SELECT id FROM tenant WHERE code = $1`, [code])).rows[0].id;
    const health = await id("wy-health");
    const emerg = await id("wy-emerg");
    const attempt = async (tenant: string, roles: string, sql: string, params: unknown[] = []) => {
      await c.query("BEGIN");
      await c.query(...transactionSettings(tenant, "", roles));
      try {
        await c.query(sql, params);
        return "ok";
      } catch (e) {
        return (e as Error).message;
      } finally {
        await c.query("ROLLBACK");
      }
    };
    try {
      expect(
        await attempt(
          emerg,
          "ADMIN",
          `INSERT INTO result_code (code, name, problem_found, sort_order, tenant_id) VALUES ('FAKE_X', '伪造', false, 1, $1)`,
          [health],
        ),
      ).toMatch(/row-level security/);
      expect(
        await attempt(
          emerg,
          "PLANNER",
          `INSERT INTO result_code (code, name, problem_found, sort_order, tenant_id) VALUES ('FAKE_Y', '伪造', false, 1, $1)`,
          [emerg],
        ),
      ).toMatch(/row-level security/);
      expect(
        await attempt(
          emerg,
          "ADMIN",
          `INSERT INTO result_code_mapping (tenant_id, code, provincial_code) VALUES ($1, 'MOVED_OUT', 'E1')`,
          [emerg],
        ),
      ).toMatch(/belongs to another department/);
      expect(
        await attempt(
          health,
          "ADMIN",
          `INSERT INTO result_code_mapping (tenant_id, code, provincial_code) VALUES ($1, 'OTHER', 'NM-21')`,
          [health],
        ),
      ).toMatch(/result_code_mapping_one_to_one/);
    } finally {
      await c.end();
    }
    // Even the owner's own writes: a result takes no other department's code.
    expect(
      (await s.gql(ADD, { c: "EMERG_ONLY", n: "应急专用", p: false, pc: "E-9" }, await s.login("wy-emerg", "admin")))
        .errors,
    ).toBeUndefined();
    const su = new Client({ connectionString: s.db.superuserUrl });
    await su.connect();
    try {
      await expect(
        su.query(`UPDATE inspection_result SET category_code = 'EMERG_ONLY' WHERE id = $1`, [rows[1].result_id]),
      ).rejects.toThrow(/belongs to another department/);
    } finally {
      await su.end();
    }
  });
});
