import { notifications, type NotificationData } from '@mantine/notifications';

/** Shows a notification whose close button has an accessible name. */
export function notify(data: NotificationData): string {
  return notifications.show({
    ...data,
    closeButtonProps: { 'aria-label': 'Dismiss notification', ...data.closeButtonProps },
  });
}
