import { expect, test } from '@playwright/test';
import { apiCall, checkPage, DESKTOP, PHONE, signUp, startOrganiser } from './support';

test('a meeting with an amended motion carried and minuted', async ({ browser }) => {
  test.setTimeout(180_000);
  const chairContext = await browser.newContext({ viewport: DESKTOP });
  const chairPage = await chairContext.newPage();
  const chair = await startOrganiser(chairPage, 'Chiara Chair', 'Quayside Branch');

  // A member, on a phone.
  const invite = await apiCall<{ token: string }>(chairPage, chair.token, 'POST', `/api/v1/groups/${chair.groupId}/invites`, {
    role: 'member',
  });
  const memberContext = await browser.newContext({ viewport: PHONE });
  const memberPage = await memberContext.newPage();
  const member = await signUp(memberPage, 'Mo Member');
  await apiCall(memberPage, member.token, 'POST', '/api/v1/invites/accept', { token: invite.token });

  // The chair calls the meeting and sets its agenda.
  await chairPage.goto(`/groups/${chair.groupId}/meetings`);
  await expect(chairPage.getByText('No meetings yet.')).toBeVisible();
  await chairPage.getByLabel('Title').fill('March branch meeting');
  await chairPage.getByLabel('Starts at').fill('2026-03-05T18:00');
  await chairPage.getByLabel('Place').fill('Canteen, Quayside depot');
  await chairPage.getByRole('button', { name: 'Call meeting' }).click();
  await expect(chairPage.getByRole('heading', { level: 1, name: 'March branch meeting' })).toBeVisible();
  const meetingUrl = chairPage.url();
  for (const item of ['Overtime', 'Any other business']) {
    await chairPage.getByLabel('New agenda item').fill(item);
    await chairPage.getByRole('button', { name: 'Add to agenda' }).click();
    await expect(
      chairPage.getByRole('region', { name: 'Agenda and minutes' }).getByText(item, { exact: true }),
    ).toBeVisible();
  }

  // The member moves a motion under the first item.
  await memberPage.goto(meetingUrl);
  await memberPage.getByLabel('Motion title').fill('Overtime ban');
  await memberPage.getByLabel('Wording of the motion').fill('This branch bans overtime from 1 April.');
  await memberPage.getByRole('textbox', { name: 'Agenda item' }).click();
  await memberPage.getByRole('option', { name: 'Overtime' }).click();
  await memberPage.getByRole('button', { name: 'Move the motion' }).click();
  await expect(memberPage.getByRole('heading', { level: 1, name: 'Overtime ban' })).toBeVisible();
  const motionUrl = memberPage.url();

  // The chair seconds it; the member moves an amendment, which the chair seconds too.
  await chairPage.goto(motionUrl);
  await chairPage.getByRole('button', { name: 'Second this motion' }).click();
  await expect(chairPage.getByText('Proposed by Mo Member, seconded by Chiara Chair')).toBeVisible();
  await memberPage.reload();
  await memberPage.getByLabel('Amendment title').fill('Start in March');
  await memberPage.getByLabel('The motion as amended').fill('This branch bans overtime from 1 March.');
  await memberPage.getByRole('button', { name: 'Move the amendment' }).click();
  await expect(memberPage.getByRole('link', { name: 'Start in March' })).toBeVisible();

  await chairPage.reload();
  const amendment = chairPage.getByRole('listitem').filter({ has: chairPage.getByRole('link', { name: 'Start in March' }) });
  await amendment.getByRole('button', { name: 'Second this motion' }).click();
  // Amendments first: the motion cannot be put yet.
  await expect(chairPage.getByText('1 amendment is still to be voted on: amendments come first.')).toBeVisible();
  await amendment.getByRole('button', { name: 'Put to a show of hands' }).click();
  await amendment.getByLabel('For').fill('14');
  await amendment.getByLabel('Against').fill('3');
  await amendment.getByLabel('Abstain').fill('1');
  await amendment.getByRole('button', { name: 'Record the count' }).click();
  await expect(amendment.getByText('Carried')).toBeVisible();
  await expect(chairPage.getByTestId('motion-status')).toHaveText('Amended');
  await expect(chairPage.getByTestId('motion-text')).toHaveText('This branch bans overtime from 1 March.');
  await expect(chairPage.getByText('This branch bans overtime from 1 April.')).toBeVisible();

  // The motion as amended is put and carried.
  await chairPage.getByRole('button', { name: 'Put to a show of hands' }).click();
  await chairPage.getByLabel('For').fill('15');
  await chairPage.getByLabel('Against').fill('2');
  await chairPage.getByLabel('Abstain').fill('1');
  await chairPage.getByRole('button', { name: 'Record the count' }).click();
  await expect(chairPage.getByTestId('motion-status')).toHaveText('Carried');
  await checkPage(chairPage, 'motion');

  // Minuted: the decision, and the item's minutes.
  await chairPage.getByRole('button', { name: 'Add to the decision log' }).click();
  await expect(chairPage.getByText('Decision minuted')).toBeVisible();
  await chairPage.goto(meetingUrl);
  await chairPage.getByLabel('Minutes of “Overtime”').fill('Mo moved an overtime ban; amended to start in March and carried.');
  await chairPage.getByRole('button', { name: 'Save minutes' }).first().click();
  await expect(chairPage.getByRole('button', { name: 'Save minutes' }).first()).toBeDisabled();
  await expect(chairPage.getByRole('link', { name: 'Overtime ban' })).toBeVisible();
  await checkPage(chairPage, 'meeting');

  // Anyone in the group finds it in the decision log, accents and case aside.
  await memberPage.goto(`/groups/${chair.groupId}/decisions`);
  await memberPage.getByLabel('Search decisions').fill('OVERTIME march');
  await expect(memberPage.getByText('This branch bans overtime from 1 March.')).toBeVisible();
  await expect(memberPage.getByRole('link', { name: /March branch meeting/ })).toBeVisible();
  await checkPage(memberPage, 'decision-log');
  await memberPage.getByLabel('Search decisions').fill('strike pay');
  await expect(memberPage.getByText('No decision matches this search.')).toBeVisible();
});
