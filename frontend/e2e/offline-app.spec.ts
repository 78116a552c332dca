import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DESKTOP, E2E_PASSWORD, PHONE, apiCall, checkPage, expectNoHorizontalScroll, signUp, startOrganiser, type Organiser, logInOn, ONE_GROUP_HOME } from './support';

// The end of a shift with no signal: the app opens from the phone's memory
// after one visit with signal, shows what it last saw and since when, logs
// yesterday's conversation and closes a follow-up, and sends it all once when
// the signal is back.

interface Setup {
  kim: Organiser;
  workplaceId: string;
  contactId: string;
  followUpId: string;
}

async function setUp(browser: Browser, label: string): Promise<Setup> {
  const setup = await browser.newPage();
  // The server's first account is its administrator, who logs in with a second factor:
  // Kim is never that account, whichever spec runs first.
  await startOrganiser(setup, 'Ada Admin', `${label} admin ${Date.now().toString(36)}`);
  const kim = await startOrganiser(setup, 'Kim Steward', `${label} ${Date.now().toString(36)}`);
  const me = await apiCall<{ id: string }>(setup, kim.token, 'GET', '/api/v1/me');
  const group = `/api/v1/groups/${kim.groupId}`;
  const workplace = await apiCall<{ id: string }>(setup, kim.token, 'POST', `${group}/workplaces`, {
    name: 'North Road Depot',
  });
  const contact = await apiCall<{ id: string }>(setup, kim.token, 'POST', `${group}/contacts`, {
    full_name: 'Jo Driver',
    membership_status: 'member',
    workplace_id: workplace.id,
  });
  const followUp = await apiCall<{ id: string }>(setup, kim.token, 'POST', `${group}/follow-ups`, {
    title: 'Ask Jo about the rota',
    contact_id: contact.id,
    assignee_id: me.id,
  });
  await setup.close();
  return { kim, workplaceId: workplace.id, contactId: contact.id, followUpId: followUp.id };
}


/** Waits until the service worker runs this page, so what it reads from now on is kept. */
async function serviceWorkerInCharge(page: Page) {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
}

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

test('the app opens and is used without signal after one visit, and what was logged reaches the server once', async ({
  browser,
}) => {
  // Three screens are checked and photographed at both widths on the way.
  test.setTimeout(120_000);
  const { kim, workplaceId, contactId, followUpId } = await setUp(browser, 'Offline Depot');
  const context: BrowserContext = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();

  // The manifest a phone reads to put Shopfloor on its home screen.
  const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as {
    name: string;
    display: string;
    start_url: string;
    icons: { src: string; sizes: string }[];
  };
  expect(manifest).toMatchObject({ name: 'Shopfloor', display: 'standalone', start_url: '/' });
  for (const icon of manifest.icons) {
    const served = await page.request.get(icon.src);
    expect(served.headers()['content-type']).toBe('image/png');
  }

  // One visit with signal: log in, open the screens needed at the end of a shift.
  await logInOn(page, kim.email);
  await serviceWorkerInCharge(page);
  await page.goto(`/groups/${kim.groupId}/follow-ups`);
  await expect(page.getByText('Ask Jo about the rota')).toBeVisible();
  await page.goto(`/groups/${kim.groupId}/contacts`);
  await expect(page.getByRole('main').getByText('Jo Driver')).toBeVisible();
  await page.goto(`/groups/${kim.groupId}/workplaces/${workplaceId}`);
  await expect(page.getByRole('heading', { name: 'North Road Depot' })).toBeVisible();
  await page.goto(`/groups/${kim.groupId}/log?contact=${contactId}`);
  await expect(page.getByLabel('Talking to')).toContainText('Jo Driver');
  await expect(page.getByText('Ask Jo about the rota')).toBeVisible();

  // No signal from here on, before anything is opened.
  await context.setOffline(true);
  await page.goto(`/groups/${kim.groupId}/follow-ups`);
  const notice = page.getByTestId('offline-notice');
  await expect(notice).toContainText('No connection');
  await expect(notice).toContainText(/You are seeing what this device saw last, as of/);
  await expect(page.getByText('Ask Jo about the rota')).toBeVisible();
  await checkPage(page, 'offline-follow-ups');

  await page.goto(`/groups/${kim.groupId}/contacts`);
  await expect(page.getByRole('main').getByText('Jo Driver')).toBeVisible();
  await expect(notice).toContainText('as of');
  await page.goto(`/groups/${kim.groupId}/workplaces/${workplaceId}`);
  await expect(page.getByRole('heading', { name: 'North Road Depot' })).toBeVisible();

  // Yesterday's conversation, closing Jo's follow-up, logged without signal.
  await page.goto(`/groups/${kim.groupId}/log?contact=${contactId}`);
  await expect(page.getByLabel('Talking to')).toContainText('Jo Driver');
  const when = page.getByRole('radiogroup', { name: 'When did you talk?' });
  await when.getByText('Yesterday', { exact: true }).click();
  await expect(when.getByRole('radio', { name: 'Yesterday' })).toBeChecked();
  await page.getByLabel('Time: hours').fill('20');
  await page.getByLabel('Time: minutes').fill('15');
  await page.getByLabel('What did they say?').fill('Rota sorted after the meeting. Will come to the next one.');
  const closing = page.getByRole('group', { name: 'Done with any of their follow-ups?' });
  await closing.getByLabel('Ask Jo about the rota').check();
  await checkPage(page, 'quick-log-when-and-closing');
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved on this device: waiting to send' })).toBeVisible();
  await checkPage(page, 'offline-quick-log-queued');

  // Signal again: it is sent without anyone doing anything, with its Idempotency-Key.
  await context.setOffline(false);
  await expect(page.getByRole('status').filter({ hasText: 'Your conversation with Jo Driver is saved.' })).toBeVisible();
  await expect(page.getByTestId('offline-notice')).toHaveCount(0);

  const conversations = await apiCall<{ items: { notes: string; occurred_at: string }[] }>(
    page,
    kim.token,
    'GET',
    `/api/v1/groups/${kim.groupId}/contacts/${contactId}/conversations`,
  );
  expect(conversations.items.map((c) => c.notes)).toEqual(['Rota sorted after the meeting. Will come to the next one.']);
  const occurred = new Date(conversations.items[0]?.occurred_at ?? '');
  const yesterday = new Date();
  yesterday.setDate(yesterday.getDate() - 1);
  expect(localDay(occurred)).toBe(localDay(yesterday));
  expect([occurred.getHours(), occurred.getMinutes()]).toEqual([20, 15]);
  const followUp = await apiCall<{ done: boolean }>(page, kim.token, 'GET', `/api/v1/groups/${kim.groupId}/follow-ups/${followUpId}`);
  expect(followUp.done).toBe(true);

  // Logging out forgets every kept answer: nothing of Kim's stays for the next person.
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect
    .poll(() => page.evaluate(async () => (await caches.has('shopfloor-api-v1')) ? (await (await caches.open('shopfloor-api-v1')).keys()).length : 0))
    .toBe(0);
  await context.setOffline(true);
  await page.goto(`/groups/${kim.groupId}/follow-ups`);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText('Ask Jo about the rota')).toHaveCount(0);
  await context.close();
});

test('the quick log at the end of a shift: yesterday, a time still to come refused, and closing a follow-up', async ({
  browser,
}) => {
  const { kim, contactId, followUpId } = await setUp(browser, 'Shift End Depot');
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  // Ten in the morning on the device's clock, so "later today" is always still to come.
  const morning = new Date();
  morning.setHours(10, 0, 0, 0);
  await page.clock.setFixedTime(morning);
  await logInOn(page, kim.email);
  await page.goto(`/groups/${kim.groupId}/log?contact=${contactId}`);
  await expect(page.getByLabel('Talking to')).toContainText('Jo Driver');

  const when = page.getByRole('radiogroup', { name: 'When did you talk?' });
  await expect(when.getByRole('radio', { name: 'Just now' })).toBeChecked();
  await when.getByText('Earlier today', { exact: true }).click();
  await expect(page.getByLabel('Time: hours')).toHaveValue('09');
  await expect(page.getByLabel('Time: minutes')).toHaveValue('00');
  await page.getByLabel('Time: hours').fill('16');
  await page.getByLabel('Time: minutes').fill('30');
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await expect(page.getByText('That is still to come: enter when you talked')).toBeVisible();

  await when.getByText('Yesterday', { exact: true }).click();
  await page.getByLabel('Time: hours').fill('22');
  await page.getByLabel('Time: minutes').fill('40');
  await page.getByRole('group', { name: 'Done with any of their follow-ups?' }).getByLabel('Ask Jo about the rota').check();
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your conversation with Jo Driver is saved.' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Closed: Ask Jo about the rota' })).toBeVisible();
  await checkPage(page, 'quick-log-closed-follow-up');

  const conversations = await apiCall<{ items: { occurred_at: string }[] }>(
    page,
    kim.token,
    'GET',
    `/api/v1/groups/${kim.groupId}/contacts/${contactId}/conversations`,
  );
  const occurred = new Date(conversations.items[0]?.occurred_at ?? '');
  const yesterday = new Date(morning);
  yesterday.setDate(yesterday.getDate() - 1);
  expect(localDay(occurred)).toBe(localDay(yesterday));
  expect([occurred.getHours(), occurred.getMinutes()]).toEqual([22, 40]);
  const followUp = await apiCall<{ done: boolean }>(page, kim.token, 'GET', `/api/v1/groups/${kim.groupId}/follow-ups/${followUpId}`);
  expect(followUp.done).toBe(true);
  await context.close();
});

const languages = (
  JSON.parse(readFileSync(new URL('../src/lib/languages.json', import.meta.url), 'utf8')) as {
    languages: { code: string; ships: boolean }[];
  }
).languages.filter((language) => language.ships);

test('no label of the quick log’s "when" and follow-up closing is cut off at 360 px, in any language', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { kim, contactId } = await setUp(browser, 'Languages Depot');
  for (const language of languages) {
    const context = await browser.newContext({ viewport: PHONE, locale: language.code });
    const page = await context.newPage();
    // The account's language is what every device of theirs shows.
    await apiCall(page, kim.token, 'PATCH', '/api/v1/me', { language: language.code });
    await page.goto('/login');
    await page.locator('input[type="email"]').fill(kim.email);
    await page.locator('input[type="password"]').fill(E2E_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await expect(page).toHaveURL(ONE_GROUP_HOME);
    await page.goto(`/groups/${kim.groupId}/log?contact=${contactId}`);
    await expect(page.locator('html')).toHaveAttribute('lang', language.code);
    // "Another day" shows every field of the "when": the day and the time.
    // The first group of choices is "When did you talk?"; its last choice is "Another day".
    await page.getByRole('radiogroup').first().locator('label').nth(3).click();
    await expect(page.getByRole('spinbutton').first()).toBeVisible();
    await expect(page.locator('input[type="checkbox"]').first()).toBeVisible();
    await expectNoHorizontalScroll(page, `quick log in ${language.code}`);
    const cut = await page.evaluate(() =>
      Array.from(
        document.querySelectorAll<HTMLElement>(
          'main label, main .mantine-Chip-label, main .mantine-InputWrapper-description, main button, main .mantine-Button-label',
        ),
      )
        .filter((element) => element.offsetParent !== null)
        .filter((element) => element.scrollWidth > element.clientWidth + 1)
        .map((element) => element.textContent.trim()),
    );
    expect(cut, `labels cut off in ${language.code}`).toEqual([]);
    await context.close();
  }
});

test('a member removed from the group loses what their phone kept of it at once', async ({ browser }) => {
  const { kim, contactId } = await setUp(browser, 'Removal Depot');
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const invite = await apiCall<{ token: string }>(page, kim.token, 'POST', `/api/v1/groups/${kim.groupId}/invites`, {
    role: 'member',
  });
  // Signing up through the page's request context leaves the browser signed in.
  const mo = await signUp(page, 'Mo Member');
  await apiCall(page, mo.token, 'POST', '/api/v1/invites/accept', { token: invite.token });
  await page.goto('/groups');
  await serviceWorkerInCharge(page);
  await page.goto(`/groups/${kim.groupId}/contacts/${contactId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Jo Driver' })).toBeVisible();
  const keptOfGroup = () =>
    page.evaluate(async (groupId) => {
      const cache = await caches.open('shopfloor-api-v1');
      return (await cache.keys()).filter((request) => request.url.includes(`/api/v1/groups/${groupId}`)).length;
    }, kim.groupId);
  await expect.poll(keptOfGroup).toBeGreaterThan(0);

  // Kim removes Mo; the next thing Mo's phone asks of the group is refused.
  const members = await apiCall<{ items: { id: string; user_id: string; display_name: string }[] }>(
    page,
    kim.token,
    'GET',
    `/api/v1/groups/${kim.groupId}/members`,
  );
  const membership = members.items.find((member) => member.display_name === 'Mo Member');
  expect(membership).toBeDefined();
  await apiCall(page, kim.token, 'DELETE', `/api/v1/groups/${kim.groupId}/members/${membership?.id ?? ''}`);
  await page.reload();
  await expect.poll(keptOfGroup).toBe(0);

  // Without signal, nothing of the group opens any more.
  await context.setOffline(true);
  await page.goto(`/groups/${kim.groupId}/contacts/${contactId}`);
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Jo Driver' })).toHaveCount(0);
  await context.close();
});

test('a follow-up ticked and a contact changed without signal wait on the phone, then reach the server', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { kim, contactId, followUpId } = await setUp(browser, 'Offline Edits Depot');
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await logInOn(page, kim.email);
  await serviceWorkerInCharge(page);
  // One visit with signal to each screen.
  await page.goto(`/groups/${kim.groupId}/follow-ups`);
  await expect(page.getByText('Ask Jo about the rota')).toBeVisible();
  await page.goto(`/groups/${kim.groupId}/contacts/${contactId}/edit`);
  await expect(page.getByLabel('Phone', { exact: true })).toBeVisible();
  await page.goto(`/groups/${kim.groupId}/contacts/${contactId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Jo Driver' })).toBeVisible();

  // No signal from here on, before anything is opened.
  await context.setOffline(true);
  await page.goto(`/groups/${kim.groupId}/follow-ups`);
  await expect(page.getByTestId('offline-notice')).toContainText('No connection');
  const followUp = page.getByTestId('follow-up').filter({ hasText: 'Ask Jo about the rota' });
  await followUp.getByRole('checkbox', { name: 'Done: Ask Jo about the rota' }).check();
  await expect(followUp.getByText('Waiting to send')).toBeVisible();
  await expect(followUp.getByRole('checkbox', { name: 'Done: Ask Jo about the rota' })).toBeChecked();
  await checkPage(page, 'offline-follow-up-waiting');

  await page.goto(`/groups/${kim.groupId}/contacts/${contactId}/edit`);
  await page.getByLabel('Phone', { exact: true }).fill('07700 900123');
  await page.getByLabel('Notes', { exact: true }).fill('Prefers a text after six.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jo Driver' })).toBeVisible();
  const queued = page.getByTestId('queued-contact-changes');
  await expect(queued).toContainText('Changes waiting to send');
  await expect(queued).toContainText('Phone: 07700 900123');
  await expect(queued).toContainText('Notes: Prefers a text after six.');
  await expect(page.getByRole('link', { name: '2 waiting to send' })).toBeVisible();
  await checkPage(page, 'offline-contact-changes-waiting');

  // Both are in the outbox, in the order they were made.
  await page.goto(`/groups/${kim.groupId}/log`);
  const outbox = page.getByRole('list', { name: 'Not sent yet' });
  await expect(outbox.getByTestId('outbox-entry')).toHaveText([/Done: Ask Jo about the rota/, /Changes to Jo Driver/]);
  await checkPage(page, 'offline-outbox-writes');

  // Signal again: sent without anyone doing anything.
  await context.setOffline(false);
  await expect(page.getByTestId('outbox-entry')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /waiting to send/ })).toHaveCount(0);
  const contact = await apiCall<{ phone: string; notes: string; version: number }>(
    page,
    kim.token,
    'GET',
    `/api/v1/groups/${kim.groupId}/contacts/${contactId}`,
  );
  expect([contact.phone, contact.notes]).toEqual(['07700 900123', 'Prefers a text after six.']);
  const ticked = await apiCall<{ done: boolean }>(page, kim.token, 'GET', `/api/v1/groups/${kim.groupId}/follow-ups/${followUpId}`);
  expect(ticked.done).toBe(true);
  await page.goto(`/groups/${kim.groupId}/contacts/${contactId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Jo Driver' })).toBeVisible();
  await expect(page.getByTestId('queued-contact-changes')).toHaveCount(0);
  await context.close();
});

test('a contact changed without signal while someone else changed it opens the conflict screen, nothing typed lost', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { kim, contactId } = await setUp(browser, 'Offline Conflict Depot');
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await logInOn(page, kim.email);
  await serviceWorkerInCharge(page);
  await page.goto(`/groups/${kim.groupId}/contacts/${contactId}/edit`);
  await expect(page.getByLabel('Notes', { exact: true })).toBeVisible();
  await page.goto(`/groups/${kim.groupId}/contacts/${contactId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Jo Driver' })).toBeVisible();
  const contactUrl = `/api/v1/groups/${kim.groupId}/contacts/${contactId}`;
  const seen = await apiCall<{ version: number }>(page, kim.token, 'GET', contactUrl);
  // Someone else saves a change this phone never sees.
  await apiCall(page, kim.token, 'PATCH', contactUrl, {
    notes: 'Works days now.',
    phone: '07700 900456',
    version: seen.version,
  });

  await context.setOffline(true);
  await page.goto(`/groups/${kim.groupId}/contacts/${contactId}/edit`);
  await page.getByLabel('Notes', { exact: true }).fill('Moved to days; call after six.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const queued = page.getByTestId('queued-contact-changes');
  await expect(queued).toContainText('Changes waiting to send');

  await context.setOffline(false);
  await expect(queued).toContainText('Someone else changed Jo Driver meanwhile');
  await expect(queued).toContainText('Notes: Moved to days; call after six.');
  await checkPage(page, 'offline-contact-conflict');
  await queued.getByRole('link', { name: 'Choose what to keep' }).click();
  await expect(page.getByText('You both changed this: choose one')).toBeVisible();
  await page.getByRole('radio', { name: 'Keep yours for Notes: Moved to days; call after six.' }).check();
  await page.getByRole('button', { name: 'Save the chosen versions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jo Driver' })).toBeVisible();
  await expect(page.getByTestId('queued-contact-changes')).toHaveCount(0);

  const saved = await apiCall<{ notes: string; phone: string }>(page, kim.token, 'GET', contactUrl);
  expect([saved.notes, saved.phone]).toEqual(['Moved to days; call after six.', '07700 900456']);
  await context.close();
});
