// How a ballot's verdict (worked out by the API from the dated rule sets) is put
// into words and bars. Nothing here decides the law: it only presents the figures.
import type { BallotVerdict, ThresholdCheck } from '../api/disputeTypes';
import { daysFromToday, formatCount, formatDay, relativeDay } from '../lib/format';

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

export const THRESHOLD_TITLES: Record<ThresholdKey, string> = {
  turnout: 'Turnout',
  majority: 'Majority voting yes',
  important_public_service_support: 'Yes votes among everyone entitled',
};

const percentFormat = new Intl.NumberFormat(undefined, {
  style: 'percent',
  maximumFractionDigits: 2,
});
const pointsFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** 52 -> "52%", 58.82 -> "58.82%"; a dash while the figure is unknown. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return percentFormat.format(value / 100);
}

export function votes(value: number): string {
  return `${formatCount(value)} ${Math.abs(value) === 1 ? 'vote' : 'votes'}`;
}

/** Percentage points, unsigned: 2 -> "2 percentage points", 1 -> "1 percentage point". */
export function points(value: number): string {
  const size = Math.abs(value);
  return `${pointsFormat.format(size)} percentage ${size === 1 ? 'point' : 'points'}`;
}

export function checkState(check: ThresholdCheck): CheckState {
  if (check.met === null) return 'awaiting';
  return check.met ? 'met' : 'not_met';
}

export const STATE_LABELS: Record<CheckState, string> = {
  met: 'Met',
  not_met: 'Not met',
  awaiting: 'No figures yet',
};

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

const WHOLE_WORDS: Record<ThresholdKey, string> = {
  turnout: 'entitled voted',
  majority: 'valid votes were yes',
  important_public_service_support: 'entitled voted yes',
};

/** "52% (520 of 1,000 entitled voted)". */
export function actualText(check: ThresholdCheck, figures: BallotFigures): string {
  if (check.actual_percent === null || check.actual_votes === null) return 'Not known yet';
  const whole = wholeFor(check.key, figures);
  const share =
    whole === null
      ? formatCount(check.actual_votes)
      : `${formatCount(check.actual_votes)} of ${formatCount(whole)} ${WHOLE_WORDS[check.key]}`;
  return `${formatPercent(check.actual_percent)} (${share})`;
}

/** "Needs at least 50% (500 votes)" or "Needs more than 50% (256 yes votes)". */
export function requirementText(check: ThresholdCheck): string {
  const comparison = check.comparison === 'at_least' ? 'at least' : 'more than';
  const base = `Needs ${comparison} ${formatPercent(check.required_percent)}`;
  if (check.required_votes === null) return base;
  const fewest = check.key === 'turnout' ? votes(check.required_votes) : `${formatCount(check.required_votes)} yes ${check.required_votes === 1 ? 'vote' : 'votes'}`;
  return `${base} (${fewest})`;
}

/**
 * By how much the test was met or missed: "20 votes above what is needed
 * (2 percentage points)", "100 votes short (10 percentage points below)".
 */
export function marginText(check: ThresholdCheck): string | null {
  const margin = check.margin_votes;
  if (margin === null) return null;
  const pts = check.margin_percent;
  if (margin === 0) return 'Met exactly, with no votes to spare';
  if (margin > 0) {
    const extra = pts === null || pts <= 0 ? '' : ` (${points(pts)} above)`;
    return `${votes(margin)} more than needed${extra}`;
  }
  const below = pts === null || pts >= 0 ? '' : ` (${points(pts)} below)`;
  return `${votes(-margin)} short${below}`;
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
    title: THRESHOLD_TITLES[check.key],
    description: check.description,
    state,
    stateLabel: STATE_LABELS[state],
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
        ? { tone: 'passed', title: 'Would pass: indicative ballot, no mandate', color: 'teal' }
        : { tone: 'passed', title: 'Passed: mandate for industrial action', color: 'teal' };
    case 'failed':
      return indicative
        ? { tone: 'failed', title: 'Would fail the statutory thresholds', color: 'red' }
        : { tone: 'failed', title: 'Failed: no mandate for industrial action', color: 'red' };
    case 'awaiting_figures':
      return { tone: 'awaiting', title: 'Waiting for the result', color: 'gray' };
    case 'no_rule_set':
      return { tone: 'unknown', title: 'No ballot rules known for this date', color: 'gray' };
  }
}

/** Why there is no statutory mandate, when there is none; null when there is (or may be) one. */
export function noMandateNote(verdict: BallotVerdict): string | null {
  if (!verdict.statutory) {
    return 'An indicative ballot gives no legal mandate for industrial action. A statutory ballot is needed first.';
  }
  if (verdict.outcome === 'failed') {
    return 'The ballot did not meet every threshold, so it gives no mandate for industrial action.';
  }
  if (verdict.outcome === 'no_rule_set') {
    return 'Without known rules for the opening date, no mandate can be worked out.';
  }
  return null;
}

/** "12 months, last day 15 Mar 2027"; prefixed when the result is not in yet. */
export function mandateText(verdict: BallotVerdict): string | null {
  if (verdict.mandate_ends_on === null || verdict.mandate_months === null) return null;
  const text = `${verdict.mandate_months} months, last day ${formatDay(verdict.mandate_ends_on)}`;
  return verdict.passed === null ? `If it passes: ${text}` : text;
}

/** "27 Mar 2026 (10 days' notice given on the closing day)". */
export function earliestActionText(verdict: BallotVerdict): string | null {
  if (verdict.earliest_action_on === null || verdict.notice_days === null) return null;
  const text = `${formatDay(verdict.earliest_action_on)} (${verdict.notice_days} days' notice given on the closing day)`;
  return verdict.passed === null ? `If it passes: ${text}` : text;
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
      label: `Notice of ballot to the employer (${duties.ballot_notice_days} days before it opens)`,
      date: formatDay(duties.ballot_notice_by),
      when: ahead(duties.ballot_notice_by),
    },
    {
      label: `Sample voting paper to the employer (${duties.sample_paper_days} days before it opens)`,
      date: formatDay(duties.sample_paper_by),
      when: ahead(duties.sample_paper_by),
    },
  ];
}

/** Whether an independent scrutineer must be appointed, in words. */
export function scrutineerText(verdict: BallotVerdict): string | null {
  const duties = verdict.pre_ballot;
  if (duties === null) return null;
  const limit = formatCount(duties.scrutineer_if_entitled_over);
  if (duties.scrutineer_required === null) {
    return `A scrutineer is needed if more than ${limit} are entitled to vote.`;
  }
  return duties.scrutineer_required
    ? `A scrutineer is needed: more than ${limit} are entitled to vote.`
    : `No scrutineer needed: ${limit} or fewer are entitled to vote.`;
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
    { key: 'yes' as const, label: 'Yes', count: yes, percent: share(yes) },
    { key: 'no' as const, label: 'No', count: no, percent: share(no) },
    { key: 'spoilt' as const, label: 'Spoilt', count: spoilt, percent: share(spoilt) },
    { key: 'not_voted' as const, label: 'Did not vote', count: notVoted, percent: share(notVoted) },
  ].filter((segment) => segment.count > 0);
}
