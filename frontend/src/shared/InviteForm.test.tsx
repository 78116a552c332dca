import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { GroupDetail } from '../api/types';
import { renderWithProviders } from '../test/render';
import { readFragmentParam } from '../lib/fragment';

const group: GroupDetail = {
  id: '0b7f4a0e-1111-4c1a-9b6f-000000000001',
  name: 'Depot 4',
  role: 'organiser',
  is_demo: false,
  created_at: '2025-01-01T00:00:00Z',
  version: 1,
  member_count: 3,
  require_two_factor: false,
  default_language: null,
  permissions: ['group:read', 'members:read', 'members:manage', 'invites:manage'],
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

async function renderForm(answer: (request: Request) => Response) {
  const requests: { url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const text = await request.text();
      requests.push({ url: request.url, body: text ? JSON.parse(text) : null });
      return answer(request);
    }),
  );
  vi.resetModules();
  const { InviteForm } = await import('./InviteForm');
  renderWithProviders(<InviteForm group={group} />);
  return requests;
}

describe('InviteForm', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the one-time link with the token in its fragment', async () => {
    const requests = await renderForm(() =>
      json(201, {
        id: 'inv-1',
        role: 'member',
        email: null,
        expires_at: '2030-01-08T10:00:00Z',
        created_at: '2030-01-01T10:00:00Z',
        created_by_name: 'Ana',
        token: 'secret-token_123',
        url: 'http://localhost/join#token=secret-token_123',
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Create invite link' }));

    const link = await screen.findByLabelText('Invite link');
    const url = new URL((link as HTMLInputElement).value);
    expect(url.pathname).toBe('/join');
    expect(readFragmentParam(url.hash, 'token')).toBe('secret-token_123');
    expect(screen.getByRole('button', { name: 'Copy' })).toBeDefined();
    expect(requests[0]?.url).toMatch(new RegExp(`/api/v1/groups/${group.id}/invites$`));
    expect(requests[0]?.body).toEqual({ role: 'member', email: null });
  });

  it('shows an API field error next to the field it names', async () => {
    await renderForm(() =>
      json(422, {
        error: 'validation_error',
        detail: 'Check the highlighted fields',
        fields: [{ field: 'email', loc: ['body', 'email'], message: 'value is not a valid email address', type: 'email' }],
      }),
    );
    await userEvent.type(screen.getByLabelText('Email (optional)'), 'ana@example');
    await userEvent.click(screen.getByRole('button', { name: 'Create invite link' }));

    const input = screen.getByLabelText('Email (optional)');
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = input.getAttribute('aria-describedby') ?? '';
    const messages = describedBy
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '');
    expect(messages).toContain('Enter a valid email address.');
    expect(messages).not.toContain('value is not');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a non-field error above the form', async () => {
    await renderForm(() => json(403, { error: 'forbidden', detail: 'Only organisers can invite' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create invite link' }));
    const alert = (await screen.findByRole('alert')).textContent;
    expect(alert).toContain('You do not have permission to do that.');
    expect(alert).not.toContain('Only organisers can invite');
  });
});
