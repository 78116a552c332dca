import { useCallback, useRef, useState, type SyntheticEvent } from 'react';
import { useForm, type UseFormInput } from '@mantine/form';
import { announce } from '@react-aria/live-announcer';
import i18next from 'i18next';
import { focusFirstInvalid, splitFieldErrors } from '../lib/form-errors';

interface ApiFormOptions {
  /** The API's field names that the form holds under another name (`{ dispute_id: 'dispute' }`). */
  rename?: Record<string, string>;
}

/**
 * A Mantine form that behaves the same way in every screen: the values the
 * person typed are checked first, then sent; whichever refuses them (the form
 * itself or the API), the messages go next to their fields, the first field
 * refused (in the order it appears on screen) scrolls into view and takes
 * focus, and a screen reader hears that something needs changing. What belongs
 * to no field is in `formError`, for a `FormAlert` above the form.
 */
// Mantine's own bound on form values.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useApiForm<Values extends Record<string, any>>(
  input: UseFormInput<Values>,
  { rename = {} }: ApiFormOptions = {},
) {
  const form = useForm<Values>(input);
  const [formError, setFormError] = useState<string | null>(null);
  // The form last submitted: its fields are the ones to look through when the API answers later.
  const submitted = useRef<HTMLFormElement | null>(null);

  const bringToFirstInvalid = useCallback(() => {
    announce(i18next.t('Some fields need changing before this can be saved.'), 'assertive');
    focusFirstInvalid(submitted.current ?? document);
  }, []);

  /**
   * The form's submit handler: clears the last error, checks the values, and
   * passes them on only when every field is acceptable.
   */
  const onSubmit =
    (handler: (values: Values, event?: SyntheticEvent<HTMLFormElement>) => void) =>
    (event?: SyntheticEvent<HTMLFormElement>) => {
      if (event?.currentTarget instanceof HTMLFormElement) submitted.current = event.currentTarget;
      setFormError(null);
      form.onSubmit(handler, bringToFirstInvalid)(event);
    };

  /**
   * Marks fields refused by checks the form makes itself outside `validate`
   * (errors for every field, so the accepted ones are cleared).
   */
  const showFieldErrors = (errors: Record<string, string>): void => {
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) bringToFirstInvalid();
  };

  /**
   * Puts an error from the API on the form: each field message next to its
   * field, returning the rest for above the form (for pages that keep that
   * message themselves, such as version-checked edits).
   */
  const applyError = (error: unknown): string | null => {
    const names = [...Object.keys(form.getValues()), ...Object.keys(rename)];
    const { fieldErrors, formError: rest } = splitFieldErrors(error, names);
    const errors: Record<string, string> = {};
    for (const [name, message] of Object.entries(fieldErrors)) errors[rename[name] ?? name] = message;
    showFieldErrors(errors);
    return rest;
  };

  /** Shows an error from the API: next to its fields and above the form. */
  const showError = (error: unknown): void => {
    setFormError(applyError(error));
  };

  return { form, formError, setFormError, onSubmit, showFieldErrors, applyError, showError };
}
