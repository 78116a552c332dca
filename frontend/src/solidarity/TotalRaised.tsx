import { Paper, Text } from '@mantine/core';
import { formatMoney } from '../lib/format';

/** The total raised by every action matching the filters. */
export function TotalRaised({ total, label }: { total: string | number; label: string }) {
  return (
    <Paper withBorder p="sm" data-testid="total-raised">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c="teal.9">
        {formatMoney(total)}
      </Text>
    </Paper>
  );
}
