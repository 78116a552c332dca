import { Container, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { AnchorLink } from './links';

export function NotFound() {
  useDocumentTitle('Page not found · Shopfloor');
  return (
    <Container size="sm" py="xl">
      <Stack gap="sm">
        <Title order={1}>Page not found</Title>
        <Text>There is nothing at this address. It may have moved, or the link may be mistyped.</Text>
        <AnchorLink to="/">Go to the start page</AnchorLink>
      </Stack>
    </Container>
  );
}
