import { expect, test } from '@playwright/test';
import { DESKTOP, PHONE, apiCall, checkPage, signUp, startOrganiser } from './support';

// The read audit: a member opens a contact's page; the group's owner sees it
// under "Who has looked at this person", and the member tops "Who has read the
// most this week" on the read audit page, where the owner sets an alert.

test.describe.configure({ timeout: 120_000 });

interface Contact {
  id: string;
  full_name: string;
}

test('a member opens a contact and the owner sees who has looked at them', async ({ browser }) => {
  const ownerContext = await browser.newContext({ viewport: DESKTOP });
  const ownerPage = await ownerContext.newPage();
  const owner = await startOrganiser(ownerPage, 'Olu Owner', 'Harbour Depot');
  const contact = await apiCall<Contact>(ownerPage, owner.token, 'POST', `/api/v1/groups/${owner.groupId}/contacts`, {
    full_name: 'Sam Okafor',
  });

  // A member joins with an invite and opens Sam's page on a phone.
  const invite = await apiCall<{ token: string }>(ownerPage, owner.token, 'POST', `/api/v1/groups/${owner.groupId}/invites`, {
    role: 'member',
  });
  const memberContext = await browser.newContext({ viewport: PHONE });
  const memberPage = await memberContext.newPage();
  const { token: memberToken } = await signUp(memberPage, 'Mo Member');
  await apiCall(memberPage, memberToken, 'POST', '/api/v1/invites/accept', { token: invite.token });
  // Signing up through the page's request context left the browser signed in.
  await memberPage.goto(`/groups/${owner.groupId}/contacts/${contact.id}`);
  await expect(memberPage.getByRole('heading', { level: 1, name: 'Sam Okafor' })).toBeVisible();
  // Members do not see the audit.
  await expect(memberPage.getByRole('heading', { name: 'Who has looked at this person' })).toHaveCount(0);

  // The owner opens the same page.
  await ownerPage.goto(`/groups/${owner.groupId}/contacts/${contact.id}`);
  const reads = ownerPage.getByRole('list', { name: 'Reads of this person' });
  const memberRead = reads.getByRole('listitem').filter({ hasText: 'Mo Member' });
  // Her page and its timeline load side by side, so either read may come first.
  await expect(memberRead.filter({ hasText: 'Opened their page' })).toHaveCount(1);
  await expect(memberRead.filter({ hasText: 'Read their timeline' })).toHaveCount(1);
  await checkPage(ownerPage, 'contact-reads');

  // The read audit page: who has read the most this week, and the alert.
  await ownerPage.getByRole('link', { name: 'read audit', exact: true }).click();
  await expect(ownerPage.getByRole('heading', { level: 1, name: 'Read audit' })).toBeVisible();
  const table = ownerPage.getByRole('table');
  await expect(table.getByRole('row', { name: /Mo Member/ })).toBeVisible();
  await ownerPage.getByLabel('Alert the owners').check();
  await ownerPage.getByLabel('More than this many records in an hour').fill('40');
  await ownerPage.getByRole('button', { name: 'Save alert' }).click();
  await expect(ownerPage.getByText('Owners will be told when someone reads more than 40 records in an hour.')).toBeVisible();
  await checkPage(ownerPage, 'read-audit');
  await ownerPage.reload();
  await expect(ownerPage.getByLabel('More than this many records in an hour')).toHaveValue('40');

  await memberContext.close();
  await ownerContext.close();
});
