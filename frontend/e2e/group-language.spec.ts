import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiCall, checkPage, startOrganiser, uniqueEmail } from './support';

const OUTBOX = join(dirname(fileURLToPath(import.meta.url)), '../.e2e-outbox', process.env.E2E_PORT ?? '8765');

/** The text of every mail written to `email` so far. */
function mailsTo(email: string): string[] {
  let files: string[];
  try {
    files = readdirSync(OUTBOX).filter((name) => name.endsWith('.eml'));
  } catch {
    return [];
  }
  return files.map((name) => readFileSync(join(OUTBOX, name), 'utf8')).filter((text) => text.includes(`To: ${email}`));
}

test('an owner sets the group’s language, and an invite to a new address is written in it', async ({ page }) => {
  const owner = await startOrganiser(page, 'Ola Owner', `Language depot ${Date.now().toString(36)}`);
  await page.goto(`/groups/${owner.groupId}/settings`);
  const language = page.getByRole('combobox', { name: 'Default language' });
  await expect(language).toHaveValue('en-GB');
  await language.selectOption('pl');
  await expect(page.getByText('The group’s language is now Polski.')).toBeVisible();
  await checkPage(page, 'settings-group-language');

  const invited = uniqueEmail('nowa');
  await apiCall(page, owner.token, 'POST', `/api/v1/groups/${owner.groupId}/invites`, { role: 'member', email: invited });
  await expect.poll(() => mailsTo(invited).length, { message: `an invite mail to ${invited}` }).toBe(1);
  const [mail] = mailsTo(invited);
  expect(mail).toContain('Ola Owner zaprasza cię do grupy');
  expect(mail).not.toContain('invited you');

  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Default language' })).toHaveValue('pl');
});
