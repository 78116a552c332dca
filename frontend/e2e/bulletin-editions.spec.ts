import { expect, test, type Download, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESKTOP, PHONE, SCREENSHOT_DIR, apiCall, checkPage, signUp, startOrganiser } from './support';

// From a worker's conversation to a printed sheet at the gate: the story, two articles in two
// languages, the identification check, the PDFs (read back with poppler), the print run, a
// hand-out logged from a phone and the reach on the workplace's wall chart.

const SOURCE_NOTES = 'Heard from the night canteen crew, call 07700 900123 after 6';

interface Story {
  id: string;
  version: number;
}

/** Downloads a PDF by pressing its button, and gives back where it was saved. */
async function downloadPdf(page: Page, button: string, folder: string, name: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]) as [Download, unknown];
  const path = join(folder, name);
  await download.saveAs(path);
  return path;
}

function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

function pdfInfo(path: string): string {
  return execFileSync('pdfinfo', [path], { encoding: 'utf8' });
}

test('a story from a conversation is printed in two languages and handed out at the gate', async ({ browser }) => {
  // Three people, the PDFs read back, four screens checked at two widths.
  test.setTimeout(240_000);
  const ownerContext = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  const ownerPage = await ownerContext.newPage();
  const owner = await startOrganiser(ownerPage, 'Olu Organiser', `Bulletin editions ${Date.now().toString(36)}`);
  const groupUrl = `/api/v1/groups/${owner.groupId}`;
  const depot = await apiCall<{ id: string }>(ownerPage, owner.token, 'POST', `${groupUrl}/workplaces`, {
    name: 'Riverside Depot',
    estimated_headcount: 200,
  });
  await apiCall(ownerPage, owner.token, 'POST', `${groupUrl}/workplaces/${depot.id}/shifts`, { name: 'Nights' });
  const contact = await apiCall<{ id: string }>(ownerPage, owner.token, 'POST', `${groupUrl}/contacts`, {
    full_name: 'Jo Nowak',
    workplace_id: depot.id,
  });

  // A member logs a conversation in which Jo raised an issue, and turns it into a story.
  const invite = await apiCall<{ token: string }>(ownerPage, owner.token, 'POST', `${groupUrl}/invites`, {
    role: 'member',
  });
  const memberContext = await browser.newContext({ viewport: PHONE });
  const memberPage = await memberContext.newPage();
  const member = await signUp(memberPage, 'Mo Member');
  await apiCall(memberPage, member.token, 'POST', '/api/v1/invites/accept', { token: invite.token });
  await apiCall(memberPage, member.token, 'POST', `${groupUrl}/contacts/${contact.id}/conversations`, {
    channel: 'in_person',
    issues: ['Canteen closed on nights'],
    notes: 'Twelve people went without food on Tuesday.',
  });
  await memberPage.goto(`/groups/${owner.groupId}/contacts/${contact.id}`);
  await memberPage
    .getByRole('list', { name: 'Timeline' })
    .getByTestId('timeline-conversation')
    .getByRole('button', { name: 'Turn into a story' })
    .click();
  await expect(memberPage.getByRole('heading', { level: 1, name: 'canteen closed on nights' })).toBeVisible();
  const storyId = /\/stories\/([0-9a-f-]{36})/.exec(memberPage.url())?.[1] ?? '';
  expect(storyId).not.toBe('');

  // The organiser keeps who told it in the private source notes and makes it ready.
  const story = await apiCall<Story>(ownerPage, owner.token, 'GET', `${groupUrl}/stories/${storyId}`);
  await apiCall(ownerPage, owner.token, 'PATCH', `${groupUrl}/stories/${storyId}`, {
    status: 'ready',
    source_notes: SOURCE_NOTES,
    version: story.version,
  });
  await ownerPage.goto(`/groups/${owner.groupId}/stories`);
  await expect(
    ownerPage.getByRole('region', { name: 'Ready (1)' }).getByRole('link', { name: 'canteen closed on nights' }),
  ).toBeVisible();
  await checkPage(ownerPage, 'bulletin-board');

  // A bulletin and its first edition.
  await ownerPage.goto(`/groups/${owner.groupId}/bulletins`);
  const newBulletin = ownerPage.getByRole('form', { name: 'New bulletin' });
  await newBulletin.getByRole('button', { name: 'Create bulletin' }).click();
  await expect(newBulletin.getByRole('textbox', { name: 'Title' })).toBeFocused();
  await newBulletin.getByRole('textbox', { name: 'Title' }).fill('The Depot Worker');
  await newBulletin.getByRole('textbox', { name: 'Get involved box' }).fill('Talk to Mo at gate 2.');
  await newBulletin.getByRole('button', { name: 'Create bulletin' }).click();
  await expect(ownerPage.getByRole('heading', { level: 2, name: 'The Depot Worker' })).toBeVisible();
  await ownerPage.getByRole('button', { name: 'New edition' }).click();
  await expect(ownerPage.getByRole('heading', { level: 1, name: /^Edition 1 · / })).toBeVisible();

  // The front article is written from the story: its draft is the start.
  const newArticle = ownerPage.getByRole('form', { name: 'New article' });
  await newArticle.getByRole('textbox', { name: 'Written from the story' }).click();
  await ownerPage.getByRole('option', { name: 'canteen closed on nights' }).click();
  await expect(newArticle.getByRole('textbox', { name: 'Headline' })).toHaveValue('canteen closed on nights');
  await newArticle.getByRole('textbox', { name: 'Headline' }).fill('No food on nights');
  await newArticle.getByRole('button', { name: 'Add article' }).click();
  const front = ownerPage.getByRole('form', { name: 'Article “No food on nights”' });
  await expect(front).toBeVisible();

  // A short item on the back names Jo: the identification check must catch it.
  await newArticle.getByRole('textbox', { name: 'Where' }).click();
  await ownerPage.getByRole('option', { name: 'Back: short item' }).click();
  await newArticle.getByRole('textbox', { name: 'Headline' }).fill('Rota meeting');
  await newArticle.getByRole('textbox', { name: 'Article (Markdown)' }).fill('Jo Nowak says: **come on Friday**.');
  await newArticle.getByRole('button', { name: 'Add article' }).click();
  const back = ownerPage.getByRole('form', { name: 'Article “Rota meeting”' });
  await expect(back).toBeVisible();
  await expect(ownerPage.getByRole('heading', { name: 'Print', exact: true })).toBeVisible();
  await expect(ownerPage.getByRole('button', { name: 'Download A4 PDF in Polski' })).toHaveCount(0);

  // Each article gets its Polish version, in the tab beside the English one.
  for (const [card, headline, body] of [
    [front, 'Nocą bez jedzenia', 'Dwunastu pracowników nie jadło we wtorek.'],
    [back, 'Zebranie w sprawie grafiku', 'Przyjdź w **piątek**.'],
  ] as const) {
    await card.getByRole('tab', { name: 'Polski +' }).click();
    await card.getByRole('textbox', { name: 'Headline' }).fill(headline);
    await card.getByRole('textbox', { name: 'Article (Markdown)' }).fill(body);
    await expect(card.getByRole('region', { name: 'Preview' })).toContainText(headline);
    const saved = ownerPage.waitForResponse(
      (response) => response.request().method() === 'PATCH' && response.url().includes('/articles/'),
    );
    await card.getByRole('button', { name: 'Save article' }).click();
    expect((await saved).status()).toBe(200);
  }
  await expect(ownerPage.getByRole('button', { name: 'Download A4 PDF in Polski' })).toBeVisible();

  // Printing waits for the identification check.
  await ownerPage.getByRole('button', { name: 'Run the identification check' }).click();
  const finding = ownerPage.getByRole('button', { name: 'Confirm “Jo Nowak” may be printed' });
  await expect(finding).toBeVisible();
  await checkPage(ownerPage, 'edition-editor');
  await finding.click();
  await expect(ownerPage.getByText(/^Confirmed /)).toBeVisible();
  for (const item of [
    'The facts are checked',
    'No one can be identified without their consent',
    'Nothing defamatory about a named manager',
  ]) {
    // Ticking is recorded by the server before the box shows it, so click and wait for it.
    await ownerPage.getByRole('checkbox', { name: item }).click();
    await expect(ownerPage.getByRole('checkbox', { name: item })).toBeChecked();
    await expect(ownerPage.getByRole('checkbox', { name: item })).toBeDisabled();
  }
  await expect(ownerPage.getByText('Cleared for print')).toBeVisible();

  // The PDFs, read back: each language's words, the paper size, and no source notes.
  const folder = mkdtempSync(join(tmpdir(), 'bulletin-'));
  const english = await downloadPdf(ownerPage, 'Download A4 PDF in English', folder, 'en.pdf');
  const polish = await downloadPdf(ownerPage, 'Download A4 PDF in Polski', folder, 'pl.pdf');
  const twoUp = await downloadPdf(ownerPage, 'Download A5 two-up PDF in Polski', folder, 'pl-a5.pdf');
  const englishText = pdfText(english);
  expect(englishText).toContain('The Depot Worker');
  expect(englishText).toContain('No food on nights');
  expect(englishText).toContain('Jo Nowak says: come on Friday.');
  expect(englishText).toContain('Talk to Mo at gate 2.');
  expect(englishText).not.toContain('Nocą bez jedzenia');
  const polishText = pdfText(polish);
  expect(polishText).toContain('Nocą bez jedzenia');
  expect(polishText).toContain('Zebranie w sprawie grafiku');
  expect(polishText).not.toContain('No food on nights');
  for (const [path, text] of [
    [english, englishText],
    [polish, polishText],
    [twoUp, pdfText(twoUp)],
  ] as const) {
    expect(text, path).not.toContain('07700 900123');
    expect(text, path).not.toContain('night canteen crew');
    expect(pdfInfo(path), path).not.toMatch(/^Author:/m);
  }
  expect(pdfInfo(english)).toMatch(/^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$/m);
  expect(pdfInfo(polish)).toMatch(/^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$/m);
  // A5 two-up: two A5 pages side by side on A4 landscape.
  expect(pdfInfo(twoUp)).toMatch(/^Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)$/m);
  expect(pdfText(twoUp).split('Nocą bez jedzenia').length - 1).toBe(2);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-singlefile', english, join(SCREENSHOT_DIR, 'bulletin-pdf-a4')]);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-singlefile', twoUp, join(SCREENSHOT_DIR, 'bulletin-pdf-a5-two-up')]);

  // Recording the print run prints the edition: its story leaves the pool as printed.
  await ownerPage.getByRole('textbox', { name: 'Copies printed' }).fill('300');
  await ownerPage.getByRole('button', { name: 'Record the print run' }).click();
  await expect(ownerPage.getByText(/^300 copies printed on /)).toBeVisible();
  const editionUrl = ownerPage.url().replace(/^https?:\/\/[^/]+/, '');
  await ownerPage.goto(`/groups/${owner.groupId}/stories`);
  await expect(
    ownerPage.getByRole('region', { name: 'Printed (1)' }).getByRole('link', { name: 'canteen closed on nights' }),
  ).toBeVisible();

  // At the gate, on a phone: the workplace, a tap for the shift, the gate and the copies.
  await memberPage.goto(editionUrl);
  const handout = memberPage.getByRole('form', { name: 'Log a hand-out' });
  await handout.getByRole('button', { name: 'Log hand-out' }).click();
  await expect(handout.getByRole('textbox', { name: 'Workplace' })).toBeFocused();
  await handout.getByRole('textbox', { name: 'Workplace' }).click();
  await memberPage.getByRole('option', { name: 'Riverside Depot' }).click();
  await handout.getByText('Nights', { exact: true }).click();
  await expect(handout.getByRole('radio', { name: 'Nights' })).toBeChecked();
  await handout.getByRole('textbox', { name: 'Gate or spot' }).fill('Main gate');
  await handout.getByRole('textbox', { name: 'Copies given out' }).fill('120');
  await handout.getByRole('textbox', { name: 'Copies left' }).fill('30');
  await handout.getByRole('button', { name: 'Log hand-out' }).click();
  const log = memberPage.getByRole('list', { name: 'Hand-out log' });
  await expect(log.getByRole('listitem')).toHaveCount(1);
  await expect(log.getByRole('listitem')).toContainText('120 copies at Riverside Depot');
  await expect(log.getByRole('listitem')).toContainText('Nights · Main gate · 30 left');

  // What people said about it, for the next editorial meeting.
  const feedback = memberPage.getByRole('form', { name: 'Log feedback' });
  await feedback.getByRole('textbox', { name: 'What people said about it' }).fill('The night shift want more on rotas.');
  await feedback.getByRole('button', { name: 'Log feedback' }).click();
  await expect(memberPage.getByRole('list', { name: 'Feedback heard' })).toContainText(
    'The night shift want more on rotas.',
  );
  await checkPage(memberPage, 'edition-handouts');

  // The workplace's wall chart shows what reached it.
  await memberPage.goto(`/groups/${owner.groupId}/workplaces/${depot.id}`);
  const reach = memberPage.getByTestId('bulletin-reach');
  await expect(reach).toContainText('Last bulletin here: The Depot Worker no. 1');
  await expect(reach).toContainText('120 copies in the last 3 months (0.6 per worker).');

  await memberContext.close();
  await ownerContext.close();
});
