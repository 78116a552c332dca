import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { groupQuery } from '../../api/groups';
import { decisionLogQuery } from '../../api/meetings';
import { AnchorLink } from '../../app/links';
import { usePageTitle } from '../../app/usePageTitle';
import { formatDate } from '../../lib/format';
import { SearchField } from '../../shared/SearchField';

const route = getRouteApi('/_app/groups/$groupId/decisions');

export function DecisionLogPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { q } = route.useSearch();
  const navigate = useNavigate();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const decisions = useQuery(decisionLogQuery(groupId, q));
  usePageTitle(t('Decision log · {group}', { group: group.name }));
  return (
    <Stack gap="lg">
      <Title order={1}>{t('Decision log')}</Title>
      <SearchField
        label={t('Search decisions')}
        placeholder={t('Words in the decision')}
        value={q}
        onSearch={(next) => void navigate({ to: '/groups/$groupId/decisions', params: { groupId }, search: { q: next } })}
      />
      {decisions.data === undefined ? null : decisions.data.items.length === 0 ? (
        <Text c="dimmed" role="status">
          {q ? t('No decision matches this search.') : t('No decisions minuted yet.')}
        </Text>
      ) : (
        <Stack gap="xs" component="ol" aria-label={t('Decisions')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {decisions.data.items.map((decision) => (
            <Paper withBorder p="sm" component="li" key={decision.id}>
              <Text style={{ whiteSpace: 'pre-wrap' }} className="break-anywhere">
                {decision.text}
              </Text>
              <Text size="sm" c="dimmed">
                <AnchorLink
                  to="/groups/$groupId/meetings/$meetingId"
                  params={{ groupId, meetingId: decision.meeting_id }}
                  className="break-anywhere"
                >
                  {t('{meeting}, {date}', { meeting: decision.meeting_title, date: formatDate(decision.decided_at) })}
                </AnchorLink>
                {decision.motion_id && (
                  <>
                    {' · '}
                    <AnchorLink to="/groups/$groupId/motions/$motionId" params={{ groupId, motionId: decision.motion_id }}>
                      {t('The motion')}
                    </AnchorLink>
                  </>
                )}
                {decision.vote_id && (
                  <>
                    {' · '}
                    <AnchorLink to="/groups/$groupId/votes/$voteId" params={{ groupId, voteId: decision.vote_id }}>
                      {t('The vote')}
                    </AnchorLink>
                  </>
                )}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
