import { expect, test } from '@playwright/test';
import { apiCall, checkPage, PHONE, signUp, startOrganiser } from './support';

interface Made {
  id: string;
}

test('a member works a call list on a phone: takes the next person, records outcomes, logs a conversation', async ({
  page,
  browser,
}) => {
  // Two browsers and a dozen steps: longer than one page's default.
  test.setTimeout(180_000);
  const owner = await startOrganiser(page, 'Cal Organiser', 'Riverside calls');
  const g = `/api/v1/groups/${owner.groupId}`;
  const workplace = await apiCall<Made>(page, owner.token, 'POST', `${g}/workplaces`, { name: 'Riverside Depot' });
  for (const name of ['Aga Nowak', 'Bo Diaz', 'Cy Evans']) {
    await apiCall(page, owner.token, 'POST', `${g}/contacts`, {
      full_name: name,
      workplace_id: workplace.id,
      phone: '07700 900123',
      preferred_language: 'pl',
    });
  }
  await apiCall(page, owner.token, 'POST', `${g}/saved-filters`, {
    name: 'Riverside, everyone',
    shared: true,
    filter: { workplace_id: workplace.id },
  });
  const invite = await apiCall<{ token: string }>(page, owner.token, 'POST', `${g}/invites`, { role: 'member' });
  const other = await browser.newContext({ viewport: PHONE });
  const phone = await other.newPage();
  const member = await signUp(phone, 'Mo Caller');
  await apiCall(phone, member.token, 'POST', '/api/v1/invites/accept', { token: invite.token });

  // The organiser makes the list from the saved filter and assigns it.
  await page.goto(`/groups/${owner.groupId}/call-lists`);
  await page.getByLabel('Name').fill('Riverside pay survey');
  await page.getByRole('textbox', { name: 'Who is on it' }).click();
  await page.getByRole('option', { name: 'Riverside, everyone' }).click();
  await page.getByRole('textbox', { name: 'Callers' }).click();
  await page.getByRole('option', { name: 'Mo Caller' }).click();
  await page.keyboard.press('Escape');
  await checkPage(page, 'call-lists');
  await page.getByRole('button', { name: 'Make the list' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Riverside pay survey' })).toBeVisible();
  const listUrl = new URL(page.url()).pathname;

  // The member works it on a 360 px phone.
  await phone.goto(listUrl);
  await expect(phone.getByTestId('call-progress')).toContainText('0 of 3 done');
  await phone.getByRole('button', { name: 'Take the next person to call' }).click();
  const person = phone.getByTestId('call-person');
  await expect(person.getByRole('heading', { name: 'Aga Nowak' })).toBeVisible();
  await expect(person.getByRole('link', { name: 'Call 07700 900123' })).toHaveAttribute('href', 'tel:07700900123');
  await checkPage(phone, 'call-list-work');
  await person.getByRole('button', { name: 'No answer' }).click();
  await expect(person).toHaveCount(0);

  await phone.getByRole('button', { name: 'Take the next person to call' }).click();
  await expect(person.getByRole('heading', { name: 'Bo Diaz' })).toBeVisible();
  await person.getByRole('button', { name: 'Talked' }).click();

  // "Talked" opens the quick log with Bo chosen, and leads back to the list.
  await expect(phone.getByRole('heading', { level: 1, name: 'Log a conversation' })).toBeVisible();
  await expect(phone.getByText('Bo Diaz').first()).toBeVisible();
  await phone.getByLabel('What did they say?').fill('Wants the pay survey results before the meeting.');
  await phone.getByRole('button', { name: 'Save conversation' }).click();
  await expect(phone.getByText('Your conversation with Bo Diaz is saved.')).toBeVisible();
  await phone.getByRole('link', { name: 'Back to the call list' }).click();
  await expect(phone.getByTestId('call-progress')).toContainText('1 of 3 done');

  await phone.getByRole('button', { name: 'Take the next person to call' }).click();
  await expect(person.getByRole('heading', { name: 'Cy Evans' })).toBeVisible();
  await person.getByRole('button', { name: 'Wrong number' }).click();
  await expect(phone.getByTestId('call-progress')).toContainText('2 of 3 done');
  await other.close();
});
