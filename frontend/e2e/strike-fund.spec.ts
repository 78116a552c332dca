import { expect, test, type Page } from '@playwright/test';
import { apiCall, checkPage, startOrganiser } from './support';

async function settled(page: Page): Promise<void> {
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0);
}

/** Types a day into the entry form's date field as a British reader would (dd/mm/yyyy). */
async function fillEntryDay(page: Page, isoDay: string): Promise<void> {
  const [year, month, day] = isoDay.split('-');
  const field = page.getByRole('form', { name: 'Add to the strike fund' }).getByRole('textbox', { name: 'Date' });
  await field.fill(`${day ?? ''}/${month ?? ''}/${year ?? ''}`);
  await field.press('Escape');
}

/** Today as the API's calendar day. */
function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}

async function addEntry(page: Page, entry: { kind: string; amount: string; note?: string; paidTo?: string }): Promise<void> {
  const form = page.getByRole('form', { name: 'Add to the strike fund' });
  await form.getByRole('textbox', { name: 'What for' }).click();
  await page.getByRole('option', { name: entry.kind, exact: true }).click();
  await form.getByRole('textbox', { name: 'Amount' }).fill(entry.amount);
  if (entry.note !== undefined) await form.getByRole('textbox', { name: 'Note' }).fill(entry.note);
  if (entry.paidTo !== undefined) {
    await form.getByRole('textbox', { name: 'Paid to' }).fill(entry.paidTo.split(' ')[0] ?? '');
    await page.getByRole('option', { name: entry.paidTo }).click();
  }
  await form.getByRole('button', { name: 'Add to the fund' }).click();
}

test('the strike fund is a ledger: entries in and out make its totals, and a mistake is reversed', async ({ page }) => {
  const { groupId, token } = await startOrganiser(page, 'Fran Treasurer', `Porters ${Date.now().toString(36)}`);
  const api = <T,>(method: 'GET' | 'POST', path: string, data?: unknown) =>
    apiCall<T>(page, token, method, `/api/v1/groups/${groupId}${path}`, data);
  const dispute = await api<{ id: string }>('POST', '/disputes', {
    title: 'Fair pay for outsourced staff',
    status: 'action',
    strike_fund_target: 15000,
  });
  await api('POST', '/contacts', { full_name: 'Priya Shah' });

  await page.goto(`/groups/${groupId}/disputes/${dispute.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Fair pay for outsourced staff' })).toBeVisible();
  await expect(page.getByText('Nothing recorded yet.')).toBeVisible();

  await addEntry(page, { kind: 'Donation', amount: '6420.50', note: 'Branch appeal' });
  await expect(page.getByTestId('fund-raised')).toHaveText('£6,420.50');
  await addEntry(page, { kind: 'Strike pay', amount: '50', paidTo: 'Priya Shah' });
  await expect(page.getByTestId('fund-entry')).toHaveCount(2);
  await expect(page.getByTestId('fund-totals')).toContainText('Paid out: £50.00');
  await expect(page.getByTestId('fund-totals')).toContainText('In hand: £6,370.50');
  const paid = page.getByTestId('fund-entry').filter({ hasText: 'Strike pay' });
  await expect(paid).toContainText('paid to Priya Shah');
  await expect(paid).toContainText('recorded by Fran Treasurer');
  await expect(paid).toContainText('−£50.00');

  // A negative amount is refused beside the field, and nothing is recorded.
  const form = page.getByRole('form', { name: 'Add to the strike fund' });
  await form.getByRole('textbox', { name: 'What for' }).click();
  await page.getByRole('option', { name: 'Collection', exact: true }).click();
  await form.getByRole('textbox', { name: 'Amount' }).fill('-50');
  await form.getByRole('button', { name: 'Add to the fund' }).click();
  await expect(form.getByText('The amount cannot be negative')).toBeVisible();
  await expect(form.getByRole('textbox', { name: 'Amount' })).toHaveValue('-50');
  await expect(page.getByTestId('fund-entry')).toHaveCount(2);

  // Money dated tomorrow needs a tick first.
  await form.getByRole('textbox', { name: 'Amount' }).fill('84.20');
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await fillEntryDay(page, tomorrow);
  await form.getByRole('button', { name: 'Add to the fund' }).click();
  await expect(form.getByText('This day has not come yet: tick to record it anyway')).toBeVisible();
  await fillEntryDay(page, isoToday());
  await form.getByRole('button', { name: 'Add to the fund' }).click();
  await expect(page.getByTestId('fund-entry')).toHaveCount(3);
  await expect(page.getByTestId('fund-raised')).toHaveText('£6,504.70');

  await settled(page);
  await checkPage(page, 'strike-fund');

  // The strike pay was paid twice by mistake: reverse it; both entries stay.
  await paid.getByRole('button', { name: 'Reverse' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Why' }).fill('Paid by bank transfer instead');
  await page.getByRole('dialog').getByRole('button', { name: 'Reverse entry' }).click();
  await expect(page.getByTestId('fund-entry')).toHaveCount(4);
  await expect(page.getByTestId('fund-totals')).toContainText('Paid out: £0.00');
  await expect(page.getByTestId('fund-entry').filter({ hasText: 'Correction' })).toContainText('+£50.00');
  const ledger = await api<{ items: { signed_amount: string }[] }>('GET', `/disputes/${dispute.id}/fund-entries`);
  expect(ledger.items.reduce((sum, item) => sum + Number(item.signed_amount), 0)).toBeCloseTo(6504.7);
});

test('typing -50 into a money field shows an error there and keeps the saved value', async ({ page }) => {
  const { groupId, token } = await startOrganiser(page, 'Mo Money', `Depot ${Date.now().toString(36)}`);
  const dispute = await apiCall<{ id: string }>(page, token, 'POST', `/api/v1/groups/${groupId}/disputes`, {
    title: 'Canteen closure',
    status: 'brewing',
    strike_fund_target: 6420.5,
  });

  await page.goto(`/groups/${groupId}/disputes/${dispute.id}/edit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Edit dispute' })).toBeVisible();
  const target = page.getByRole('textbox', { name: 'Strike fund target' });
  await expect(target).toHaveValue('6,420.5');
  await target.fill('-50');
  await target.blur();
  // Nothing clamps it to 0 or drops the sign: it stays as typed, with the reason beside it.
  await expect(target).toHaveValue('-50');
  await page.getByRole('button', { name: 'Save dispute' }).click();
  await expect(page.getByText('The amount cannot be negative')).toBeVisible();
  await expect(target).toHaveAttribute('aria-invalid', 'true');
  await checkPage(page, 'money-field-error');

  const saved = await apiCall<{ strike_fund_target: string }>(page, token, 'GET', `/api/v1/groups/${groupId}/disputes/${dispute.id}`);
  expect(saved.strike_fund_target).toBe('6420.50');
  await page.goto(`/groups/${groupId}/disputes/${dispute.id}`);
  await expect(page.getByText('raised of £6,420.50')).toBeVisible();
});
