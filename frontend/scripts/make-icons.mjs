// Draws the app's icons (web app manifest, home screen) from public/favicon.svg
// with the same Chromium the browser tests use. Run `node scripts/make-icons.mjs`
// after changing the logo, and commit public/icons/.
import { readFile, mkdir } from 'node:fs/promises';
import { chromium } from '@playwright/test';

const logo = await readFile(new URL('../public/favicon.svg', import.meta.url), 'utf8');
const out = new URL('../public/icons/', import.meta.url);
await mkdir(out, { recursive: true });

// Maskable icons may be cropped to a circle by the phone: the logo keeps to the
// middle 80 % on a background of its own colour.
const icons = [
  { name: 'icon-192.png', size: 192, inset: 0, background: 'transparent' },
  { name: 'icon-512.png', size: 512, inset: 0, background: 'transparent' },
  { name: 'maskable-512.png', size: 512, inset: 0.1, background: '#364fc7' },
  { name: 'apple-touch-icon-180.png', size: 180, inset: 0.06, background: '#364fc7' },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
for (const { name, size, inset, background } of icons) {
  const drawn = Math.round(size * (1 - 2 * inset));
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:${background};display:grid;place-items:center;width:${size}px;height:${size}px">` +
      logo.replace('<svg ', `<svg width="${drawn}" height="${drawn}" `) +
      '</body></html>',
  );
  await page.screenshot({ path: new URL(name, out).pathname, omitBackground: background === 'transparent' });
}
await browser.close();
