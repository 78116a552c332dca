import { useSyncExternalStore } from 'react';
import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { freshness } from '../../api/freshness';
import { formatDateTime } from '../../lib/format';

/**
 * Says when the screen shows what the device kept rather than what the server
 * has now, and as of when; or, when the server could not be reached and
 * nothing kept is on screen, that what is logged waits on the device.
 */
export function OfflineNotice() {
  const { t } = useTranslation();
  const { keptSince, unreachable } = useSyncExternalStore(freshness.subscribe, freshness.get, freshness.get);
  if (keptSince === null && !unreachable) return null;
  return (
    <Alert color="yellow" variant="light" role="status" mb="md" data-testid="offline-notice">
      <Text fw={700} size="sm">
        {t('No connection')}
      </Text>
      <Text size="sm">
        {keptSince !== null
          ? t('You are seeing what this device saw last, as of {when}.', { when: formatDateTime(keptSince) })
          : t('What you log is kept on this device and sent when the connection is back.')}
      </Text>
    </Alert>
  );
}
