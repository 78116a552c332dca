import { useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Button, TextInput } from '@mantine/core';
import { FormAlert } from '../app/FormAlert';
import { ApiError, toApiError } from '../api/errors';
import { renderWithProviders } from '../test/render';
import { useApiForm } from './useApiForm';

const announce = vi.hoisted(() => vi.fn());
vi.mock('@react-aria/live-announcer', () => ({ announce }));

// The API is stood in for by calling the form's `showError` from the test.
const exposed: { showError: (error: unknown) => void } = { showError: () => undefined };

/** Three fields in screen order; the API is stood in for by `showError`. */
function PersonForm({ onSave }: { onSave: (values: { name: string; email: string; phone: string }) => void }) {
  const api = useApiForm({
    mode: 'controlled',
    initialValues: { name: '', email: '', phone: '' },
    validate: {
      // Checked in the opposite order to the screen's, so focus cannot follow the rules' order by luck.
      phone: (value) => (value === 'bad' ? 'Use digits' : null),
      email: (value) => (value === '' ? 'Enter an email address' : null),
    },
  });
  useEffect(() => {
    exposed.showError = api.showError;
  });
  return (
    <form noValidate onSubmit={api.onSubmit(onSave)}>
      <FormAlert message={api.formError} />
      <TextInput label="Name" {...api.form.getInputProps('name')} />
      <TextInput label="Email" {...api.form.getInputProps('email')} />
      <TextInput label="Phone" {...api.form.getInputProps('phone')} />
      <Button type="submit">Save</Button>
    </form>
  );
}

function setUp() {
  const onSave = vi.fn();
  renderWithProviders(<PersonForm onSave={onSave} />);
  const scrollIntoView = vi.fn();
  for (const input of screen.getAllByRole('textbox')) input.scrollIntoView = scrollIntoView;
  return { onSave, scrollIntoView, user: userEvent.setup() };
}

afterEach(() => announce.mockReset());

/** The message a screen reader reads with a field: the text of what describes it. */
function descriptionOf(field: HTMLElement): string {
  const ids = (field.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
}

// Typing through user-event is slow on a busy machine; the default 5 s is not about the form.
describe('useApiForm', { timeout: 20_000 }, () => {
  it('focuses the first field the form refused, in screen order, and says so', async () => {
    const { onSave, scrollIntoView, user } = setUp();
    await user.type(screen.getByRole('textbox', { name: 'Phone' }), 'bad');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const email = screen.getByRole('textbox', { name: 'Email' });
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(descriptionOf(email)).toBe('Enter an email address');
    expect(scrollIntoView).toHaveBeenCalledWith({ block: 'center' });
    expect(scrollIntoView.mock.contexts).toEqual([email]);
    expect(descriptionOf(screen.getByRole('textbox', { name: 'Phone' }))).toBe('Use digits');
    expect(announce).toHaveBeenCalledWith('Some fields need changing before this can be saved.', 'assertive');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('passes the values on when every field is acceptable', async () => {
    const { onSave, user } = setUp();
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'ana@example.org');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSave).toHaveBeenCalledWith({ name: '', email: 'ana@example.org', phone: '' }, expect.anything());
    expect(announce).not.toHaveBeenCalled();
  });

  it('puts the API’s field error next to its field and focuses it', async () => {
    const { user } = setUp();
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'ana@example.org');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    act(() =>
      exposed.showError(
        toApiError(422, {
          error: 'validation_error',
          detail: 'Invalid',
          fields: [{ field: 'phone', loc: ['body', 'phone'], type: 'string_too_long', ctx: { max_length: 40 }, message: 'x' }],
        }),
      ),
    );

    const phone = screen.getByRole('textbox', { name: 'Phone' });
    await waitFor(() => expect(document.activeElement).toBe(phone));
    expect(descriptionOf(phone)).toBe('Use at most 40 characters');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows an error that names no field above the form', async () => {
    const { user } = setUp();
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'ana@example.org');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    act(() => exposed.showError(toApiError(403, { error: 'forbidden', detail: 'No' })));

    expect((await screen.findByRole('alert')).textContent).toBe('You do not have permission to do that.');
    expect(screen.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).not.toBe('true');

    // The next try starts clean.
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('puts each API message next to the form field it belongs to when the names differ', () => {
    const { result } = renderHook(() =>
      useApiForm({ mode: 'controlled', initialValues: { dispute: '', title: '' } }, { rename: { dispute_id: 'dispute' } }),
    );
    const error = new ApiError({
      status: 422,
      code: 'validation_error',
      detail: 'Check the highlighted fields',
      fields: [
        { field: 'dispute_id', loc: ['body', 'dispute_id'], message: 'Choose one of the group’s disputes' },
        { field: 'title', loc: ['body', 'title'], message: 'Enter some text' },
        { field: 'head', loc: ['header', 'Idempotency-Key'], message: 'This key was already used' },
      ],
    });
    let rest: string | null = null;
    act(() => {
      rest = result.current.applyError(error);
    });
    expect(rest).toBe('This key was already used');
    expect(result.current.form.errors).toEqual({ dispute: 'Choose one of the group’s disputes', title: 'Enter some text' });
  });
});
