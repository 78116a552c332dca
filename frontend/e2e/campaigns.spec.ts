import { expect, test, type Page } from '@playwright/test';
import { DESKTOP, PHONE, apiCall, checkPage, signUp, startOrganiser } from './support';

interface Made {
  id: string;
}

/** A workplace with two departments and a night shift, and workers placed and assessed. */
async function floor(page: Page, token: string, groupId: string, people: [string, string, number][]) {
  const g = `/api/v1/groups/${groupId}`;
  const workplace = await apiCall<Made>(page, token, 'POST', `${g}/workplaces`, { name: 'Riverside Depot' });
  const departments: Record<string, string> = {};
  for (const name of ['Goods in', 'Picking']) {
    departments[name] = (await apiCall<Made>(page, token, 'POST', `${g}/workplaces/${workplace.id}/departments`, { name })).id;
  }
  const nights = await apiCall<Made>(page, token, 'POST', `${g}/workplaces/${workplace.id}/shifts`, { name: 'Nights' });
  const ids: Record<string, string> = {};
  for (const [name, department, level] of people) {
    const contact = await apiCall<Made>(page, token, 'POST', `${g}/contacts`, {
      full_name: name,
      workplace_id: workplace.id,
      department_id: departments[department],
      shift_id: nights.id,
      membership_status: 'member',
    });
    await apiCall(page, token, 'POST', `${g}/contacts/${contact.id}/assessments`, { level });
    ids[name] = contact.id;
  }
  return { workplace: workplace.id, ids };
}

test('a structure test recorded by two members shows the result by department and where the chart was wrong', async ({
  page,
  browser,
}) => {
  const owner = await startOrganiser(page, 'Tess Organiser', 'Riverside structure');
  const g = `/api/v1/groups/${owner.groupId}`;
  const { workplace } = await floor(page, owner.token, owner.groupId, [
    ['Aga Leader', 'Goods in', 1],
    ['Bo Supporter', 'Goods in', 2],
    ['Cy Hostile', 'Picking', 5],
    ['Di Undecided', 'Picking', 3],
  ]);
  const campaign = await apiCall<Made>(page, owner.token, 'POST', `${g}/campaigns`, { name: 'Night pay', workplace_id: workplace });
  const structureTest = await apiCall<Made>(page, owner.token, 'POST', `${g}/campaigns/${campaign.id}/tests`, {
    kind: 'majority_petition',
    title: 'Night allowance petition',
    target_percent: 50,
    petition_text: 'We ask for the night allowance back.',
  });
  const invite = await apiCall<{ token: string }>(page, owner.token, 'POST', `${g}/invites`, { role: 'member' });

  const other = await browser.newContext();
  const memberPage = await other.newPage();
  const member = await signUp(memberPage, 'Mo Member');
  await apiCall(memberPage, member.token, 'POST', '/api/v1/invites/accept', { token: invite.token });

  const url = `/groups/${owner.groupId}/structure-tests/${structureTest.id}`;
  await Promise.all([page.goto(url), memberPage.goto(url)]);
  await Promise.all([
    page.getByRole('button', { name: 'Refused: Aga Leader' }).click(),
    memberPage.getByRole('button', { name: 'Took part: Cy Hostile' }).click(),
  ]);
  await page.getByRole('button', { name: 'Took part: Bo Supporter' }).click();
  await expect(page.getByRole('button', { name: 'Took part: Bo Supporter' })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();

  const results = page.getByTestId('test-results');
  await expect(results.getByRole('row', { name: /Goods in/ })).toContainText('1 of 2');
  await expect(results.getByRole('row', { name: /Picking/ })).toContainText('1 of 2');
  await expect(results.getByRole('row', { name: /Everyone in scope/ })).toContainText('Target met');
  const surprises = page.getByTestId('predicted-vs-actual');
  await expect(surprises).toContainText('Aga Leader (1)');
  await expect(surprises).toContainText('Cy Hostile (5)');
  await checkPage(page, 'structure-test');
  await other.close();
});

test('the turnout chase crosses the threshold as votes are recorded', async ({ page }) => {
  const owner = await startOrganiser(page, 'Vic Organiser', 'Riverside ballot');
  const g = `/api/v1/groups/${owner.groupId}`;
  const { workplace } = await floor(page, owner.token, owner.groupId, [
    ['Aga Leader', 'Goods in', 1],
    ['Bo Supporter', 'Goods in', 2],
    ['Cy Hostile', 'Picking', 5],
    ['Di Undecided', 'Picking', 3],
  ]);
  const dispute = await apiCall<Made>(page, owner.token, 'POST', `${g}/disputes`, {
    title: 'Night pay',
    workplace_ids: [workplace],
  });
  await apiCall(page, owner.token, 'POST', `${g}/disputes/${dispute.id}/ballots`, {
    opens_on: '2026-03-02',
    closes_on: '2026-03-16',
  });

  await page.goto(`/groups/${owner.groupId}/disputes/${dispute.id}`);
  await page.getByRole('link', { name: /Turnout chase/ }).first().click();
  await page.getByRole('button', { name: 'Add the members at the dispute’s workplaces' }).click();
  await expect(page.getByTestId('voter')).toHaveCount(4);
  const verdict = page.getByTestId('turnout-verdict');
  await expect(verdict).toHaveText('2 more votes needed for the 50% turnout');

  await page.getByRole('checkbox', { name: 'Says they voted: Aga Leader' }).click();
  await expect(verdict).toHaveText('1 more vote needed for the 50% turnout');
  await page.getByRole('checkbox', { name: 'Says they voted: Cy Hostile' }).click();
  await expect(verdict).toHaveText('Turnout threshold met (50% needed)');
  await checkPage(page, 'turnout-chase');
});

test('an organiser starts a campaign and adds a structure test on a phone; the dashboard and coverage show the figures', async ({
  page,
}) => {
  const owner = await startOrganiser(page, 'Cam Organiser', 'Riverside campaigns');
  const g = `/api/v1/groups/${owner.groupId}`;
  const { workplace } = await floor(page, owner.token, owner.groupId, [
    ['Aga Leader', 'Goods in', 1],
    ['Bo Supporter', 'Goods in', 2],
    ['Cy Hostile', 'Picking', 5],
  ]);
  // Someone whose membership lapsed, left out of the test by the saved filter it is narrowed to.
  await apiCall(page, owner.token, 'POST', `${g}/contacts`, {
    full_name: 'Ed Lapsed',
    workplace_id: workplace,
    membership_status: 'lapsed',
  });
  await apiCall(page, owner.token, 'POST', `${g}/saved-filters`, {
    name: 'Members',
    shared: true,
    filter: { membership_status: 'member' },
  });
  await page.setViewportSize(PHONE);

  await page.goto(`/groups/${owner.groupId}/campaigns`);
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'New campaign' }).click();
  await page.getByRole('button', { name: 'Start campaign' }).click();
  await expect(page.getByText('Give the campaign a name')).toBeVisible();
  await page.getByLabel('Name').fill('Night pay');
  await page.getByRole('textbox', { name: 'Workplace' }).click();
  await page.getByRole('option', { name: 'Riverside Depot' }).click();
  await page.getByLabel('Goal').fill('Bring back the night allowance.');
  await checkPage(page, 'campaign-form');
  await page.getByRole('button', { name: 'Start campaign' }).click();
  await expect(page.getByRole('heading', { name: 'Night pay', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Add a structure test' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Title').fill('Night allowance petition');
  await dialog.getByLabel('Petition text').fill('We ask for the night allowance back.');
  await dialog.getByLabel('Demands').fill('Restore the night allowance\nNo loss of hours');
  await dialog.getByRole('textbox', { name: 'Only workers matching a saved filter' }).click();
  await page.getByRole('option', { name: 'Members' }).click();
  await expect(dialog.getByText('Union member', { exact: true })).toBeVisible();
  await checkPage(page, 'structure-test-form');
  await dialog.getByRole('button', { name: 'Add test' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('link', { name: 'Night allowance petition' })).toBeVisible();
  await expect(page.getByText(/^0 of 3 took part .*target 65/)).toBeVisible();
  await expect(page.getByText('2 demands')).toBeVisible();
  await checkPage(page, 'campaign');

  await page.getByRole('link', { name: 'Night allowance petition' }).click();
  await expect(page.getByText('Only workers matching: Union member')).toBeVisible();
  await expect(page.getByTestId('signature-entry')).toBeVisible();
  await page.getByRole('button', { name: 'Took part: Aga Leader' }).click();
  await expect(page.getByRole('button', { name: 'Took part: Aga Leader' })).toHaveAttribute('aria-pressed', 'true');

  await page.goto(`/groups/${owner.groupId}/campaigns`);
  await expect(page.getByText(/^1 of 3 took part .*target 65/)).toBeVisible();
  await checkPage(page, 'campaigns');

  await page.goto(`/groups/${owner.groupId}/committee`);
  const departments = page.getByTestId('committee-departments');
  await expect(departments.getByRole('row', { name: /Goods in/ })).toContainText('1 of 1');
  await expect(departments.getByRole('row', { name: /Picking/ })).toContainText('0 of 1');
  await expect(page.getByRole('heading', { name: 'Workers nobody holds' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Cy Hostile' })).toBeVisible();
  await checkPage(page, 'committee-coverage');

  await page.setViewportSize(DESKTOP);
  await apiCall(page, owner.token, 'GET', `${g}/dashboard`);
  await page.goto(`/groups/${owner.groupId}`);
  const dashboard = page.getByTestId('group-dashboard');
  await expect(dashboard.getByText('Workers known').first()).toBeVisible();
  await expect(dashboard.getByRole('link', { name: 'Night allowance petition' })).toBeVisible();
  await expect(dashboard.getByTestId('dashboard-organisers')).toContainText('Cam Organiser');
  await checkPage(page, 'group-dashboard');
});
