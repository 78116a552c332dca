import { expect, test, type Page } from '@playwright/test';
import { apiCall, checkPage, startOrganiser } from './support';

/** Money as the page shows it, in British English, the app's default. */
function shownMoney(page: Page, amount: string | number): Promise<string> {
  return page.evaluate(
    (value) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'GBP' }).format(Number(value)),
    amount,
  );
}

async function settled(page: Page): Promise<void> {
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0);
}

test('a solidarity action is recorded and shows in the list and calendar with the total raised', async ({ page }) => {
  const { groupId, token } = await startOrganiser(page, 'Ash Activist', `Trades council ${Date.now().toString(36)}`);
  const api = <T,>(method: 'GET' | 'POST', path: string, data?: unknown) =>
    apiCall<T>(page, token, method, `/api/v1/groups/${groupId}${path}`, data);
  const dispute = await api<{ id: string }>('POST', '/disputes', {
    title: 'Bin workers’ pay',
    status: 'action',
  });
  for (const name of ['Priya Shah', 'Tom Evans']) {
    await api('POST', '/contacts', { full_name: name });
  }
  // An earlier action for someone else's dispute, in another month.
  await api('POST', '/actions', {
    kind: 'motion_passed',
    title: 'Branch motion backing the Coventry strike',
    occurs_at: '2026-02-12T19:00:00Z',
    outside_dispute: 'Coventry bin strike',
    money_raised: 100,
  });

  await page.goto(`/groups/${groupId}/actions`);
  await expect(page.getByRole('heading', { level: 1, name: 'Solidarity actions' })).toBeVisible();
  await page.getByRole('link', { name: 'Record an action' }).click();

  // Record a collection for our dispute, with two contacts and a head count.
  await expect(page.getByRole('heading', { level: 1, name: 'Record a solidarity action' })).toBeVisible();
  await checkPage(page, 'action-new');
  await page.getByRole('textbox', { name: 'Type' }).click();
  await page.getByRole('option', { name: 'Collection' }).click();
  await page.getByLabel(/^When/).fill('2026-03-10T17:30');
  await page.getByRole('textbox', { name: 'Title' }).fill('Bucket collection at the station');
  await page.getByRole('textbox', { name: 'Where' }).fill('Central station forecourt');
  await page.getByRole('textbox', { name: 'Supporting' }).click();
  await page.getByRole('option', { name: 'Bin workers’ pay' }).click();
  const participants = page.getByRole('textbox', { name: 'Our contacts who took part' });
  await participants.fill('Priya');
  await page.getByRole('option', { name: 'Priya Shah' }).click();
  await participants.fill('Tom');
  await page.getByRole('option', { name: 'Tom Evans' }).click();
  await page.keyboard.press('Escape');
  // The head count cannot be fewer than the contacts listed.
  await page.getByRole('textbox', { name: 'Head count' }).fill('1');
  await page.getByRole('button', { name: 'Save action' }).click();
  await expect(page.getByText('At least the 2 contacts listed took part')).toBeVisible();
  await page.getByRole('textbox', { name: 'Head count' }).fill('12');
  await page.getByRole('textbox', { name: 'Money raised' }).fill('250.50');
  await page.getByRole('button', { name: 'Save action' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Bucket collection at the station' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Bin workers’ pay' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Priya Shah' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tom Evans' })).toBeVisible();
  await expect(page.getByText(await shownMoney(page, 250.5))).toBeVisible();
  await settled(page);
  await checkPage(page, 'action');

  // The list: both actions and everything they raised, as the API adds it up.
  await page.getByRole('link', { name: '← Solidarity actions' }).click();
  const list = page.getByRole('list', { name: 'Solidarity actions' });
  await expect(list.getByRole('link', { name: 'Bucket collection at the station' })).toBeVisible();
  await expect(list.getByRole('link', { name: 'Branch motion backing the Coventry strike' })).toBeVisible();
  const all = await api<{ total_money_raised: string }>('GET', '/actions');
  expect(Number(all.total_money_raised)).toBe(350.5);
  await expect(page.getByTestId('total-raised')).toContainText(await shownMoney(page, all.total_money_raised));
  await checkPage(page, 'actions-list');

  // Filtering by dispute narrows the list and its total.
  await page.getByRole('textbox', { name: 'Dispute' }).click();
  await page.getByRole('option', { name: 'Bin workers’ pay' }).click();
  await expect(page).toHaveURL(new RegExp(`dispute=${dispute.id}`));
  await expect(list.getByRole('link', { name: 'Branch motion backing the Coventry strike' })).toHaveCount(0);
  await expect(page.getByTestId('total-raised')).toContainText(await shownMoney(page, 250.5));

  // Filtering by type.
  await page.getByRole('textbox', { name: 'Dispute' }).click();
  await page.getByRole('option', { name: 'Bin workers’ pay' }).click();
  await page.getByRole('textbox', { name: 'Type' }).click();
  await page.getByRole('option', { name: 'Motion passed' }).click();
  await page.keyboard.press('Escape');
  await expect(list.getByRole('link', { name: 'Bucket collection at the station' })).toHaveCount(0);
  await expect(list.getByRole('link', { name: 'Branch motion backing the Coventry strike' })).toBeVisible();

  // The calendar for March 2026 shows the collection on the 10th, and the month's total.
  await page.goto(`/groups/${groupId}/actions?view=calendar&month=2026-03`);
  await expect(page.getByRole('heading', { name: /March 2026/ })).toBeVisible();
  const grid = page.getByRole('table', { name: /Solidarity actions in March 2026/ });
  const tenth = grid.getByRole('cell', { name: /: 1 action$/ });
  await expect(tenth).toHaveCount(1);
  await expect(tenth.getByRole('link', { name: /Bucket collection at the station/ })).toBeVisible();
  await expect(tenth).toContainText('10');
  await expect(page.getByTestId('total-raised')).toContainText(await shownMoney(page, 250.5));
  // A step back goes to February, where the motion is.
  await page.getByRole('button', { name: 'Previous month' }).click();
  await expect(page.getByRole('heading', { name: /February 2026/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Branch motion backing the Coventry strike/ }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Next month' }).click();
  await expect(page.getByRole('heading', { name: /March 2026/ })).toBeVisible();

  // On a phone the calendar is an agenda by week.
  await page.setViewportSize({ width: 360, height: 740 });
  const agenda = page.getByTestId('calendar-agenda');
  await expect(agenda.getByRole('link', { name: 'Bucket collection at the station' })).toBeVisible();
  await expect(grid).toBeHidden();
  await checkPage(page, 'actions-calendar');
});
