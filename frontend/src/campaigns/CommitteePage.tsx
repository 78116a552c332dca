import { Badge, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { committeeCoverageQuery, type CommitteeCoverage } from '../api/campaigns';
import { workplaceOptionsQuery } from '../api/disputes';
import { errorMessage } from '../api/errors';
import { groupQuery } from '../api/groups';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { NoPermission } from '../shared/NoPermission';
import { can } from '../shared/permissions';
import { formatCount, formatList } from '../lib/format';

const route = getRouteApi('/_app/groups/$groupId/committee');

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Paper>
  );
}

function Coverage({ groupId, coverage }: { groupId: string; coverage: CommitteeCoverage }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
        <Figure label={t('Workers known')} value={formatCount(coverage.contacts)} />
        <Figure label={t('Held by a member')} value={formatCount(coverage.held)} />
        <Figure label={t('Held by nobody')} value={formatCount(coverage.unheld_count)} />
      </SimpleGrid>

      <Stack component="section" gap="xs" aria-labelledby="committee-departments">
        <Title order={2} size="h3" id="committee-departments">
          {t('Committee by department')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('A committee member is marked as one, or is a union member assessed as a leader. The usual aim is one for every ten workers.')}
        </Text>
        <Table.ScrollContainer minWidth={320}>
          <Table fz="sm" data-testid="committee-departments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('Department')}</Table.Th>
                <Table.Th>{t('Headcount')}</Table.Th>
                <Table.Th>{t('Committee')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {coverage.departments.map((department) => (
                <Table.Tr key={department.department_id ?? 'none'}>
                  <Table.Td>{department.name ?? t('No department')}</Table.Td>
                  <Table.Td>
                    {formatCount(department.headcount)}
                    {!department.estimated && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {t('(known)')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <Group gap="xs">
                        <Text size="sm">
                          {t('{have} of {needed}', {
                            have: formatCount(department.committee.length),
                            needed: formatCount(department.needed),
                          })}
                        </Text>
                        <Badge color={department.met ? 'teal.9' : 'red.9'} variant="filled" size="sm">
                          {department.met ? t('Covered') : t('Short')}
                        </Badge>
                      </Group>
                      {department.committee.length > 0 && (
                        <Text size="xs" c="dimmed">
                          {formatList(department.committee.map((member) => member.full_name))}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>

      <Stack component="section" gap="xs" aria-labelledby="committee-members">
        <Title order={2} size="h3" id="committee-members">
          {t('Who holds how many')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('Each member is responsible for the workers they hold; about {target} each is the usual most.', {
            target: formatCount(coverage.holds_target),
          })}
        </Text>
        <Table fz="sm" data-testid="committee-holdings">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('Member')}</Table.Th>
              <Table.Th>{t('Holds')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {coverage.members.map((member) => (
              <Table.Tr key={member.user_id}>
                <Table.Td className="break-anywhere">{member.display_name}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {formatCount(member.holds)}
                    {member.over_target && (
                      <Badge color="grape.9" variant="filled" size="sm">
                        {t('Too many')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>

      <Stack component="section" gap="xs" aria-labelledby="committee-unheld">
        <Title order={2} size="h3" id="committee-unheld">
          {t('Workers nobody holds')}
        </Title>
        {coverage.unheld_count === 0 ? (
          <Text c="dimmed">{t('Every worker known has a member responsible for them.')}</Text>
        ) : (
          <>
            {coverage.unheld_count > coverage.unheld.length && (
              <Text size="sm" c="dimmed">
                {t('The first {shown} of {total}, by name.', {
                  shown: formatCount(coverage.unheld.length),
                  total: formatCount(coverage.unheld_count),
                })}
              </Text>
            )}
            <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
              {coverage.unheld.map((worker) => (
                <li key={worker.contact_id}>
                  <AnchorLink
                    to="/groups/$groupId/contacts/$contactId"
                    params={{ groupId, contactId: worker.contact_id }}
                    className="break-anywhere"
                  >
                    {worker.full_name}
                  </AnchorLink>
                  {worker.department_name && (
                    <Text span size="sm" c="dimmed">
                      {' · '}
                      {worker.department_name}
                    </Text>
                  )}
                </li>
              ))}
            </Stack>
          </>
        )}
      </Stack>
    </Stack>
  );
}

export function CommitteePage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Committee coverage · {group}', { group: group.name }));
  const canPlan = can(group, 'campaigns:write');
  const [workplace, setWorkplace] = useState<string | null>(null);
  const workplaces = useQuery({ ...workplaceOptionsQuery(groupId), enabled: canPlan });
  const coverage = useQuery({ ...committeeCoverageQuery(groupId, workplace), enabled: canPlan });
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/campaigns" params={{ groupId }} size="sm">
          ← {t('Campaigns')}
        </AnchorLink>
        <Title order={1}>{t('Committee coverage')}</Title>
      </Stack>
      {!canPlan ? (
        <NoPermission>{t('Committee coverage is for the group’s organisers and owners.')}</NoPermission>
      ) : (
        <>
          <Select
            label={t('Workplace')}
            placeholder={t('Every workplace')}
            clearable
            clearButtonProps={{ 'aria-label': t('Clear the choice') }}
            searchable
            maw={360}
            data={(workplaces.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
            value={workplace}
            onChange={setWorkplace}
          />
          {coverage.isPending ? (
            <Skeleton height={240} />
          ) : coverage.isError ? (
            <FormAlert message={errorMessage(coverage.error)} />
          ) : (
            <Coverage groupId={groupId} coverage={coverage.data} />
          )}
        </>
      )}
    </Stack>
  );
}
