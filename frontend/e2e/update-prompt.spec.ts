import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { PHONE, checkPage } from './support';

// A new version is deployed while the app is open on a phone: the phone
// learns of it, says so, keeps running what it has until the person presses
// "Reload", and then runs the new one.
//
// scripts/e2e-server.sh serves a copy of the build (frontend/.e2e-dist/<port>),
// so the spec deploys by changing that copy under the running server, the way
// a new build replaces files on a real one: a changed index.html, and a service
// worker whose precache list names it with a new revision.

const served = new URL(`../.e2e-dist/${process.env.E2E_PORT ?? '8765'}/`, import.meta.url);
const indexFile = new URL('index.html', served);
const workerFile = new URL('sw.js', served);

/** The build's service worker with index.html's precache revision changed. */
function withNewIndexRevision(worker: string, revision: string): string {
  // Minified or not, with quoted keys or not.
  const entry = /\{[^{}]*"?url"?:\s*"index\.html"[^{}]*\}/;
  const found = entry.exec(worker);
  if (found === null) throw new Error('index.html is not in the service worker’s precache list');
  const changed = found[0].replace(/"?revision"?:\s*"[^"]*"/, `"revision":"${revision}"`);
  if (changed === found[0]) throw new Error('index.html has no revision in the precache list');
  return worker.replace(found[0], changed);
}

async function serviceWorkerInCharge(page: Page) {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
}

test('a version deployed while the app is open is offered, and runs once the person presses "Reload"', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.locator('input[type="email"]')).toBeVisible();
  await serviceWorkerInCharge(page);
  const build = page.locator('meta[name="shopfloor-build"]');
  await expect(build).toHaveCount(0);

  const originalIndex = readFileSync(indexFile, 'utf8');
  const originalWorker = readFileSync(workerFile, 'utf8');
  const version = `e2e-${Date.now().toString(36)}`;
  try {
    writeFileSync(indexFile, originalIndex.replace('</head>', `<meta name="shopfloor-build" content="${version}"></head>`));
    writeFileSync(workerFile, withNewIndexRevision(originalWorker, version));

    // What the browser does on its own at the next navigation or hourly check.
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    const prompt = page.getByRole('status').filter({ hasText: 'A new version is ready' });
    await expect(prompt).toBeVisible();
    // Until the person says so, the page keeps running the version it opened with.
    await expect(build).toHaveCount(0);
    await checkPage(page, 'update-prompt');

    await prompt.getByRole('button', { name: 'Reload' }).click();
    await expect(build).toHaveAttribute('content', version);
    await expect(page.locator('input[type="email"]')).toBeVisible();
    await expect(prompt).toHaveCount(0);
    // The new worker runs the page: reloading again still gives the new version, from its precache.
    await page.reload();
    await expect(build).toHaveAttribute('content', version);
  } finally {
    writeFileSync(indexFile, originalIndex);
    writeFileSync(workerFile, originalWorker);
    await context.close();
  }
});
