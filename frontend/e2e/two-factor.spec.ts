import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { E2E_PASSWORD, apiCall, checkPage, enrolTotpByApi, signUp, startOrganiser, totpCodes } from './support';

async function openAccountPage(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Account: ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Account and security' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
}

async function logOut(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Account: ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

async function logInWithPassword(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

/** Turns on an authenticator app on the account page, as a person with a phone would. */
async function enrolTotpInPage(page: Page): Promise<() => string> {
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
  const nextCode = totpCodes(secret);
  await page.getByLabel('Code from the app').fill(nextCode());
  await page.getByRole('button', { name: 'Turn on' }).click();
  const codes = page.getByRole('region', { name: 'Your recovery codes' });
  await expect(codes.getByRole('listitem')).toHaveCount(10);
  return nextCode;
}

/** A Chromium virtual authenticator (CDP WebAuthn domain) that holds discoverable passkeys. */
async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

// The server's first account is its administrator, who gets two-factor login on sign-up (see
// startOrganiser): make sure it exists, so the people below start without it.
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  await startOrganiser(await context.newPage(), 'Ada Admin', `Admin depot ${Date.now().toString(36)}`);
  await context.close();
});

test('an authenticator app is set up on the account page and asked for at the next login', async ({ page }) => {
  const name = 'Tess Totp';
  const organiser = await startOrganiser(page, name, `Totp depot ${Date.now().toString(36)}`);
  await page.goto('/groups');
  await openAccountPage(page, name);
  await checkPage(page, 'account');

  const nextCode = await enrolTotpInPage(page);
  await checkPage(page, 'account-recovery-codes');
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByRole('region', { name: 'Your recovery codes' })).toHaveCount(0);
  await expect(page.getByText('10 unused codes left.')).toBeVisible();

  await logOut(page, name);
  await logInWithPassword(page, organiser.email);
  await expect(page.getByRole('heading', { name: 'Two-factor login' })).toBeVisible();
  await checkPage(page, 'login-second-factor');
  await page.getByLabel('Code from your authenticator app').fill('000000');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'not right' })).toBeVisible();
  await page.getByLabel('Code from your authenticator app').fill(nextCode());
  await page.getByRole('button', { name: 'Confirm' }).click();
  // One group: logging in lands on its Home.
  await expect(page).toHaveURL(new RegExp(`/groups/${organiser.groupId}$`));
  await expect(page.getByRole('heading', { level: 1, name: organiser.groupName })).toBeVisible();
});

test('a passkey is added, renamed, and signs in with and without a password', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await addVirtualAuthenticator(context, page);
  const name = 'Pat Passkey';
  const organiser = await startOrganiser(page, name, `Passkey depot ${Date.now().toString(36)}`);
  await page.goto('/groups');
  await openAccountPage(page, name);

  await page.getByLabel('New passkey’s name').fill('Test laptop');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByRole('listitem', { name: 'Passkey Test laptop' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Your recovery codes' })).toBeVisible();
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await page.getByRole('button', { name: 'Rename Test laptop' }).click();
  await page.getByLabel('Passkey name').fill('Work laptop');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('listitem', { name: 'Passkey Work laptop' })).toBeVisible();

  // Passwordless: the browser offers the passkey it holds for this site.
  await logOut(page, name);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(new RegExp(`/groups/${organiser.groupId}$`));

  // As the second step after a password.
  await logOut(page, name);
  await logInWithPassword(page, organiser.email);
  await expect(page.getByRole('heading', { name: 'Two-factor login' })).toBeVisible();
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page).toHaveURL(new RegExp(`/groups/${organiser.groupId}$`));
  await context.close();
});

test('a group that requires two-factor login sends members without it to set it up', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  const owner = await startOrganiser(ownerPage, 'Olu Owner', `Strict depot ${Date.now().toString(36)}`);
  await enrolTotpByApi(ownerPage, owner.token);
  await ownerPage.goto(`/groups/${owner.groupId}/settings`);
  const rule = ownerPage.getByRole('switch', { name: 'Require two-factor login for everyone in this group' });
  await rule.click();
  await expect(ownerPage.getByText('Two-factor login is now required in this group.')).toBeVisible();
  await expect(rule).toBeChecked();

  const invite = await apiCall<{ token: string }>(ownerPage, owner.token, 'POST', `/api/v1/groups/${owner.groupId}/invites`, {
    role: 'member',
  });
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  const member = await signUp(memberPage, 'Mo Member');
  await apiCall(memberPage, member.token, 'POST', '/api/v1/invites/accept', { token: invite.token });

  await memberPage.goto(`/groups/${owner.groupId}`);
  await expect(memberPage.getByRole('heading', { name: 'Two-factor login required' })).toBeVisible();
  await checkPage(memberPage, 'group-requires-two-factor');
  await memberPage.getByRole('link', { name: 'Set up two-factor login' }).click();
  await expect(memberPage).toHaveURL(/\/account$/);
  await enrolTotpInPage(memberPage);
  await memberPage.getByRole('button', { name: 'I have saved them' }).click();

  await memberPage.goto(`/groups/${owner.groupId}`);
  await expect(memberPage.getByRole('heading', { name: 'Two-factor login required' })).toHaveCount(0);
  await expect(memberPage.getByRole('navigation', { name: 'Pages' }).getByText(owner.groupName)).toBeVisible();
  await ownerContext.close();
  await memberContext.close();
});

test('a session listed on the account page is ended from another browser', async ({ browser }) => {
  const name = 'Sam Sessions';
  const first = await browser.newContext();
  const firstPage = await first.newPage();
  const organiser = await startOrganiser(firstPage, name, `Session depot ${Date.now().toString(36)}`);

  const second = await browser.newContext();
  const secondPage = await second.newPage();
  await secondPage.goto('/login');
  await logInWithPassword(secondPage, organiser.email);
  // One group: logging in lands on its Home.
  await expect(secondPage).toHaveURL(new RegExp(`/groups/${organiser.groupId}$`));

  await firstPage.goto('/groups');
  await openAccountPage(firstPage, name);
  const devices = firstPage.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem');
  await expect(devices).toHaveCount(2);
  await expect(devices.filter({ hasText: 'This device' })).toHaveCount(1);
  await devices.filter({ hasNotText: 'This device' }).getByRole('button', { name: /Sign out/ }).click();
  await expect(firstPage.getByText('That device is signed out.')).toBeVisible();
  await expect(devices).toHaveCount(1);

  // The ended browser's next request finds its session gone and goes back to the login page.
  await secondPage.getByRole('button', { name: `Account: ${name}` }).click();
  await secondPage.getByRole('menuitem', { name: 'Account and security' }).click();
  await expect(secondPage).toHaveURL(/\/login/);
  await expect(secondPage.getByText('Your session has ended. Please log in again.')).toBeVisible();
  await first.close();
  await second.close();
});
