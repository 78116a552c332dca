import { Alert, Button, Code, CopyButton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A secret the server shows only in this answer: to copy now, never shown again. */
export function SecretOnce({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="teal" variant="light" role="status">
      <Stack gap="sm">
        <Text fw={700}>{title}</Text>
        <Text size="sm">{t('Copy it now and keep it somewhere safe: it will not be shown again.')}</Text>
        <Code block className="break-anywhere" aria-label={t('The secret')}>
          {secret}
        </Code>
        <Stack gap="xs" style={{ flexDirection: 'row', flexWrap: 'wrap' }}>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="xs" color={copied ? 'teal' : 'indigo'} onClick={copy}>
                {copied ? t('Copied') : t('Copy the secret')}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDone}>
            {t('I have stored it')}
          </Button>
        </Stack>
      </Stack>
    </Alert>
  );
}
