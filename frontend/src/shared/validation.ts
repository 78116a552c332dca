import i18next from 'i18next';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export function validateEmail(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return i18next.t('Enter your email address');
  return /^[^\s@]+@[^\s@]+$/.test(trimmed) ? null : i18next.t('Enter an email address like name@example.org');
}

export function validateNewPassword(value: string): string | null {
  if (value.length < MIN_PASSWORD_LENGTH) {
    return i18next.t('Use at least {characters, plural, one {# character} other {# characters}}', {
      characters: MIN_PASSWORD_LENGTH,
    });
  }
  if (value.length > MAX_PASSWORD_LENGTH) {
    return i18next.t('Use at most {characters, plural, one {# character} other {# characters}}', {
      characters: MAX_PASSWORD_LENGTH,
    });
  }
  return null;
}

/** A check that a field is filled in, answering `message` when it is empty. */
export function validateRequired(message: string) {
  return (value: string): string | null => (value.trim() === '' ? message : null);
}
