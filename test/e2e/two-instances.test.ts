import { createClient } from "graphql-ws";
import type { Page } from "playwright-core";
import WebSocket from "ws";
import { DEMO_PASSWORD } from "../../src/demo/departments";
import { runDemoWalkthrough } from "../../src/demo/walkthrough";
import { createLogger } from "../../src/logger";
import { type ChildServer, startChildServer } from "../helpers/child-server";
import { startTestServer, type TestServer } from "../helpers/harness";
import { type Browser, launchBrowser } from "./browser";

/**
 * Issue 7's "done when": a supervisor's dashboard and the public page (browsers) and an inspector's graphql-ws
 * client, all connected to instance B, update live while a planner draws and inspectors record and publish
 * through instance A (PUBSUB=postgres; B is its own OS process).
 */
let a: TestServer;
let b: ChildServer;
let browser: Browser;
const events: Array<{ topic: string; payload: { change?: string } }> = [];
let disposeInspector: (() => void) | undefined;

beforeAll(async () => {
  a = await startTestServer({ pubsub: "postgres", poolSize: 6 });
  b = await startChildServer({
    DATABASE_URL: a.db.ownerUrl,
    APP_DATABASE_URL: a.db.appUrl,
    JWT_SECRET: a.config.jwtSecret,
    PUBSUB: "postgres",
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  disposeInspector?.();
  await browser?.close();
  await b?.stop();
  await a?.close();
});

async function signIn(page: Page, username: string) {
  await page.goto(`${b.url}/dashboard`);
  await page.fill('input[name="tenantCode"]', "wy-drc");
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await page.click('button[type="submit"]');
}

test("pages and an inspector's client on instance B follow a draw, an inspection and a publication made on A", async () => {
  const dashboard = await browser.page();
  await signIn(dashboard, "supervisor");
  await dashboard.locator('#link[data-state="connected"]').waitFor();
  const publicPage = await browser.page();
  await publicPage.goto(`${b.url}/public`);
  await publicPage.locator('#public-link[data-state="connected"]').waitFor();

  const token = await a.login("wy-drc", "inspector1");
  const inspector = createClient({
    url: `${b.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  await new Promise<void>((resolve, reject) => {
    disposeInspector = inspector.subscribe<{ myAssignments: { topic: string; payload: { change?: string } } }>(
      { query: `subscription { myAssignments { topic payload } }` },
      { next: (v) => v.data && events.push(v.data.myAssignments), error: reject, complete: () => undefined },
    );
    setTimeout(resolve, 300); // let the subscription register on B
  });
  for (const p of [dashboard, publicPage]) await p.evaluate(() => Object.assign(window, { __noReload: 1 }));

  // Everything below goes through instance A: plan, witnessed draw, inspection, review, publication.
  await runDemoWalkthrough(a.url, a.db.ownerUrl, createLogger("error"));

  await dashboard.waitForFunction(
    () => document.querySelector('[data-counter="assigned"] .value')?.textContent === "2",
    null,
    { timeout: 30_000 },
  );
  // The walkthrough publishes two results: the clean one and the one with a problem it then transfers.
  await dashboard.waitForFunction(
    () => document.querySelector('[data-counter="published"] .value')?.textContent === "2",
    null,
    { timeout: 30_000 },
  );
  await publicPage.locator("#public-feed li[data-cursor]").first().waitFor({ timeout: 30_000 });
  for (const p of [dashboard, publicPage])
    expect(await p.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
  await browser.shot(dashboard, "two-instances-dashboard");
  await browser.shot(publicPage, "two-instances-public");
  const deadline = Date.now() + 30_000;
  while (!events.some((e) => e.payload.change === "ASSIGNED") && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  expect(events.filter((e) => e.topic === "ASSIGNMENT" && e.payload.change === "ASSIGNED").length).toBeGreaterThan(0);
});
