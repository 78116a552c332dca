import type { ReactNode } from 'react';
import { Box, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Logo } from './Logo';

/** The centred card used by the pages a visitor sees before logging in. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  useDocumentTitle(`${title} · Shopfloor`);
  return (
    <Box px="md" py={{ base: 'lg', sm: 48 }}>
      <Stack maw={440} mx="auto" gap="lg">
        <Group component="header" gap="xs">
          <Logo />
          <Text fw={700} size="lg">
            Shopfloor
          </Text>
        </Group>
        <Paper component="main" id="main" withBorder p={{ base: 'md', sm: 'xl' }} radius="md">
          <Title order={1} size="h2" mb="md">
            {title}
          </Title>
          {children}
        </Paper>
      </Stack>
    </Box>
  );
}
