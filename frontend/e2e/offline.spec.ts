import { expect, test } from '@playwright/test';
import { E2E_PASSWORD, PHONE, apiCall, expectAccessible, startOrganiser } from './support';

// A conversation logged at the bus stop with no signal is kept on the phone,
// shown as waiting, and sent once when the network comes back.

test('a conversation logged offline waits on the phone and is sent once when back online', async ({ browser }) => {
  const setup = await browser.newPage();
  const kim = await startOrganiser(setup, 'Kim Member', `Bus Garage ${Date.now().toString(36)}`);
  const contact = await apiCall<{ id: string }>(setup, kim.token, 'POST', `/api/v1/groups/${kim.groupId}/contacts`, {
    full_name: 'Jo Driver',
    membership_status: 'member',
  });
  await setup.close();

  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(kim.email);
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  // Kim belongs to one group, so logging in lands on its Home.
  await expect(page).toHaveURL(new RegExp(`/groups/${kim.groupId}$`));

  // From the contact's page, the quick log starts with them picked.
  await page.goto(`/groups/${kim.groupId}/contacts/${contact.id}`);
  await page.getByRole('main').getByRole('link', { name: 'Log a conversation' }).click();
  await expect(page.getByLabel('Talking to')).toContainText('Jo Driver');
  await page.getByLabel('What did they say?').fill('Angry about the new rota. Wants a meeting.');
  const level = page.getByRole('radiogroup', { name: 'How supportive are they now?' });
  await level.getByText('2 Supporter', { exact: true }).click();
  await expect(level.getByRole('radio', { name: '2 Supporter' })).toBeChecked();

  // The signal drops as they press save.
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved on this device: waiting to send' })).toBeVisible();
  const banner = page.getByRole('banner');
  await expect(banner.getByRole('link', { name: '1 waiting to send' })).toBeVisible();
  const queued = page.getByRole('list', { name: 'Not sent yet' }).getByTestId('outbox-entry');
  await expect(queued).toHaveCount(1);
  await expect(queued).toContainText('Conversation with Jo Driver');
  await expect(queued).toContainText('Waiting to send');
  await expectAccessible(page, 'quick log, waiting to send');

  // What was written can be read back while it waits.
  await queued.getByRole('button', { name: 'Show what you wrote' }).click();
  await expect(queued).toContainText('Angry about the new rota. Wants a meeting.');

  // Discarding asks first; keeping it changes nothing.
  await queued.getByRole('button', { name: 'Discard…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Discard this conversation?' });
  await expect(dialog).toContainText('cannot be recovered');
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toBeHidden();
  await expect(queued).toHaveCount(1);

  // A second try while still offline keeps it waiting.
  await queued.getByRole('button', { name: 'Send now' }).click();
  await expect(queued).toContainText(/tried [2-9] times/);

  // The network comes back: it is sent without anyone doing anything.
  await context.setOffline(false);
  await expect(page.getByRole('status').filter({ hasText: 'Your conversation with Jo Driver is saved.' })).toBeVisible();
  await expect(queued).toHaveCount(0);
  await expect(banner.getByRole('link', { name: /waiting to send/ })).toHaveCount(0);

  // Exactly one conversation reached the server, with its assessment.
  const conversations = await apiCall<{ items: { notes: string }[] }>(
    page,
    kim.token,
    'GET',
    `/api/v1/groups/${kim.groupId}/contacts/${contact.id}/conversations`,
  );
  expect(conversations.items.map((c) => c.notes)).toEqual(['Angry about the new rota. Wants a meeting.']);
  await page.getByRole('link', { name: 'Open Jo Driver' }).click();
  await expect(page.getByRole('list', { name: 'Timeline' }).getByTestId('timeline-assessment')).toContainText('2 · Supporter');

  // A queued entry can be thrown away, but only after saying so.
  await page.getByRole('main').getByRole('link', { name: 'Log a conversation' }).click();
  await page.getByLabel('What did they say?').fill('Said nothing useful.');
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await expect(queued).toHaveCount(1);
  await queued.getByRole('button', { name: 'Discard…' }).click();
  await dialog.getByRole('button', { name: 'Discard it' }).click();
  await expect(queued).toHaveCount(0);
  await context.setOffline(false);

  await context.close();
});
