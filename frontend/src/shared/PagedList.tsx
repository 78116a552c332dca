import type { ReactNode } from 'react';
import { Button, Skeleton, Stack, Text } from '@mantine/core';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';

interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/**
 * One of the API's keyset-paged lists: loading, its error, an empty message, the items as a
 * labelled list, and "Show more" while there are more pages.
 */
export function PagedList<T extends { id: string }>({
  query,
  label,
  empty,
  renderItem,
}: {
  query: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  label: string;
  empty: string;
  renderItem: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <Skeleton height={80} aria-busy="true" />;
  if (query.isError) return <FormAlert message={errorMessage(query.error)} />;
  const items = query.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Stack gap="sm">
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
        {items.map(renderItem)}
      </Stack>
      {query.hasNextPage && (
        <Button variant="default" w="fit-content" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t('Show more')}
        </Button>
      )}
    </Stack>
  );
}
