import type { ReactNode } from 'react';
import { Alert } from '@mantine/core';

/** In place of a form the person's role may not use: who can, and what to ask. */
export function NoPermission({ children, title = 'Only organisers can do this' }: { children: ReactNode; title?: string }) {
  return (
    <Alert color="gray" variant="light" title={title}>
      {children}
    </Alert>
  );
}
