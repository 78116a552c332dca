import { ApiError, errorMessage } from '../api/errors';

export interface SplitErrors {
  /** Messages to show next to a form field, keyed by the field's name. */
  fieldErrors: Record<string, string>;
  /** A message to show above the form, when some error is not about a field. */
  formError: string | null;
}

function fieldNameFor(
  field: string,
  loc: readonly (string | number)[],
  names: readonly string[],
): string | null {
  if (names.includes(field)) return field;
  // Fall back to the location: ["body", "email"] -> "email".
  for (let i = loc.length - 1; i >= 0; i -= 1) {
    const part = loc[i];
    if (typeof part === 'string' && names.includes(part)) return part;
  }
  return null;
}

/**
 * Maps an error thrown by an API call onto the fields of a form: each entry of
 * the API's `fields` that names one of `fieldNames` goes next to that field;
 * everything else (and `detail` when no field matched) goes above the form.
 */
export function splitFieldErrors(error: unknown, fieldNames: readonly string[]): SplitErrors {
  if (!(error instanceof ApiError)) {
    return { fieldErrors: {}, formError: errorMessage(error) };
  }
  const fieldErrors: Record<string, string> = {};
  const unmatched: string[] = [];
  for (const item of error.fields) {
    const name = fieldNameFor(item.field, item.loc, fieldNames);
    if (name === null) {
      unmatched.push(item.message);
    } else if (fieldErrors[name] === undefined) {
      fieldErrors[name] = item.message;
    } else {
      fieldErrors[name] = `${fieldErrors[name]} ${item.message}`;
    }
  }
  const matchedAny = Object.keys(fieldErrors).length > 0;
  let formError: string | null = null;
  if (unmatched.length > 0) formError = unmatched.join(' ');
  else if (!matchedAny) formError = error.message;
  return { fieldErrors, formError };
}

/**
 * Once the errors are on screen, brings the first field marked invalid into view and gives it
 * focus: on a phone the field refused may be a screen away from the button pressed.
 */
export function focusFirstInvalid(root: ParentNode = document, framesLeft = 10): void {
  requestAnimationFrame(() => {
    // Mantine's PasswordInput marks its inner input with data-invalid only.
    const field = root.querySelector<HTMLElement>('[aria-invalid="true"], input[data-invalid="true"]');
    if (field === null) {
      // The errors may reach the screen a frame or two after they are set.
      if (framesLeft > 0) focusFirstInvalid(root, framesLeft - 1);
      return;
    }
    field.scrollIntoView({ block: 'center' });
    field.focus({ preventScroll: true });
  });
}
