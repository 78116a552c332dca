import { describe, expect, it } from 'vitest';
import {
  actualText,
  barPercent,
  checkState,
  earliestActionText,
  electorateSegments,
  formatPercent,
  mandateText,
  marginText,
  noMandateNote,
  preBallotDeadlines,
  requirementText,
  scrutineerText,
  thresholdView,
  verdictHeadline,
  type BallotFigures,
} from './threshold';
import type { BallotVerdict, ThresholdCheck } from '../api/disputeTypes';
import { formatDay } from '../lib/format';

// Verdicts as the API answers them for a ballot of 1,000 entitled, 520 cast,
// 300 yes, 210 no and 10 spoilt: opening 2 March 2026 (Employment Rights Act
// 2025 rules) and 1 May 2025 in an important public service (Trade Union Act 2016).
const figures: BallotFigures = {
  entitled_to_vote: 1000,
  votes_cast: 520,
  yes_votes: 300,
  no_votes: 210,
  spoilt: 10,
};

const turnout: ThresholdCheck = {
  key: 'turnout',
  description: 'At least 50% of those entitled to vote did so',
  basis: 'everyone entitled to vote',
  comparison: 'at_least',
  required_percent: 50,
  actual_percent: 52,
  required_votes: 500,
  actual_votes: 520,
  met: true,
  margin_votes: 20,
  margin_percent: 2,
};

const majority: ThresholdCheck = {
  key: 'majority',
  description: 'A majority of those voting answered yes (more yes than no votes)',
  basis: 'valid votes (yes + no; spoilt papers are neither)',
  comparison: 'more_than',
  required_percent: 50,
  actual_percent: 58.82,
  required_votes: 256,
  actual_votes: 300,
  met: true,
  margin_votes: 44,
  margin_percent: 8.82,
};

const support: ThresholdCheck = {
  key: 'important_public_service_support',
  description: 'In an important public service, at least 40% of all those entitled to vote answered yes',
  basis: 'everyone entitled to vote',
  comparison: 'at_least',
  required_percent: 40,
  actual_percent: 30,
  required_votes: 400,
  actual_votes: 300,
  met: false,
  margin_votes: -100,
  margin_percent: -10,
};

const passed2026: BallotVerdict = {
  outcome: 'passed',
  statutory: true,
  gives_mandate: true,
  explanation: 'The ballot passed every threshold under the Employment Rights Act 2025 rules and gives a mandate for action.',
  rule_set: {
    id: 'employment_rights_act_2025',
    name: 'Employment Rights Act 2025',
    valid_from: '2026-02-18',
    source: 'Employment Rights Act 2025',
  },
  turnout_percent: 52,
  yes_percent_of_valid_votes: 58.82,
  yes_percent_of_votes_cast: 57.69,
  yes_percent_of_entitled: 30,
  thresholds: [turnout, majority],
  passed: true,
  mandate_months: 12,
  mandate_ends_on: '2027-03-15',
  notice_days: 10,
  earliest_action_on: '2026-03-27',
  pre_ballot: {
    ballot_notice_days: 7,
    ballot_notice_by: '2026-02-23',
    sample_paper_days: 3,
    sample_paper_by: '2026-02-27',
    scrutineer_required: true,
    scrutineer_if_entitled_over: 50,
  },
  notes: [],
};

const failed2025: BallotVerdict = {
  ...passed2026,
  outcome: 'failed',
  gives_mandate: false,
  explanation: 'The ballot failed under the Trade Union Act 2016 rules: important public service support (100 votes short).',
  rule_set: {
    id: 'trade_union_act_2016',
    name: 'Trade Union Act 2016',
    valid_from: '2017-03-01',
    source: 'https://www.legislation.gov.uk/ukpga/2016/15',
  },
  thresholds: [turnout, majority, support],
  passed: false,
  mandate_months: 6,
  mandate_ends_on: null,
  notice_days: 14,
  earliest_action_on: null,
};

describe('number formatting', () => {
  it('shows percentages with up to two decimals and a dash when unknown', () => {
    expect(formatPercent(52)).toBe('52%');
    expect(formatPercent(58.82)).toBe('58.82%');
    expect(formatPercent(66.666)).toBe('66.67%');
    expect(formatPercent(null)).toBe('–');
  });

  it('counts votes and points in the singular and plural', () => {
    const oneAbove = { ...turnout, margin_votes: 1, margin_percent: 1 };
    expect(marginText(oneAbove)).toBe('1 vote more than needed (1 percentage point above)');
    const manyShort = { ...turnout, margin_votes: -1500, margin_percent: -8.82 };
    expect(marginText(manyShort)).toBe('1,500 votes short (8.82 percentage points below)');
  });

  it('keeps bars on the 0–100 scale', () => {
    expect(barPercent(-3)).toBe(0);
    expect(barPercent(52)).toBe(52);
    expect(barPercent(140)).toBe(100);
    expect(barPercent(null)).toBe(0);
  });
});

describe('one threshold', () => {
  it('reads a met turnout test with its share, requirement and margin', () => {
    const view = thresholdView(turnout, figures);
    expect(view.state).toBe('met');
    expect(view.stateLabel).toBe('Met');
    expect(view.title).toBe('Turnout');
    expect(view.actual).toBe('52% (520 of 1,000 entitled voted)');
    expect(view.requirement).toBe('Needs at least 50% (500 votes)');
    expect(view.margin).toBe('20 votes more than needed (2 percentage points above)');
    expect(view.fill).toBe(52);
    expect(view.line).toBe(50);
  });

  it('measures the majority against valid votes only (spoilt papers are neither)', () => {
    expect(actualText(majority, figures)).toBe('58.82% (300 of 510 valid votes were yes)');
    expect(requirementText(majority)).toBe('Needs more than 50% (256 yes votes)');
    expect(marginText(majority)).toBe('44 votes more than needed (8.82 percentage points above)');
  });

  it('says by how much a missed test fell short', () => {
    const view = thresholdView(support, figures);
    expect(view.state).toBe('not_met');
    expect(view.color).toBe('red.9');
    expect(view.actual).toBe('30% (300 of 1,000 entitled voted yes)');
    expect(view.requirement).toBe('Needs at least 40% (400 yes votes)');
    expect(view.margin).toBe('100 votes short (10 percentage points below)');
  });

  it('calls a test met with nothing to spare exactly that', () => {
    const exact = { ...turnout, actual_percent: 50, actual_votes: 500, margin_votes: 0, margin_percent: 0 };
    expect(marginText(exact)).toBe('Met exactly, with no votes to spare');
    const one = { ...support, actual_votes: 399, margin_votes: -1, margin_percent: -0.1 };
    expect(marginText(one)).toBe('1 vote short (0.1 percentage points below)');
  });

  it('waits for figures without inventing a margin', () => {
    const awaiting: ThresholdCheck = {
      ...turnout,
      actual_percent: null,
      actual_votes: null,
      met: null,
      margin_votes: null,
      margin_percent: null,
    };
    const empty = { entitled_to_vote: 1000, votes_cast: null, yes_votes: null, no_votes: null, spoilt: null };
    expect(checkState(awaiting)).toBe('awaiting');
    const view = thresholdView(awaiting, empty);
    expect(view.stateLabel).toBe('No figures yet');
    expect(view.actual).toBe('Not known yet');
    expect(view.requirement).toBe('Needs at least 50% (500 votes)');
    expect(view.margin).toBeNull();
    expect(view.fill).toBe(0);
  });
});

describe('the whole verdict', () => {
  it('reads a ballot that passed under the 2026 rules as a 12-month mandate', () => {
    expect(verdictHeadline(passed2026)).toEqual({
      tone: 'passed',
      title: 'Passed: mandate for industrial action',
      color: 'teal',
    });
    expect(mandateText(passed2026)).toBe(`12 months, last day ${formatDay('2027-03-15')}`);
    expect(earliestActionText(passed2026)).toBe(
      `${formatDay('2026-03-27')} (10 days' notice given on the closing day)`,
    );
    expect(noMandateNote(passed2026)).toBeNull();
  });

  it('reads the same figures in 2025 in an important public service as failed, with no mandate', () => {
    expect(verdictHeadline(failed2025).tone).toBe('failed');
    expect(verdictHeadline(failed2025).title).toBe('Failed: no mandate for industrial action');
    expect(mandateText(failed2025)).toBeNull();
    expect(earliestActionText(failed2025)).toBeNull();
    expect(noMandateNote(failed2025)).toMatch(/gives no mandate/);
    expect(failed2025.thresholds.map((check) => checkState(check))).toEqual(['met', 'met', 'not_met']);
  });

  it('says an indicative ballot gives no mandate even when it would pass', () => {
    const indicative: BallotVerdict = {
      ...passed2026,
      statutory: false,
      gives_mandate: false,
      mandate_months: null,
      mandate_ends_on: null,
      notice_days: null,
      earliest_action_on: null,
      pre_ballot: null,
    };
    expect(verdictHeadline(indicative).title).toBe('Would pass: indicative ballot, no mandate');
    expect(noMandateNote(indicative)).toMatch(/indicative ballot gives no legal mandate/);
    expect(preBallotDeadlines(indicative)).toEqual([]);
    expect(scrutineerText(indicative)).toBeNull();
  });

  it('marks dates that depend on a result still to come', () => {
    const awaiting: BallotVerdict = { ...passed2026, outcome: 'awaiting_figures', passed: null, gives_mandate: false };
    expect(verdictHeadline(awaiting).title).toBe('Waiting for the result');
    expect(mandateText(awaiting)).toMatch(/^If it passes: 12 months/);
    expect(earliestActionText(awaiting)).toMatch(/^If it passes: /);
  });

  it('lists the pre-ballot deadlines with how far away they are', () => {
    const deadlines = preBallotDeadlines(passed2026, new Date(2026, 1, 20));
    expect(deadlines).toEqual([
      {
        label: 'Notice of ballot to the employer (7 days before it opens)',
        date: formatDay('2026-02-23'),
        when: 'in 3 days',
      },
      {
        label: 'Sample voting paper to the employer (3 days before it opens)',
        date: formatDay('2026-02-27'),
        when: 'in 7 days',
      },
    ]);
    expect(preBallotDeadlines(passed2026, new Date(2026, 1, 25)).map((d) => d.when)).toEqual([null, 'in 2 days']);
    expect(scrutineerText(passed2026)).toBe('A scrutineer is needed: more than 50 are entitled to vote.');
  });

  it('splits the electorate into yes, no, spoilt and not voting', () => {
    expect(electorateSegments(figures)).toEqual([
      { key: 'yes', label: 'Yes', count: 300, percent: 30 },
      { key: 'no', label: 'No', count: 210, percent: 21 },
      { key: 'spoilt', label: 'Spoilt', count: 10, percent: 1 },
      { key: 'not_voted', label: 'Did not vote', count: 480, percent: 48 },
    ]);
    expect(electorateSegments({ ...figures, yes_votes: null })).toEqual([]);
  });
});
