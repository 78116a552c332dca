import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** Sets the browser tab's title to a page's (translated) title and the app's name. */
export function usePageTitle(title: string) {
  const { t } = useTranslation();
  useDocumentTitle(t('{title} · Shopfloor', { title }));
}
