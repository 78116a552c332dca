import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESKTOP, PHONE, SCREENSHOT_DIR, apiCall, checkPage, expectNoHorizontalScroll, startOrganiser, type Organiser, logIn } from './support';

// The wall chart an organiser plans from: coverage on the workplaces list, the
// grid of names by department and shift, a square opened to see its people,
// the shift filter on every figure, the table scrolling in its own box on a
// phone, and the chart printed on one landscape A4 sheet.

test.describe.configure({ timeout: 180_000 });

interface Created {
  id: string;
  name: string;
}

interface Worker {
  name: string;
  department: 'goods' | 'picking' | null;
  shift: 'days' | 'nights';
  level: number | null;
  talkedDaysAgo: number | null;
}

const WORKERS: Worker[] = [
  { name: 'Agnieszka Kowalska', department: 'picking', shift: 'nights', level: 1, talkedDaysAgo: 3 },
  { name: 'Tariq Mahmood', department: 'picking', shift: 'nights', level: 2, talkedDaysAgo: 40 },
  { name: 'Maria Popescu', department: 'picking', shift: 'days', level: 3, talkedDaysAgo: 10 },
  { name: 'Sofia Ferreira', department: 'picking', shift: 'days', level: 2, talkedDaysAgo: 70 },
  { name: 'Joe Bradley', department: 'goods', shift: 'days', level: 4, talkedDaysAgo: 20 },
  { name: 'Dave Wilson', department: 'goods', shift: 'days', level: 5, talkedDaysAgo: 100 },
  { name: 'Priya Patel', department: 'goods', shift: 'nights', level: null, talkedDaysAgo: null },
  { name: 'Ahmed Hassan', department: null, shift: 'nights', level: null, talkedDaysAgo: null },
];

async function seedDistributionCentre(page: Page, who: Organiser) {
  const group = `/api/v1/groups/${who.groupId}`;
  const workplace = await apiCall<Created>(page, who.token, 'POST', `${group}/workplaces`, {
    name: 'Eastfield Distribution Centre',
    employer: 'Parcelwise Logistics Ltd',
    estimated_headcount: 40,
  });
  const base = `${group}/workplaces/${workplace.id}`;
  const departments = {
    goods: await apiCall<Created>(page, who.token, 'POST', `${base}/departments`, { name: 'Goods in', estimated_headcount: 15 }),
    picking: await apiCall<Created>(page, who.token, 'POST', `${base}/departments`, { name: 'Picking', estimated_headcount: 25 }),
  };
  const shifts = {
    days: await apiCall<Created>(page, who.token, 'POST', `${base}/shifts`, { name: 'Days' }),
    nights: await apiCall<Created>(page, who.token, 'POST', `${base}/shifts`, { name: 'Nights' }),
  };
  for (const worker of WORKERS) {
    const contact = await apiCall<Created>(page, who.token, 'POST', `${group}/contacts`, {
      full_name: worker.name,
      workplace_id: workplace.id,
      department_id: worker.department === null ? null : departments[worker.department].id,
      shift_id: shifts[worker.shift].id,
    });
    if (worker.talkedDaysAgo !== null) {
      await apiCall(page, who.token, 'POST', `${group}/contacts/${contact.id}/conversations`, {
        channel: 'in_person',
        occurred_at: new Date(Date.now() - worker.talkedDaysAgo * 86_400_000).toISOString(),
        notes: 'Talked at the gate about the new rota.',
        ...(worker.level === null ? {} : { assessment: { level: worker.level } }),
      });
    }
  }
  return { workplace, shifts };
}


/** A Mantine select: open it by its label and pick an option. */
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The grid's row for a department: its squares, one per shift column. */
function gridRow(page: Page, department: string) {
  return page
    .getByTestId('chart-grid')
    .locator('tr', { has: page.getByRole('rowheader', { name: department, exact: true }) });
}

/** Prints the page as Chromium does, checks it is one landscape A4 page, and saves an image of it. */
async function printOnOnePage(page: Page, name: string) {
  const folder = mkdtempSync(join(tmpdir(), 'wall-chart-'));
  const pdf = join(folder, 'chart.pdf');
  writeFileSync(pdf, await page.pdf({ landscape: true, format: 'A4', printBackground: true }));
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, join(SCREENSHOT_DIR, name)]);
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  expect(info, 'one page').toMatch(/^Pages:\s+1$/m);
  // A4 landscape: about 842 points wide and 595 high.
  expect(info).toMatch(/^Page size:\s+84[12]\.\d+ x 59[56]\.\d+ pts \(A4\)$/m);
}

// The server's first account is its administrator, who needs two-factor login (see
// startOrganiser): make sure it exists, so the organiser below logs in with a password.
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  await startOrganiser(await context.newPage(), 'Ada Admin', `Admin depot ${Date.now().toString(36)}`);
  await context.close();
});

test('an organiser plans from the wall chart on a phone and a desk, and prints it', async ({ browser }) => {
  const setup = await browser.newPage();
  const olu = await startOrganiser(setup, 'Olu Organiser', `Eastfield Workers ${Date.now().toString(36)}`);
  const { shifts } = await seedDistributionCentre(setup, olu);
  await setup.close();

  const { context, page } = await logIn(browser, olu.email, PHONE);

  // The workplaces list shows how much of each workplace is on the map.
  await page.goto(`/groups/${olu.groupId}/workplaces`);
  const coverage = page.getByTestId('workplace-coverage');
  await expect(coverage).toContainText('Coverage 20%: 8 of about 40 workers known');
  await expect(coverage).toContainText('6 assessed · 3 talked to in the last 30 days');
  await checkPage(page, 'workplaces-coverage');

  // The grid: departments down, shifts across, names coloured and numbered by level.
  await page.getByRole('link', { name: 'Eastfield Distribution Centre' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Eastfield Distribution Centre' })).toBeVisible();
  const grid = page.getByTestId('chart-grid');
  await expect(grid.getByRole('columnheader')).toHaveText(['Department', 'Days', 'Nights']);
  const picking = gridRow(page, 'Picking');
  const [pickingDays, pickingNights] = [picking.getByRole('cell').nth(0), picking.getByRole('cell').nth(1)];
  // Leaders first; the level's number and name are there for those who cannot tell the colours apart.
  await expect(pickingNights.getByRole('button')).toHaveText(
    /Picking, Nights: 2 people.*1Agnieszka Kowalska\(Leader\).*2Tariq Mahmood\(Supporter\)/,
  );
  await expect(pickingDays.getByRole('button')).toHaveText(/2Sofia Ferreira\(Supporter\).*3Maria Popescu\(Undecided\)/);
  await expect(gridRow(page, 'No department recorded').getByRole('cell').nth(1)).toContainText('Ahmed Hassan');

  // On a phone the numbers table scrolls in its own box, says so, and the page never scrolls sideways.
  const table = page.getByRole('region', { name: 'Numbers by department' });
  await expect(table).toBeVisible();
  const widths = await table.evaluate((box) => [box.scrollWidth, box.clientWidth]);
  expect(widths[0]).toBeGreaterThan(widths[1] ?? 0);
  await expect(page.getByTestId('scroll-hint').first()).toBeVisible();
  await expectNoHorizontalScroll(page, 'wall chart on a phone');
  await checkPage(page, 'wall-chart-grid');

  // A square opens its people.
  await pickingNights.getByRole('button').click();
  const dialog = page.getByRole('dialog', { name: 'Picking · Nights' });
  await expect(dialog.getByTestId('contact-row')).toHaveCount(2);
  await expect(dialog.getByTestId('contact-row').first()).toContainText('Agnieszka Kowalska');
  await expect(dialog.getByTestId('contact-row').first()).toContainText('1 · Leader');
  await checkPage(page, 'wall-chart-cell');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // So does a department's bar, across the shifts.
  await page.getByTestId('chart-bar').filter({ hasText: 'Goods in' }).click();
  const goodsIn = page.getByRole('dialog', { name: 'Goods in' });
  await expect(goodsIn.getByTestId('contact-row')).toHaveCount(3);
  await expect(goodsIn.getByTestId('contact-row').last()).toContainText('Priya Patel');
  await page.keyboard.press('Escape');

  // The shift filter: every headline figure, the table and the list to talk to next.
  const talkToNext = page.getByTestId('talk-to-next');
  await expect(talkToNext.getByRole('link')).toHaveText([
    'Ahmed Hassan',
    'Priya Patel',
    'Dave Wilson',
    'Sofia Ferreira',
    'Tariq Mahmood',
    'Joe Bradley',
    'Maria Popescu',
    'Agnieszka Kowalska',
  ]);
  await choose(page, 'Shift', 'Nights');
  await expect(page).toHaveURL(new RegExp(`shift=${shifts.nights.id}`));
  await expect(page.getByTestId('chart-scope')).toHaveText('Shift: Nights');
  await expect(talkToNext.getByRole('link')).toHaveText(['Ahmed Hassan', 'Priya Patel', 'Tariq Mahmood', 'Agnieszka Kowalska']);
  await expect(grid.getByRole('columnheader')).toHaveText(['Department', 'Nights']);
  const numbers = page.getByTestId('wall-chart');
  const pickingNumbers = numbers.locator('tr', { has: page.getByRole('rowheader', { name: 'Picking', exact: true }) });
  // Known, members, coverage: two known on nights, and no coverage claimed for one shift.
  await expect(pickingNumbers.getByRole('cell').nth(6)).toHaveText('2');
  await expect(pickingNumbers.getByRole('cell').nth(8)).toHaveText('–');
  await expect(page.getByText('Headcounts are kept per department, not per shift')).toBeVisible();
  // Leaders, and leaders or supporters, among the four people on nights.
  await expect(page.getByText('1 of 4 contacts', { exact: true })).toBeVisible();
  await expect(page.getByText('2 of 4 contacts', { exact: true })).toBeVisible();
  await choose(page, 'Shift', 'All shifts');
  await expect(page.getByTestId('chart-scope')).toHaveText('All shifts');
  await expect(page.getByText('8 of about 40 workers known')).toBeVisible();

  // Printing: one landscape A4 sheet, with no navigation and no forms.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Shift', exact: true })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print the chart' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Departments and shifts' })).toBeHidden();
  await expect(grid).toBeVisible();
  await expect(numbers).toBeVisible();
  await printOnOnePage(page, 'wall-chart-print-phone');
  await page.setViewportSize(DESKTOP);
  await printOnOnePage(page, 'wall-chart-print-desktop');
  await page.emulateMedia({ media: null });

  await context.close();
});

const FIRST_NAMES = [
  'Aisha', 'Ben', 'Chloe', 'Darius', 'Ewa', 'Fatima', 'Gareth', 'Hannah', 'Imran', 'Joanna',
  'Kwame', 'Lucy', 'Marek', 'Niamh', 'Oluwaseun', 'Paula', 'Rajesh', 'Siobhan', 'Tomasz', 'Yasmin',
];
const SURNAMES = [
  'Abbott', 'Begum', 'Campbell', 'Dąbrowski', 'Evans', 'Fernandes', 'Gallagher', 'Hughes', 'Iqbal', 'Jones',
  'Kaur', 'Lewandowska', 'McAllister', 'Nowak', "O'Neill", 'Pereira', 'Quinn', 'Rahman', 'Stewart', 'Thompson',
];
const DEPARTMENTS = [
  'Goods in', 'Picking', 'Packing', 'Despatch', 'Returns', 'Replenishment', 'Cold store', 'Hazardous goods',
  'Inventory control', 'Transport office', 'Yard', 'Maintenance', 'Cleaning', 'Canteen', 'Security',
];
const SHIFTS = ['Earlies', 'Lates', 'Nights', 'Weekends'];

/** Runs `work` over `items`, a few at a time, as a busy organiser's spreadsheet import would. */
async function inBatches<T>(items: T[], work: (item: T) => Promise<unknown>, size = 8): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(work));
  }
}

test('the chart of a big workplace still prints on one landscape A4 sheet', async ({ browser }) => {
  const setup = await browser.newPage();
  const olu = await startOrganiser(setup, 'Olu Organiser', `Big depot workers ${Date.now().toString(36)}`);
  const group = `/api/v1/groups/${olu.groupId}`;
  const workplace = await apiCall<Created>(setup, olu.token, 'POST', `${group}/workplaces`, {
    name: 'Thameside National Distribution Centre',
    employer: 'Parcelwise Logistics Ltd',
    estimated_headcount: 1200,
  });
  const base = `${group}/workplaces/${workplace.id}`;
  const departments: Created[] = [];
  for (const name of DEPARTMENTS) {
    departments.push(await apiCall<Created>(setup, olu.token, 'POST', `${base}/departments`, { name, estimated_headcount: 80 }));
  }
  const shifts: Created[] = [];
  for (const name of SHIFTS) shifts.push(await apiCall<Created>(setup, olu.token, 'POST', `${base}/shifts`, { name }));
  // 400 workers: every first name with every surname, spread over each department and shift.
  const workers = FIRST_NAMES.flatMap((first, i) => SURNAMES.map((last, j) => ({ name: `${first} ${last}`, n: i * SURNAMES.length + j })));
  expect(workers).toHaveLength(400);
  await inBatches(workers, async ({ name, n }) => {
    const contact = await apiCall<Created>(setup, olu.token, 'POST', `${group}/contacts`, {
      full_name: name,
      workplace_id: workplace.id,
      department_id: departments[n % departments.length]?.id,
      shift_id: shifts[Math.floor(n / departments.length) % shifts.length]?.id,
    });
    // One in five assessed, so the squares carry every colour.
    if (n % 5 === 0) {
      await apiCall(setup, olu.token, 'POST', `${group}/contacts/${contact.id}/conversations`, {
        channel: 'in_person',
        occurred_at: new Date(Date.now() - (n % 90) * 86_400_000).toISOString(),
        notes: 'Talked in the canteen about the new rota.',
        assessment: { level: (n % 25) / 5 + 1 },
      });
    }
  });
  await setup.close();

  const { context, page } = await logIn(browser, olu.email, DESKTOP);
  await page.goto(`/groups/${olu.groupId}/workplaces/${workplace.id}`);
  await expect(page.getByText('400 of about 1,200 workers known')).toBeVisible();
  const grid = page.getByTestId('chart-grid');
  await expect(grid.getByRole('rowheader')).toHaveCount(DEPARTMENTS.length);
  await expect(grid.getByRole('columnheader')).toHaveText(['Department', ...SHIFTS]);

  await page.emulateMedia({ media: 'print' });
  await expect(grid).toBeVisible();
  await expect(page.getByTestId('wall-chart')).toBeVisible();
  // Every department is on the sheet, in the grid and in the numbers.
  await expect(grid.getByRole('rowheader', { name: 'Security', exact: true })).toBeVisible();
  await expect(page.getByTestId('wall-chart').getByRole('rowheader', { name: 'Security', exact: true })).toBeVisible();
  await printOnOnePage(page, 'wall-chart-print-large-desktop');
  await page.setViewportSize(PHONE);
  await printOnOnePage(page, 'wall-chart-print-large-phone');
  await page.emulateMedia({ media: null });
  await context.close();
});
