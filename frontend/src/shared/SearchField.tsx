import { useState } from 'react';
import { TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';

interface Props {
  label: string;
  placeholder: string;
  /** The search in the URL. */
  value: string | undefined;
  onSearch: (q: string | undefined) => void;
}

/**
 * A search box that updates the URL once typing pauses, and follows the URL
 * when it changes from elsewhere (back button, a link).
 */
export function SearchField({ label, placeholder, value, onSearch }: Props) {
  const [text, setText] = useState(value ?? '');
  const [seen, setSeen] = useState(value);
  const [sent, setSent] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== sent) setText(value ?? '');
  }
  const push = useDebouncedCallback((next: string) => {
    const q = next.trim() || undefined;
    setSent(q);
    onSearch(q);
  }, 300);
  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      type="search"
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        push(event.currentTarget.value);
      }}
    />
  );
}
