import { expect, test, type Page } from '@playwright/test';
import { apiCall, checkPage, DESKTOP, PHONE, signUp, startOrganiser, type Organiser } from './support';

// A secret ballot leaves the browser after a random wait of up to 12 seconds.
const BALLOT_SENT = { timeout: 30_000 };

async function join(browserPage: Page, owner: Organiser, ownerPage: Page, name: string) {
  const invite = await apiCall<{ token: string }>(ownerPage, owner.token, 'POST', `/api/v1/groups/${owner.groupId}/invites`, {
    role: 'member',
  });
  const member = await signUp(browserPage, name);
  await apiCall(browserPage, member.token, 'POST', '/api/v1/invites/accept', {
    token: invite.token,
  });
  const me = await apiCall<{ id: string }>(browserPage, member.token, 'GET', '/api/v1/me');
  return { ...member, userId: me.id };
}

async function voteFor(page: Page, voteUrl: string) {
  await page.goto(voteUrl);
  await expect(page.getByRole('heading', { name: 'Your ballot' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('radio', { name: 'For' }).check();
  await page.getByRole('button', { name: 'Cast my secret ballot' }).click();
  await expect(page.getByText('Your ballot is in the box')).toBeVisible(BALLOT_SENT);
}

test('a recall petition reaching its threshold, the recall vote carried and the office vacated', async ({ browser }) => {
  test.setTimeout(240_000);
  const ownerContext = await browser.newContext({ viewport: DESKTOP });
  const ownerPage = await ownerContext.newPage();
  const owner = await startOrganiser(ownerPage, 'Olu Owner', 'Canal Street Depot');

  const anaContext = await browser.newContext({ viewport: PHONE });
  const anaPage = await anaContext.newPage();
  await join(anaPage, owner, ownerPage, 'Ana Member');
  const benContext = await browser.newContext({ viewport: DESKTOP });
  const benPage = await benContext.newPage();
  const ben = await join(benPage, owner, ownerPage, 'Ben Holder');

  // The organiser defines the office and sets the recall threshold.
  await ownerPage.goto(`/groups/${owner.groupId}/offices`);
  await expect(ownerPage.getByText('No offices yet.')).toBeVisible();
  await ownerPage.getByLabel('Signatures needed to open a recall vote (% of members entitled to vote)').fill('50');
  await ownerPage.getByRole('button', { name: 'Save threshold' }).click();
  await expect(ownerPage.getByText('when 50% of the members sign a recall petition', { exact: false })).toBeVisible();
  await ownerPage.getByLabel('Name of the office').fill('Night shift rep');
  await ownerPage.getByLabel('What the office does').fill('Speaks for the night shift at the weekly meeting with management.');
  await ownerPage.getByRole('button', { name: 'Add office' }).click();
  await expect(ownerPage.getByRole('heading', { level: 1, name: 'Night shift rep' })).toBeVisible();
  const officeUrl = ownerPage.url();
  const officeId = officeUrl.split('/').pop() ?? '';

  // Ben was chosen at a meeting before the group used Shopfloor.
  await apiCall(ownerPage, owner.token, 'POST', `/api/v1/groups/${owner.groupId}/offices/${officeId}/terms`, {
    holder_id: ben.userId,
    starts_on: '2026-01-05',
  });
  await ownerPage.goto(`/groups/${owner.groupId}/offices`);
  await expect(ownerPage.getByText('Held by Ben Holder')).toBeVisible();
  await checkPage(ownerPage, 'offices');

  // Ana, on her phone, starts a recall petition: one signature of the two needed.
  await anaPage.goto(officeUrl);
  await anaPage.getByRole('button', { name: 'Start a recall petition' }).click();
  await anaPage.getByLabel('Why should Ben Holder be recalled?').fill('Agreed the new rota with management without asking the shift.');
  await anaPage.getByRole('button', { name: 'Start the recall petition' }).click();
  await expect(anaPage.getByText('1 of 2 signatures needed')).toBeVisible();
  await expect(anaPage.getByText('Collecting signatures')).toBeVisible();
  await expect(anaPage.getByText('You signed')).toBeVisible();
  await checkPage(anaPage, 'recall-petition');

  // The organiser's signature reaches the threshold: the recall vote opens by itself.
  await ownerPage.goto(officeUrl);
  await ownerPage.getByRole('button', { name: 'Sign the petition' }).click();
  await expect(ownerPage.getByText('2 of 2 signatures needed')).toBeVisible();
  await expect(ownerPage.getByText('Recall vote open')).toBeVisible();
  await ownerPage.getByRole('link', { name: 'Open the recall vote' }).click();
  await expect(ownerPage.getByRole('heading', { level: 1, name: 'Recall: Ben Holder as Night shift rep' })).toBeVisible();
  const voteUrl = ownerPage.url();

  // Ana is told in the app.
  await anaPage.goto(`/groups/${owner.groupId}/notifications`);
  await expect(anaPage.getByText('A vote has opened: Recall: Ben Holder as Night shift rep')).toBeVisible();

  await Promise.all([voteFor(anaPage, voteUrl), voteFor(ownerPage, voteUrl)]);
  await ownerPage.reload();
  await ownerPage.getByRole('button', { name: 'Close and count' }).click();
  await expect(ownerPage.getByTestId('outcome')).toHaveText('Carried');

  // The office is vacant, and its history keeps Ben's recalled term.
  await ownerPage.goto(officeUrl);
  await expect(ownerPage.getByText('Nobody holds this office now.')).toBeVisible();
  await expect(ownerPage.getByText('Recalled', { exact: true }).first()).toBeVisible();
  const history = ownerPage.getByRole('table');
  await expect(history.getByRole('row', { name: /Ben Holder .*\(Recalled\)/ })).toBeVisible();
  await checkPage(ownerPage, 'office-history');

  for (const context of [ownerContext, anaContext, benContext]) await context.close();
});

test('a holder stands down from their phone and the office is vacant for an election', async ({ browser }) => {
  test.setTimeout(120_000);
  const ownerContext = await browser.newContext({ viewport: DESKTOP });
  const ownerPage = await ownerContext.newPage();
  const owner = await startOrganiser(ownerPage, 'Olu Owner', 'Canal Street Depot');
  const benContext = await browser.newContext({ viewport: PHONE });
  const benPage = await benContext.newPage();
  const ben = await join(benPage, owner, ownerPage, 'Ben Holder');

  const office = await apiCall<{ id: string }>(ownerPage, owner.token, 'POST', `/api/v1/groups/${owner.groupId}/offices`, {
    name: 'Health and safety rep',
  });
  await apiCall(ownerPage, owner.token, 'POST', `/api/v1/groups/${owner.groupId}/offices/${office.id}/terms`, {
    holder_id: ben.userId,
    starts_on: '2026-01-05',
  });

  // Ben finds his own office in the list and stands down, with a note for the history.
  await benPage.goto(`/groups/${owner.groupId}/offices`);
  await expect(benPage.getByText('You hold this office until', { exact: false })).toBeVisible();
  await benPage.getByRole('button', { name: 'Stand down' }).click();
  const dialog = benPage.getByRole('dialog', { name: 'End Ben Holder’s term as Health and safety rep?' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Note for the history (optional)').fill('Moved to the day shift');
  await checkPage(benPage, 'office-stand-down');
  await dialog.getByRole('button', { name: 'Stand down' }).click();
  await expect(dialog).toBeHidden();
  await expect(benPage.getByText('Nobody holds it now.')).toBeVisible();
  await expect(benPage.getByText('Vacant seat')).toBeVisible();
  await expect(benPage.getByRole('button', { name: 'Stand down' })).toHaveCount(0);

  // The organiser sees the vacant seat, the way to fill it and the term in the history.
  await ownerPage.goto(`/groups/${owner.groupId}/offices/${office.id}`);
  await expect(ownerPage.getByText('Nobody holds this office now.')).toBeVisible();
  await expect(ownerPage.getByText('1 seat is vacant', { exact: false })).toBeVisible();
  await expect(ownerPage.getByRole('button', { name: 'Call the election' })).toBeVisible();
  const history = ownerPage.getByRole('table');
  await expect(history.getByRole('row', { name: /Ben Holder .*\(Stood down\).*Moved to the day shift/ })).toBeVisible();
  await checkPage(ownerPage, 'office-vacant');

  for (const context of [ownerContext, benContext]) await context.close();
});
