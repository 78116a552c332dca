import { expect, test } from '@playwright/test';
import { checkPage, expectAccessible, finishSignup, uniqueEmail } from './support';

// One story, in order: the first person sets up a group and invites a
// co-worker, who joins with the link in another browser. The server starts
// empty, so the tests share the accounts the first one creates.
test.describe.configure({ mode: 'serial' });

const password = 'correct horse battery staple';
const organiser = { name: 'Ana Organiser', email: uniqueEmail('ana') };
const coworker = { name: 'Ben Coworker', email: uniqueEmail('ben') };

test('an organiser invites a co-worker who signs up with the link', async ({ browser }) => {
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

  // User A signs up: at once if this is the server's first account, else from a mailed link.
  await pageA.goto('/signup');
  await expect(pageA.getByRole('button', { name: /Create account/ })).toBeVisible();
  await checkPage(pageA, 'signup');
  await pageA.getByLabel('Your name').fill(organiser.name);
  await pageA.getByLabel('Email').fill(organiser.email);
  await pageA.getByLabel('Password').fill(password);
  await pageA.getByRole('button', { name: /Create account/ }).click();
  await finishSignup(pageA, organiser.email);

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

  // The group's address is its home page, with the members page in the navigation.
  const homeUrl = membersUrl.replace(/\/members$/, '');
  await pageA.goto(homeUrl);
  await expect(pageA.getByRole('heading', { level: 1, name: groupName })).toBeVisible();
  await pageA.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Members' }).click();
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
  const urlsSeenByServer: string[] = [];
  pageB.on('request', (request) => urlsSeenByServer.push(request.url()));
  await pageB.goto(inviteLink);
  await expect(pageB.getByRole('heading', { name: `Join ${groupName}` })).toBeVisible();
  await expect(pageB.getByText('as a member')).toBeVisible();
  await checkPage(pageB, 'join');

  await pageB.getByRole('link', { name: 'Create an account and join' }).click();
  await expect(pageB).toHaveURL(/\/signup#invite=/);
  await expect(pageB.getByText(`Create your account to join ${groupName} as a member.`)).toBeVisible();
  await checkPage(pageB, 'signup-invite');
  await pageB.getByLabel('Your name').fill(coworker.name);
  await pageB.getByLabel('Email').fill(coworker.email);
  await pageB.getByLabel('Password').fill(password);
  await pageB.getByRole('button', { name: 'Create account and join' }).click();
  await finishSignup(pageB, coworker.email, 'signup');

  // The token travels in the fragment and request bodies, never in a URL.
  const token = new URL(inviteLink).hash.replace('#token=', '');
  expect(urlsSeenByServer.filter((url) => url.includes(token))).toEqual([]);

  // B sees the group in their list and on its members page.
  await expect(pageB).toHaveURL(/\/groups$/);
  const groupLink = pageB.getByRole('link', { name: groupName });
  await expect(groupLink).toBeVisible();
  await expectAccessible(pageB, 'groups (member)');
  await groupLink.click();
  await expect(pageB).toHaveURL(membersUrl.replace(/\/members$/, ''));
  await pageB.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Members' }).click();
  await expect(pageB).toHaveURL(membersUrl);
  const membersB = pageB.getByRole('list', { name: 'Members' });
  await expect(membersB.getByText(coworker.email)).toBeVisible();
  await expect(membersB.getByText(organiser.email)).toBeVisible();
  await expectAccessible(pageB, 'members (member)');
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
  await expectAccessible(pageB, 'login (after logout)');

  await contextA.close();
  await contextB.close();
});

test('an existing account logs in from an invite link and joins; invites can be revoked', async ({
  browser,
}) => {
  const groupName = `Branch ${Date.now().toString(36)}`;
  const contextA = await browser.newContext();
  const pageA = await contextA.newPage();

  await pageA.goto('/login');
  await pageA.getByLabel('Email').fill(organiser.email);
  await pageA.getByLabel('Password').fill(password);
  await pageA.getByRole('button', { name: 'Log in' }).click();
  // Ana belongs to one group so far: logging in lands on its Home; her groups are a tap away.
  await expect(pageA).toHaveURL(/\/groups\/[0-9a-f-]{36}$/);
  await pageA.goto('/groups');

  await pageA.getByLabel('Group name').fill(groupName);
  await pageA.getByRole('button', { name: 'Create group' }).click();
  await expect(pageA.getByRole('heading', { level: 1, name: groupName })).toBeVisible();

  // An invite made by mistake is revoked and leaves the pending list.
  await pageA.getByRole('button', { name: 'Create invite link' }).click();
  const pending = pageA.getByRole('list', { name: 'Pending invites' });
  await expect(pending.getByRole('listitem')).toHaveCount(1);
  await pageA.getByRole('button', { name: 'Revoke invite: member link' }).click();
  await expect(pageA.getByText('No invites are waiting to be accepted.')).toBeVisible();

  // An organiser invite for B's address.
  await pageA.getByRole('textbox', { name: 'Role', exact: true }).click();
  await pageA.getByRole('option', { name: 'Organiser' }).click();
  await pageA.getByLabel('Email (optional)').fill(coworker.email);
  await pageA.getByRole('button', { name: 'Create invite link' }).click();
  const inviteLink = await pageA
    .getByRole('textbox', { name: 'Invite link', exact: true })
    .inputValue();
  await expect(pending.getByText(coworker.email)).toBeVisible();

  // B, logged out, opens the link and logs in from it.
  const contextB = await browser.newContext();
  const pageB = await contextB.newPage();
  await pageB.goto(inviteLink);
  await expect(pageB.getByText('as an organiser')).toBeVisible();
  await pageB.getByRole('link', { name: 'Log in to join' }).click();
  await expect(pageB).toHaveURL(/\/login#invite=/);
  await pageB.getByLabel('Email').fill(coworker.email);
  await pageB.getByLabel('Password').fill(password);
  await pageB.getByRole('button', { name: 'Log in' }).click();

  // Back on the invite, now logged in: B accepts it.
  await expect(pageB).toHaveURL(/\/join#token=/);
  await expectAccessible(pageB, 'join (logged in)');
  await pageB.getByRole('button', { name: `Join ${groupName}` }).click();
  await expect(pageB).toHaveURL(/\/groups\/[0-9a-f-]+\/members$/);
  await expect(pageB.getByText('You are an organiser of this group.')).toBeVisible();

  // The group switcher now lists both of B's groups and moves between them.
  await pageB.setViewportSize({ width: 1280, height: 800 });
  await pageB.getByRole('textbox', { name: 'Group', exact: true }).click();
  await pageB.getByRole('option', { name: /^Depot / }).click();
  await expect(pageB.getByRole('heading', { level: 1, name: /^Depot / })).toBeVisible();
  await pageB.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Members' }).click();
  await expect(pageB.getByText('You are an organiser of this group.')).toBeVisible();

  await pageA.reload();
  await expect(pageA.getByRole('list', { name: 'Members' }).getByText(coworker.email)).toBeVisible();
  await expect(pageA.getByText('No invites are waiting to be accepted.')).toBeVisible();

  await contextA.close();
  await contextB.close();
});
