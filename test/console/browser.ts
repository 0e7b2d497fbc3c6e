import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { patience, pollUntil } from '../support/poll';
import { chromium, type BrowserContext, type Locator } from 'playwright-core';

/**
 * Browser tests drive Debian's Chromium through playwright-core (no browser download: `.ci/run`
 * installs the `chromium` package where it is missing). Outside CI, a machine without Chromium
 * skips them with the reason; under CI=true they must run, so a missing or broken browser fails.
 */
const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export const chromiumPath = CANDIDATES.find((p): p is string => !!p && existsSync(p)) ?? null;

const inCi = (): boolean => {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && !['', '0', 'false'].includes(ci);
};

export function describeBrowser(name: string, fn: () => void): void {
  if (chromiumPath || inCi()) {
    describe(name, fn);
    return;
  }
  process.stderr.write(
    `Skipping "${name}": no Chromium at ${CANDIDATES.filter(Boolean).join(', ')} ` +
      `(apt-get install -y chromium, or set CHROMIUM_PATH)\n`,
  );
  describe.skip(name, fn);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, no network but this machine's, and no background traffic. */
export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath)
    throw new Error(
      `CI is set but no Chromium was found (${CANDIDATES.filter(Boolean).join(', ')}): .ci/run installs Debian's chromium`,
    );
  const profile = mkdtempSync(path.join(tmpdir(), 'joinery-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    timeout: patience(120_000),
    viewport: { width: 1360, height: 860 },
    deviceScaleFactor: 1,
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
  // Each browser action (click, wait for an element) may take this long on a busy machine.
  context.setDefaultTimeout(patience(30_000));
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the locator matches `count` elements. */
export async function expectCount(locator: Locator, count: number, timeoutMs = 30_000): Promise<void> {
  await pollUntil(
    `${count} elements for ${String(locator)}`,
    () => locator.count(),
    (n) => n === count,
    timeoutMs,
    50,
  );
}

/**
 * Screenshots for the docs, only when CONSOLE_SCREENSHOTS names a folder (npm run
 * console:screenshots writes docs/console): ordinary test runs leave the repository untouched.
 */
export function screenshotPath(name: string): string | null {
  const dir = process.env.CONSOLE_SCREENSHOTS;
  if (!dir) return null;
  const absolute = path.resolve(__dirname, '../..', dir);
  mkdirSync(absolute, { recursive: true });
  return path.join(absolute, name);
}
