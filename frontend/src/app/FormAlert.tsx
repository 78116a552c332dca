import { Alert } from '@mantine/core';

/** The message shown above a form for errors that belong to no one field. */
export function FormAlert({ message }: { message: string | null }) {
  if (message === null) return null;
  return (
    <Alert color="red" variant="light" role="alert">
      {message}
    </Alert>
  );
}
