import { expect, test, type Page } from '@playwright/test';
import { PHONE, apiCall, checkPage, startOrganiser, logInOn } from './support';

// Languages of people, on a phone: record a worker's languages, find the
// contacts who speak one, see who speaks what on the wall chart, and say
// which languages you speak yourself so callers can be matched to workers.

test.describe.configure({ timeout: 150_000 });

interface Record {
  id: string;
}

/** Picks a language in a searchable language field by typing part of a name. */
async function pickLanguage(page: Page, label: string, typed: string, option: string) {
  const field = page.getByRole('textbox', { name: label, exact: true });
  await field.click();
  await field.fill(typed);
  await page.getByRole('option', { name: option }).click();
}

test('a worker’s languages are recorded, filtered on and shown on the wall chart', async ({ browser }) => {
  const setup = await browser.newPage();
  const groupName = `Care Workers ${Date.now().toString(36)}`;
  let lee = await startOrganiser(setup, 'Lee Organiser', groupName);
  const me = await apiCall<{ is_admin: boolean }>(setup, lee.token, 'GET', '/api/v1/me');
  // The server's first account is its administrator, who logs in with a second factor:
  // the story is a member's, so it is told by the next account.
  if (me.is_admin) lee = await startOrganiser(setup, 'Lee Organiser', groupName);
  const group = `/api/v1/groups/${lee.groupId}`;
  const workplace = await apiCall<Record>(setup, lee.token, 'POST', `${group}/workplaces`, {
    name: 'Meadow Care Home',
    estimated_headcount: 30,
  });
  await apiCall(setup, lee.token, 'POST', `${group}/contacts`, {
    full_name: 'Agata Nowak',
    workplace_id: workplace.id,
    preferred_language: 'pl',
  });
  const dan = await apiCall<Record>(setup, lee.token, 'POST', `${group}/contacts`, {
    full_name: 'Dan Ionescu',
    workplace_id: workplace.id,
  });
  await setup.close();

  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await logInOn(page, lee.email);

  // Dan's languages: the preferred one found by its own name, another by its English name.
  await page.goto(`/groups/${lee.groupId}/contacts/${dan.id}/edit`);
  await pickLanguage(page, 'Preferred language', 'român', 'Romanian');
  await pickLanguage(page, 'Other languages', 'pol', 'Polish');
  await page.keyboard.press('Escape');
  await checkPage(page, 'people-languages-contact-form');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${dan.id}$`));
  await expect(page.getByText('Romanian', { exact: true })).toBeVisible();
  await expect(page.getByText('Polish', { exact: true })).toBeVisible();

  // The contacts list filtered by a language, kept in the URL.
  await page.goto(`/groups/${lee.groupId}/contacts`);
  const contacts = page.getByRole('list', { name: 'Contacts' });
  await expect(contacts.getByTestId('contact-row')).toHaveCount(2);
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await pickLanguage(page, 'Speaks', 'rom', 'Romanian');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/speaks=ro/);
  await expect(contacts.getByTestId('contact-row')).toHaveCount(1);
  await expect(contacts.getByRole('link', { name: 'Dan Ionescu' })).toBeVisible();
  await checkPage(page, 'people-languages-contacts-filter');
  await page.reload();
  await expect(contacts.getByTestId('contact-row')).toHaveCount(1);

  // The wall chart: the language summary, each person's badge, and the filter.
  await page.goto(`/groups/${lee.groupId}/workplaces/${workplace.id}`);
  const summary = page.getByRole('list', { name: 'Languages spoken here' });
  await expect(summary.getByRole('button', { name: 'Polish: 2' })).toBeVisible();
  await expect(summary.getByRole('button', { name: 'Romanian: 1' })).toBeVisible();
  const people = page.getByRole('list', { name: 'Talk to next' });
  await expect(people.getByRole('img', { name: 'Polish' })).toHaveText('pl');
  await expect(people.getByRole('img', { name: 'Romanian' })).toHaveText('ro');
  await summary.getByRole('button', { name: 'Romanian: 1' }).click();
  await expect(page).toHaveURL(/language=ro/);
  await expect(people.getByRole('listitem')).toHaveCount(1);
  await expect(people.getByRole('link', { name: 'Dan Ionescu' })).toBeVisible();
  await checkPage(page, 'people-languages-wall-chart');

  // The organiser's own languages, seen by the group in its member list.
  await page.goto('/account');
  await pickLanguage(page, 'Languages you speak', 'polski', 'Polish');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Save languages' }).click();
  await expect(page.getByText('Your languages are saved.')).toBeVisible();
  await page.goto(`/groups/${lee.groupId}/members`);
  await expect(page.getByTestId('member').getByText('Speaks Polish')).toBeVisible();
  await checkPage(page, 'people-languages-members');

  await context.close();
});
