import { notifications, type NotificationData } from '@mantine/notifications';
import i18next from 'i18next';

/** Shows a notification whose close button has an accessible name. */
export function notify(data: NotificationData): string {
  return notifications.show({
    ...data,
    closeButtonProps: { 'aria-label': i18next.t('Dismiss notification'), ...data.closeButtonProps },
  });
}
