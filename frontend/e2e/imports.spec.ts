import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { DESKTOP, PHONE, apiCall, checkPage, startOrganiser } from './support';

// Importing a group's spreadsheet from the web app: a messy Windows-1252 CSV with semicolons,
// a Polish Windows-1250 CSV on a phone, and an Excel workbook naming only departments,
// imported into a default workplace.

test.describe.configure({ timeout: 120_000 });

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Text encoded as a single-byte Windows code page (Node has no encoder for them). */
function encodeCodePage(text: string, table: Record<string, number>): Buffer {
  return Buffer.from(
    Array.from(text, (char) => {
      const code = char.charCodeAt(0);
      if (code < 0x80) return code;
      const byte = table[char];
      if (byte === undefined) throw new Error(`no byte for ${char}`);
      return byte;
    }),
  );
}

// The bytes Windows-1252 and Windows-1250 give the letters these files use.
const WINDOWS_1252: Record<string, number> = { 'é': 0xe9, 'í': 0xed, 'á': 0xe1, 'ë': 0xeb, '’': 0x92, 'è': 0xe8, 'ç': 0xe7 };
const WINDOWS_1250: Record<string, number> = {
  'Ł': 0xa3, 'ł': 0xb3, 'ó': 0xf3, 'Ś': 0x8c, 'ś': 0x9c, 'ą': 0xb9, 'ę': 0xea, 'Ż': 0xaf, 'ż': 0xbf, 'ń': 0xf1, 'ć': 0xe6,
};

async function chooseFile(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  // The file chooser a person would use from the "Spreadsheet" field.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Spreadsheet' }).click();
  await (await chooser).setFiles({ name, mimeType, buffer });
  await page.getByRole('button', { name: 'Read the file' }).click();
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a messy semicolon-separated Windows-1252 file is imported, leaving out its bad row', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  const owner = await startOrganiser(page, 'Nia Importer', 'Harbour Depot Branch');
  const csv = [
    'Full name;E-mail;Mobile;Dept notes;Favourite colour',
    'José García;jose@example.org;07700 900001;Goods-in, nights;blue',
    '',
    'Renée O’Connor;renee@example.org;07700 900002;Despatch;green',
    'Siobhán Ní Bhriain;siobhan@example;07700 900003;Café crew;red',
    'Zoë Adams;zoe@example.org;;Pick & pack;',
    'José García;jose@example.org;07700 900001;Goods-in, nights;blue',
    '  ;  ;  ;  ;  ',
  ].join('\r\n');
  await page.goto(`/groups/${owner.groupId}`);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import' })).toBeVisible();
  await chooseFile(page, 'Members list.csv', 'text/csv', encodeCodePage(csv, WINDOWS_1252));

  await expect(page.getByText('Members list.csv · rows: 5 · columns: 5')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Characters (encoding)' })).toHaveValue('Western European (Windows-1252)');
  await expect(page.getByRole('textbox', { name: 'Columns separated by' })).toHaveValue('Semicolons');
  // The guessed mapping, changed for one column: the notes are kept.
  await expect(page.getByRole('textbox', { name: 'Column “Full name”' })).toHaveValue('Full name');
  await expect(page.getByRole('textbox', { name: 'Column “Favourite colour”' })).toHaveValue('Not imported');
  await choose(page, 'Column “Dept notes”', 'Notes');
  await page.getByRole('button', { name: 'Preview the import' }).click();

  const rows = page.getByRole('list', { name: 'Rows of the file' });
  await expect(rows.getByRole('listitem', { name: 'Row 2' })).toContainText('Will be added');
  await expect(rows.getByRole('listitem', { name: 'Row 2' })).toContainText('José García');
  const bad = rows.getByRole('listitem', { name: 'Row 5' });
  await expect(bad).toContainText('Has a problem');
  await expect(bad).toContainText('E-mail:');
  await expect(rows.getByRole('listitem', { name: 'Row 7' })).toContainText('Will be skipped');
  await expect(page.getByRole('button', { name: 'Import 3 rows' })).toBeDisabled();
  await checkPage(page, 'import-preview');

  await page.getByLabel('Import the other rows and leave out the ones with problems').check();
  await page.getByRole('button', { name: 'Import 3 rows' }).click();
  await expect(page.getByRole('heading', { name: 'The import has finished' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Added: 3 · updated: 0 · skipped: 1 · left out: 1');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the report' }).click();
  const report = await downloading;
  expect(report.suggestedFilename()).toBe('Members list-report.csv');
  const reportText = readFileSync(await report.path(), 'utf8');
  expect(reportText).toContain('Renée O’Connor');
  expect(reportText).toContain('failed');
  await checkPage(page, 'import-done');

  await page.goto(`/groups/${owner.groupId}/contacts`);
  for (const name of ['José García', 'Renée O’Connor', 'Zoë Adams']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: 'Siobhán Ní Bhriain' })).toHaveCount(0);
});

test('a Polish Windows-1250 file reads as Polish on a phone, and its reading can be changed', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const owner = await startOrganiser(page, 'Ola Importer', 'Magazyn Centralny');
  const names = ['Łukasz Wójcik', 'Zofia Świątek', 'Małgorzata Żółkiewska', 'Paweł Dąbrowski', 'Joanna Kaźmierczak'];
  const csv = ['Imię i nazwisko;Telefon', ...names.map((name, index) => `${name};07700 90010${index}`)].join('\r\n');
  await page.goto(`/groups/${owner.groupId}/import`);
  await chooseFile(page, 'pracownicy.csv', 'text/csv', encodeCodePage(csv, { ...WINDOWS_1250, 'ź': 0x9f }));
  await expect(page.getByRole('textbox', { name: 'Characters (encoding)' })).toHaveValue('Central European (Windows-1250)');
  await expect(page.getByRole('textbox', { name: 'Column “Imię i nazwisko”' })).toBeVisible();

  // Read as Western European on purpose, the names come out wrong; back to Central European.
  await choose(page, 'Characters (encoding)', 'Western European (Windows-1252)');
  await page.getByRole('button', { name: 'Read it again' }).click();
  await expect(page.getByRole('textbox', { name: 'Column “Imiê i nazwisko”' })).toBeVisible();
  await choose(page, 'Characters (encoding)', 'Central European (Windows-1250)');
  await page.getByRole('button', { name: 'Read it again' }).click();
  await expect(page.getByRole('textbox', { name: 'Column “Imię i nazwisko”' })).toBeVisible();
  await choose(page, 'Column “Imię i nazwisko”', 'Full name');
  await page.getByRole('button', { name: 'Preview the import' }).click();
  const rows = page.getByRole('list', { name: 'Rows of the file' });
  await expect(rows.getByRole('listitem', { name: 'Row 2' })).toContainText('Łukasz Wójcik');
  await checkPage(page, 'import-encoding');

  await page.getByRole('button', { name: 'Import 5 rows' }).click();
  await expect(page.getByRole('status')).toContainText('Added: 5');
  await page.goto(`/groups/${owner.groupId}/contacts`);
  for (const name of names) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await context.close();
});

test('an Excel workbook naming only departments is imported into a default workplace', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  const owner = await startOrganiser(page, 'Kofi Importer', 'Riverside Branch');
  const depot = await apiCall<{ id: string }>(page, owner.token, 'POST', `/api/v1/groups/${owner.groupId}/workplaces`, {
    name: 'Riverside Depot',
  });
  const goodsIn = await apiCall<{ id: string }>(
    page,
    owner.token,
    'POST',
    `/api/v1/groups/${owner.groupId}/workplaces/${depot.id}/departments`,
    { name: 'Goods in' },
  );
  await page.goto(`/groups/${owner.groupId}/import`);
  await chooseFile(
    page,
    'departments.xlsx',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    readFileSync(join(FIXTURES, 'departments.xlsx')),
  );
  await expect(page.getByText('An Excel workbook: the first sheet is read.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Column “Dept”' })).toHaveValue('Department');

  // Without a workplace the departments cannot be placed.
  await page.getByRole('button', { name: 'Preview the import' }).click();
  const rows = page.getByRole('list', { name: 'Rows of the file' });
  await expect(rows.getByRole('listitem', { name: 'Row 2' })).toContainText(
    'A department needs its workplace: map a workplace column or choose a default workplace.',
  );

  await choose(page, 'Default workplace', 'Riverside Depot');
  await choose(page, 'Default department', 'Goods in');
  await page.getByRole('button', { name: 'Preview the import' }).click();
  await expect(page.getByRole('list', { name: 'What the import will do' })).toContainText('4');
  await expect(page.getByText('Department: Night office at Riverside Depot')).toBeVisible();
  await expect(rows.getByRole('listitem', { name: 'Row 2' })).toContainText('Will be added');
  await checkPage(page, 'import-default-workplace');
  await page.getByRole('button', { name: 'Import 4 rows' }).click();
  await expect(page.getByRole('status')).toContainText('Added: 4');

  await page.goto(`/groups/${owner.groupId}/contacts`);
  for (const name of ['Grace Mensah', 'Ifeoma Chukwu', 'Dariusz Kowalski', 'Aoife Brennan']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  const contacts = await apiCall<{ items: { full_name: string; workplace_id: string; department_id: string }[] }>(
    page,
    owner.token,
    'GET',
    `/api/v1/groups/${owner.groupId}/contacts?limit=50`,
  );
  expect(new Set(contacts.items.map((contact) => contact.workplace_id))).toEqual(new Set([depot.id]));
  const aoife = contacts.items.find((contact) => contact.full_name === 'Aoife Brennan');
  expect(aoife?.department_id).toBe(goodsIn.id);
});
