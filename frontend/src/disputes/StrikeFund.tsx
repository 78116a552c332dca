import { Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { actionListQuery } from '../api/solidarity';
import { AnchorLink } from '../app/links';
import type { Dispute } from '../api/disputeTypes';
import { formatMoney } from '../lib/format';

function percentText(value: number): string {
  return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
}

/** The strike fund against its target, and what solidarity actions have raised for it. */
export function StrikeFund({ groupId, dispute }: { groupId: string; dispute: Dispute }) {
  const actions = useInfiniteQuery(actionListQuery(groupId, { dispute: dispute.id }));
  const firstPage = actions.data?.pages[0];
  const target = dispute.strike_fund_target === null ? null : Number(dispute.strike_fund_target);
  const raised = Number(dispute.strike_fund_raised);
  const percent = dispute.strike_fund_percent;
  const toGo = target === null ? null : Math.max(0, target - raised);

  return (
    <section aria-labelledby="fund-heading">
      <Title order={2} size="h3" id="fund-heading" mb="sm">
        Strike fund
      </Title>
      <Paper withBorder p="sm">
        <Stack gap="xs">
          <Group justify="space-between" gap="xs" align="baseline">
            <Text fw={700} size="xl" data-testid="fund-raised">
              {formatMoney(raised)}
            </Text>
            <Text size="sm" c="dimmed">
              {target === null ? 'raised (no target set)' : `raised of ${formatMoney(target)}`}
            </Text>
          </Group>
          {target !== null && percent !== null && (
            <>
              <Progress
                value={Math.min(100, percent)}
                color="green.8"
                size="lg"
                aria-label={`Strike fund: ${percentText(percent)} of the target`}
              />
              <Text size="sm">
                {percentText(percent)} of the target
                {toGo !== null && toGo > 0 ? ` · ${formatMoney(toGo)} to go` : ' · target reached'}
              </Text>
            </>
          )}
          {firstPage && (
            <Text size="sm">
              Solidarity actions for this dispute have raised{' '}
              <strong>{formatMoney(firstPage.total_money_raised)}</strong>.{' '}
              <AnchorLink to="/groups/$groupId/actions" params={{ groupId }} search={{ dispute: dispute.id }} underline="always">
                See its solidarity actions
              </AnchorLink>
            </Text>
          )}
        </Stack>
      </Paper>
    </section>
  );
}
