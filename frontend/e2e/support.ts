import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

/** Where the e2e server writes mail (see scripts/e2e-server.sh). */
const OUTBOX = join(dirname(fileURLToPath(import.meta.url)), '../.e2e-outbox', process.env.E2E_PORT ?? '8765');

function newestLink(email: string, path: string): string | null {
  let files: string[];
  try {
    files = readdirSync(OUTBOX).filter((name) => name.endsWith('.eml'));
  } catch {
    return null; // nothing mailed yet
  }
  const newestFirst = files
    .map((name) => join(OUTBOX, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const link = new RegExp(`https?://\\S+/${path}#token=\\S+`);
  for (const file of newestFirst) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes(`To: ${email}`)) continue;
    const found = link.exec(text);
    if (found) return found[0];
  }
  return null;
}

/** The newest link to `path` (such as `signup/confirm`) mailed to `email`, once it arrives. */
export async function mailedLink(email: string, path: string): Promise<string> {
  await expect
    .poll(() => newestLink(email, path), { message: `a ${path} mail to ${email}` })
    .not.toBeNull();
  const link = newestLink(email, path);
  if (link === null) throw new Error(`the ${path} mail to ${email} disappeared`);
  return link;
}

/**
 * After pressing "Create account": the server's first account is signed in at once; any other
 * is told to check its email, and finishes from the mailed link. `screenshots` names the two
 * pages of the second path when they should be checked and captured.
 */
export async function finishSignup(page: Page, email: string, screenshots?: string): Promise<void> {
  const checkEmail = page.getByRole('heading', { name: 'Check your email' });
  const groups = page.getByRole('heading', { name: 'Your groups' });
  await expect(checkEmail.or(groups)).toBeVisible();
  if (await groups.isVisible()) return;
  await expect(page.getByRole('status')).toContainText(email);
  if (screenshots) await checkPage(page, `${screenshots}-check-email`);
  await page.goto(await mailedLink(email, 'signup/confirm'));
  await expect(page.getByRole('heading', { name: 'Finish signing up' })).toBeVisible();
  if (screenshots) await checkPage(page, `${screenshots}-confirm`);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(groups).toBeVisible();
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

/** A unique address per run, so runs never collide on one database. */
export function uniqueEmail(name: string): string {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return `${name}.${stamp}@example.org`;
}

/** Fails on serious or critical accessibility violations on the current page. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // A notification or dialog still fading in is measured at part of its opacity: let running
  // transitions end (a spinner's endless animation does not count) before judging contrast.
  await page.evaluate(() =>
    Promise.allSettled(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .map((animation) => animation.finished),
    ),
  );
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const blocking = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  const report = blocking.map(
    (v) => `${v.id} (${String(v.impact)}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(report, `accessibility violations on ${label}`).toEqual([]);
}

/**
 * Checks accessibility and saves phone and desktop screenshots of the page,
 * e.g. `login-phone.png` and `login-desktop.png`, into docs/screenshots.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  // Full-page captures start from the top, so the fixed header stays at the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const [suffix, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    // Let layout settle after the resize before checking or capturing.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await expectAccessible(page, `${name} (${suffix})`);
    await expectNoHorizontalScroll(page, `${name} (${suffix})`);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${suffix}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

/** At 360 px nothing may force the page to scroll sideways. */
export async function expectNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal overflow on ${label}`).toBeLessThanOrEqual(0);
}

export const E2E_PASSWORD = 'correct horse battery staple';

export interface Organiser {
  email: string;
  token: string;
  groupId: string;
  groupName: string;
}

export interface SignedUp {
  email: string;
  token: string;
  isAdmin: boolean;
}

/**
 * Signs a new person up through the page's own request context, so the browser holds their
 * session cookie: at once for the server's first account, else through the mailed link.
 */
export async function signUp(page: Page, name: string): Promise<SignedUp> {
  const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, '.'));
  let signup = await page.request.post('/api/v1/auth/signup', {
    data: { email, password: E2E_PASSWORD, display_name: name },
  });
  if (signup.status() === 202) {
    const link = new URL(await mailedLink(email, 'signup/confirm'));
    signup = await page.request.post('/api/v1/auth/signup/confirm', {
      data: { token: link.hash.replace('#token=', '') },
    });
  }
  expect(signup.status(), `sign-up of ${email}: ${await signup.text()}`).toBe(201);
  const { access_token: token, user } = (await signup.json()) as {
    access_token: string;
    user: { is_admin: boolean };
  };
  return { email, token, isAdmin: user.is_admin };
}

/**
 * Signs a new person up and creates a group they own. The first account on the server opens
 * sign-up, so specs can run in any order.
 */
export async function startOrganiser(page: Page, name: string, groupName: string): Promise<Organiser> {
  const { email, token, isAdmin } = await signUp(page, name);
  if (isAdmin) {
    // Outside development an administrator needs two-factor login first.
    await enrolTotpByApi(page, token);
    const open = await page.request.patch('/api/v1/admin/instance', {
      headers: { Authorization: `Bearer ${token}` },
      data: { signup_open: true },
    });
    expect(open.ok()).toBe(true);
  }
  const group = await apiCall<{ id: string; name: string }>(page, token, 'POST', '/api/v1/groups', {
    name: groupName,
  });
  return { email, token, groupId: group.id, groupName: group.name };
}

/** A JSON API call with the person's token; fails the test on an error answer. */
export async function apiCall<T>(
  page: Page,
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  data?: unknown,
): Promise<T> {
  const response = await page.request.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${token}` },
    ...(data === undefined ? {} : { data }),
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

/** RFC 6238 code of a base32 seed for the 30-second step `step` (what an authenticator app shows). */
export function totpAt(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const value = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

/** Hands out codes for one seed, each for a time step the server has not taken yet. */
export function totpCodes(secret: string): () => string {
  let last = 0;
  return () => {
    last = Math.max(last + 1, Math.floor(Date.now() / 30_000));
    return totpAt(secret, last);
  };
}

/** Sets up an authenticator app on the account through the API; returns its code source. */
export async function enrolTotpByApi(page: Page, token: string): Promise<() => string> {
  const { secret } = await apiCall<{ secret: string }>(page, token, 'POST', '/api/v1/me/two-factor/totp');
  const nextCode = totpCodes(secret);
  await apiCall(page, token, 'POST', '/api/v1/me/two-factor/totp/confirm', { code: nextCode() });
  return nextCode;
}

/** Types a calendar day into a date field as a British reader would (dd/mm/yyyy). */
export async function fillDay(page: Page, label: string, isoDay: string): Promise<void> {
  const [year, month, day] = isoDay.split('-');
  const field = page.getByLabel(label);
  await field.fill(`${day ?? ''}/${month ?? ''}/${year ?? ''}`);
  await field.press('Escape');
}

/** Where logging in lands a person who belongs to one group: that group's Home. */
export const ONE_GROUP_HOME = /\/groups\/[0-9a-f-]{36}$/;

/** Logs in on this page with the e2e password and waits for the page it lands on. */
export async function logInOn(page: Page, email: string, landsOn: RegExp = ONE_GROUP_HOME): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(landsOn);
}

/** A new browser of this size, logged in as this person. */
export async function logIn(
  browser: Browser,
  email: string,
  viewport: { width: number; height: number },
  options: { landsOn?: RegExp; acceptDownloads?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, acceptDownloads: options.acceptDownloads ?? false });
  const page = await context.newPage();
  await logInOn(page, email, options.landsOn);
  return { context, page };
}
