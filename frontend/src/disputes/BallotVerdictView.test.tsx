import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '../test/render';
import { BallotVerdictView } from './BallotVerdictView';
import type { BallotVerdict } from '../api/disputeTypes';
import { figures, passed2026, turnout } from '../test/ballotVerdicts';
import { formatDay } from '../lib/format';

// The 2026 verdict of the shared fixtures, judged on turnout alone, with a sample paper due a
// day before the ballot opens.
const verdict: BallotVerdict = {
  ...passed2026,
  explanation: 'The ballot passed every threshold.',
  thresholds: [turnout],
  pre_ballot: {
    ballot_notice_days: 7,
    ballot_notice_by: '2026-02-23',
    sample_paper_days: 1,
    sample_paper_by: '2026-02-27',
    scrutineer_required: true,
    scrutineer_if_entitled_over: 50,
  },
};

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
