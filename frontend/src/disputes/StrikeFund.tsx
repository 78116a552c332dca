import { Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { actionListQuery } from '../api/solidarity';
import { AnchorLink } from '../app/links';
import type { Dispute } from '../api/disputeTypes';
import { formatMoney } from '../lib/format';
import { formatPercent } from './threshold';
import { FundLedger } from './FundLedger';

/** The share of the target, to one decimal place. */
function percentText(value: number): string {
  return formatPercent(Math.round(value * 10) / 10);
}

/** The strike fund: raised against its target, paid out and in hand, its ledger, and what
 * solidarity actions have raised for it. */
export function StrikeFund({ groupId, dispute, canEdit }: { groupId: string; dispute: Dispute; canEdit: boolean }) {
  const { t } = useTranslation();
  const actions = useInfiniteQuery(actionListQuery(groupId, { dispute: dispute.id }));
  const firstPage = actions.data?.pages[0];
  const target = dispute.strike_fund_target === null ? null : Number(dispute.strike_fund_target);
  const raised = Number(dispute.strike_fund_raised);
  const spent = Number(dispute.strike_fund_spent);
  const balance = Number(dispute.strike_fund_balance);
  const percent = dispute.strike_fund_percent;
  const toGo = target === null ? null : Math.max(0, target - raised);

  return (
    <section aria-labelledby="fund-heading">
      <Title order={2} size="h3" id="fund-heading" mb="sm">
        {t('Strike fund')}
      </Title>
      <Paper withBorder p="sm">
        <Stack gap="xs">
          <Group justify="space-between" gap="xs" align="baseline">
            <Text fw={700} size="xl" data-testid="fund-raised">
              {formatMoney(raised)}
            </Text>
            <Text size="sm" c="dimmed">
              {target === null ? t('raised (no target set)') : t('raised of {target}', { target: formatMoney(target) })}
            </Text>
          </Group>
          {target !== null && percent !== null && (
            <>
              <Progress
                value={Math.min(100, percent)}
                color="green.8"
                size="lg"
                aria-label={t('Strike fund: {percent} of the target', { percent: percentText(percent) })}
              />
              <Text size="sm">
                {toGo !== null && toGo > 0
                  ? t('{percent} of the target · {remaining} to go', {
                      percent: percentText(percent),
                      remaining: formatMoney(toGo),
                    })
                  : t('{percent} of the target · target reached', { percent: percentText(percent) })}
              </Text>
            </>
          )}
          <Group gap="lg" data-testid="fund-totals">
            <Text size="sm">{t('Paid out: {amount}', { amount: formatMoney(spent) })}</Text>
            <Text size="sm" fw={600}>
              {t('In hand: {amount}', { amount: formatMoney(balance) })}
            </Text>
          </Group>
          {firstPage && (
            <Text size="sm">
              <Trans
                i18nKey="Solidarity actions for this dispute have raised <strong>{raised}</strong>. <actions>See its solidarity actions</actions>"
                values={{ raised: formatMoney(firstPage.total_money_raised) }}
                components={{
                  strong: <strong />,
                  // Not named "link": that is an empty HTML element, which would drop the words inside.
                  actions: (
                    <AnchorLink
                      to="/groups/$groupId/actions"
                      params={{ groupId }}
                      search={{ dispute: dispute.id }}
                      underline="always"
                    />
                  ),
                }}
              />
            </Text>
          )}
        </Stack>
      </Paper>
      <FundLedger groupId={groupId} disputeId={dispute.id} canEdit={canEdit} />
    </section>
  );
}
