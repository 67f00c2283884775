import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Screenshots and other artifacts of the browser tests (git-ignored). */
export const ARTIFACTS = path.resolve(__dirname, "../../test-artifacts/web");

export interface Browser {
  context: BrowserContext;
  /** A new tab; console errors and page errors (e.g. CSP violations) are collected in `problems`. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  problems: string[];
  shot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** Debian's chromium, headless, in a fresh profile (see .ci/run, which installs it when missing). */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), "jc-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  const problems: string[] = [];
  return {
    context,
    problems,
    async page(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`${page.url()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
      return page;
    },
    async shot(page, name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Navigation timing of the page's last load (ms from navigation start). */
export async function loadTiming(page: Page): Promise<{ domContentLoaded: number; load: number }> {
  await page.waitForFunction(() => {
    const [n] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    return n && n.loadEventEnd > 0;
  });
  return page.evaluate(() => {
    const [n] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    return { domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) };
  });
}

/** No horizontal scrolling: the document is no wider than the viewport. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
