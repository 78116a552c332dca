import { Alert, Button, Container, Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { ApiError, errorMessage } from '../api/errors';
import { AnchorLink } from './links';

export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const notFound = error instanceof ApiError && error.status === 404;
  const title = notFound ? 'Not found' : 'Something went wrong';
  useDocumentTitle(`${title} · Shopfloor`);
  return (
    <Container size="sm" py="xl">
      <Stack gap="md">
        <Title order={1}>{title}</Title>
        <Alert color="red" role="alert" title={notFound ? undefined : 'Error'}>
          {notFound ? 'It does not exist, or you are not a member of it.' : errorMessage(error)}
        </Alert>
        {notFound && <AnchorLink to="/groups">Go to your groups</AnchorLink>}
        {!notFound && (
          <Button
            variant="default"
            w="fit-content"
            onClick={() => {
              reset();
              void router.invalidate();
            }}
          >
            Try again
          </Button>
        )}
      </Stack>
    </Container>
  );
}
