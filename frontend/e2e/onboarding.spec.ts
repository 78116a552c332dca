import { expect, test } from '@playwright/test';
import { checkPage, uniqueEmail } from './support';

// One story, in order: the first person sets up a group and invites a
// co-worker, who joins with the link in another browser.
test.describe.configure({ mode: 'serial' });

test('an organiser invites a co-worker who signs up with the link', async ({ browser }) => {
  const password = 'correct horse battery staple';
  const organiser = { name: 'Ana Organiser', email: uniqueEmail('ana') };
  const coworker = { name: 'Ben Coworker', email: uniqueEmail('ben') };
  const groupName = `Depot ${Date.now().toString(36)}`;

  const contextA = await browser.newContext();
  const pageA = await contextA.newPage();

  // Logged-out visitors land on the login page.
  await pageA.goto('/');
  await expect(pageA).toHaveURL(/\/login$/);
  await expect(pageA.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await checkPage(pageA, 'login');

  await pageA.goto('/reset-password');
  await expect(pageA.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await checkPage(pageA, 'reset-password');

  // User A signs up. On a fresh server this is the first account.
  await pageA.goto('/signup');
  await expect(pageA.getByRole('button', { name: /Create account/ })).toBeVisible();
  await checkPage(pageA, 'signup');
  await pageA.getByLabel('Your name').fill(organiser.name);
  await pageA.getByLabel('Email').fill(organiser.email);
  await pageA.getByLabel('Password').fill(password);
  await pageA.getByRole('button', { name: /Create account/ }).click();

  await expect(pageA).toHaveURL(/\/groups$/);
  await expect(pageA.getByRole('heading', { name: 'Your groups' })).toBeVisible();

  // A creates a group and lands on its members page.
  await pageA.getByLabel('Group name').fill(groupName);
  await pageA.getByRole('button', { name: 'Create group' }).click();
  await expect(pageA).toHaveURL(/\/groups\/[0-9a-f-]+\/members$/);
  await expect(pageA.getByRole('heading', { level: 1, name: groupName })).toBeVisible();
  const membersA = pageA.getByRole('list', { name: 'Members' });
  await expect(membersA.getByText(organiser.email)).toBeVisible();
  const membersUrl = pageA.url();

  await pageA.goto('/groups');
  await expect(pageA.getByRole('link', { name: groupName })).toBeVisible();
  await checkPage(pageA, 'groups');

  // The group's address redirects to its members page.
  await pageA.goto(membersUrl.replace(/\/members$/, ''));
  await expect(pageA).toHaveURL(membersUrl);

  // A creates an invite and reads the one-time link.
  await pageA.getByRole('button', { name: 'Create invite link' }).click();
  const linkInput = pageA.getByRole('textbox', { name: 'Invite link', exact: true });
  await expect(linkInput).toBeVisible();
  const inviteLink = await linkInput.inputValue();
  expect(inviteLink).toMatch(/\/join#token=[^&\s]+$/);
  await expect(pageA.getByRole('list', { name: 'Pending invites' }).getByText('Anyone with the link')).toBeVisible();
  await checkPage(pageA, 'members');

  // User B, in another browser, opens the link and signs up with it.
  const contextB = await browser.newContext();
  const pageB = await contextB.newPage();
  await pageB.goto(inviteLink);
  await expect(pageB.getByRole('heading', { name: `Join ${groupName}` })).toBeVisible();
  await expect(pageB.getByText('as a member')).toBeVisible();
  await checkPage(pageB, 'join');

  await pageB.getByRole('link', { name: 'Create an account and join' }).click();
  await expect(pageB).toHaveURL(/\/signup#invite=/);
  await expect(pageB.getByText(`Create your account to join ${groupName} as a member.`)).toBeVisible();
  await pageB.getByLabel('Your name').fill(coworker.name);
  await pageB.getByLabel('Email').fill(coworker.email);
  await pageB.getByLabel('Password').fill(password);
  await pageB.getByRole('button', { name: 'Create account and join' }).click();

  // B sees the group in their list and on its members page.
  await expect(pageB).toHaveURL(/\/groups$/);
  const groupLink = pageB.getByRole('link', { name: groupName });
  await expect(groupLink).toBeVisible();
  await groupLink.click();
  await expect(pageB).toHaveURL(membersUrl);
  const membersB = pageB.getByRole('list', { name: 'Members' });
  await expect(membersB.getByText(coworker.email)).toBeVisible();
  await expect(membersB.getByText(organiser.email)).toBeVisible();
  // A member manages neither members nor invites.
  await expect(pageB.getByRole('button', { name: 'Create invite link' })).toHaveCount(0);
  await expect(pageB.getByRole('button', { name: /^Remove/ })).toHaveCount(0);

  // A sees B in the members list, and the invite is no longer pending.
  await pageA.reload();
  await expect(membersA.getByText(coworker.email)).toBeVisible();
  const roleOfB = membersA.getByLabel(`Role of ${coworker.name}`);
  await expect(roleOfB).toHaveValue('Member');

  // A makes B an organiser; B's page then offers the invite form.
  await roleOfB.click();
  await pageA.getByRole('option', { name: 'Organiser' }).click();
  await expect(pageA.getByText(`${coworker.name} is now an organiser.`)).toBeVisible();
  await expect(roleOfB).toHaveValue('Organiser');
  await pageB.reload();
  await expect(pageB.getByRole('button', { name: 'Create invite link' })).toBeVisible();

  // B logs out and is sent to the login page.
  await pageB.getByRole('button', { name: /^Account:/ }).click();
  await pageB.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(pageB).toHaveURL(/\/login$/);
  await pageB.goto(membersUrl);
  await expect(pageB).toHaveURL(/\/login\?redirect=/);

  await contextA.close();
  await contextB.close();
});
