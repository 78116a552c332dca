import { expect, test, type Locator, type Page } from '@playwright/test';
import { apiCall, checkPage, fillDay, startOrganiser } from './support';

interface Threshold {
  key: string;
  actual_percent: number | null;
  actual_votes: number | null;
  required_votes: number | null;
  met: boolean | null;
  margin_votes: number | null;
}

interface Ballot {
  id: string;
  opens_on: string;
  important_public_service: boolean;
  verdict: {
    outcome: string;
    mandate_months: number | null;
    mandate_ends_on: string | null;
    earliest_action_on: string | null;
    thresholds: Threshold[];
  };
}

/** A calendar day as the page shows it, in British English, the app's default. */
function shownDay(page: Page, day: string): Promise<string> {
  return page.evaluate((iso) => {
    const [y, m, d] = iso.split('-').map(Number);
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(y ?? 0, (m ?? 1) - 1, d));
  }, day);
}

/** Lets the notifications of earlier steps close, so the page is checked and captured as it rests. */
async function dismissNotifications(page: Page): Promise<void> {
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0);
}

function count(value: number | null): string {
  return new Intl.NumberFormat('en-US').format(value ?? 0);
}

async function fillBallot(
  page: Page,
  figures: { opens: string; closes: string; ips: boolean },
  screenshot?: string,
): Promise<void> {
  await page.getByRole('link', { name: 'Add ballot' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New ballot' })).toBeVisible();
  if (screenshot) {
    await dismissNotifications(page);
    await checkPage(page, screenshot);
  }
  await fillDay(page, 'Opens on', figures.opens);
  await fillDay(page, 'Closes on', figures.closes);
  if (figures.ips) await page.getByLabel('Important public service').check();
  await page.getByLabel('Entitled to vote').fill('1000');
  await page.getByLabel('Yes', { exact: true }).fill('300');
  await page.getByLabel('No', { exact: true }).fill('210');
  await page.getByLabel('Spoilt', { exact: true }).fill('10');
  // The form adds up yes, no and spoilt and offers the total as votes cast.
  await page.getByRole('button', { name: 'Use 520' }).click();
  await expect(page.getByLabel('Votes cast')).toHaveValue('520');
  await page.getByRole('button', { name: 'Save ballot' }).click();
  await expect(page.getByRole('heading', { name: 'Ballots' })).toBeVisible();
}

/** The numbers a threshold row shows are the API's, formatted. */
async function expectThreshold(card: Locator, check: Threshold, whole: string): Promise<void> {
  const row = card.getByTestId(`threshold-${check.key}`);
  await expect(row.getByTestId('threshold-state')).toHaveText(check.met ? 'Met' : 'Not met');
  await expect(row.getByTestId('threshold-actual')).toHaveText(
    `${String(check.actual_percent)}% (${count(check.actual_votes)} of ${whole})`,
  );
  const margin = check.margin_votes ?? 0;
  const words = Math.abs(margin) === 1 ? 'vote' : 'votes';
  await expect(row.getByTestId('threshold-margin')).toContainText(
    margin >= 0 ? `${count(margin)} ${words} more than needed` : `${count(-margin)} ${words} short`,
  );
}

test('an organiser opens a dispute, records two ballots and reads their verdicts', async ({ page }) => {
  const organiser = await startOrganiser(page, 'Dee Rep', `Hospital branch ${Date.now().toString(36)}`);
  const { groupId, token } = organiser;
  await apiCall(page, token, 'POST', `/api/v1/groups/${groupId}/workplaces`, {
    name: 'Northgate General Hospital',
    unions: ['UNISON'],
  });

  await page.goto(`/groups/${groupId}/disputes`);
  await expect(page.getByText('No disputes yet.')).toBeVisible();
  await page.getByRole('link', { name: 'New dispute' }).first().click();

  // Create the dispute through the form.
  await expect(page.getByRole('heading', { level: 1, name: 'New dispute' })).toBeVisible();
  await checkPage(page, 'dispute-new');
  await page.getByLabel('Title').fill('Fair pay for outsourced staff');
  await page.getByLabel('Summary').fill('Porters and domestics want parity with directly employed staff.');
  await page.getByRole('textbox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Balloting' }).click();
  await page.getByRole('textbox', { name: 'Workplaces' }).click();
  await page.getByRole('option', { name: 'Northgate General Hospital' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('textbox', { name: 'Unions' }).fill('UNISON');
  await page.keyboard.press('Enter');
  await page.getByLabel('Strike fund target').fill('15000');
  await page.getByRole('button', { name: 'Create dispute' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Fair pay for outsourced staff' })).toBeVisible();
  await expect(page).toHaveURL(/\/disputes\/[0-9a-f-]{36}$/);
  const disputeId = page.url().split('/').pop() ?? '';
  await expect(page.getByRole('link', { name: 'Northgate General Hospital' })).toBeVisible();
  // What is raised is the strike fund ledger's sum (e2e/strike-fund.spec.ts adds to it).
  await expect(page.getByTestId('fund-raised')).toHaveText('£0.00');

  // Demands: add two, put the second first, and mark one won.
  await page.getByLabel('New demand').fill('Full sick pay from day one');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('demand')).toHaveCount(1);
  await page.getByLabel('New demand').fill('Agenda for Change pay rates');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('demand')).toHaveCount(2);
  await page.getByRole('button', { name: 'Move “Agenda for Change pay rates” up' }).click();
  await expect(page.getByTestId('demand').first()).toContainText('Agenda for Change pay rates');
  await page.getByRole('textbox', { name: 'Status of “Full sick pay from day one”' }).click();
  await page.getByRole('option', { name: 'Won' }).click();
  await expect(page.getByRole('textbox', { name: 'Status of “Full sick pay from day one”' })).toHaveValue('Won');

  // A dated event on the timeline.
  await page.getByRole('button', { name: 'Add event' }).click();
  await page.getByRole('textbox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Negotiation' }).click();
  await page.getByRole('form', { name: 'Add an event' }).getByLabel(/^Date/).fill('2026-02-20');
  await page.getByRole('form', { name: 'Add an event' }).getByLabel('What').fill('First meeting with the contractor');
  await page.getByRole('button', { name: 'Add to timeline' }).click();
  await expect(page.getByTestId('timeline-event').filter({ hasText: 'First meeting with the contractor' })).toBeVisible();

  // A ballot under the 2026 rules: 52% turnout, 58.82% yes; passes with a 12-month mandate.
  await fillBallot(page, { opens: '2026-03-02', closes: '2026-03-16', ips: false }, 'ballot-new');
  // The same figures in 2025 in an important public service: only 30% of those entitled said yes.
  await fillBallot(page, { opens: '2025-05-01', closes: '2025-05-15', ips: true });

  const ballots = (
    await apiCall<{ items: Ballot[] }>(page, token, 'GET', `/api/v1/groups/${groupId}/disputes/${disputeId}/ballots`)
  ).items;
  const passed = ballots.find((b) => b.opens_on === '2026-03-02');
  const failed = ballots.find((b) => b.opens_on === '2025-05-01');
  if (!passed || !failed) throw new Error('both ballots should be saved');
  expect(passed.verdict.outcome).toBe('passed');
  expect(failed.verdict.outcome).toBe('failed');

  const cards = page.getByTestId('ballot');
  await expect(cards).toHaveCount(2);
  const passedCard = cards.filter({ hasNotText: 'Important public service' });
  const failedCard = cards.filter({ hasText: 'Important public service' });

  await expect(passedCard.getByTestId('verdict-headline')).toContainText('Passed: mandate for industrial action');
  const [turnout, majority] = passed.verdict.thresholds;
  if (!turnout || !majority) throw new Error('the 2026 rules test turnout and majority');
  await expectThreshold(passedCard, turnout, '1,000 entitled voted');
  await expectThreshold(passedCard, majority, '510 valid votes were yes');
  await expect(passedCard.getByTestId('threshold-important_public_service_support')).toHaveCount(0);
  await expect(passedCard.getByTestId('mandate')).toContainText(
    `${String(passed.verdict.mandate_months)} months, last day ${await shownDay(page, passed.verdict.mandate_ends_on ?? '')}`,
  );
  await expect(passedCard.getByTestId('earliest-action')).toContainText(
    await shownDay(page, passed.verdict.earliest_action_on ?? ''),
  );
  await expect(passedCard.getByText(/^Notice of ballot to the employer \(7 days before it opens\)/)).toBeVisible();

  await expect(failedCard.getByTestId('verdict-headline')).toContainText('Failed: no mandate for industrial action');
  await expect(failedCard.getByTestId('verdict-headline')).toContainText('Trade Union Act 2016');
  const support = failed.verdict.thresholds.find((t) => t.key === 'important_public_service_support');
  if (!support) throw new Error('the 2016 rules test support in important public services');
  expect(support.met).toBe(false);
  await expectThreshold(failedCard, support, '1,000 entitled voted yes');
  await expect(
    failedCard.getByTestId('threshold-important_public_service_support').getByTestId('threshold-margin'),
  ).toHaveText('100 votes short (10 percentage points below)');
  await expect(failedCard.getByTestId('no-mandate')).toContainText('gives no mandate for industrial action');
  await expect(failedCard.getByTestId('mandate')).toHaveCount(0);

  await dismissNotifications(page);
  await checkPage(page, 'dispute');

  // The board shows it under Balloting.
  await page.getByRole('link', { name: '← Disputes' }).click();
  const column = page.getByTestId('board-column-balloting');
  await expect(column.getByRole('link', { name: 'Fair pay for outsourced staff' })).toBeVisible();
  await dismissNotifications(page);
  await checkPage(page, 'disputes-board');

  // The list, filtered by status, keeps its filters in the address.
  await page.getByText('List', { exact: true }).click();
  await page.getByRole('textbox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Brewing' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByText('No dispute matches these filters.')).toBeVisible();
  await expect(page).toHaveURL(/view=list/);
  await expect(page).toHaveURL(/status=/);
  await page.goBack();
  await expect(page.getByRole('list', { name: 'Disputes' }).getByRole('link', { name: 'Fair pay for outsourced staff' })).toBeVisible();
});

test('an edit that crosses someone else’s shows both versions and loses nothing', async ({ page }) => {
  const { groupId, token } = await startOrganiser(page, 'Cal Convenor', `Depot ${Date.now().toString(36)}`);
  const dispute = await apiCall<{ id: string; version: number }>(page, token, 'POST', `/api/v1/groups/${groupId}/disputes`, {
    title: 'Rota changes',
    status: 'brewing',
  });

  await page.goto(`/groups/${groupId}/disputes/${dispute.id}/edit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Edit dispute' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Title' }).fill('Rota changes at the depot');
  await page.getByRole('textbox', { name: 'Summary' }).fill('Management imposed four-on, four-off without consultation.');

  // Meanwhile someone else renames it.
  await apiCall(page, token, 'PATCH', `/api/v1/groups/${groupId}/disputes/${dispute.id}`, {
    title: 'Imposed rota changes',
    version: dispute.version,
  });

  await page.getByRole('button', { name: 'Save dispute' }).click();
  await expect(page.getByRole('heading', { name: /changed this dispute while you were editing/ })).toBeVisible();
  // Both changed the title: both versions are shown and nothing is saved until one is chosen.
  await expect(page.getByTestId('conflict-title')).toContainText('Rota changes at the depot');
  await expect(page.getByTestId('conflict-title')).toContainText('Imposed rota changes');
  // Only I changed the summary: mine is kept.
  await expect(page.getByTestId('conflict-summary')).toContainText('Management imposed four-on, four-off');
  await page.getByRole('button', { name: 'Save the chosen versions' }).click();
  await expect(page.getByText('Choose a version for one more field.')).toBeVisible();
  await page.getByRole('radio', { name: /^Keep .*’s for Title/ }).click();
  await page.getByRole('button', { name: 'Save the chosen versions' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Imposed rota changes' })).toBeVisible();
  await expect(page.getByText('Management imposed four-on, four-off without consultation.')).toBeVisible();
});

test('owners rename the group and relabel the assessment scale', async ({ page }) => {
  const { groupId } = await startOrganiser(page, 'Olu Owner', `Branch ${Date.now().toString(36)}`);
  await page.goto(`/groups/${groupId}/settings`);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByLabel('Level 1 (most supportive)')).toHaveValue('Leader');
  await checkPage(page, 'settings');

  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Northgate Hospital Workers');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('The group is now called “Northgate Hospital Workers”.')).toBeVisible();

  await page.getByLabel('Level 1 (most supportive)').fill('Organising committee');
  await page.getByRole('button', { name: 'Save labels' }).click();
  await expect(page.getByText('Assessment labels saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Level 1 (most supportive)')).toHaveValue('Organising committee');
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Northgate Hospital Workers');
});
