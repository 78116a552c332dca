import { Button, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** New recovery codes, shown this once, to copy or download before leaving the page. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const clipboard = useClipboard({ timeout: 2000 });
  const text = codes.join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([`${t('Shopfloor recovery codes')}\n\n${text}\n`], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'shopfloor-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Paper withBorder p="md" bg="yellow.0" role="region" aria-labelledby="recovery-codes-heading">
      <Stack gap="sm">
        <Title order={3} size="h4" id="recovery-codes-heading">
          {t('Your recovery codes')}
        </Title>
        <Text size="sm">
          {t(
            'Each code signs you in once if you lose your phone or passkey. Keep them somewhere safe: they are not shown again.',
          )}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {codes.map((code) => (
            <li key={code}>
              <Code fz="md">{code}</Code>
            </li>
          ))}
        </SimpleGrid>
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={() => clipboard.copy(text)}>
            {clipboard.copied ? t('Copied') : t('Copy codes')}
          </Button>
          <Button variant="default" size="xs" onClick={download}>
            {t('Download codes')}
          </Button>
          <Button size="xs" onClick={onDone}>
            {t('I have saved them')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
