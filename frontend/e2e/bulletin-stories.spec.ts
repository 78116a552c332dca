import { expect, test } from '@playwright/test';
import { DESKTOP, PHONE, apiCall, checkPage, signUp, startOrganiser } from './support';

test('a conversation becomes a story, an organiser moves it along the board, and a tip arrives from a phone', async ({
  browser,
}) => {
  // Three people, four screens checked for accessibility at two widths each.
  test.setTimeout(180_000);
  const ownerContext = await browser.newContext({ viewport: DESKTOP });
  const ownerPage = await ownerContext.newPage();
  const owner = await startOrganiser(ownerPage, 'Ola Organiser', `Bulletin group ${Date.now().toString(36)}`);
  const groupUrl = `/api/v1/groups/${owner.groupId}`;
  const contact = await apiCall<{ id: string }>(ownerPage, owner.token, 'POST', `${groupUrl}/contacts`, {
    full_name: 'Jo Nowak',
  });

  // A member joins and, on a phone, logs a conversation in which Jo raised an issue.
  const invite = await apiCall<{ token: string }>(ownerPage, owner.token, 'POST', `${groupUrl}/invites`, {
    role: 'member',
  });
  const memberContext = await browser.newContext({ viewport: PHONE });
  const memberPage = await memberContext.newPage();
  const member = await signUp(memberPage, 'Mo Member');
  await apiCall(memberPage, member.token, 'POST', '/api/v1/invites/accept', { token: invite.token });
  await apiCall(memberPage, member.token, 'POST', `${groupUrl}/contacts/${contact.id}/conversations`, {
    channel: 'in_person',
    issues: ['Canteen closed on nights'],
    notes: 'Twelve people went without food on Tuesday.',
  });

  // From Jo's timeline the member turns the conversation into a story.
  await memberPage.goto(`/groups/${owner.groupId}/contacts/${contact.id}`);
  const conversation = memberPage.getByRole('list', { name: 'Timeline' }).getByTestId('timeline-conversation');
  await conversation.getByRole('button', { name: 'Turn into a story' }).click();
  await expect(memberPage.getByRole('heading', { level: 1, name: 'canteen closed on nights' })).toBeVisible();
  await expect(memberPage.getByLabel('Draft')).toHaveValue(
    '- canteen closed on nights\n\nTwelve people went without food on Tuesday.',
  );
  await expect(memberPage.getByRole('region', { name: 'Preview' }).getByRole('listitem')).toHaveText(
    'canteen closed on nights',
  );
  // The worker's name stays with the conversation, not the story.
  await expect(memberPage.locator('main')).not.toContainText('Jo Nowak');
  // Members propose; they do not move stories along.
  await expect(memberPage.getByRole('textbox', { name: 'Status' })).toHaveCount(0);

  // The organiser moves it along the board from the keyboard-usable status menu.
  await ownerPage.goto(`/groups/${owner.groupId}/stories`);
  await expect(ownerPage.getByRole('heading', { level: 1, name: 'Stories' })).toBeVisible();
  const ideas = ownerPage.getByRole('region', { name: 'Idea (1)' });
  await expect(ideas.getByRole('link', { name: 'canteen closed on nights' })).toBeVisible();
  const status = ownerPage.getByRole('combobox', { name: 'Status of “canteen closed on nights”' });
  await status.selectOption('assigned');
  await expect(ownerPage.getByRole('region', { name: 'Assigned (1)' }).getByRole('link', { name: 'canteen closed on nights' })).toBeVisible();
  await status.focus();
  await status.selectOption('drafted');
  const drafted = ownerPage.getByRole('region', { name: 'Drafted (1)' });
  await expect(drafted.getByRole('link', { name: 'canteen closed on nights' })).toBeVisible();
  await expect(drafted.getByText('From a conversation')).toBeVisible();

  // The organiser switches on the anonymous tip page and takes its link.
  await ownerPage.goto(`/groups/${owner.groupId}/settings`);
  await ownerPage.getByRole('button', { name: 'Switch the tip page on' }).click();
  const linkBox = ownerPage.getByRole('textbox', { name: 'Link to the tip page' });
  await expect(linkBox).toHaveValue(/\/tip#token=/);
  const tipUrl = await linkBox.inputValue();

  // A worker with no account sends a tip from a phone.
  const strangerContext = await browser.newContext({ viewport: PHONE });
  const stranger = await strangerContext.newPage();
  await stranger.goto(tipUrl);
  await expect(stranger.getByRole('heading', { level: 1, name: 'Got a story?' })).toBeVisible();
  await checkPage(stranger, 'tip-page');
  await stranger.getByRole('textbox', { name: 'Your story' }).fill('They moved the night break to 3am without asking anyone.');
  const sent = stranger.waitForResponse((response) => response.url().includes('/api/v1/tips/'));
  await stranger.getByRole('button', { name: 'Send the story' }).click();
  const answer = await sent;
  expect(answer.status()).toBe(202);
  expect(await answer.headerValue('set-cookie')).toBeNull();
  await expect(stranger.getByRole('status').filter({ hasText: 'Your story has reached the group.' })).toBeVisible();
  expect(await strangerContext.cookies()).toEqual([]);

  // The tip is on the board as an idea, marked as a tip.
  await ownerPage.goto(`/groups/${owner.groupId}/stories`);
  const tips = ownerPage.getByRole('region', { name: 'Idea (1)' });
  await expect(tips.getByRole('link', { name: 'They moved the night break to 3am without asking anyone.' })).toBeVisible();
  await expect(tips.getByText('Tip', { exact: true })).toBeVisible();
  await checkPage(ownerPage, 'story-board');

  // On a phone the board shows one status at a time.
  await ownerPage.setViewportSize(PHONE);
  await ownerPage.getByRole('tab', { name: 'Drafted (1)' }).click();
  await expect(ownerPage.getByRole('link', { name: 'canteen closed on nights' })).toBeVisible();

  await strangerContext.close();
  await memberContext.close();
  await ownerContext.close();
});
