import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { ServiceProcess, startService } from '../support/service-process';
import { Browser, describeBrowser, expectCount, launchBrowser, screenshotPath } from './browser';
import { patience } from '../support/poll';

// A browser on a busy machine: each test drives several pages, each step allowed patience(30 s).
jest.setTimeout(patience(180_000));

const ADMIN_KEY = 'console-test-admin-key-0123456789';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Body = Record<string, any>;
// The test person matcher with name and email marked as personal data (masked for readers).
const PII_MATCHER = PERSON_MATCHER.replace(
  'name: { normalizers: [person_name] }',
  'name: { normalizers: [person_name], pii: true }',
).replace('email: { normalizers: [email] }', 'email: { normalizers: [email], pii: true }');

/**
 * Pairs with the same name and birth date but different emails and national ids score in the
 * review band of PERSON_MATCHER (p ≈ 0.88): each pair becomes one review item.
 */
const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson'];
const pairEvents = (n: number) =>
  ['crm', 'billing'].map((domain) => ({
    eventId: `console-${domain}-${n}`,
    domain,
    entityType: 'person',
    sourceId: `${domain === 'crm' ? 'C' : 'B'}-${n}`,
    op: 'upsert',
    occurredAt: new Date().toISOString(),
    attributes: {
      name: PEOPLE[n - 1],
      dob: `19${10 + n}-0${n}-1${n}`,
      email: `${PEOPLE[n - 1].split(' ')[0].toLowerCase()}@${domain}.example`,
      ssn: `${domain === 'crm' ? 1 : 9}00${n}`,
    },
  }));

/**
 * The steward console in a real browser against the real service (a child process of the current
 * build, on a fresh database, with records ingested over REST): sign-in and its failures, the
 * queue cleared with the keyboard, the golden entity that results, the manual split, search and
 * audit, and what a reader key may see.
 */
describeBrowser('steward console (browser)', () => {
  let db: TestDatabase;
  let service: ServiceProcess | undefined;
  let browser: Browser | undefined;
  let consoleDir: string;
  let base: string;
  const keys: Record<string, string> = {};

  const api = async (method: string, url: string, body?: unknown, key = ADMIN_KEY) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Body };
  };
  const goldenOf = async (domain: string, sourceId: string): Promise<string> =>
    (await api('GET', `/v1/xref/person/${domain}/${sourceId}`)).body.goldenId as string;

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(`${base}/console/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.app-header .role').waitFor();
  }

  beforeAll(async () => {
    // First: under CI, a missing or broken browser fails here, before anything else is started.
    browser = await launchBrowser();
    // The console as the current sources build it, served by the service from CONSOLE_DIR.
    consoleDir = mkdtempSync(path.join(tmpdir(), 'joinery-console-'));
    execFileSync(process.execPath, [
      path.resolve(__dirname, '../../console/build.mjs'),
      '--outdir',
      consoleDir,
    ]);
    db = await createTestDatabase();
    service = await startService({
      DATABASE_URL: db.url,
      MATCHERS_DIR: writeMatchersDir({ person: PII_MATCHER }),
      ADMIN_API_KEY: ADMIN_KEY,
      CONSOLE_DIR: consoleDir,
    });
    base = `http://127.0.0.1:${service.port}`;
    for (const role of ['steward', 'reader']) {
      const created = await api('POST', '/v1/admin/keys', { name: `console-${role}`, role });
      expect(created.status).toBe(201);
      keys[role] = created.body.key as string;
    }
    // Pair 1 first, so that it is the oldest item (the queue's default order).
    for (const events of [pairEvents(1), [2, 3, 4].flatMap(pairEvents)]) {
      const ingested = await api('POST', '/v1/events', { events });
      expect(ingested.body.summary).toMatchObject({ applied: events.length, rejected: 0 });
    }
  }, patience(180_000));

  afterAll(async () => {
    await browser?.close();
    await service?.kill('SIGKILL');
    await db?.drop();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
  });

  it('is served without a key, under a strict content security policy', async () => {
    const bare = await fetch(`${base}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/');
    const page = await fetch(`${base}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).not.toMatch(/https?:\/\//);
    expect((await fetch(`${base}/console/app.js`)).status).toBe(200);
    const missing = await fetch(`${base}/console/nothing.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'COMMON.NOT_FOUND' });
  });

  it("refuses an unknown key and shows the API's code and message", async () => {
    const page = await browser!.context.newPage();
    await page.goto(`${base}/console/`);
    await page.getByLabel('API key').fill('jk_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('.error-code').textContent()).toBe('AUTH.UNAUTHENTICATED');
    expect(await alert.textContent()).toContain('unknown or revoked API key');
    await page.close();
  });

  it("pages the queue with the API's cursor and sorts it by score", async () => {
    const page = await browser!.context.newPage();
    await signIn(page, keys.steward);
    await page.goto(`${base}/console/#/queue?limit=3`);
    const rows = page.locator('.queue-list tbody tr');
    await expectCount(rows, 3);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expectCount(rows, 4);
    await expectCount(page.getByRole('button', { name: 'Load more' }), 0);
    await page.getByLabel('Sort by').selectOption('score');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/sort=score/);
    await expectCount(rows, 3);

    // Single-key shortcuts can be turned off: the first ↓ is ignored, the second (on again) moves.
    const shortcuts = page.getByLabel('single-key shortcuts');
    await shortcuts.uncheck();
    await page.keyboard.press('ArrowDown');
    await shortcuts.check();
    // Keys typed into the checkbox are not shortcuts: leave it.
    await page.evaluate('document.activeElement.blur()');
    await page.keyboard.press('ArrowDown');
    await page
      .locator(`section.review[data-item-id="${await rows.nth(1).getAttribute('data-item-id')}"]`)
      .waitFor();
    expect(await rows.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.close();
  });

  it('lets a steward decide items with the keyboard and shows the merged golden entity', async () => {
    const page = await browser!.context.newPage();
    await signIn(page, keys.steward);
    expect(page.url()).toMatch(/#\/queue$/);
    expect(await page.locator('.role').textContent()).toBe('steward');
    const rows = page.locator('.queue-list tbody tr');
    await expectCount(rows, 4);
    const panel = page.locator('section.review');
    const first = await rows.nth(0).getAttribute('data-item-id');
    const before = [await goldenOf('crm', 'C-1'), await goldenOf('billing', 'B-1')];
    expect(await panel.getAttribute('data-item-id')).toBe(first);
    // Side by side: the emails differ, the names do not.
    expect(await panel.locator('tr[data-field="email"]').getAttribute('class')).toBe('differs');
    expect(await panel.locator('tr[data-field="name"]').getAttribute('class')).toBe('same');
    expect(await panel.locator('table.sides thead').textContent()).toContain('crm:C-1');
    // The explanation: blocking key, and each comparison's level and weight.
    expect(await panel.locator('.explanation .facts').textContent()).toMatch(/Blocking key.*:/);
    await expectCount(panel.locator('table.comparisons tbody tr'), 4);
    expect(await panel.locator('table.comparisons tbody tr', { hasText: 'email' }).textContent()).toMatch(
      /else.*−/,
    );
    await page.getByRole('heading', { name: 'Keyboard' }).waitFor();
    const queueShot = screenshotPath('queue.png');
    if (queueShot) await page.screenshot({ path: queueShot, fullPage: true });
    const itemShot = screenshotPath('review-item.png');
    if (itemShot) await panel.screenshot({ path: itemShot });

    // Arrows move the selection; s skips; r focuses the reason and Escape leaves it.
    await page.keyboard.press('ArrowDown');
    await page
      .locator(`section.review[data-item-id="${await rows.nth(1).getAttribute('data-item-id')}"]`)
      .waitFor();
    expect(await rows.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await page.locator(`section.review[data-item-id="${first}"]`).waitFor();
    await page.keyboard.press('s');
    expect(await rows.nth(0).getAttribute('class')).toContain('skipped');
    await page.keyboard.press('ArrowLeft');
    await page.locator(`section.review[data-item-id="${first}"]`).waitFor();
    await page.keyboard.press('r');
    await page.keyboard.type('Same person: name and birth date agree');
    await page.keyboard.press('Escape');
    await page.keyboard.press('m');

    const toast = page.locator('.toast');
    await toast.filter({ hasText: `#${first} match` }).waitFor();
    await expectCount(rows, 3);
    const merged = await goldenOf('crm', 'C-1');
    expect(await goldenOf('billing', 'B-1')).toBe(merged);
    const decided = await api('GET', `/v1/review/${first}`);
    expect(decided.body).toMatchObject({ status: 'decided', decision: 'match' });
    expect(decided.body.decisionReason).toBe('Same person: name and birth date agree');

    // n on the next item keeps its records apart.
    const second = await panel.getAttribute('data-item-id');
    await page.keyboard.press('n');
    await toast.filter({ hasText: `#${second} no match` }).waitFor();
    await expectCount(rows, 2);

    // The golden entity of the match: both members, the steward link, the history.
    await page.goto(`${base}/console/#/golden/${merged}`);
    await expectCount(page.locator('table.members tbody tr'), 2);
    expect(await page.locator('table.members').textContent()).toMatch(
      /crm:C-1.*billing:B-1|billing:B-1.*crm:C-1/,
    );
    expect(await page.locator('table.attributes tr[data-field="email"] td.value').textContent()).toContain(
      '@',
    );
    await page.locator('ul.edges .badge', { hasText: 'steward' }).waitFor();
    await page.locator('ol.timeline .event', { hasText: 'steward' }).first().waitFor();
    const goldenShot = screenshotPath('golden-entity.png');
    if (goldenShot) await page.screenshot({ path: goldenShot, fullPage: true });

    // The retired id of the merge forwards (308) to the survivor, and the page says so.
    const retired = before.find((id) => id !== merged)!;
    await page.goto(`${base}/console/#/golden/${retired}`);
    await page.locator('.notice', { hasText: 'was merged into this entity' }).waitFor();
    expect(page.url()).toContain(`#/golden/${merged}?from=${retired}`);
    await expectCount(page.locator('table.members tbody tr'), 2);
    await page.close();
  });

  it('splits a member off with the split form', async () => {
    const page = await browser!.context.newPage();
    await signIn(page, keys.steward);
    const golden = await goldenOf('crm', 'C-1');
    await page.goto(`${base}/console/#/golden/${golden}`);
    await expectCount(page.locator('table.members tbody tr'), 2);
    await page.getByLabel('select billing:B-1 to split off').check();
    await page.locator('#split-reason').fill('Different people after all');
    await page.getByRole('button', { name: 'Split off 1' }).click();
    await page.locator('.result', { hasText: 'split' }).waitFor();
    await expectCount(page.locator('table.members tbody tr'), 1);
    expect(await goldenOf('billing', 'B-1')).not.toBe(await goldenOf('crm', 'C-1'));
    await page.close();
  });

  it('searches golden entities and shows the audit trail', async () => {
    const page = await browser!.context.newPage();
    await signIn(page, keys.steward);
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Entity type').fill('person');
    await page.getByLabel('Search', { exact: true }).fill('Grace Hoper');
    await page.getByRole('button', { name: 'Search' }).click();
    const hit = page.locator('.result-card', { hasText: 'Grace Hopper' }).first();
    await hit.waitFor();
    await hit.locator('a').click();
    await page.getByRole('heading', { name: /Members/ }).waitFor();

    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.locator('table.audit tr[data-action="review.decide"]').first().waitFor();
    await page.locator('table.audit tr[data-action="golden.split"]').waitFor();
    await page.close();
  });

  it('shows a reader masked values and no steward actions', async () => {
    const page = await browser!.context.newPage();
    await signIn(page, keys.reader);
    expect(await page.locator('.role').textContent()).toBe('reader');
    expect(page.url()).toMatch(/#\/search$/);
    expect(await page.locator('nav').textContent()).not.toContain('Review queue');
    const golden = await goldenOf('crm', 'C-3');
    await page.goto(`${base}/console/#/golden/${golden}`);
    const email = page.locator('table.attributes tr[data-field="email"] td.value');
    await email.waitFor();
    expect(await email.textContent()).toBe('***');
    expect(await page.locator('table.attributes tr[data-field="name"] td.value').textContent()).toBe('***');
    expect(await page.content()).not.toContain('alan@crm.example');
    await expectCount(page.getByRole('heading', { name: 'Steward actions' }), 0);
    await expectCount(page.locator('input[type="checkbox"]'), 0);

    await page.goto(`${base}/console/#/queue`);
    await page.getByRole('heading', { name: 'Steward access needed' }).waitFor();
    await expectCount(page.locator('button.match, button.no-match'), 0);

    // A reload keeps the tab signed in; signing out forgets the key.
    await page.reload();
    await page.locator('.app-header .role', { hasText: 'reader' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await page.close();
  });
});
