import type { ReactNode } from 'react';
import { Box, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { LanguagePicker } from './LanguagePicker';
import { Logo } from './Logo';
import { usePageTitle } from './usePageTitle';

/** The centred card used by the pages a visitor sees before logging in. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <Box px="md" py={{ base: 'lg', sm: 48 }}>
      <Stack maw={440} mx="auto" gap="lg">
        <Group component="header" justify="space-between" align="flex-end" gap="xs">
          <Group gap="xs">
            <Logo />
            <Text fw={700} size="lg">
              Shopfloor
            </Text>
          </Group>
          <LanguagePicker size="xs" />
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
