import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { formatChinaTimestamp } from "../../src/time";
import { approvedCeremonyTask } from "../helpers/ceremony-task";
import { type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { type Contexts, launchContexts } from "./contexts";
import { goHash, signIn } from "./workbench-ui";

/**
 * A witness from the region's designated supervision body (纪委监委) in the browser (issue 11): they open the
 * ceremony's witness link in a browser of their own, sign in to the workbench as a user of their own body, see the
 * task, the commitment and the lock digest the operator's screen shows, and enter the entropy; the operator's screen
 * draws and reveals, and the record names them with their body. A 纪委 witness deactivated after confirming stops the
 * draw on the operator's screen with a message that says what to do (DRAW_WITNESS_LAPSED), and nothing is drawn.
 * Then issue 11's Done-when to its end: a recusal is substituted (递补), and an anonymous visitor opens the record on
 * /public, sees it verify in the browser with the 递补 in it, downloads it and verifies it with `verify-draw`.
 */
let s: TestServer;
let b: Contexts;
let taskId: string;
const DRC = "五原县发展和改革委员会";
const JW = "五原县纪委监委";
const PASSWORD = "jointcheck-demo";
const LAPSING_PASSWORD = "witness-test-password-42";

const ok = (r: GqlResponse, key: string): any => {
  if (r.errors) throw new Error(`${key}: ${JSON.stringify(r.errors)}`);
  return r.data![key];
};

const lock = async (reason: string) =>
  ok(
    await s.gql(
      `mutation($id: ID!, $r: String!) { lockDraw(taskId: $id, immediateReason: $r) { id } }`,
      { id: taskId, r: reason },
      await s.login("wy-drc", "planner"),
    ),
    "lockDraw",
  );

const drawsOfTask = async () =>
  ok(
    await s.gql(
      `query($id: ID!) { task(id: $id) { draws { id status record lockDigest assignments { id memberIds } } } }`,
      { id: taskId },
      await s.login("wy-drc", "planner"),
    ),
    "task",
  ).draws as Array<{
    id: string;
    status: string;
    record: any;
    lockDigest: string;
    assignments: Array<{ id: string; memberIds: string[] }>;
  }>;

/** The witness's own browser: the link from the ceremony screen, their own sign-in (a 纪委 user), the confirmation. */
async function witnessConfirms(username: string, password: string, entropy: string, projected?: Record<string, any>) {
  const { page: phone } = await b.open(`witness-${username}`, { phone: true });
  await phone.goto(`${s.url}/workbench#/tasks/${taskId}/witness`);
  await phone.locator('[data-field="tenant"]').click();
  await phone.locator(".el-select-dropdown__item:visible", { hasText: JW }).first().click();
  await phone.fill('input[name="username"]', username);
  await phone.fill('input[name="password"]', password);
  await phone.click("button.wb-signin-submit");
  await phone.locator("[data-witness-screen]").waitFor();
  expect((await phone.locator("[data-witness-task]").textContent())?.trim()).toBe("纪委监督摇号界面测试任务");
  expect(await phone.locator(".wb-witness .wb-muted").first().textContent()).toContain(JW);
  if (projected) {
    expect((await phone.locator("[data-witness-commitment]").textContent())?.trim()).toBe(projected.commitment);
    expect((await phone.locator("[data-witness-lock-digest]").textContent())?.trim()).toBe(projected.lock);
  }
  await phone.fill('input[name="witnessEntropy"]', entropy);
  await phone.click('[data-action="witness-confirm"]');
  await phone.locator("[data-witness-done]").waitFor();
  return phone;
}

beforeAll(async () => {
  s = await startTestServer({ poolSize: 6 });
  b = await launchContexts();
  ({ taskId } = await approvedCeremonyTask(s, { label: "纪委监督摇号界面", codeOffset: 450_000, itemCode: "DRC-O01" }));
});
afterAll(async () => {
  await b?.close();
  await s?.close();
});

test("a 纪委 witness deactivated after confirming: the operator's screen refuses the draw, says what to do, draws nothing", async () => {
  const jwAdmin = await s.login("wy-jw", "admin");
  const lapsing = ok(
    await s.gql(
      `mutation($i: NewUserInput!) { createUser(input: $i) { id } }`,
      {
        i: { username: "jw-lapsing", displayName: "纪委测试监督员", password: LAPSING_PASSWORD, roles: ["SUPERVISOR"] },
      },
      jwAdmin,
    ),
    "createUser",
  ).id;
  await lock("测试：锁定后当场摇号");
  const phone = await witnessConfirms("jw-lapsing", LAPSING_PASSWORD, "4-4-1");
  await phone.close();
  ok(
    await s.gql(
      `mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { active } }`,
      { id: lapsing },
      jwAdmin,
    ),
    "updateUser",
  );

  // The operator opens the ceremony: the confirmation is there, the draw runs, and the server refuses it.
  const { page: planner } = await b.open("operator-lapsed");
  await signIn(planner, s.url, DRC, "planner");
  await goHash(planner, `#/tasks/${taskId}/ceremony`);
  const error = planner.locator("[data-ceremony] [data-error]");
  await error.waitFor({ timeout: 30_000 });
  const text = (await error.textContent()) ?? "";
  expect(text).toContain("纪委测试监督员（五原县纪委监委）");
  expect(text).toContain("不再具备监督资格");
  expect(text).toContain("解除本次锁定");
  await b.shot(planner, "workbench-44-ceremony-witness-lapsed");
  expect(await planner.locator("[data-reveal]").count()).toBe(0);
  expect(await drawsOfTask()).toEqual([]);
  await planner.close();

  // What the message says: a supervisor releases the lock with a reason; the planner locks again.
  ok(
    await s.gql(
      `mutation($t: ID!, $r: String!) { releaseDrawLock(taskId: $t, reason: $r) { status } }`,
      { t: taskId, r: "现场监督人已停用，更换监督人" },
      await s.login("wy-drc", "supervisor"),
    ),
    "releaseDrawLock",
  );
});

test("the 纪委 supervisor witnesses from their own signed-in browser; the operator's screen reveals the draw", async () => {
  await lock("测试：更换监督人后当场摇号");
  const { page: planner } = await b.open("operator");
  await signIn(planner, s.url, DRC, "planner");
  await goHash(planner, `#/tasks/${taskId}/ceremony`);
  await planner.locator("[data-witness-invite] [data-witness-link]").waitFor();
  const projected = {
    commitment: (await planner.locator("[data-commitment]").textContent())?.trim(),
    lock: (await planner.locator("[data-lock-digest]").textContent())?.trim(),
  };
  const phone = await witnessConfirms("supervisor", PASSWORD, "6-1-3", projected);
  await b.shot(phone, "workbench-45-outside-witness-phone");

  await planner.locator("[data-reveal]").waitFor({ timeout: 30_000 });
  expect((await planner.locator("[data-reveal] [data-entropy]").textContent())?.trim()).toBe("6-1-3");
  expect(await planner.locator("[data-reveal] [data-targets] .el-table__body tr").count()).toBe(3);
  await b.shot(planner, "workbench-46-ceremony-outside-witness-revealed");
  const draws = await drawsOfTask();
  expect(draws).toHaveLength(1);
  expect(draws[0].status).toBe("VALID");
  expect(draws[0].record.witnesses).toEqual(["纪检监察员（五原县纪委监委）"]);
  // The witness's screen, refreshed, says the draw is done.
  await phone.click('[data-action="refresh"]');
  await phone.locator("[data-witness-done]").waitFor();
});

test("a 递补 after the draw: an anonymous visitor verifies the current record on /public and with verify-draw", async () => {
  const [drawn] = await drawsOfTask();
  const [a] = drawn.assignments;
  const recused = ok(
    await s.gql(
      `mutation($i: RecusalInput!) { recuseInspector(input: $i) { substituteId } }`,
      {
        i: {
          assignmentId: a.id,
          inspectorId: a.memberIds[0],
          reason: "SELF_DECLARED",
          note: "与检查对象负责人系亲属",
          requestedBy: "本人",
        },
      },
      await s.login("wy-drc", "supervisor"),
    ),
    "recuseInspector",
  );
  expect(a.memberIds).not.toContain(recused.substituteId);
  const [current] = await drawsOfTask();
  const latest = current.record.substitutions.at(-1).digest as string;
  expect(current.record.substitutions).toHaveLength(1);

  // The anonymous public: no sign-in, a browser of its own — set to UTC, and it still reads Beijing time.
  const { page } = await b.open("public-visitor", { timezoneId: "UTC" });
  await page.goto(`${s.url}/public#draw=${drawn.id}`);
  await page.locator('[data-verdict="browser"]').waitFor();
  expect(await page.locator('[data-verdict="browser"]').textContent()).toContain("验证通过");
  expect(await page.locator('[data-verdict="server"]').textContent()).toContain("验证通过");
  expect(await page.locator('[data-substitutions="1"] li').textContent()).toContain("与检查对象负责人系亲属");
  expect(await page.locator(".kvs").textContent()).toContain(latest);
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe("UTC");
  expect(await page.locator(".kvs .kv", { hasText: "抽取时间" }).locator("dd").textContent()).toBe(
    formatChinaTimestamp(drawn.record.drawnAt),
  );
  await b.shot(page, "workbench-47-public-record-with-substitution");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("a[download]")]);
  const saved = (await download.path()) as string;
  const record = JSON.parse(readFileSync(saved, "utf8"));
  expect(record.substitutions.map((x: any) => x.substitute)).toEqual([recused.substituteId]);
  const root = path.resolve(__dirname, "../..");
  const cli = (...args: string[]) =>
    promisify(execFile)("node", ["-r", "./scripts/register.cjs", "src/cli/verify-draw.ts", ...args], { cwd: root })
      .then((o) => ({ code: 0, out: o.stdout }))
      .catch((e) => ({ code: e.code as number, out: String(e.stdout) }));
  const published = ["--commitment", record.commitment, "--lock", drawn.lockDigest, "--digest", latest];
  expect(await cli(saved, ...published)).toEqual({ code: 0, out: "VALID\n" });
  // The record as it was before the 递补 is not the current one: the published latest digest says so.
  expect(await cli(saved, "--digest", record.sealDigest)).toMatchObject({
    code: 1,
    out: expect.stringMatching(/^INVALID/),
  });
  await page.close();
});

test("no page logged a console error or a CSP violation", () => {
  expect(b.problems).toEqual([]);
});
