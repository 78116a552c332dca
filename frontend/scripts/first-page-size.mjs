// Measures the gzipped JavaScript a visitor downloads to see the first page
// (the app entry plus the lazily loaded login page, with everything they
// import statically) and fails when it exceeds the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = Number(process.env.FIRST_PAGE_BUDGET_KB ?? '300');
const FIRST_PAGES = ['index.html', 'src/auth/LoginPage.tsx'];
const dist = 'dist';

const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const files = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the build manifest`);
  if (files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
FIRST_PAGES.forEach(visit);

let total = 0;
for (const file of files) {
  if (!file.endsWith('.js')) continue;
  total += gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
}
const kb = total / 1024;
console.log(`First-page JavaScript: ${kb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB).`);
if (kb > BUDGET_KB) {
  console.error('Over budget: lazy-load more of the app or drop a dependency.');
  process.exit(1);
}
