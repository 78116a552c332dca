import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '../test/render';
import { ConflictResolver } from './ConflictResolver';
import { diffVersions } from './merge';

const FIELDS = ['job_title', 'phone', 'notes'] as const;
const base = { job_title: 'Driver', phone: null, notes: null };
const mine = { job_title: 'Senior driver', phone: null, notes: 'Rep for nights' };
const theirs = { job_title: 'Shift lead', phone: '07700 900456', notes: null };

function renderResolver() {
  const onSave = vi.fn();
  renderWithProviders(
    <ConflictResolver
      noun="contact"
      fields={[
        { name: 'job_title', label: 'Job title' },
        { name: 'phone', label: 'Phone' },
        { name: 'notes', label: 'Notes' },
      ]}
      diff={diffVersions(FIELDS, base, mine, theirs)}
      theirs={{ updatedAt: '2026-05-04T10:00:00Z', updatedBy: 'Ana Rep', version: 4 }}
      saving={false}
      onSave={onSave}
      onCancel={() => undefined}
    />,
  );
  return onSave;
}

describe('ConflictResolver', () => {
  it('shows both versions of each changed field and who saved theirs', () => {
    renderResolver();
    expect(screen.getByRole('heading', { name: 'Ana Rep changed this contact while you were editing' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Keep yours for Job title: Senior driver' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Keep Ana Rep’s for Job title: Shift lead' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Keep Ana Rep’s for Phone: 07700 900456' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Keep yours for Notes: Rep for nights' })).toBeTruthy();
  });

  it('saves nothing until every field both changed has a side', async () => {
    const onSave = renderResolver();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Save the chosen versions' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByText('Choose which version to keep')).toBeTruthy();

    await user.click(screen.getByRole('radio', { name: 'Keep yours for Job title: Senior driver' }));
    await user.click(screen.getByRole('button', { name: 'Save the chosen versions' }));
    expect(onSave).toHaveBeenCalledWith({
      changes: { job_title: 'Senior driver', notes: 'Rep for nights' },
      version: 4,
    });
  });

  it('shows a yes-or-no field in words', () => {
    const fields = ['urgent'] as const;
    renderWithProviders(
      <ConflictResolver
        noun="event"
        fields={[{ name: 'urgent', label: 'Urgent' }]}
        diff={diffVersions(fields, { urgent: false }, { urgent: true }, { urgent: false })}
        theirs={{ updatedAt: '2026-05-04T10:00:00Z', updatedBy: 'Ana Rep', version: 4 }}
        saving={false}
        onSave={() => undefined}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getByRole('radio', { name: 'Keep yours for Urgent: Yes' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Keep Ana Rep’s for Urgent: No' })).toBeTruthy();
  });
});
