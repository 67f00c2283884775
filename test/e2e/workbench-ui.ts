import type { Locator, Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../src/demo/departments";

/** Small steps a clerk takes on the workbench, in the browser (no API calls). */
export async function signIn(page: Page, base: string, department: string, username: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.locator('[data-field="tenant"]').click();
  await pickVisible(page, department);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await page.click("button.wb-signin-submit");
  await page.locator("[data-who]").waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.click("[data-signout]");
  await page.locator(".wb-signin").waitFor();
}

/** Clicks the option of the open Element Plus dropdown whose text is `text`. */
export async function pickVisible(page: Page, text: string): Promise<void> {
  await page.locator(".el-select-dropdown__item:visible", { hasText: text }).first().click();
}

/**
 * Opens a select (by a locator of the component) and picks an option. Waits for every dropdown to have closed
 * first and after: a dropdown still fading out holds the same options, and a click aimed at it waits forever.
 */
export async function choose(page: Page, select: Locator, text: string): Promise<void> {
  await dropdownsClosed(page);
  await select.click();
  await pickVisible(page, text);
  await page.keyboard.press("Escape");
  await dropdownsClosed(page);
}

async function dropdownsClosed(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>(".el-select__popper")].every(
      (p) => getComputedStyle(p).display === "none" || p.getClientRects().length === 0,
    ),
  );
}

/**
 * Waits for Element Plus's message toast with this text, then takes the toasts off the screen so that the next
 * step's wait cannot be satisfied by a message still fading out from this one.
 */
export async function toast(page: Page, text: string | RegExp): Promise<void> {
  await page.locator(".el-message", { hasText: text }).first().waitFor();
  await page.evaluate(() => {
    for (const m of document.querySelectorAll(".el-message")) m.remove();
  });
}

export async function goHash(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await page.waitForTimeout(300);
}

/** Types a date into an Element Plus date input (YYYY-MM-DD) and confirms it. */
export async function typeDate(_page: Page, input: Locator, date: string): Promise<void> {
  await input.click();
  await input.fill(date);
  await input.press("Enter");
}
