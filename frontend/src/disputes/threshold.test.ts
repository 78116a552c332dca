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
} from './threshold';
import type { BallotVerdict, ThresholdCheck } from '../api/disputeTypes';
import { failed2025, figures, majority, passed2026, support, turnout } from '../test/ballotVerdicts';
import { formatDay } from '../lib/format';

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
