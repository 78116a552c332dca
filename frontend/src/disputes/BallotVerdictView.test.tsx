import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '../test/render';
import { BallotVerdictView } from './BallotVerdictView';
import type { BallotVerdict, ThresholdCheck } from '../api/disputeTypes';
import { formatDay } from '../lib/format';

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

const verdict: BallotVerdict = {
  outcome: 'passed',
  statutory: true,
  gives_mandate: true,
  explanation: 'The ballot passed every threshold.',
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
  thresholds: [turnout],
  passed: true,
  mandate_months: 12,
  mandate_ends_on: '2027-03-15',
  notice_days: 10,
  earliest_action_on: '2026-03-27',
  pre_ballot: {
    ballot_notice_days: 7,
    ballot_notice_by: '2026-02-23',
    sample_paper_days: 1,
    sample_paper_by: '2026-02-27',
    scrutineer_required: true,
    scrutineer_if_entitled_over: 50,
  },
  notes: [],
};

const figures = { entitled_to_vote: 1000, votes_cast: 520, yes_votes: 300, no_votes: 210, spoilt: 10 };

describe('a ballot verdict on screen', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 1, 25));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads each sentence whole, with its figures, dates and bold deadlines', () => {
    renderWithProviders(<BallotVerdictView verdict={verdict} figures={figures} />);

    expect(screen.getByTestId('verdict-headline').textContent).toBe(
      `Passed: mandate for industrial action` +
        `The ballot passed every threshold.` +
        `Judged under the Employment Rights Act 2025 rules, which apply to ballots opening from ${formatDay('2026-02-18')}.`,
    );
    expect(screen.getByText('How the 1,000 entitled to vote voted')).toBeTruthy();
    expect(screen.getByText('Yes: 300 (30%)')).toBeTruthy();
    expect(screen.getByText('Did not vote: 480 (48%)')).toBeTruthy();

    const row = screen.getByTestId('threshold-turnout');
    expect(within(row).getByText('50% needed')).toBeTruthy();
    expect(within(row).getByTestId('threshold-actual').textContent).toBe('52% (520 of 1,000 entitled voted)');
    expect(within(row).getByTestId('threshold-margin').textContent).toBe(
      '20 votes more than needed (2 percentage points above)',
    );

    expect(within(screen.getByTestId('mandate')).getByText(`12 months, last day ${formatDay('2027-03-15')}`)).toBeTruthy();

    const passedDeadline = screen.getByText(/^Notice of ballot to the employer/);
    expect(passedDeadline.textContent).toBe(
      `Notice of ballot to the employer (7 days before it opens): by ${formatDay('2026-02-23')}`,
    );
    const comingDeadline = screen.getByText(/^Sample voting paper to the employer/);
    expect(comingDeadline.textContent).toBe(
      `Sample voting paper to the employer (1 day before it opens): by ${formatDay('2026-02-27')} (in 2 days)`,
    );
    expect(within(comingDeadline).getByText(formatDay('2026-02-27')).tagName).toBe('STRONG');
    expect(screen.getByText('A scrutineer is needed: more than 50 are entitled to vote.')).toBeTruthy();
  });
});
