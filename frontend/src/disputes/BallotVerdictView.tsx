import { Alert, Badge, Box, Group, List, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { Trans, useTranslation } from 'react-i18next';
import {
  earliestActionText,
  electorateSegments,
  formatPercent,
  mandateText,
  noMandateNote,
  preBallotDeadlines,
  scrutineerText,
  thresholdView,
  verdictHeadline,
  type BallotFigures,
  type ThresholdView,
  type VoteSegment,
} from './threshold';
import type { BallotVerdict } from '../api/disputeTypes';
import classes from './BallotVerdictView.module.css';
import { formatCount, formatDay } from '../lib/format';

const SEGMENT_COLORS: Record<VoteSegment['key'], string> = {
  yes: 'var(--mantine-color-green-8)',
  no: 'var(--mantine-color-red-8)',
  spoilt: 'var(--mantine-color-gray-6)',
  not_voted: 'var(--mantine-color-gray-2)',
};

const STATE_FILL: Record<ThresholdView['state'], string> = {
  met: 'var(--mantine-color-green-8)',
  not_met: 'var(--mantine-color-red-8)',
  awaiting: 'var(--mantine-color-gray-5)',
};

function Mark({ state }: { state: ThresholdView['state'] }) {
  const symbol = state === 'met' ? '✓' : state === 'not_met' ? '✗' : '…';
  return (
    <ThemeIcon
      radius="xl"
      size="sm"
      color={state === 'met' ? 'teal.9' : state === 'not_met' ? 'red.9' : 'gray.7'}
      aria-hidden="true"
    >
      <span style={{ fontSize: 12, fontWeight: 700 }}>{symbol}</span>
    </ThemeIcon>
  );
}

/** A bar from 0 to 100% with the share reached and a line where the threshold is. */
function ThresholdBar({ view }: { view: ThresholdView }) {
  const { t } = useTranslation();
  return (
    <div className={classes.track} aria-hidden="true">
      <div className={classes.fill} style={{ width: `${view.fill}%`, background: STATE_FILL[view.state] }} />
      <div className={classes.line} style={{ left: `${view.line}%` }} />
      <span
        className={classes.lineLabel}
        style={view.line > 70 ? { right: `${100 - view.line}%` } : { left: `${view.line}%` }}
      >
        {t('{percent} needed', { percent: formatPercent(view.line) })}
      </span>
    </div>
  );
}

function ThresholdRow({ view }: { view: ThresholdView }) {
  return (
    <Box component="li" className={classes.row} data-testid={`threshold-${view.key}`}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Group gap={6} wrap="nowrap" align="flex-start">
          <Mark state={view.state} />
          <Text fw={600} size="sm">
            {view.title}
          </Text>
        </Group>
        <Badge color={view.color} variant="filled" data-testid="threshold-state">
          {view.stateLabel}
        </Badge>
      </Group>
      <ThresholdBar view={view} />
      <Text size="sm" data-testid="threshold-actual">
        {view.actual}
      </Text>
      <Text size="xs" c="dimmed">
        {view.requirement}
        {view.margin !== null && (
          <>
            {' · '}
            <Text span size="xs" fw={600} c={view.state === 'not_met' ? 'red.9' : 'teal.9'} data-testid="threshold-margin">
              {view.margin}
            </Text>
          </>
        )}
      </Text>
    </Box>
  );
}

function ElectorateBar({ figures }: { figures: BallotFigures }) {
  const { t } = useTranslation();
  const segments = electorateSegments(figures);
  if (segments.length === 0 || figures.entitled_to_vote === null) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t('How the {entitled} entitled to vote voted', { entitled: formatCount(figures.entitled_to_vote) })}
      </Text>
      <div className={classes.stack} aria-hidden="true">
        {segments.map((segment) => (
          <div
            key={segment.key}
            style={{ width: `${segment.percent}%`, background: SEGMENT_COLORS[segment.key] }}
          />
        ))}
      </div>
      <Group gap="md" component="ul" className={classes.legend}>
        {segments.map((segment) => (
          <li key={segment.key}>
            <span className={classes.swatch} style={{ background: SEGMENT_COLORS[segment.key] }} aria-hidden="true" />
            <Text span size="xs">
              {t('{label}: {votes} ({percent})', {
                label: segment.label,
                votes: formatCount(segment.count),
                percent: formatPercent(segment.percent),
              })}
            </Text>
          </li>
        ))}
      </Group>
    </Stack>
  );
}

interface Props {
  verdict: BallotVerdict;
  figures: BallotFigures;
}

/**
 * What a ballot achieved, readable at a glance: the outcome, a bar per
 * threshold against the line it must reach under the rules in force on the
 * opening day, by how much each was met or missed, and the dates that follow.
 */
export function BallotVerdictView({ verdict, figures }: Props) {
  const { t } = useTranslation();
  const headline = verdictHeadline(verdict);
  const views = verdict.thresholds.map((check) => thresholdView(check, figures));
  const mandate = mandateText(verdict);
  const earliest = earliestActionText(verdict);
  const noMandate = noMandateNote(verdict);
  const deadlines = preBallotDeadlines(verdict);
  const scrutineer = scrutineerText(verdict);

  return (
    <Stack gap="sm">
      <Paper
        p="sm"
        radius="md"
        className={classes.headline}
        data-tone={headline.tone}
        data-testid="verdict-headline"
      >
        <Text fw={700} size="lg">
          {headline.title}
        </Text>
        <Text size="sm">{verdict.explanation}</Text>
        {verdict.rule_set && (
          <Text size="xs" mt={4}>
            {t('Judged under the {rules} rules, which apply to ballots opening from {day}.', {
              rules: verdict.rule_set.name,
              day: formatDay(verdict.rule_set.valid_from),
            })}
          </Text>
        )}
      </Paper>

      {noMandate && (
        <Alert color="gray" variant="light" data-testid="no-mandate">
          {noMandate}
        </Alert>
      )}

      <ElectorateBar figures={figures} />

      {views.length > 0 && (
        <Stack gap={4}>
          <Title order={4} size="h6">
            {t('Thresholds')}
          </Title>
          <Stack component="ul" gap="md" className={classes.rows}>
            {views.map((view) => (
              <ThresholdRow key={view.key} view={view} />
            ))}
          </Stack>
        </Stack>
      )}

      {(mandate ?? earliest) !== null && (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {mandate && (
            <Paper withBorder p="xs" data-testid="mandate">
              <Text size="xs" c="dimmed">
                {t('Mandate')}
              </Text>
              <Text size="sm" fw={600}>
                {mandate}
              </Text>
            </Paper>
          )}
          {earliest && (
            <Paper withBorder p="xs" data-testid="earliest-action">
              <Text size="xs" c="dimmed">
                {t('Earliest action')}
              </Text>
              <Text size="sm" fw={600}>
                {earliest}
              </Text>
            </Paper>
          )}
        </SimpleGrid>
      )}

      {deadlines.length > 0 && (
        <Stack gap={4}>
          <Title order={4} size="h6">
            {t('Before the ballot opens')}
          </Title>
          <List size="sm" spacing={2}>
            {deadlines.map((deadline) => (
              <List.Item key={deadline.label}>
                {deadline.when === null ? (
                  <Trans
                    i18nKey="{duty}: by <strong>{day}</strong>"
                    values={{ duty: deadline.label, day: deadline.date }}
                    components={{ strong: <strong /> }}
                  />
                ) : (
                  <Trans
                    i18nKey="{duty}: by <strong>{day}</strong> ({when})"
                    values={{ duty: deadline.label, day: deadline.date, when: deadline.when }}
                    components={{ strong: <strong /> }}
                  />
                )}
              </List.Item>
            ))}
            {scrutineer && <List.Item>{scrutineer}</List.Item>}
          </List>
        </Stack>
      )}

      {verdict.notes.length > 0 && (
        <details className={classes.notes}>
          <summary>{t('How this was worked out')}</summary>
          <List size="xs" spacing={2} mt={4}>
            {verdict.notes.map((note) => (
              <List.Item key={note}>{note}</List.Item>
            ))}
          </List>
        </details>
      )}
    </Stack>
  );
}
