import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { ARTIFACTS } from "./browser";

/**
 * Several independent browser contexts (separate storage, separate network state), as when a planner, a witness
 * on their own device, an inspector on a phone and an anonymous visitor use the workbench at the same time.
 * Console errors and page errors (CSP violations among them) of every page are collected in `problems`.
 */
export interface Contexts {
  open(
    name: string,
    options?: { phone?: boolean; timezoneId?: string },
  ): Promise<{ context: BrowserContext; page: Page }>;
  problems: string[];
  shot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export const PHONE = { width: 375, height: 812 };

export async function launchContexts(): Promise<Contexts> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser: Browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
  });
  const problems: string[] = [];
  const watch = (name: string, page: Page) => {
    page.on("console", (m) => {
      // A request the test made fail on purpose (offline) is not a page problem.
      if (m.type() === "error" && !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(m.text()))
        problems.push(`${name} ${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`${name} ${page.url()}: ${e.message}`));
  };
  return {
    problems,
    async open(name, options = {}) {
      const context = await browser.newContext({
        viewport: options.phone ? PHONE : { width: 1366, height: 900 },
        isMobile: options.phone,
        hasTouch: options.phone,
        deviceScaleFactor: 1,
        locale: "zh-CN",
        // Beijing unless a test asks for another zone (a browser abroad or on UTC must still show Beijing time).
        timezoneId: options.timezoneId ?? "Asia/Shanghai",
      });
      context.on("page", (p) => watch(name, p));
      const page = await context.newPage();
      return { context, page };
    },
    async shot(page, name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => browser.close(),
  };
}
