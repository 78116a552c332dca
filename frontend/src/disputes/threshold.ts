// How a ballot's verdict (worked out by the API from the dated rule sets) is put
// into words and bars. Nothing here decides the law: it only presents the figures.
import i18next from 'i18next';
import type { BallotVerdict, ThresholdCheck } from '../api/disputeTypes';
import { daysFromToday, formatCount, formatDay, formatPercent, hundredths, relativeDay } from '../lib/format';

export { formatPercent };

export type ThresholdKey = ThresholdCheck['key'];
export type CheckState = 'met' | 'not_met' | 'awaiting';
export type VerdictTone = 'passed' | 'failed' | 'awaiting' | 'unknown';

/** The figures a ballot was entered with; the verdict's percentages are shares of these. */
export interface BallotFigures {
  entitled_to_vote: number | null;
  votes_cast: number | null;
  yes_votes: number | null;
  no_votes: number | null;
  spoilt: number | null;
}

export function thresholdTitle(key: ThresholdKey): string {
  switch (key) {
    case 'turnout':
      return i18next.t('Turnout');
    case 'majority':
      return i18next.t('Majority voting yes');
    case 'important_public_service_support':
      return i18next.t('Yes votes among everyone entitled');
  }
}

export function checkState(check: ThresholdCheck): CheckState {
  if (check.met === null) return 'awaiting';
  return check.met ? 'met' : 'not_met';
}

export function stateLabel(state: CheckState): string {
  switch (state) {
    case 'met':
      return i18next.t('Met');
    case 'not_met':
      return i18next.t('Not met');
    case 'awaiting':
      return i18next.t('No figures yet');
  }
}

/** Dark enough for white text on a filled badge (WCAG AA). */
export const STATE_COLORS: Record<CheckState, string> = {
  met: 'teal.9',
  not_met: 'red.9',
  awaiting: 'gray.7',
};

/** Keeps a percentage on the 0–100 scale a bar is drawn on. */
export function barPercent(value: number | null | undefined): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, value));
}

/** What the test's percentage is a share of, as a count, when the figures are known. */
function wholeFor(key: ThresholdKey, figures: BallotFigures): number | null {
  if (key === 'majority') {
    return figures.yes_votes === null || figures.no_votes === null
      ? null
      : figures.yes_votes + figures.no_votes;
  }
  return figures.entitled_to_vote;
}

/** "52% (520 of 1,000 entitled voted)". */
export function actualText(check: ThresholdCheck, figures: BallotFigures): string {
  if (check.actual_percent === null || check.actual_votes === null) return i18next.t('Not known yet');
  const percent = formatPercent(check.actual_percent);
  const votes = formatCount(check.actual_votes);
  const whole = wholeFor(check.key, figures);
  if (whole === null) return i18next.t('{percent} ({votes})', { percent, votes });
  const values = { percent, votes, whole: formatCount(whole) };
  switch (check.key) {
    case 'turnout':
      return i18next.t('{percent} ({votes} of {whole} entitled voted)', values);
    case 'majority':
      return i18next.t('{percent} ({votes} of {whole} valid votes were yes)', values);
    case 'important_public_service_support':
      return i18next.t('{percent} ({votes} of {whole} entitled voted yes)', values);
  }
}

/** "Needs at least 50% (500 votes)" or "Needs more than 50% (256 yes votes)". */
export function requirementText(check: ThresholdCheck): string {
  const values = { comparison: check.comparison, percent: formatPercent(check.required_percent) };
  if (check.required_votes === null) {
    return i18next.t('Needs {comparison, select, at_least {at least {percent}} other {more than {percent}}}', values);
  }
  return check.key === 'turnout'
    ? i18next.t(
        'Needs {comparison, select, at_least {at least {percent}} other {more than {percent}}} ({votes, plural, one {# vote} other {# votes}})',
        { ...values, votes: check.required_votes },
      )
    : i18next.t(
        'Needs {comparison, select, at_least {at least {percent}} other {more than {percent}}} ({votes, plural, one {# yes vote} other {# yes votes}})',
        { ...values, votes: check.required_votes },
      );
}

/**
 * By how much the test was met or missed: "20 votes more than needed
 * (2 percentage points above)", "100 votes short (10 percentage points below)".
 */
export function marginText(check: ThresholdCheck): string | null {
  const margin = check.margin_votes;
  if (margin === null) return null;
  const pts = check.margin_percent;
  if (margin === 0) return i18next.t('Met exactly, with no votes to spare');
  if (margin > 0) {
    return pts === null || pts <= 0
      ? i18next.t('{votes, plural, one {# vote} other {# votes}} more than needed', { votes: margin })
      : i18next.t(
          '{votes, plural, one {# vote} other {# votes}} more than needed ({points, plural, one {# percentage point} other {# percentage points}} above)',
          { votes: margin, points: hundredths(pts) },
        );
  }
  return pts === null || pts >= 0
    ? i18next.t('{votes, plural, one {# vote} other {# votes}} short', { votes: -margin })
    : i18next.t(
        '{votes, plural, one {# vote} other {# votes}} short ({points, plural, one {# percentage point} other {# percentage points}} below)',
        { votes: -margin, points: hundredths(-pts) },
      );
}

export interface ThresholdView {
  key: ThresholdKey;
  title: string;
  description: string;
  state: CheckState;
  stateLabel: string;
  color: string;
  /** Where the bar ends and where the threshold line sits, 0–100. */
  fill: number;
  line: number;
  actual: string;
  requirement: string;
  margin: string | null;
}

export function thresholdView(check: ThresholdCheck, figures: BallotFigures): ThresholdView {
  const state = checkState(check);
  return {
    key: check.key,
    title: thresholdTitle(check.key),
    description: check.description,
    state,
    stateLabel: stateLabel(state),
    color: STATE_COLORS[state],
    fill: barPercent(check.actual_percent),
    line: barPercent(check.required_percent),
    actual: actualText(check, figures),
    requirement: requirementText(check),
    margin: marginText(check),
  };
}

export interface Headline {
  tone: VerdictTone;
  title: string;
  color: string;
}

/** The one line that says what the ballot achieved. */
export function verdictHeadline(verdict: BallotVerdict): Headline {
  const indicative = !verdict.statutory;
  switch (verdict.outcome) {
    case 'passed':
      return indicative
        ? { tone: 'passed', title: i18next.t('Would pass: indicative ballot, no mandate'), color: 'teal' }
        : { tone: 'passed', title: i18next.t('Passed: mandate for industrial action'), color: 'teal' };
    case 'failed':
      return indicative
        ? { tone: 'failed', title: i18next.t('Would fail the statutory thresholds'), color: 'red' }
        : { tone: 'failed', title: i18next.t('Failed: no mandate for industrial action'), color: 'red' };
    case 'awaiting_figures':
      return { tone: 'awaiting', title: i18next.t('Waiting for the result'), color: 'gray' };
    case 'no_rule_set':
      return { tone: 'unknown', title: i18next.t('No ballot rules known for this date'), color: 'gray' };
  }
}

/** Why there is no statutory mandate, when there is none; null when there is (or may be) one. */
export function noMandateNote(verdict: BallotVerdict): string | null {
  if (!verdict.statutory) {
    return i18next.t(
      'An indicative ballot gives no legal mandate for industrial action. A statutory ballot is needed first.',
    );
  }
  if (verdict.outcome === 'failed') {
    return i18next.t('The ballot did not meet every threshold, so it gives no mandate for industrial action.');
  }
  if (verdict.outcome === 'no_rule_set') {
    return i18next.t('Without known rules for the opening date, no mandate can be worked out.');
  }
  return null;
}

/** "12 months, last day 15 Mar 2027"; prefixed when the result is not in yet. */
export function mandateText(verdict: BallotVerdict): string | null {
  if (verdict.mandate_ends_on === null || verdict.mandate_months === null) return null;
  const values = { months: verdict.mandate_months, day: formatDay(verdict.mandate_ends_on) };
  return verdict.passed === null
    ? i18next.t('If it passes: {months, plural, one {# month} other {# months}}, last day {day}', values)
    : i18next.t('{months, plural, one {# month} other {# months}}, last day {day}', values);
}

/** "27 Mar 2026 (10 days' notice given on the closing day)". */
export function earliestActionText(verdict: BallotVerdict): string | null {
  if (verdict.earliest_action_on === null || verdict.notice_days === null) return null;
  const values = { day: formatDay(verdict.earliest_action_on), days: verdict.notice_days };
  return verdict.passed === null
    ? i18next.t(
        "If it passes: {day} ({days, plural, one {# day's notice} other {# days' notice}} given on the closing day)",
        values,
      )
    : i18next.t("{day} ({days, plural, one {# day's notice} other {# days' notice}} given on the closing day)", values);
}

export interface Deadline {
  label: string;
  date: string;
  /** How far away, while the deadline is still ahead ("in 3 days", "today"); null once passed. */
  when: string | null;
}

/** The duties before the ballot opens, with their last days. */
export function preBallotDeadlines(verdict: BallotVerdict, today: Date = new Date()): Deadline[] {
  const duties = verdict.pre_ballot;
  if (duties === null) return [];
  const ahead = (day: string) => ((daysFromToday(day, today) ?? -1) >= 0 ? relativeDay(day, today) : null);
  return [
    {
      label: i18next.t(
        'Notice of ballot to the employer ({days, plural, one {# day} other {# days}} before it opens)',
        { days: duties.ballot_notice_days },
      ),
      date: formatDay(duties.ballot_notice_by),
      when: ahead(duties.ballot_notice_by),
    },
    {
      label: i18next.t(
        'Sample voting paper to the employer ({days, plural, one {# day} other {# days}} before it opens)',
        { days: duties.sample_paper_days },
      ),
      date: formatDay(duties.sample_paper_by),
      when: ahead(duties.sample_paper_by),
    },
  ];
}

/** Whether an independent scrutineer must be appointed, in words. */
export function scrutineerText(verdict: BallotVerdict): string | null {
  const duties = verdict.pre_ballot;
  if (duties === null) return null;
  const values = { limit: duties.scrutineer_if_entitled_over };
  if (duties.scrutineer_required === null) {
    return i18next.t(
      'A scrutineer is needed if more than {limit, plural, one {# is} other {# are}} entitled to vote.',
      values,
    );
  }
  return duties.scrutineer_required
    ? i18next.t('A scrutineer is needed: more than {limit, plural, one {# is} other {# are}} entitled to vote.', values)
    : i18next.t('No scrutineer needed: {limit, plural, one {# or fewer is} other {# or fewer are}} entitled to vote.', values);
}

export interface VoteSegment {
  key: 'yes' | 'no' | 'spoilt' | 'not_voted';
  label: string;
  count: number;
  percent: number;
}

/**
 * How everyone entitled to vote is split between yes, no, spoilt and not
 * voting, as shares of the electorate for one stacked bar; empty until known.
 */
export function electorateSegments(figures: BallotFigures): VoteSegment[] {
  const { entitled_to_vote: entitled, yes_votes: yes, no_votes: no } = figures;
  if (entitled === null || entitled <= 0 || yes === null || no === null) return [];
  const spoilt = figures.spoilt ?? 0;
  const cast = figures.votes_cast ?? yes + no + spoilt;
  const notVoted = Math.max(0, entitled - cast);
  const share = (n: number) => (n * 100) / entitled;
  return [
    { key: 'yes' as const, label: i18next.t('Yes'), count: yes, percent: share(yes) },
    { key: 'no' as const, label: i18next.t('No'), count: no, percent: share(no) },
    { key: 'spoilt' as const, label: i18next.t('Spoilt'), count: spoilt, percent: share(spoilt) },
    { key: 'not_voted' as const, label: i18next.t('Did not vote'), count: notVoted, percent: share(notVoted) },
  ].filter((segment) => segment.count > 0);
}
