import { expect, test } from '@playwright/test';
import { E2E_PASSWORD, PHONE, checkPage, mailedLink, startOrganiser, uniqueEmail } from './support';

// Changing the address an account logs in with, on a phone: the current password and the new
// address on the account page, the link mailed to the new address opened (logging in first
// when the browser is not), the confirmation pressed, the other devices signed out, and the
// new address the one that logs in. A used link is refused. Screenshots of the email section
// and the confirmation page at 360 px and desktop.

test.describe.configure({ timeout: 120_000 });

// The server's first account is its administrator, who needs two-factor login (see
// startOrganiser): make sure it exists, so the person below logs in with a password.
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  await startOrganiser(await context.newPage(), 'Ada Admin', `Admin depot ${Date.now().toString(36)}`);
  await context.close();
});

test('a person moves their account to a new address from a phone', async ({ browser }) => {
  const setup = await browser.newContext();
  const organiser = await startOrganiser(await setup.newPage(), 'Eve Moving', `Email depot ${Date.now().toString(36)}`);
  await setup.close();
  // Signed in on another device too, which the change will sign out.
  const tablet = await browser.newContext();
  expect(
    (await tablet.request.post('/api/v1/auth/login', { data: { email: organiser.email, password: E2E_PASSWORD } })).status(),
  ).toBe(200);

  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(organiser.email);
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: organiser.groupName })).toBeVisible();

  await page.goto('/account');
  const section = page.getByRole('region', { name: 'Email', exact: true });
  await expect(section).toContainText(`You log in with ${organiser.email}.`);
  const form = section.getByRole('form', { name: 'Change your email address' });
  const newEmail = form.getByRole('textbox', { name: 'New email address' });
  const password = form.getByLabel('Current password');

  // Nothing typed: the first field says so and takes focus.
  await form.getByRole('button', { name: 'Send confirmation link' }).click();
  await expect(newEmail).toBeFocused();
  await expect(newEmail).toHaveAccessibleDescription('Enter your email address');

  // A wrong password is refused at its field.
  const address = uniqueEmail('eve.new');
  await newEmail.fill(address);
  await password.fill('not my password at all');
  await form.getByRole('button', { name: 'Send confirmation link' }).click();
  await expect(password).toHaveAccessibleDescription(/Email or password is not right/);
  await expect(password).toBeFocused();

  await password.fill(E2E_PASSWORD);
  await form.getByRole('button', { name: 'Send confirmation link' }).click();
  await expect(section.getByRole('status')).toContainText(`We sent a link to ${address}.`);
  await expect(section).toContainText(`You log in with ${organiser.email}.`);
  await checkPage(page, 'account-email');

  // The link opened in a browser that is not logged in: log in first, then back to the page.
  const link = await mailedLink(address, 'account/email/confirm');
  const elsewhere = await browser.newContext({ viewport: PHONE });
  const other = await elsewhere.newPage();
  await other.goto(link);
  await expect(other).toHaveURL(/\/login/);
  await other.getByLabel('Email').fill(organiser.email);
  await other.getByLabel('Password').fill(E2E_PASSWORD);
  await other.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(other.getByRole('heading', { level: 1, name: 'Confirm your new email address' })).toBeVisible();
  await expect(other.getByText(`instead of ${organiser.email}`)).toBeVisible();
  await checkPage(other, 'email-change-confirm');
  await other.getByRole('button', { name: 'Confirm the new address' }).click();
  await expect(other.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(other.getByText(`You now log in with ${address}.`)).toBeVisible();
  await expect(other.getByRole('region', { name: 'Email', exact: true })).toContainText(`You log in with ${address}.`);

  // Changing the login address signs the other devices out.
  expect((await tablet.request.post('/api/v1/auth/refresh')).status()).toBe(401);
  await tablet.close();

  // The link works once.
  await other.goto(link);
  await other.getByRole('button', { name: 'Confirm the new address' }).click();
  await expect(other.getByRole('alert')).toContainText('This confirmation link is not valid, was already used or has expired.');
  await elsewhere.close();

  // The phone the change was asked from was another device by then: it is signed out too.
  // From now on the new address logs in, the old one does not.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email').fill(organiser.email);
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Email or password is not right.');
  await page.getByLabel('Email').fill(address);
  // A refused login empties the password field.
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  // Logging in returns to the page that asked for it.
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(`You log in with ${address}.`)).toBeVisible();
  await context.close();
});
