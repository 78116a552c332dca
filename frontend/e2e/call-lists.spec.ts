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

test('an organiser edits a list through someone else’s change, deletes it, edits a saved filter and sets the call settings', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const owner = await startOrganiser(page, 'Di Organiser', 'Quayside calls');
  const g = `/api/v1/groups/${owner.groupId}`;
  const workplace = await apiCall<Made>(page, owner.token, 'POST', `${g}/workplaces`, { name: 'Quayside Depot' });
  for (const name of ['Aga Nowak', 'Bo Diaz', 'Cy Evans']) {
    await apiCall(page, owner.token, 'POST', `${g}/contacts`, { full_name: name, workplace_id: workplace.id });
  }
  const filter = await apiCall<Made>(page, owner.token, 'POST', `${g}/saved-filters`, {
    name: 'Quayside, everyone',
    shared: true,
    filter: { workplace_id: workplace.id },
  });
  const list = await apiCall<Made & { version: number }>(page, owner.token, 'POST', `${g}/call-lists`, {
    name: 'Quayside pay survey',
    saved_filter_id: filter.id,
    notes: 'Ask about the night premium.',
  });

  // The list's page shows its script; the organiser edits it while someone else renames it.
  await page.goto(`/groups/${owner.groupId}/call-lists/${list.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Quayside pay survey' })).toBeVisible();
  await expect(page.getByText('Ask about the night premium.')).toBeVisible();
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit the list' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Name' }).fill('Quayside pay survey, round two');
  await page.getByRole('textbox', { name: 'Script and notes' }).fill('Ask about the night premium and the rota.');
  await page.getByRole('textbox', { name: 'Callers' }).click();
  await page.getByRole('option', { name: 'Di Organiser' }).click();
  await page.keyboard.press('Escape');
  await checkPage(page, 'call-list-edit');
  await apiCall(page, owner.token, 'PATCH', `${g}/call-lists/${list.id}`, {
    name: 'Quayside survey',
    version: list.version,
  });
  await page.getByRole('button', { name: 'Save the list' }).click();
  await expect(page.getByRole('heading', { name: 'Di Organiser changed this call list while you were editing' })).toBeVisible();
  await expect(page.getByTestId('conflict-name')).toContainText('You both changed this: choose one');
  await expect(page.getByTestId('conflict-notes')).toContainText('Only you changed this');
  await checkPage(page, 'call-list-edit-conflict');
  await page.getByRole('radio', { name: /^Keep yours for Name/ }).click();
  await page.getByRole('button', { name: 'Save the chosen versions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quayside pay survey, round two' })).toBeVisible();
  await expect(page.getByText('Ask about the night premium and the rota.')).toBeVisible();
  await expect(page.getByText('Callers: Di Organiser')).toBeVisible();

  // Deleting says what goes with the list, and what stays.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete “Quayside pay survey, round two”?' });
  await expect(confirm).toContainText('The list goes, with the 3 people on it');
  await expect(confirm).toContainText('whoever asked not to be contacted is still not offered by any list');
  await checkPage(page, 'call-list-delete');
  await confirm.getByRole('button', { name: 'Delete the list' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Call and visit lists' })).toBeVisible();
  await expect(page.getByText('“Quayside pay survey, round two” deleted.')).toBeVisible();
  await expect(page.getByText('No lists yet.')).toBeVisible();

  // A saved filter applied on the contacts page takes the filters shown, and is kept private.
  await page.goto(`/groups/${owner.groupId}/contacts`);
  await page.getByRole('textbox', { name: 'Saved filters' }).click();
  await page.getByRole('option', { name: 'Quayside, everyone' }).click();
  await expect(page.getByText('Aga Nowak')).toBeVisible();
  await page.getByRole('button', { name: /^Filters/ }).click();
  await page.getByLabel('Not talked to in (days)').fill('30');
  await page.getByRole('button', { name: 'Edit the filter' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit the filter “Quayside, everyone”' });
  await expect(edit.getByTestId('saved-filter-conditions')).toHaveText('Workplace: Quayside Depot');
  await expect(edit).toContainText('Shown now: Workplace: Quayside Depot · Not talked to in 30 days');
  await edit.getByRole('textbox', { name: 'Filter name' }).fill('Quayside, quiet for a month');
  await edit.getByRole('checkbox', { name: 'Use the filters shown on the contacts page instead' }).check();
  await edit.getByRole('switch', { name: 'Shared with the group' }).uncheck();
  await checkPage(page, 'saved-filter-edit');
  await edit.getByRole('button', { name: 'Save the filter' }).click();
  await expect(page.getByText('“Quayside, quiet for a month” is now seen by you alone.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Saved filters' })).toHaveValue('Quayside, quiet for a month (only you)');
  await page.getByRole('button', { name: 'Edit the filter' }).click();
  await expect(page.getByTestId('saved-filter-conditions')).toHaveText('Workplace: Quayside Depot · Not talked to in 30 days');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Delete the filter' }).click();
  const remove = page.getByRole('dialog', { name: 'Delete the filter “Quayside, quiet for a month”?' });
  await expect(remove).toContainText('Call lists made from it keep the people on them');
  await remove.getByRole('button', { name: 'Delete the filter' }).click();
  await expect(page.getByText('Filter “Quayside, quiet for a month” deleted.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Saved filters' })).toHaveAttribute('placeholder', 'No saved filters yet');

  // The call settings, from the Campaigns page.
  await page.goto(`/groups/${owner.groupId}/campaigns`);
  await page.getByRole('link', { name: 'Call settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Call settings' })).toBeVisible();
  const cooldown = page.getByRole('textbox', { name: 'Cool-down between lists (days)' });
  await expect(cooldown).toHaveValue('7');
  await cooldown.fill('400');
  await page.getByRole('button', { name: 'Save the call settings' }).click();
  await expect(page.getByText('Enter a whole number from 0 to 365')).toBeVisible();
  await expect(cooldown).toBeFocused();
  await cooldown.fill('3');
  await page.getByRole('textbox', { name: 'How long a taken person stays yours (minutes)' }).fill('15');
  await checkPage(page, 'call-settings');
  await page.getByRole('button', { name: 'Save the call settings' }).click();
  await expect(page.getByText('Call settings saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Cool-down between lists (days)' })).toHaveValue('3');
  await expect(page.getByRole('textbox', { name: 'How long a taken person stays yours (minutes)' })).toHaveValue('15');
});

test('a worker who asked not to be contacted can be cleared from their page, and lists offer them again', async ({ page }) => {
  const owner = await startOrganiser(page, 'Ed Organiser', 'Harbour calls');
  const g = `/api/v1/groups/${owner.groupId}`;
  const workplace = await apiCall<Made>(page, owner.token, 'POST', `${g}/workplaces`, { name: 'Harbour Depot' });
  const aga = await apiCall<Made>(page, owner.token, 'POST', `${g}/contacts`, {
    full_name: 'Aga Nowak',
    workplace_id: workplace.id,
  });
  const filter = await apiCall<Made>(page, owner.token, 'POST', `${g}/saved-filters`, {
    name: 'Harbour, everyone',
    shared: true,
    filter: { workplace_id: workplace.id },
  });
  const list = await apiCall<Made>(page, owner.token, 'POST', `${g}/call-lists`, {
    name: 'Harbour calls',
    saved_filter_id: filter.id,
  });
  const turn = await apiCall<{ entry: Made }>(page, owner.token, 'POST', `${g}/call-lists/${list.id}/take-next`, {});
  await apiCall(page, owner.token, 'POST', `${g}/call-lists/${list.id}/entries/${turn.entry.id}/outcome`, {
    outcome: 'do_not_contact',
  });

  await page.goto(`/groups/${owner.groupId}/call-lists/${list.id}`);
  await page.getByRole('button', { name: 'Take the next person to call' }).click();
  await expect(page.getByText('Nobody is left for you on this list right now.')).toBeVisible();

  await page.goto(`/groups/${owner.groupId}/contacts/${aga.id}`);
  const notice = page.getByTestId('do-not-contact');
  await expect(notice).toContainText(/Asked not to be contacted \(.+\)/);
  await expect(notice).toContainText('Ed Organiser recorded it on a call or visit list');
  await checkPage(page, 'contact-do-not-contact');
  await notice.getByRole('button', { name: 'They may be contacted again' }).click();
  const confirm = page.getByRole('dialog', { name: 'May Aga Nowak be contacted again?' });
  await expect(confirm).toContainText('Every call and visit list will offer them again');
  await checkPage(page, 'contact-do-not-contact-confirm');
  await confirm.getByRole('button', { name: 'Yes, they may be contacted again' }).click();
  await expect(page.getByText('Aga Nowak may be contacted again: every call and visit list offers them.')).toBeVisible();
  await expect(notice).toHaveCount(0);
  await expect(page.getByTestId('do-not-contact-cleared')).toContainText('Ed Organiser said on');

  await page.goto(`/groups/${owner.groupId}/call-lists/${list.id}`);
  await page.getByRole('button', { name: 'Take the next person to call' }).click();
  await expect(page.getByTestId('call-person').getByRole('heading', { name: 'Aga Nowak' })).toBeVisible();
});
