import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TwoFactorStatus } from '../api/account';
import { renderWithProviders } from '../test/render';
import { TwoFactorSection } from './TwoFactorSection';

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

/** Answers the status read with `status`, and the start of an app's set-up with `enrolment`. */
function answerWith(status: TwoFactorStatus, enrolment?: { secret: string; otpauth_uri: string }) {
  vi.stubGlobal(
    'fetch',
    vi.fn((request: Request) =>
      Promise.resolve(json(request.method === 'POST' && enrolment !== undefined ? enrolment : status)),
    ),
  );
}

const passkey = {
  id: 'passkey-1',
  name: 'Work phone',
  created_at: new Date(2026, 2, 3, 14, 5).toISOString(),
  last_used_at: new Date(2026, 2, 5, 7, 45).toISOString(),
};

/** The message a screen reader reads with a field: the text of what describes it. */
function descriptionOf(field: HTMLElement): string {
  const ids = (field.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
}

// Typing through user-event is slow on a busy machine.
describe('TwoFactorSection', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('counts the recovery codes left in one sentence, singular or plural', async () => {
    answerWith({ enabled: true, totp: true, passkeys: [], recovery_codes_left: 1, session_verified: true });
    renderWithProviders(<TwoFactorSection />);
    expect(await screen.findByText('1 unused code left. New codes replace the old ones.')).toBeDefined();
  });

  it('says how many codes are left when there are several', async () => {
    answerWith({ enabled: true, totp: true, passkeys: [], recovery_codes_left: 10, session_verified: true });
    renderWithProviders(<TwoFactorSection />);
    expect(await screen.findByText('10 unused codes left. New codes replace the old ones.')).toBeDefined();
  });

  it('shows each passkey with when it was added and last used', async () => {
    answerWith({ enabled: true, totp: false, passkeys: [passkey], recovery_codes_left: 10, session_verified: true });
    renderWithProviders(<TwoFactorSection />);
    const row = await screen.findByRole('listitem', { name: 'Passkey Work phone' });
    expect(within(row).getByText('Added 3 Mar 2026, 14:05 · last used 5 Mar 2026, 07:45')).toBeDefined();
    expect(within(row).getByRole('button', { name: 'Rename Work phone' })).toBeDefined();
    expect(within(row).getByRole('button', { name: 'Remove Work phone' })).toBeDefined();
  });

  it('shows the key to type in beside its label', async () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    answerWith(
      { enabled: false, totp: false, passkeys: [], recovery_codes_left: 0, session_verified: true },
      { secret, otpauth_uri: `otpauth://totp/Shopfloor:ana%40example.org?secret=${secret}&issuer=Shopfloor` },
    );
    renderWithProviders(<TwoFactorSection />);
    await userEvent.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }));
    const key = await screen.findByTestId('totp-secret');
    expect(key.textContent).toBe(secret);
    expect(key.parentElement?.textContent).toBe(`Key: ${secret}`);
    expect(screen.getByRole('img', { name: 'QR code for your authenticator app' })).toBeDefined();
  });

  it('refuses an empty code at its field, then shows the API’s refusal of a wrong one there', async () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const enrolment = { secret, otpauth_uri: `otpauth://totp/Shopfloor:ana%40example.org?secret=${secret}&issuer=Shopfloor` };
    const status = { enabled: false, totp: false, passkeys: [], recovery_codes_left: 0, session_verified: true };
    const fetch = vi.fn((request: Request) => {
      if (request.url.endsWith('/totp/confirm')) {
        return Promise.resolve(
          new Response(
            JSON.stringify({
              error: 'invalid_code',
              detail: 'That code is not right; try the newest one',
              fields: [{ field: 'code', loc: ['body', 'code'], message: 'That code is not right', type: 'invalid' }],
            }),
            { status: 422, headers: { 'Content-Type': 'application/json' } },
          ),
        );
      }
      return Promise.resolve(json(request.method === 'POST' ? enrolment : status));
    });
    vi.stubGlobal('fetch', fetch);
    renderWithProviders(<TwoFactorSection />);
    await userEvent.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }));
    const field = await screen.findByRole('textbox', { name: 'Code from the app' });
    await userEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(descriptionOf(field)).toBe('Enter the 6-digit code your app shows');
    const confirmations = () => fetch.mock.calls.filter(([request]) => request.url.endsWith('/totp/confirm'));
    expect(confirmations()).toHaveLength(0);

    await userEvent.type(field, '123456');
    await userEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    await waitFor(() => expect(descriptionOf(field)).toBe('That code is not right. Try the newest one.'));
    expect(confirmations()).toHaveLength(1);
  });
});
