import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { type Browser, chromium, type Page } from 'playwright-core';

/** Path of Debian's Chromium, which `.ci/run` installs. CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The reason to skip a browser test when Chromium is not installed, else
 * false. With VIGIL_REQUIRE_SYSTEM_TOOLS=1, as in CI, the tests run and fail
 * instead.
 */
export const SKIP_WITHOUT_CHROMIUM =
  !existsSync(CHROMIUM_PATH) &&
  process.env.VIGIL_REQUIRE_SYSTEM_TOOLS !== '1' &&
  `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package or set CHROMIUM_PATH`;

/** Where browser tests save their screenshots. */
export const SCREENSHOT_DIR = new URL('../../test-output/screenshots/', import.meta.url).pathname;

export interface TestBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium without the background connections it would
 * otherwise try to make to outside hosts. Playwright gives each launch a
 * fresh, temporary profile.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** Saves a full-page screenshot as `<name>.png` under SCREENSHOT_DIR. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
