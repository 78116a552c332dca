// Fails when src/api/schema.d.ts is not what `npm run gen:api` would produce
// from openapi.json. The Makefile refreshes openapi.json from the backend first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'shopfloor-api-'));
const fresh = join(dir, 'schema.d.ts');
try {
  execFileSync('npx', ['openapi-typescript', './openapi.json', '-o', fresh], { stdio: 'ignore' });
  execFileSync('node', ['scripts/add-generated-header.mjs', fresh]);
  const expected = readFileSync(fresh, 'utf8');
  const actual = readFileSync('src/api/schema.d.ts', 'utf8');
  if (expected !== actual) {
    console.error('src/api/schema.d.ts is out of date with openapi.json: run `npm run gen:api`.');
    process.exit(1);
  }
  console.log('src/api/schema.d.ts matches openapi.json.');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
