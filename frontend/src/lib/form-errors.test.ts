import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { focusFirstInvalid, splitFieldErrors } from './form-errors';

const validation = (fields: { field: string; loc: (string | number)[]; message: string }[]) =>
  new ApiError({ status: 422, code: 'validation_error', detail: 'Check the form', fields });

describe('splitFieldErrors', () => {
  it('puts each field message next to the field it names', () => {
    const result = splitFieldErrors(
      validation([
        { field: 'email', loc: ['body', 'email'], message: 'Enter a valid email' },
        { field: 'password', loc: ['body', 'password'], message: 'Use at least 8 characters' },
      ]),
      ['email', 'password', 'display_name'],
    );
    expect(result).toEqual({
      fieldErrors: { email: 'Enter a valid email', password: 'Use at least 8 characters' },
      formError: null,
    });
  });

  it('matches on loc when field is a dotted path', () => {
    const result = splitFieldErrors(
      validation([{ field: 'body.name', loc: ['body', 'name'], message: 'Enter a name' }]),
      ['name'],
    );
    expect(result.fieldErrors).toEqual({ name: 'Enter a name' });
  });

  it('joins several messages for one field', () => {
    const result = splitFieldErrors(
      validation([
        { field: 'password', loc: ['body', 'password'], message: 'Too short.' },
        { field: 'password', loc: ['body', 'password'], message: 'Too common.' },
      ]),
      ['password'],
    );
    expect(result.fieldErrors.password).toBe('Too short. Too common.');
  });

  it('shows messages for fields the form does not have above the form', () => {
    const result = splitFieldErrors(
      validation([
        { field: 'email', loc: ['body', 'email'], message: 'Enter a valid email' },
        { field: 'invite_token', loc: ['body', 'invite_token'], message: 'Too long' },
      ]),
      ['email'],
    );
    expect(result).toEqual({ fieldErrors: { email: 'Enter a valid email' }, formError: 'Too long' });
  });

  it('uses detail when the error names no field', () => {
    const error = new ApiError({ status: 401, code: 'invalid_credentials', detail: 'Wrong email or password' });
    expect(splitFieldErrors(error, ['email', 'password'])).toEqual({
      fieldErrors: {},
      formError: 'Wrong email or password',
    });
  });

  it('gives a generic message for errors that are not from the API', () => {
    expect(splitFieldErrors(new Error('boom'), ['email']).formError).toBe(
      'Something went wrong. Please try again.',
    );
  });
});

describe('focusFirstInvalid', () => {
  it('brings the first field the API refused into view and focuses it', async () => {
    document.body.innerHTML =
      '<button>Save</button><input id="fine" aria-invalid="false"><input id="refused" aria-invalid="true"><input id="later" aria-invalid="true">';
    const scrolled = vi.fn();
    const refused = document.getElementById('refused') as HTMLInputElement;
    refused.scrollIntoView = scrolled;
    focusFirstInvalid();
    await new Promise((done) => requestAnimationFrame(() => done(null)));
    expect(document.activeElement).toBe(refused);
    expect(scrolled).toHaveBeenCalledWith({ block: 'center' });
    document.body.innerHTML = '';
  });
});
