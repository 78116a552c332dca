import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Demand } from '../api/disputeTypes';
import { renderWithProviders } from '../test/render';
import { Demands } from './Demands';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const demand: Demand = {
  id: 'demand-1',
  dispute_id: 'dispute-1',
  text: 'Restore the night premium',
  status: 'pending',
  position: 0,
  version: 1,
  created_at: new Date(2026, 2, 3).toISOString(),
  updated_at: new Date(2026, 2, 3).toISOString(),
};

/** The message a screen reader reads with a field: the text of what describes it. */
function descriptionOf(field: HTMLElement): string {
  const ids = (field.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
}

describe('Demands', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('refuses an empty demand at its field and focuses it, sending nothing', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    renderWithProviders(<Demands groupId="group-1" disputeId="dispute-1" demands={[]} canEdit />);
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    const field = screen.getByRole('textbox', { name: 'New demand' });
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(descriptionOf(field)).toBe('Enter the demand');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('puts the API’s refusal of an edited wording next to the field', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          answer(422, {
            error: 'validation_error',
            detail: 'Some fields are not valid',
            fields: [{ field: 'text', loc: ['body', 'text'], message: 'too long', type: 'string_too_long', ctx: { max_length: 500 } }],
          }),
        ),
      ),
    );
    renderWithProviders(<Demands groupId="group-1" disputeId="dispute-1" demands={[demand]} canEdit />);
    await userEvent.click(screen.getByRole('button', { name: 'Edit “Restore the night premium”' }));
    const field = screen.getByRole('textbox', { name: 'Demand' });
    await userEvent.type(field, ' for all');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(descriptionOf(field)).toBe('Use at most 500 characters'));
    await waitFor(() => expect(document.activeElement).toBe(field));
  });
});
