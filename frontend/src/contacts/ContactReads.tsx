import { Badge, Button, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { READ_KIND_LABELS, contactReadsQuery } from '../api/reads';
import { formatDateTime, relativeTime } from '../lib/format';

/** Who has looked at this person (owners): every recorded read of their record, newest first. */
export function ContactReads({ groupId, contactId }: { groupId: string; contactId: string }) {
  const { t } = useTranslation();
  const reads = useInfiniteQuery(contactReadsQuery(groupId, contactId));
  if (reads.isPending) {
    return (
      <Stack gap="xs" aria-busy="true">
        <Skeleton height={48} />
        <Skeleton height={48} />
      </Stack>
    );
  }
  if (reads.isError) return <FormAlert message={errorMessage(reads.error)} />;
  const items = reads.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text c="dimmed">{t('Nobody’s reads of this person have been recorded.')}</Text>;
  return (
    <Stack gap="xs">
      <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Reads of this person')}>
        {items.map((entry) => (
          <Card component="li" key={entry.id} withBorder padding="sm" data-testid="contact-read">
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Group gap="xs" wrap="wrap">
                <Text fw={600} size="sm" className="break-anywhere">
                  {entry.actor_name ?? t('Someone no longer in the group')}
                </Text>
                <Text size="sm">{READ_KIND_LABELS[entry.kind]}</Text>
                {entry.actor_token_id && (
                  <Badge size="sm" color="gray.8" variant="outline" style={{ textTransform: 'none' }}>
                    {t('through an API token')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> ({relativeTime(entry.at)})
              </Text>
            </Group>
          </Card>
        ))}
      </Stack>
      {reads.hasNextPage && (
        <Button
          variant="default"
          loading={reads.isFetchingNextPage}
          onClick={() => void reads.fetchNextPage()}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('Show older')}
        </Button>
      )}
    </Stack>
  );
}
