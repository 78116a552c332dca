import { Badge, Box, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { errorMessage } from '../api/errors';
import { roleLabel } from '../shared/roles';
import { CreateGroupForm } from './CreateGroupForm';
import { myGroupsQuery } from '../api/groups';
import { formatDate } from '../lib/format';

export function GroupsPage() {
  const { t } = useTranslation();
  usePageTitle(t('Your groups'));
  const groups = useInfiniteQuery(myGroupsQuery);
  const items = groups.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="xl">
      <Title order={1}>{t('Your groups')}</Title>

      <section aria-label={t('Groups you belong to')}>
        {groups.isPending ? (
          <Stack gap="sm" aria-busy="true">
            <Skeleton height={72} />
            <Skeleton height={72} />
          </Stack>
        ) : groups.isError ? (
          <FormAlert message={errorMessage(groups.error)} />
        ) : items.length === 0 ? (
          <Text>{t('You are not in any group yet. Create one below, or ask an organiser for an invite link.')}</Text>
        ) : (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {items.map((group) => (
              <Card component="li" key={group.id} withBorder padding="md">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Stack gap={2}>
                    <AnchorLink
                      to="/groups/$groupId"
                      params={{ groupId: group.id }}
                      fw={600}
                      size="lg"
                      className="break-anywhere"
                    >
                      {group.name}
                    </AnchorLink>
                    <Text size="sm" c="dimmed">
                      {t('Since {date}', { date: formatDate(group.created_at) })}
                    </Text>
                  </Stack>
                  <Group gap="xs">
                    {group.is_demo && <Badge variant="filled" color="yellow.4">{t('Demo data')}</Badge>}
                    <Badge color="gray.8">{roleLabel(group.role)}</Badge>
                  </Group>
                </Group>
              </Card>
            ))}
          </Stack>
        )}
        {groups.hasNextPage && (
          <Button
            variant="default"
            mt="sm"
            loading={groups.isFetchingNextPage}
            onClick={() => void groups.fetchNextPage()}
          >
            {t('Show more groups')}
          </Button>
        )}
      </section>

      <section aria-labelledby="create-group-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="create-group-heading">
            {t('Create a group')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('You become its owner and can invite your co-workers.')}
          </Text>
          <Box maw={520}>
            <CreateGroupForm />
          </Box>
        </Stack>
      </section>
    </Stack>
  );
}
