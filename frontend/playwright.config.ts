import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? '8765');
// `localhost`, not 127.0.0.1: WebAuthn (passkeys) refuses IP-address origins, and the server's
// PUBLIC_URL (scripts/e2e-server.sh) names the same origin.
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    // The app's default language; the specs that switch language set their own.
    locale: 'en-GB',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // Creates a temporary database, migrates it and serves frontend/dist.
    // Every run starts from an empty server: the spec signs up the first account.
    command: process.env.E2E_SERVER_COMMAND ?? '../scripts/e2e-server.sh',
    url: `http://127.0.0.1:${port}/api/v1/health`,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
    // Set E2E_SERVER_LOG=1 to see the server's log.
    stdout: process.env.E2E_SERVER_LOG ? 'pipe' : 'ignore',
    stderr: process.env.E2E_SERVER_LOG ? 'pipe' : 'ignore',
  },
});
