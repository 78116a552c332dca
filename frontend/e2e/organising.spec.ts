import { expect, test, type Page } from '@playwright/test';
import { DESKTOP, PHONE, apiCall, checkPage, expectAccessible, startOrganiser, type Organiser, logIn } from './support';

// The organising map from a phone at the end of a shift and from a desk:
// log a conversation with someone new, find it on their timeline, watch the
// wall chart move, and edit a contact while someone else does.

// Each test walks a whole story with accessibility checks at two widths; on a
// busy two-core machine that can take more than the default minute.
test.describe.configure({ timeout: 120_000 });

interface Workplace {
  id: string;
  name: string;
}
interface Part {
  id: string;
  name: string;
}
interface Contact {
  id: string;
  full_name: string;
  version: number;
}

async function seedWorkplace(page: Page, who: Organiser, name: string) {
  const workplace = await apiCall<Workplace>(page, who.token, 'POST', `/api/v1/groups/${who.groupId}/workplaces`, {
    name,
    employer: 'Parcelwise Ltd',
    estimated_headcount: 40,
  });
  const base = `/api/v1/groups/${who.groupId}/workplaces/${workplace.id}`;
  const packing = await apiCall<Part>(page, who.token, 'POST', `${base}/departments`, {
    name: 'Packing',
    estimated_headcount: 20,
  });
  await apiCall<Part>(page, who.token, 'POST', `${base}/departments`, { name: 'Loading', estimated_headcount: 20 });
  const nights = await apiCall<Part>(page, who.token, 'POST', `${base}/shifts`, { name: 'Nights' });
  return { workplace, packing, nights };
}


/** A choice among chips: tap the chip's label (the radio itself is hidden). */
async function tapChoice(page: Page, group: string, option: string) {
  const radios = page.getByRole('radiogroup', { name: group });
  await radios.getByText(option, { exact: true }).click();
  await expect(radios.getByRole('radio', { name: option, exact: true })).toBeChecked();
}

/** A Mantine select: open it by its label and pick an option. */
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a member logs a conversation on a phone and sees it on the timeline and the wall chart', async ({ browser }) => {
  const setup = await browser.newPage();
  const stamp = Date.now().toString(36);
  const olu = await startOrganiser(setup, 'Olu Organiser', `Riverside Workers ${stamp}`);
  const other = await apiCall<{ id: string; name: string }>(setup, olu.token, 'POST', '/api/v1/groups', {
    name: `Allotment Society ${stamp}`,
  });
  const { workplace, packing, nights } = await seedWorkplace(setup, olu, 'Riverside Depot');
  // Someone already on the map at Packing, so the chart has a row to change.
  await apiCall(setup, olu.token, 'POST', `/api/v1/groups/${olu.groupId}/contacts`, {
    full_name: 'Dee Existing',
    workplace_id: workplace.id,
    department_id: packing.id,
    shift_id: nights.id,
    membership_status: 'member',
  });
  await setup.close();

  // Olu is in two groups, so logging in shows the list of groups.
  const { context, page } = await logIn(browser, olu.email, PHONE, { landsOn: /\/groups$/ });

  // Switch group from the navigation (behind the menu button on a phone).
  await page.goto(`/groups/${other.id}`);
  await expect(page.getByRole('heading', { level: 1, name: other.name })).toBeVisible();
  await page.getByRole('button', { name: 'Open navigation' }).click();
  await choose(page, 'Group', olu.groupName);
  await expect(page).toHaveURL(new RegExp(`/groups/${olu.groupId}$`));
  await expect(page.getByRole('heading', { level: 1, name: olu.groupName })).toBeVisible();
  await expect(page.getByText('Nothing for you to follow up.')).toBeVisible();
  await checkPage(page, 'home');

  // The wall chart before: one unassessed contact in Packing, no leaders.
  await page.goto(`/groups/${olu.groupId}/workplaces/${workplace.id}`);
  const chart = page.getByTestId('wall-chart');
  const packingRow = chart.getByRole('row', { name: /Packing/ });
  await expect(packingRow.getByRole('cell').first()).toHaveText('0');
  await expect(packingRow.getByRole('cell').nth(5)).toHaveText('1');

  // Quick log from the header: one tap away on every page.
  await page.getByRole('banner').getByRole('link', { name: 'Log a conversation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Log a conversation' })).toBeVisible();
  await checkPage(page, 'quick-log');

  const who = page.getByRole('textbox', { name: 'Who did you talk to?' });
  await who.fill('Sam Okafor');
  await page.getByRole('option', { name: 'Add “Sam Okafor” as a new contact' }).click();
  await expect(page.getByRole('textbox', { name: 'Full name' })).toHaveValue('Sam Okafor');
  await choose(page, 'Workplace', 'Riverside Depot');
  await choose(page, 'Department', 'Packing');
  await page.getByLabel('Phone (optional)').fill('07700 900123');
  await tapChoice(page, 'How did you talk?', 'Phone');
  await page.getByLabel('What did they say?').fill('Worried about the new rota; will talk to the night shift.');
  await tapChoice(page, 'How supportive are they now?', '1 Leader');
  await page.getByRole('switch', { name: 'Add a follow-up' }).check();
  await expect(page.getByLabel('What needs doing?')).toHaveValue('Talk to Sam again');
  await page.getByRole('button', { name: 'In a week' }).click();
  await page.getByRole('button', { name: 'Save conversation' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Your conversation with Sam Okafor is saved, with the follow-up.' })).toBeVisible();
  await expectAccessible(page, 'quick log, saved');
  await page.getByRole('link', { name: 'Open Sam Okafor' }).click();

  // The contact's page: the conversation and the assessment on the timeline, the follow-up.
  await expect(page.getByRole('heading', { level: 1, name: 'Sam Okafor' })).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline.getByTestId('timeline-conversation')).toContainText('Worried about the new rota');
  await expect(timeline.getByTestId('timeline-conversation')).toContainText('Conversation · Phone');
  await expect(timeline.getByTestId('timeline-assessment')).toContainText('1 · Leader');
  await expect(page.getByRole('list', { name: 'Open follow-ups' }).getByText('Talk to Sam again')).toBeVisible();
  await checkPage(page, 'contact');

  // The wall chart after: Packing has a leader.
  await page.getByRole('link', { name: 'Riverside Depot' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Riverside Depot' })).toBeVisible();
  await expect(packingRow.getByRole('cell').first()).toHaveText('1');
  await expect(packingRow.getByRole('cell').nth(6)).toHaveText('2');
  await expect(page.getByText('2 of about 40 workers known')).toBeVisible();
  await checkPage(page, 'workplace');

  // The same chart for one shift: Sam has no shift, Dee works nights.
  await choose(page, 'Shift', 'Nights');
  await expect(page).toHaveURL(new RegExp(`shift=${nights.id}`));
  await expect(packingRow.getByRole('cell').first()).toHaveText('0');
  await page.goBack();
  await expect(packingRow.getByRole('cell').first()).toHaveText('1');

  await context.close();
});

test('the lists: workplaces, contacts with filters in the URL, follow-ups ticked off', async ({ browser }) => {
  const setup = await browser.newPage();
  const lee = await startOrganiser(setup, 'Lee Organiser', `Warehouse Network ${Date.now().toString(36)}`);
  const { workplace, packing } = await seedWorkplace(setup, lee, 'Riverside Depot');
  const groupPath = `/api/v1/groups/${lee.groupId}`;
  const sam = await apiCall<Contact>(setup, lee.token, 'POST', `${groupPath}/contacts`, {
    full_name: 'Sam Okafor',
    workplace_id: workplace.id,
    department_id: packing.id,
    membership_status: 'unknown',
  });
  await apiCall(setup, lee.token, 'POST', `${groupPath}/contacts`, { full_name: 'Dee Existing', membership_status: 'member' });
  const inAWeek = new Date(Date.now() + 7 * 86_400_000);
  const due = `${inAWeek.getFullYear()}-${String(inAWeek.getMonth() + 1).padStart(2, '0')}-${String(inAWeek.getDate()).padStart(2, '0')}`;
  await apiCall(setup, lee.token, 'POST', `${groupPath}/contacts/${sam.id}/conversations`, {
    channel: 'phone',
    notes: 'Worried about the new rota',
    assessment: { level: 1 },
    follow_up: { title: 'Talk to Sam again', due_on: due },
  });
  await setup.close();
  const { context, page } = await logIn(browser, lee.email, PHONE);

  // Workplaces, contacts and follow-ups lists.
  await page.goto(`/groups/${lee.groupId}/workplaces`);
  await expect(page.getByRole('link', { name: 'Riverside Depot' })).toBeVisible();
  await checkPage(page, 'workplaces');

  await page.goto(`/groups/${lee.groupId}/contacts`);
  const contacts = page.getByRole('list', { name: 'Contacts' });
  await expect(contacts.getByTestId('contact-row')).toHaveCount(2);
  await checkPage(page, 'contacts');
  // Filter by assessment: the URL keeps the filter, so it survives reload and back.
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await choose(page, 'Assessment', '1 Leader');
  await expect(page).toHaveURL(/level=1/);
  await expect(contacts.getByTestId('contact-row')).toHaveCount(1);
  await expect(contacts.getByRole('link', { name: 'Sam Okafor' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill('Dee');
  await expect(page.getByText('Nobody matches.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('Dee');

  // Follow-ups: mine, overdue first; tick it done.
  await page.getByRole('button', { name: 'Open navigation' }).click();
  await page.getByRole('link', { name: 'Follow-ups' }).click();
  const mine = page.getByRole('list', { name: 'Your open follow-ups' });
  await expect(mine.getByText('Talk to Sam again')).toBeVisible();
  await expect(mine.getByText('Due in 7 days')).toBeVisible();
  await checkPage(page, 'follow-ups');
  await mine.getByRole('checkbox', { name: 'Done: Talk to Sam again' }).click();
  await expect(page.getByText('Nothing for you to follow up.')).toBeVisible();
  await page.getByRole('tab', { name: 'Done' }).click();
  await expect(page).toHaveURL(/view=done/);
  await expect(page.getByRole('list', { name: 'Done follow-ups' }).getByText('Talk to Sam again')).toBeVisible();

  await context.close();
});

test('two people edit one contact: the second sees both versions and loses nothing', async ({ browser }) => {
  const setup = await browser.newPage();
  const ana = await startOrganiser(setup, 'Ana Rep', `Night Shift Network ${Date.now().toString(36)}`);
  const contact = await apiCall<Contact>(setup, ana.token, 'POST', `/api/v1/groups/${ana.groupId}/contacts`, {
    full_name: 'Priya Shah',
    job_title: 'Driver',
    membership_status: 'unknown',
  });
  await setup.close();
  const editUrl = `/groups/${ana.groupId}/contacts/${contact.id}/edit`;

  const first = await logIn(browser, ana.email, DESKTOP);
  const second = await logIn(browser, ana.email, DESKTOP);
  await first.page.goto(editUrl);
  await second.page.goto(editUrl);
  await expect(first.page.getByLabel('Job title')).toHaveValue('Driver');
  await expect(second.page.getByLabel('Job title')).toHaveValue('Driver');

  // The second session saves first: a new job title and a phone number.
  await second.page.getByLabel('Job title').fill('Shift lead');
  await second.page.getByLabel('Phone').fill('07700 900456');
  await second.page.getByRole('button', { name: 'Save changes' }).click();
  await expect(second.page.getByRole('heading', { level: 1, name: 'Priya Shah' })).toBeVisible();

  // The first session, still on the old version, changes the job title and the notes.
  await first.page.getByLabel('Job title').fill('Senior driver');
  await first.page.getByLabel('Notes').fill('Rep for the night shift');
  await first.page.getByRole('button', { name: 'Save changes' }).click();

  const page = first.page;
  await expect(page.getByRole('heading', { name: 'Ana Rep changed this contact while you were editing' })).toBeVisible();
  const jobTitle = page.getByTestId('conflict-job_title');
  await expect(jobTitle).toContainText('You both changed this: choose one');
  await expect(jobTitle).toContainText('Senior driver');
  await expect(jobTitle).toContainText('Shift lead');
  await expect(page.getByTestId('conflict-phone')).toContainText('Only they changed this');
  await expect(page.getByTestId('conflict-notes')).toContainText('Only you changed this');
  await checkPage(page, 'contact-conflict');

  // Nothing is saved until the conflicting field has a side.
  await page.getByRole('button', { name: 'Save the chosen versions' }).click();
  await expect(jobTitle.getByText('Choose which version to keep')).toBeVisible();
  await jobTitle.getByRole('radio', { name: /^Keep yours for Job title/ }).click();
  await page.getByRole('button', { name: 'Save the chosen versions' }).click();

  // Both people's changes are kept.
  await expect(page.getByRole('heading', { level: 1, name: 'Priya Shah' })).toBeVisible();
  await expect(page.getByText('Senior driver')).toBeVisible();
  await expect(page.getByText('07700 900456')).toBeVisible();
  await expect(page.getByText('Rep for the night shift')).toBeVisible();
  const saved = await apiCall<Contact & { job_title: string; phone: string; notes: string }>(
    page,
    ana.token,
    'GET',
    `/api/v1/groups/${ana.groupId}/contacts/${contact.id}`,
  );
  expect([saved.job_title, saved.phone, saved.notes]).toEqual(['Senior driver', '07700 900456', 'Rep for the night shift']);

  await first.context.close();
  await second.context.close();
});
