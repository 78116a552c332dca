export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export function validateEmail(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return 'Enter your email address';
  return /^[^\s@]+@[^\s@]+$/.test(trimmed) ? null : 'Enter an email address like name@example.org';
}

export function validateNewPassword(value: string): string | null {
  if (value.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (value.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}

export function validateRequired(label: string) {
  return (value: string): string | null => (value.trim() === '' ? `Enter ${label}` : null);
}
