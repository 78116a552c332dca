import { expect, test, type Page, type Request } from '@playwright/test';
import { apiCall, checkPage, DESKTOP, PHONE, signUp, startOrganiser } from './support';

// Each voter's ballot leaves after a random wait of up to 12 seconds.
const BALLOT_SENT = { timeout: 30_000 };

test('a secret ballot: three members vote, the count is published and each finds their receipt', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const ownerContext = await browser.newContext({ viewport: DESKTOP });
  const ownerPage = await ownerContext.newPage();
  const owner = await startOrganiser(ownerPage, 'Olu Owner', 'Harbour Depot');

  // The chair prepares the motion and opens the vote.
  await ownerPage.goto(`/groups/${owner.groupId}/votes`);
  await expect(ownerPage.getByText('No votes yet.')).toBeVisible();
  await ownerPage.getByLabel('Title').fill('Join the picket rota');
  await ownerPage.getByLabel('Text of the motion or question').fill('This branch sends two people to every picket.');
  await ownerPage.getByLabel('Quorum (ballots needed)').fill('3');
  await checkPage(ownerPage, 'votes-new');
  await ownerPage.getByRole('button', { name: 'Prepare vote' }).click();
  await expect(ownerPage.getByRole('heading', { level: 1, name: 'Join the picket rota' })).toBeVisible();
  await ownerPage.getByRole('button', { name: 'Open the vote' }).click();
  await expect(ownerPage.getByTestId('vote-status')).toHaveText('Open');
  const voteUrl = ownerPage.url();

  const voters: { page: Page; choice: string; receipt: string; ballotRequests: Request[] }[] = [];
  for (const [name, choice, viewport] of [
    ['Ana Member', 'For', PHONE],
    ['Ben Member', 'For', DESKTOP],
    ['Cas Member', 'Against', DESKTOP],
  ] as const) {
    const invite = await apiCall<{ token: string }>(ownerPage, owner.token, 'POST', `/api/v1/groups/${owner.groupId}/invites`, {
      role: 'member',
    });
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const { token } = await signUp(page, name);
    await apiCall(page, token, 'POST', '/api/v1/invites/accept', { token: invite.token });
    const ballotRequests: Request[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/ballots/')) ballotRequests.push(request);
    });
    await page.goto(voteUrl);
    await expect(page.getByRole('heading', { name: 'Your ballot' })).toBeVisible({ timeout: 30_000 });
    voters.push({ page, choice, receipt: '', ballotRequests });
  }

  // All three vote at once, each in their own browser.
  await Promise.all(
    voters.map(async (voter) => {
      await voter.page.getByRole('radio', { name: voter.choice }).check();
      await voter.page.getByRole('button', { name: 'Cast my secret ballot' }).click();
      await expect(voter.page.getByText('Your ballot is on its way')).toBeVisible();
    }),
  );
  for (const voter of voters) {
    await expect(voter.page.getByText('Your ballot is in the box')).toBeVisible(BALLOT_SENT);
    voter.receipt = (await voter.page.getByTestId('receipt').textContent()) ?? '';
    expect(voter.receipt).toMatch(/^[0-9a-f]{64}$/);
    // The ballot went without the login: no Authorization header, no cookie.
    expect(voter.ballotRequests).toHaveLength(1);
    const headers = (await voter.ballotRequests[0]?.allHeaders()) ?? {};
    expect(headers.authorization).toBeUndefined();
    expect(headers.cookie).toBeUndefined();
  }
  const [ana, , cas] = voters;
  if (ana === undefined || cas === undefined) throw new Error('three voters expected');
  await checkPage(ana.page, 'vote-receipt');

  // The chair closes the vote: the box is counted and published.
  await ownerPage.reload();
  await ownerPage.getByRole('button', { name: 'Close and count' }).click();
  await expect(ownerPage.getByTestId('outcome')).toHaveText('Carried');
  await expect(ownerPage.getByText('3 ballots cast')).toBeVisible();
  const tallies = ownerPage.getByRole('table');
  await expect(tallies.getByRole('row', { name: 'For 2' })).toBeVisible();
  await expect(tallies.getByRole('row', { name: 'Against 1' })).toBeVisible();
  await expect(ownerPage.getByText('3 ballots published')).toBeVisible();
  await checkPage(ownerPage, 'vote-results');

  // Each voter finds their receipt in the published list, with their own choice.
  for (const voter of voters) {
    await voter.page.reload();
    await expect(voter.page.getByText('Your ballot was counted')).toBeVisible();
    await expect(
      voter.page.getByText(`Your receipt is in the published list, with your choice: ${voter.choice}`),
    ).toBeVisible();
  }
  await checkPage(cas.page, 'vote-receipt-checked');
});
