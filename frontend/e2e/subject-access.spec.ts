import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { apiCall, checkPage, DESKTOP, PHONE, startOrganiser, logIn } from './support';


async function download(page: Page, button: string): Promise<{ file: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = await file.path();
  return { file, bytes: readFileSync(path) };
}

test('an organiser downloads what is held about a person, then erases them', async ({ browser }) => {
  // Four pages are checked for accessibility and captured at two sizes each.
  test.slow();
  const setup = await browser.newPage();
  const stamp = Date.now().toString(36);
  const olu = await startOrganiser(setup, 'Olu Organiser', `Riverside Workers ${stamp}`);
  const base = `/api/v1/groups/${olu.groupId}`;
  const sam = await apiCall<{ id: string }>(setup, olu.token, 'POST', `${base}/contacts`, {
    full_name: 'Sam Okafor',
    email: 'sam.okafor@example.org',
  });
  await apiCall(setup, olu.token, 'POST', `${base}/contacts/${sam.id}/conversations`, {
    notes: 'Said <script>alert("rota")</script> about the new rota',
    assessment: { level: 2 },
  });
  await apiCall(setup, olu.token, 'POST', `${base}/contacts`, { full_name: 'Ana Silva' });
  await setup.close();

  const { context, page } = await logIn(browser, olu.email, DESKTOP, { acceptDownloads: true });
  await page.goto(`/groups/${olu.groupId}/contacts/${sam.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sam Okafor' })).toBeVisible();
  const section = page.getByRole('region', { name: 'Subject access' });
  await expect(section).toBeVisible();

  // The readable document: headed with who asked and when, every value shown as text.
  const html = await download(page, 'Readable document (HTML)');
  expect(html.file.suggestedFilename()).toMatch(new RegExp(`^subject-access-${sam.id}-.*\\.html$`));
  const document = html.bytes.toString('utf-8');
  expect(document).toContain(`Everything Riverside Workers ${stamp} holds about Sam Okafor`);
  expect(document).toContain('Requested by Olu Organiser on ');
  expect(document).toContain('Said &lt;script&gt;alert(&quot;rota&quot;)&lt;/script&gt; about the new rota');
  expect(document).not.toContain('<script');
  expect(document).toContain("default-src 'none'");
  expect(document).not.toContain('Ana Silva');

  // The data, and the zip holding both.
  const json = await download(page, 'Data (JSON)');
  const bundle = JSON.parse(json.bytes.toString('utf-8')) as {
    contact: { full_name: string; email: string };
    conversations: { notes: string }[];
    assessments: { level: number }[];
  };
  expect(bundle.contact).toMatchObject({ full_name: 'Sam Okafor', email: 'sam.okafor@example.org' });
  expect(bundle.conversations.map((c) => c.notes)).toEqual(['Said <script>alert("rota")</script> about the new rota']);
  expect(bundle.assessments.map((a) => a.level)).toEqual([2]);
  const zip = await download(page, 'Download bundle (ZIP)');
  expect(zip.file.suggestedFilename()).toMatch(/\.zip$/);
  expect(zip.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  await checkPage(page, 'subject-access');

  // Erasure on a phone: the name must be typed, then the report is shown.
  await page.setViewportSize(PHONE);
  await page.getByRole('button', { name: 'Erase this person…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase Sam Okafor?' });
  await expect(dialog).toBeVisible();
  const erase = dialog.getByRole('button', { name: 'Erase for good' });
  await expect(erase).toBeDisabled();
  await dialog.getByLabel('Type their full name (Sam Okafor) to confirm').fill('Sam Okafo');
  await expect(erase).toBeDisabled();
  await dialog.getByLabel('Type their full name (Sam Okafor) to confirm').fill('Sam Okafor');
  // The download notices close on their own; the dialog is checked as it rests, without them.
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0);
  await checkPage(page, 'erase-confirm');
  await erase.click();

  const erased = page.getByRole('dialog', { name: 'Erased' });
  const report = erased.getByRole('table', { name: 'What was removed' });
  await expect(report).toBeVisible();
  await expect(report.getByRole('row', { name: /Contact record\s*1/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /Conversations\s*1/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /Assessments\s*1/ })).toBeVisible();
  await checkPage(page, 'erase-report');
  await erased.getByRole('button', { name: 'Back to contacts' }).click();

  // Gone from the list and from its own address; the audit keeps the report without the name.
  await expect(page).toHaveURL(new RegExp(`/groups/${olu.groupId}/contacts`));
  await expect(page.getByRole('link', { name: 'Ana Silva' }).first()).toBeVisible();
  await expect(page.getByText('Sam Okafor')).toHaveCount(0);
  const gone = await page.request.get(`${base}/contacts/${sam.id}`, {
    headers: { Authorization: `Bearer ${olu.token}` },
  });
  expect(gone.status()).toBe(404);
  const audit = await apiCall<{ items: { action: string; filters: Record<string, unknown> }[] }>(
    page,
    olu.token,
    'GET',
    `${base}/audit`,
  );
  expect(audit.items[0]?.action).toBe('erasure');
  expect(JSON.stringify(audit.items)).not.toContain('Sam Okafor');

  // Retention rules: off by default, with a preview of what would go.
  await page.goto(`/groups/${olu.groupId}/settings`);
  const retention = page.getByRole('region', { name: 'Erase people nobody talks to any more' });
  await expect(retention.getByRole('switch', { name: 'Turned on (runs every day)' })).not.toBeChecked();
  await expect(retention.getByText('Has not run yet.')).toBeVisible();
  await retention.getByRole('button', { name: 'Preview what would go' }).click();
  await expect(retention.getByRole('status')).toHaveText('Nothing would go now.');
  await checkPage(page, 'settings-retention');
  await context.close();
});
