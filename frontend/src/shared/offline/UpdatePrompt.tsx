import { Button, Group, Notification } from '@mantine/core';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useTranslation } from 'react-i18next';

const HOURLY = 60 * 60 * 1000;

/**
 * Registers the service worker and, when a new version of the app has been
 * deployed and downloaded, offers to switch to it. The new version waits until
 * the person says so, so nothing being typed is lost by a reload they did not ask for.
 */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      // A tab left open for days still learns of a new version.
      if (registration) window.setInterval(() => void registration.update(), HOURLY);
    },
  });
  if (!needRefresh) return null;
  return (
    <Notification
      role="status"
      title={t('A new version is ready')}
      onClose={() => setNeedRefresh(false)}
      closeButtonProps={{ 'aria-label': t('Later') }}
      withBorder
      style={{ position: 'fixed', insetInlineEnd: 16, insetBlockEnd: 16, zIndex: 400, maxWidth: 'calc(100vw - 32px)' }}
    >
      <Group gap="xs" mt={4}>
        <Button size="xs" onClick={() => void updateServiceWorker(true)}>
          {t('Reload')}
        </Button>
      </Group>
    </Notification>
  );
}
