import { Client } from "pg";
import { creditCodeCheckCharacter } from "../../src/domain/credit-code";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import { settle, subscribeFeed } from "../helpers/live-feed";

/** Background imports (导入任务): startImport returns at once; importJob and the dashboard feed report progress. */
let s: TestServer;
let admin: string;
const JOB =
  "id kind mode status phase rowsRead totalRows inserted updated rejected rejections { row column reason } error finishedAt";
const START = `mutation($i: ImportFileInput!) { startImport(input: $i) { ${JOB} } }`;
const GET = `query($id: ID!) { importJob(id: $id) { ${JOB} } }`;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login("wy-water", "admin");
});
afterAll(() => s.close());

/** `n` distinct subjects with valid credit codes (prefix keeps files of different tests apart). */
function subjectsCsv(n: number, prefix: string, extra: string[] = []): string {
  const rows = ["对象类型,名称,统一社会信用代码,风险等级,子库"];
  for (let i = 0; i < n; i++) {
    const first17 = `91150821${prefix}${String(i).padStart(9 - prefix.length, "0")}`;
    rows.push(`企业,五原县水务测试${prefix}-${i},${first17}${creditCodeCheckCharacter(first17)},B,水利工程`);
  }
  return Buffer.from(`${[...rows, ...extra].join("\n")}\n`).toString("base64");
}

async function finished(id: string, token = admin) {
  for (let i = 0; i < 200; i++) {
    const r = await s.gql(GET, { id }, token);
    expect(r.errors).toBeUndefined();
    if (r.data!.importJob.status !== "RUNNING") return r.data!.importJob;
    await settle(100);
  }
  throw new Error("import job did not finish");
}

test("startImport returns a RUNNING job at once; progress is visible while it runs; the result is recorded", async () => {
  const dashboard = subscribeFeed(s.ws(await s.login("wy-water", "supervisor")), "dashboard");
  await settle(100);
  const started = await s.gql(
    START,
    { i: { kind: "SUBJECTS", format: "CSV", contentBase64: subjectsCsv(25_000, "A") } },
    admin,
  );
  expect(started.errors).toBeUndefined();
  const job = started.data!.startImport;
  expect(job).toMatchObject({ kind: "SUBJECTS", mode: "ALL_OR_NOTHING", status: "RUNNING", rowsRead: 0 });

  const done = await finished(job.id);
  expect(done).toMatchObject({
    status: "SUCCEEDED",
    phase: null,
    rowsRead: 25_000,
    totalRows: 25_000,
    inserted: 25_000,
    updated: 0,
    rejected: 0,
    rejections: [],
    error: null,
  });
  expect(done.finishedAt).toEqual(expect.any(String));
  // Progress ticks on the department dashboard: at least the VALIDATE → MATCH → WRITE phases and the end.
  // The last progress event may trail the job's recorded end: wait for it rather than for a count.
  const events = await dashboard.waitForEvent(
    (e) => e.topic === "TASK_PROGRESS" && e.payload?.importJobId === job.id && e.payload?.status === "SUCCEEDED",
  );
  const mine = events.filter((e) => e.topic === "TASK_PROGRESS" && e.payload?.importJobId === job.id);
  expect(mine.map((e) => e.payload!.phase)).toEqual(expect.arrayContaining(["VALIDATE", "MATCH", "WRITE"]));
  expect(mine.at(-1)!.payload).toMatchObject({ status: "SUCCEEDED", inserted: 25_000 });
  const rowsSeen = mine.map((e) => e.payload!.rows_read).filter((n) => typeof n === "number");
  expect(rowsSeen).toEqual([...rowsSeen].sort((a, b) => a - b));
  dashboard.stop();

  const dir = await s.gql(`{ directoryEntries(filter: { search: "五原县水务测试A-24999" }) { total } }`, {}, admin);
  expect(dir.data!.directoryEntries.total).toBe(1);
});

test("a rejected all-or-nothing job writes nothing and keeps the rejections; other tenants cannot see the job", async () => {
  const file = subjectsCsv(50, "B", ["企业,五原县水务坏行,91150821MA0XXXXX00,B,", "外星企业,五原县水务怪行,,,"]);
  const started = await s.gql(START, { i: { kind: "SUBJECTS", format: "CSV", contentBase64: file } }, admin);
  const done = await finished(started.data!.startImport.id);
  expect(done).toMatchObject({ status: "REJECTED", totalRows: 52, inserted: 0, rejected: 2 });
  expect(done.rejections.map((r: any) => [r.row, r.column])).toEqual([
    [52, "统一社会信用代码"],
    [53, "对象类型"],
  ]);
  const none = await s.gql(`{ directoryEntries(filter: { search: "五原县水务测试B-" }) { total } }`, {}, admin);
  expect(none.data!.directoryEntries.total).toBe(0);

  const other = await s.gql(GET, { id: done.id }, await s.login("wy-fire", "admin"));
  expect(errorCode(other)).toBe("NOT_FOUND");
  const malformed = await s.gql(GET, { id: "not-a-uuid" }, admin);
  expect(errorCode(malformed)).toBe("BAD_USER_INPUT");
  const planner = await s.gql(GET, { id: done.id }, await s.login("wy-water", "planner"));
  expect(errorCode(planner)).toBe("FORBIDDEN");

  // Under RLS on the runtime role, another tenant's session sees no job rows at all.
  const db = new Client({ connectionString: s.db.appUrl });
  await db.connect();
  try {
    await db.query("BEGIN");
    const { rows: t } = await db.query("SELECT id FROM tenant WHERE code = 'wy-fire'");
    await db.query("SELECT set_config('app.tenant_id', $1, true)", [t[0].id]);
    expect((await db.query("SELECT count(*)::int AS n FROM import_job")).rows[0].n).toBe(0);
    await db.query("ROLLBACK");
  } finally {
    await db.end();
  }
});

test("an unreadable upload is rejected before a job exists; uploads above 1.4 MB are accepted", async () => {
  const broken = await s.gql(
    START,
    { i: { kind: "SUBJECTS", format: "XLSX", contentBase64: Buffer.from("not a workbook").toString("base64") } },
    admin,
  );
  expect(errorCode(broken)).toBe("BAD_USER_INPUT");
  // ~3 MB of CSV: over the former 2 MB body limit, well within the new one.
  const big = subjectsCsv(40_000, "C");
  expect(big.length).toBeGreaterThan(2_000_000);
  const r = await s.gql(
    `mutation($i: ImportFileInput!) { importFile(input: $i) { inserted committed } }`,
    { i: { kind: "SUBJECTS", format: "CSV", mode: "VALID_ROWS", contentBase64: big } },
    admin,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.importFile).toEqual({ inserted: 40_000, committed: true });
});
