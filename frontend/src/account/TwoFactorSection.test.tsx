import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
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

describe('TwoFactorSection', () => {
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
});
