import { approvedCeremonyTask } from "../helpers/ceremony-task";
import { type GqlResponse, startTestServer, type TestServer } from "../helpers/harness";
import { type Contexts, launchContexts } from "./contexts";
import { goHash, signIn, toast } from "./workbench-ui";

/**
 * The draw ceremony's lock and witness steps in the browser (issues 11 and 13): the planner locks on the ceremony
 * screen; a supervisor releases that lock there, confirming with a reason that stays public; the planner locks
 * again; the witness opens the ceremony's link on their own device (a second browser context, phone-sized), signs
 * in as themselves, sees the task, the commitment and the lock digest the projector shows, and enters the entropy;
 * the operator's screen then draws and reveals the selection without anyone typing a password on it.
 */
let s: TestServer;
let b: Contexts;
let taskId: string;
const DRC = "五原县发展和改革委员会";

const ok = (r: GqlResponse, key: string): any => {
  if (r.errors) throw new Error(`${key}: ${JSON.stringify(r.errors)}`);
  return r.data![key];
};

beforeAll(async () => {
  s = await startTestServer({ poolSize: 6 });
  b = await launchContexts();
  ({ taskId } = await approvedCeremonyTask(s, { label: "摇号界面", codeOffset: 430_000, itemCode: "DRC-C01" }));
});
afterAll(async () => {
  await b?.close();
  await s?.close();
});

test("the planner locks on the ceremony screen; a supervisor releases the lock there, with a confirmation and a reason", async () => {
  const { page: planner } = await b.open("planner");
  await signIn(planner, s.url, DRC, "planner");
  await goHash(planner, `#/tasks/${taskId}/ceremony`);
  await planner.locator("[data-ceremony] [data-lock-panel]").waitFor();
  await planner.fill('input[name="immediateReason"]', "测试：锁定后当场摇号");
  await planner.click('[data-action="lock"]');
  await planner.locator("[data-ceremony] [data-lock-digest]").waitFor();
  const firstDigest = (await planner.locator("[data-lock-digest]").textContent())?.trim();
  // A planner cannot release a lock: the button is a supervisor's.
  expect(await planner.locator('[data-action="release-lock"]').count()).toBe(0);

  const { page: supervisor } = await b.open("supervisor");
  await signIn(supervisor, s.url, DRC, "supervisor");
  await goHash(supervisor, `#/tasks/${taskId}/ceremony`);
  await supervisor.locator('[data-action="release-lock"]').click();
  const dialog = supervisor.locator(".el-message-box");
  await dialog.waitFor();
  // Confirming without a reason is refused in the dialog itself.
  await dialog.locator(".el-message-box__btns .el-button--primary").click();
  await dialog.locator(".el-message-box__errormsg", { hasText: "必须说明理由" }).waitFor();
  await dialog.locator("input").fill("检查对象名录有误，需更正后重新锁定");
  await b.shot(supervisor, "workbench-40-release-lock");
  await dialog.locator(".el-message-box__btns .el-button--primary").click();
  await toast(supervisor, "已解除锁定");
  await supervisor.locator("[data-released-lock]", { hasText: "检查对象名录有误" }).waitFor();

  // The release is public with its reason, and the planner may lock again.
  const locks = ok(
    await s.gql(`query($id: ID!) { task(id: $id) { drawLocks { status lockDigest releaseReason } } }`, { id: taskId }),
    "task",
  ).drawLocks;
  expect(locks).toEqual([
    { status: "RELEASED", lockDigest: firstDigest, releaseReason: "检查对象名录有误，需更正后重新锁定" },
  ]);
  await planner.reload();
  await planner.locator("[data-ceremony] [data-lock-panel]").waitFor();
  await planner.locator("[data-released-lock]").waitFor();
  await planner.fill('input[name="immediateReason"]', "测试：更正后当场摇号");
  await planner.click('[data-action="lock"]');
  await planner.locator("[data-ceremony] [data-lock-digest]").waitFor();
  await planner.locator("[data-witness-invite] [data-witness-qr]").waitFor();
  // Only the next test's operator screen stays open (an open ceremony screen draws once the witness confirms).
  await planner.close();
  await supervisor.close();
});

test("the witness confirms on their own device, signed in as themselves; the operator's screen then reveals the draw", async () => {
  const { page: planner } = await b.open("operator");
  await signIn(planner, s.url, DRC, "planner");
  await goHash(planner, `#/tasks/${taskId}/ceremony`);
  await planner.locator("[data-witness-invite] [data-witness-link]").waitFor();
  const link = (await planner.locator("[data-witness-link]").getAttribute("href")) as string;
  expect(link).toBe(`${s.url}/workbench#/tasks/${taskId}/witness`);
  const projected = {
    commitment: (await planner.locator("[data-commitment]").textContent())?.trim(),
    lock: (await planner.locator("[data-lock-digest]").textContent())?.trim(),
  };
  await b.shot(planner, "workbench-41-ceremony-waiting-for-witness");

  // The witness's phone: a browser of its own, the link from the QR code, their own sign-in.
  const { page: phone } = await b.open("witness", { phone: true });
  await phone.goto(link);
  await phone.locator('[data-field="tenant"]').click();
  await phone.locator(".el-select-dropdown__item:visible", { hasText: DRC }).first().click();
  await phone.fill('input[name="username"]', "supervisor");
  await phone.fill('input[name="password"]', "jointcheck-demo");
  await phone.click("button.wb-signin-submit");
  await phone.locator("[data-witness-screen]").waitFor();
  expect((await phone.locator("[data-witness-task]").textContent())?.trim()).toBe("摇号界面测试任务");
  expect((await phone.locator("[data-witness-commitment]").textContent())?.trim()).toBe(projected.commitment);
  expect((await phone.locator("[data-witness-lock-digest]").textContent())?.trim()).toBe(projected.lock);
  await phone.fill('input[name="witnessEntropy"]', "2-6-5-1");
  await b.shot(phone, "workbench-42-witness-phone");
  await phone.click('[data-action="witness-confirm"]');
  await phone.locator("[data-witness-done]").waitFor();

  // The projector: no password was typed on it; the draw ran from the witness's confirmation.
  await planner.locator("[data-reveal]").waitFor({ timeout: 30_000 });
  expect((await planner.locator("[data-reveal] [data-entropy]").textContent())?.trim()).toBe("2-6-5-1");
  expect(await planner.locator("[data-reveal] [data-targets] .el-table__body tr").count()).toBe(3);
  await b.shot(planner, "workbench-43-ceremony-revealed");
  const draws = ok(
    await s.gql(
      `query($id: ID!) { task(id: $id) { draws { status record } } }`,
      { id: taskId },
      await s.login("wy-drc", "planner"),
    ),
    "task",
  ).draws;
  expect(draws).toHaveLength(1);
  expect(draws[0].status).toBe("VALID");
  expect(draws[0].record.witnesses).toEqual(["监督员（监督/审核人员）"]);
  await phone.click('[data-action="refresh"]');
  await phone.locator("[data-witness-done]").waitFor();
});

test("no page logged a console error or a CSP violation", () => {
  expect(b.problems).toEqual([]);
});
