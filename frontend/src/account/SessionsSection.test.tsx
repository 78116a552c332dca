import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { LoginSession } from '../api/account';
import { renderWithProviders } from '../test/render';
import { SessionsSection, describeDevice } from './SessionsSection';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

describe('describeDevice', () => {
  it('names the browser and the system', () => {
    expect(describeDevice(FIREFOX_LINUX)).toBe('Firefox on Linux');
    expect(describeDevice(CHROME_ANDROID)).toBe('Chrome on Android');
  });

  it('names what it recognises when it knows only one of them', () => {
    expect(describeDevice('SomeBrowser/1.0 (Windows NT 10.0)')).toBe('A browser on Windows');
    expect(describeDevice('Firefox/128.0')).toBe('Firefox');
  });

  it('falls back to the start of the raw string, or says it does not know', () => {
    expect(describeDevice('curl/8.5.0')).toBe('curl/8.5.0');
    expect(describeDevice(null)).toBe('Unknown device');
    expect(describeDevice('')).toBe('Unknown device');
  });
});

describe('SessionsSection', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lists each device with when it signed in and was last seen', async () => {
    const sessions: LoginSession[] = [
      {
        id: 'session-1',
        current: true,
        device: FIREFOX_LINUX,
        signed_in_at: new Date(2026, 2, 3, 14, 5).toISOString(),
        last_seen_at: new Date(2026, 2, 4, 9, 30).toISOString(),
        address: '203.0.113.7',
      },
      {
        id: 'session-2',
        current: false,
        device: CHROME_ANDROID,
        signed_in_at: new Date(2026, 1, 20, 8, 0).toISOString(),
        last_seen_at: null,
        address: null,
      },
    ];
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(JSON.stringify(sessions), { status: 200, headers: { 'Content-Type': 'application/json' } }),
        ),
      ),
    );
    renderWithProviders(<SessionsSection />);

    const list = await screen.findByRole('list', { name: 'Signed-in devices' });
    const current = await within(list).findByRole('listitem', { name: 'Firefox on Linux (this device)' });
    expect(within(current).getByText('Signed in 3 Mar 2026, 14:05 · last seen 4 Mar 2026, 09:30')).toBeDefined();
    expect(within(current).getByText('From 203.0.113.7')).toBeDefined();
    expect(within(current).queryByRole('button', { name: /Sign out/ })).toBeNull();

    const other = within(list).getByRole('listitem', { name: 'Chrome on Android' });
    expect(within(other).getByText('Signed in 20 Feb 2026, 08:00')).toBeDefined();
    expect(within(other).getByRole('button', { name: 'Sign out Chrome on Android' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Log out everywhere else' })).toBeDefined();
  });
});
