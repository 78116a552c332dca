import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  E2E_PASSWORD,
  PHONE,
  SCREENSHOT_DIR,
  apiCall,
  expectAccessible,
  expectNoHorizontalScroll,
  startOrganiser,
} from './support';

const LOCALES = join(dirname(fileURLToPath(import.meta.url)), '../src/locales');
const TABLE = JSON.parse(readFileSync(join(LOCALES, '../lib/languages.json'), 'utf8')) as {
  languages: { code: string; nativeName: string; dir: 'ltr' | 'rtl'; ships: boolean }[];
};
const ENGLISH = JSON.parse(readFileSync(join(LOCALES, 'en-GB.json'), 'utf8')) as Record<string, string>;

/**
 * The English messages that must not be seen on a page in `code`: every message whose
 * translation differs from the English, as a pattern matching the whole of a text (its
 * placeholders match anything; plurals and selects, which read differently, are left out).
 */
function englishPatterns(code: string): RegExp[] {
  const catalogue = JSON.parse(readFileSync(join(LOCALES, `${code}.json`), 'utf8')) as Record<string, string>;
  return Object.keys(ENGLISH)
    .filter((message) => catalogue[message] !== message && !/[{][^}]*,/.test(message))
    .map((message) => message.replace(/<\/?\w+\/?>/g, ''))
    // Words of its own, not only placeholders and punctuation.
    .filter((text) => /[A-Za-z]{3}/.test(text.replace(/\{\w+\}/g, '')))
    .map((text) => {
      const pattern = text
        .split(/\{\w+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.+');
      return new RegExp(`^${pattern}$`);
    });
}

/** Every text a reader meets on the page: text nodes and the names given to controls. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim() ?? '';
      if (text !== '' && parent !== null && parent.closest('[hidden], script, style') === null) texts.push(text);
    }
    for (const element of Array.from(document.querySelectorAll('[aria-label], [placeholder], [title]'))) {
      for (const name of ['aria-label', 'placeholder', 'title']) {
        const value = element.getAttribute(name)?.trim();
        if (value) texts.push(value);
      }
    }
    texts.push(document.title);
    return texts;
  });
}

async function expectTranslated(page: Page, code: string, label: string): Promise<void> {
  const patterns = englishPatterns(code);
  const english = (await visibleTexts(page)).filter((text) => patterns.some((pattern) => pattern.test(text)));
  expect(english, `English left on ${label} in ${code}`).toEqual([]);
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function capture(page: Page, name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

const shipped = TABLE.languages.filter((language) => language.ships && language.code !== 'en-GB');

for (const language of shipped) {
  test(`a member reads the quick log and the contacts list in ${language.code} on a phone`, async ({ browser }) => {
    const setup = await browser.newPage();
    const stamp = Date.now().toString(36);
    const organiser = await startOrganiser(setup, `Ana ${language.code}`, `Depot ${language.code} ${stamp}`);
    const workplace = await apiCall<{ id: string }>(setup, organiser.token, 'POST', `/api/v1/groups/${organiser.groupId}/workplaces`, {
      name: 'Riverside Depot',
    });
    await apiCall(setup, organiser.token, 'POST', `/api/v1/groups/${organiser.groupId}/contacts`, {
      full_name: 'Dee Existing',
      workplace_id: workplace.id,
      membership_status: 'member',
    });
    await setup.close();

    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
    await page.getByLabel('Language').selectOption(language.code);
    await expect(page.locator('html')).toHaveAttribute('lang', language.code);
    await expect(page.locator('html')).toHaveAttribute('dir', language.dir);
    await expectTranslated(page, language.code, 'the login page');
    await expectAccessible(page, `login (${language.code})`);
    await expectNoHorizontalScroll(page, `login (${language.code})`);
    await capture(page, `language-${language.code}-login`);

    await page.locator('input[type="email"]').fill(organiser.email);
    await page.locator('input[type="password"]').fill(E2E_PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await expect(page).toHaveURL(/\/groups/);

    await page.goto(`/groups/${organiser.groupId}/log`);
    await expect(page.locator('h1')).toBeVisible();
    await expect(page.locator('input[type="radio"]').first()).toBeAttached();
    await expectTranslated(page, language.code, 'the quick log');
    await expectAccessible(page, `quick log (${language.code})`);
    await expectNoHorizontalScroll(page, `quick log (${language.code})`);
    await capture(page, `language-${language.code}-quick-log`);

    await page.goto(`/groups/${organiser.groupId}/contacts`);
    await expect(page.getByTestId('contact-row')).toHaveCount(1);
    await expect(page.locator('html')).toHaveAttribute('dir', language.dir);
    await expectTranslated(page, language.code, 'the contacts list');
    await expectAccessible(page, `contacts (${language.code})`);
    await expectNoHorizontalScroll(page, `contacts (${language.code})`);
    await capture(page, `language-${language.code}-contacts`);

    // The choice is the account's: another device shows the same language without choosing.
    const other = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
    const otherPage = await other.newPage();
    await otherPage.goto('/login');
    await otherPage.locator('input[type="email"]').fill(organiser.email);
    await otherPage.locator('input[type="password"]').fill(E2E_PASSWORD);
    await otherPage.locator('form button[type="submit"]').click();
    await expect(otherPage).toHaveURL(/\/groups/);
    await expect(otherPage.locator('html')).toHaveAttribute('lang', language.code);
    await other.close();
    await context.close();
  });
}
