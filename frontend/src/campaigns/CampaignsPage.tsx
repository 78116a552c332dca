import { Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { campaignsQuery, testProgressQuery, type Campaign, type TestProgress } from '../api/campaigns';
import { errorMessage } from '../api/errors';
import { groupQuery } from '../api/groups';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { can } from '../shared/permissions';
import { useWorkplaceNames } from '../shared/workplaceLookups';
import { TestProgressRow } from './TestProgressRow';
import { testKindName } from './labels';

const route = getRouteApi('/_app/groups/$groupId/campaigns');

function CampaignCard({ groupId, campaign, ladder }: { groupId: string; campaign: Campaign; ladder: TestProgress[] }) {
  const { t } = useTranslation();
  return (
    <Paper component="li" withBorder p="md">
      <Stack gap="sm">
        <Stack gap={2}>
          <AnchorLink
            to="/groups/$groupId/campaigns/$campaignId"
            params={{ groupId, campaignId: campaign.id }}
            fw={700}
            size="lg"
            className="break-anywhere"
          >
            {campaign.name}
          </AnchorLink>
          {campaign.goal && (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {campaign.goal}
            </Text>
          )}
        </Stack>
        {ladder.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('No structure tests yet.')}
          </Text>
        ) : (
          <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Ladder of {campaign}', { campaign: campaign.name })}>
            {ladder.map((progress) => (
              <li key={progress.test_id}>
                <TestProgressRow groupId={groupId} progress={progress} kind={testKindName(progress)} />
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

export function CampaignsPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Campaigns · {group}', { group: group.name }));
  const campaigns = useQuery(campaignsQuery(groupId));
  const progress = useQuery(testProgressQuery(groupId));
  const workplaceNames = useWorkplaceNames(groupId);
  const canPlan = can(group, 'campaigns:write');

  const byWorkplace = new Map<string, Campaign[]>();
  for (const campaign of campaigns.data ?? []) {
    byWorkplace.set(campaign.workplace_id, [...(byWorkplace.get(campaign.workplace_id) ?? []), campaign]);
  }
  const workplaces = [...byWorkplace.keys()].sort((a, b) =>
    (workplaceNames.get(a) ?? '').localeCompare(workplaceNames.get(b) ?? ''),
  );

  return (
    <Stack gap="lg">
      <Group justify="space-between" gap="sm">
        <Title order={1}>{t('Campaigns')}</Title>
        {canPlan && (
          <Group gap="xs">
            <ButtonLink variant="default" to="/groups/$groupId/committee" params={{ groupId }}>
              {t('Committee coverage')}
            </ButtonLink>
            <ButtonLink variant="default" to="/groups/$groupId/call-settings" params={{ groupId }}>
              {t('Call settings')}
            </ButtonLink>
            <ButtonLink to="/groups/$groupId/campaigns/new" params={{ groupId }}>
              {t('New campaign')}
            </ButtonLink>
          </Group>
        )}
      </Group>
      <Text c="dimmed">
        {t('Each campaign tests and builds majority support step by step, from a petition to a strike.')}
      </Text>
      {campaigns.isPending ? (
        <Stack gap="sm" aria-busy="true">
          <Skeleton height={120} />
          <Skeleton height={120} />
        </Stack>
      ) : campaigns.isError ? (
        <FormAlert message={errorMessage(campaigns.error)} />
      ) : workplaces.length === 0 ? (
        <Text>{canPlan ? t('No campaigns yet. Start one at a workplace you have mapped.') : t('No campaigns yet.')}</Text>
      ) : (
        workplaces.map((workplaceId) => (
          <Stack component="section" key={workplaceId} gap="sm" aria-labelledby={`workplace-${workplaceId}`}>
            <Title order={2} size="h3" id={`workplace-${workplaceId}`}>
              {workplaceNames.get(workplaceId) ?? t('A workplace')}
            </Title>
            <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
              {(byWorkplace.get(workplaceId) ?? []).map((campaign) => (
                <CampaignCard
                  key={campaign.id}
                  groupId={groupId}
                  campaign={campaign}
                  ladder={(progress.data ?? []).filter((item) => item.campaign_id === campaign.id)}
                />
              ))}
            </Stack>
          </Stack>
        ))
      )}
      {progress.isError && <FormAlert message={errorMessage(progress.error)} />}
    </Stack>
  );
}
