import { expect, test, type Page } from '@playwright/test';
import { DESKTOP, PHONE, apiCall, checkPage, startOrganiser, type Organiser, logIn } from './support';

// Finding people and not entering them twice: the quick log offers the person
// already known (however their name is typed) before "Add as a new contact",
// and two records of one person are merged side by side.

test.describe.configure({ timeout: 120_000 });

// On a fresh server the first account is the instance administrator, who needs two-factor
// login; make it first, so the organisers below log in with a password alone.
test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await startOrganiser(page, 'Instance Admin', `Admin's group ${Date.now().toString(36)}`);
  await page.close();
});

interface Contact {
  id: string;
  full_name: string;
  version: number;
}


async function seed(page: Page, who: Organiser) {
  const workplace = await apiCall<{ id: string }>(page, who.token, 'POST', `/api/v1/groups/${who.groupId}/workplaces`, {
    name: 'Riverside Depot',
  });
  const contact = (body: Record<string, unknown>) =>
    apiCall<Contact>(page, who.token, 'POST', `/api/v1/groups/${who.groupId}/contacts`, body);
  return { workplace, contact };
}

test('the quick log offers the person already known before adding someone new', async ({ browser }) => {
  const setup = await browser.newPage();
  const olu = await startOrganiser(setup, 'Olu Organiser', `Riverside Workers ${Date.now().toString(36)}`);
  const { workplace, contact } = await seed(setup, olu);
  await contact({ full_name: 'Zoë Ní Bhriain', workplace_id: workplace.id, phone: '+44 7700 900123' });
  await contact({ full_name: 'Jon Smith', workplace_id: workplace.id });
  await setup.close();

  const { context, page } = await logIn(browser, olu.email, PHONE);
  await page.goto(`/groups/${olu.groupId}/log`);
  const who = page.getByRole('textbox', { name: 'Who did you talk to?' });
  const options = page.getByRole('listbox', { name: 'Matching contacts' }).getByRole('option');

  // Typed without accents and in another order: Zoë is offered first, adding comes last.
  await who.fill('ni bhriain zoe');
  await expect(options.first()).toContainText('Zoë Ní Bhriain');
  await expect(options.last()).toHaveText('Add “ni bhriain zoe” as a new contact');
  // A similar spelling finds them too.
  await who.fill('John Smith');
  await expect(options.first()).toContainText('Jon Smith');
  await expect(options.last()).toHaveText('Add “John Smith” as a new contact');
  // The phone number as it is usually written.
  await who.fill('07700 900123');
  await expect(options.first()).toContainText('Zoë Ní Bhriain');

  // Adding someone new anyway: the likely match is shown first, "This is them" picks them.
  await who.fill('Zoe Ni Bhriain');
  await page.getByRole('option', { name: 'Add “Zoe Ni Bhriain” as a new contact' }).click();
  const likely = page.getByRole('region', { name: 'Already on the map?' });
  await expect(likely.getByTestId('likely-match').first()).toContainText('Zoë Ní Bhriain');
  await expect(likely).toContainText('Riverside Depot');
  await checkPage(page, 'quick-log-likely-match');
  await likely.getByRole('button', { name: 'This is them: Zoë Ní Bhriain' }).click();
  const talking = page.getByRole('group', { name: 'Talking to' });
  await expect(talking).toContainText('Zoë Ní Bhriain');
  await expect(page.getByRole('textbox', { name: 'Full name' })).toHaveCount(0);
  await context.close();
});

test('an organiser merges two records of one person side by side', async ({ browser }) => {
  const setup = await browser.newPage();
  const olu = await startOrganiser(setup, 'Olu Organiser', `Riverside Workers ${Date.now().toString(36)}`);
  const { workplace, contact } = await seed(setup, olu);
  const kept = await contact({ full_name: 'Jill Wright', workplace_id: workplace.id, phone: '07700 900456' });
  const duplicate = await contact({ full_name: 'Wright, Jill', email: 'jill@example.org', job_title: 'Picker', committee: true });
  await apiCall(setup, olu.token, 'POST', `/api/v1/groups/${olu.groupId}/contacts/${duplicate.id}/conversations`, {
    notes: 'Angry about the new rota',
  });
  await setup.close();

  const { context, page } = await logIn(browser, olu.email, DESKTOP);
  await page.goto(`/groups/${olu.groupId}/contacts/${kept.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Jill Wright' })).toBeVisible();
  await page.getByRole('link', { name: 'Merge with…' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Merge two records of one person' })).toBeVisible();
  const other = page.getByRole('textbox', { name: 'The other record of Jill Wright' });
  await other.fill('wright');
  await page.getByRole('option', { name: 'Wright, Jill', exact: true }).click();

  await expect(page.getByTestId('merge-kept')).toContainText('Jill Wright');
  await expect(page.getByTestId('merge-merged')).toContainText('Wright, Jill');
  // Where one record is blank the other's value is chosen; elsewhere the kept one's.
  await expect(page.getByRole('radio', { name: 'Email: jill@example.org' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Full name: Jill Wright' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Workplace, department and shift: Riverside Depot' })).toBeChecked();
  // The committee mark is kept from whichever record has it, in words.
  const committee = page.getByTestId('merge-field-committee');
  await expect(committee.getByRole('radio', { name: 'Organising committee: On the committee' })).toBeChecked();
  await expect(committee.getByRole('radio', { name: 'Organising committee: Not on the committee' })).not.toBeChecked();
  await page.getByRole('radio', { name: 'Job title: Picker' }).check();
  await checkPage(page, 'merge-contacts');

  await page.getByRole('button', { name: 'Merge into one record' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge Wright, Jill into Jill Wright?' });
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();

  await expect(page).toHaveURL(new RegExp(`/contacts/${kept.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Jill Wright' })).toBeVisible();
  await expect(page.getByText('jill@example.org')).toBeVisible();
  await expect(page.getByText('07700 900456')).toBeVisible();
  await expect(page.getByText(/Picker/).first()).toBeVisible();
  await expect(page.getByText('On the organising committee', { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Timeline' }).getByTestId('timeline-conversation')).toContainText(
    'Angry about the new rota',
  );
  // The merged record is gone.
  await page.goto(`/groups/${olu.groupId}/contacts/${duplicate.id}`);
  await expect(page.getByText('This contact no longer exists.')).toBeVisible();
  await context.close();
});
