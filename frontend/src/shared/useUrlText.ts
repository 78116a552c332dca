import { useState } from 'react';
import { useDebouncedCallback } from '@mantine/hooks';

/**
 * A text box that writes its value into the URL once typing pauses, and
 * follows the URL when it changes otherwise (back button, a link).
 */
export function useUrlText(fromUrl: string | undefined, commit: (value: string | undefined) => void, delay = 300) {
  const [text, setText] = useState(fromUrl ?? '');
  const [seen, setSeen] = useState(fromUrl);
  if (fromUrl !== seen) {
    // Adjusting state while rendering, as React recommends for derived state.
    setSeen(fromUrl);
    if ((fromUrl ?? '') !== text.trim()) setText(fromUrl ?? '');
  }
  const push = useDebouncedCallback((value: string) => {
    const trimmed = value.trim();
    commit(trimmed === '' ? undefined : trimmed);
  }, delay);
  return {
    value: text,
    onChange: (value: string) => {
      setText(value);
      push(value);
    },
  };
}
