import { describe, expect, it } from 'vitest';
import { ballotErrors, type BallotValues } from './ballot-values';
import { numberOrNull, validateCount, validateMoney } from '../shared/NumberInputs';
import { reorderPlan } from './demands';
import { defaultChoices, resolveMerge, unresolved } from '../shared/merge';
import { startConflict, toCount, withChanges } from '../shared/forms';
import type { Demand } from '../api/disputeTypes';

function demand(id: string, position: number): Demand {
  return {
    id,
    dispute_id: 'd',
    text: `Demand ${id}`,
    status: 'pending',
    position,
    version: 1,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  };
}

describe('reordering demands', () => {
  const demands = [demand('a', 0), demand('b', 1), demand('c', 2)];

  it('renumbers only the demands whose place changes', () => {
    expect(reorderPlan(demands, 2, 1).map(({ demand: d, position }) => [d.id, position])).toEqual([
      ['c', 1],
      ['b', 2],
    ]);
    expect(reorderPlan(demands, 0, 2).map(({ demand: d, position }) => [d.id, position])).toEqual([
      ['b', 0],
      ['c', 1],
      ['a', 2],
    ]);
  });

  it('spreads out demands that share a position', () => {
    const tied = [demand('a', 0), demand('b', 0), demand('c', 0)];
    expect(reorderPlan(tied, 1, 0).map(({ demand: d, position }) => [d.id, position])).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
  });

  it('does nothing for a move off either end', () => {
    expect(reorderPlan(demands, 0, -1)).toEqual([]);
    expect(reorderPlan(demands, 2, 3)).toEqual([]);
    expect(reorderPlan(demands, 1, 1)).toEqual([]);
  });
});

describe('ballot figures are checked as the API checks them', () => {
  const base: BallotValues = {
    kind: 'statutory',
    opens_on: '2026-03-02',
    closes_on: '2026-03-16',
    entitled_to_vote: 1000,
    votes_cast: 520,
    yes_votes: 300,
    no_votes: 210,
    spoilt: 10,
    important_public_service: false,
    employer_agreed_longer_mandate: false,
    employer_agreed_shorter_notice: false,
    notes: '',
  };

  it('accepts figures that add up, and no figures at all', () => {
    expect(ballotErrors(base)).toEqual({});
    expect(
      ballotErrors({ ...base, entitled_to_vote: '', votes_cast: '', yes_votes: '', no_votes: '', spoilt: '' }),
    ).toEqual({});
  });

  it('needs both dates, closing no earlier than opening', () => {
    expect(ballotErrors({ ...base, opens_on: '' }).opens_on).toBe('Choose the day the ballot opens');
    expect(ballotErrors({ ...base, closes_on: '2026-03-01' }).closes_on).toBe(
      'The ballot cannot close before it opens',
    );
  });

  it('puts each mismatch next to the field to fix', () => {
    expect(ballotErrors({ ...base, votes_cast: 1200 }).votes_cast).toBe('More votes cast than people entitled to vote');
    expect(ballotErrors({ ...base, votes_cast: 500 }).votes_cast).toBe('Yes + no + spoilt make 520, not 500');
    expect(ballotErrors({ ...base, spoilt: '', votes_cast: 400 }).votes_cast).toBe(
      'Fewer votes cast than the yes, no and spoilt votes given',
    );
    expect(ballotErrors({ ...base, votes_cast: '', entitled_to_vote: 500 }).entitled_to_vote).toBe(
      'Fewer entitled to vote than the yes, no and spoilt votes given',
    );
    expect(ballotErrors({ ...base, yes_votes: 2.5 }).yes_votes).toBe('Enter a whole number, 0 or more');
    expect(ballotErrors({ ...base, spoilt: -10 }).spoilt).toBe('Enter a whole number, 0 or more');
  });

  it('keeps the result until the ballot has closed, and takes who may vote at any time', () => {
    const march = new Date(2026, 2, 10);
    const errors = ballotErrors(base, march);
    expect(errors.votes_cast).toBe('Enter the result once voting has closed on 16 Mar 2026');
    expect(errors.yes_votes).toBe('Enter the result once voting has closed on 16 Mar 2026');
    expect(errors.entitled_to_vote).toBeUndefined();
    const noResult = { ...base, votes_cast: '', yes_votes: '', no_votes: '', spoilt: '' };
    expect(ballotErrors(noResult, march)).toEqual({});
    expect(ballotErrors(base, new Date(2026, 2, 16))).toEqual({});
  });
});

describe('money and counts as typed', () => {
  it('refuses what the API would refuse, beside the field, and never changes it', () => {
    expect(validateMoney(-50)).toBe('The amount cannot be negative');
    expect(validateMoney('-')).toBe('Enter an amount in pounds');
    expect(validateMoney(0.001)).toBe('Use at most two decimal places');
    expect(validateMoney(1e12)).toBe('That amount is too large');
    expect(validateMoney('')).toBeNull();
    expect(validateMoney('', true)).toBe('Enter an amount');
    expect(validateMoney(6420.5)).toBeNull();
    expect(validateCount(-1)).toBe('Enter a whole number, 0 or more');
    expect(validateCount(1.5)).toBe('Enter a whole number, 0 or more');
    expect(validateCount(12)).toBeNull();
    expect(numberOrNull('')).toBeNull();
    expect(numberOrNull(-50)).toBe(-50);
  });
});

describe('choosing between two versions', () => {
  interface Values {
    title: string;
    summary: string;
    unions: string[];
  }
  const fields = ['title', 'summary', 'unions'] as const;
  const base: Values = { title: 'Rota', summary: '', unions: ['GMB'] };
  const mine: Values = { title: 'Rota', summary: 'Imposed without consultation', unions: ['GMB', 'Unite'] };
  const theirs: Values = { title: 'Imposed rota', summary: '', unions: ['GMB', 'UNISON'] };

  const saved = { version: 4, updated_at: '2026-03-01T10:00:00Z', updated_by: 'user-2' };

  it('keeps my changes and theirs, and asks only where both changed a field', () => {
    const state = startConflict(fields, base, mine, theirs, saved);
    expect(state.diff.map((f) => [f.name, f.status])).toEqual([
      ['title', 'theirs'],
      ['summary', 'mine'],
      ['unions', 'conflict'],
    ]);
    expect(unresolved(state.diff, defaultChoices(state.diff))).toEqual(['unions']);
    expect(state).toMatchObject({ version: 4, updatedAt: saved.updated_at, updatedBy: 'user-2', theirs });
  });

  it('saves the saved record with each field I chose to keep as mine', () => {
    const state = startConflict(fields, base, mine, theirs, saved);
    const keepMine = resolveMerge(state.diff, { ...defaultChoices(state.diff), unions: 'mine' }, state.version);
    expect(keepMine?.version).toBe(4);
    expect(withChanges(state.theirs, keepMine?.changes ?? {})).toEqual({
      title: 'Imposed rota',
      summary: 'Imposed without consultation',
      unions: ['GMB', 'Unite'],
    });
    const keepTheirs = resolveMerge(state.diff, { ...defaultChoices(state.diff), unions: 'theirs' }, state.version);
    expect(withChanges(state.theirs, keepTheirs?.changes ?? {}).unions).toEqual(['GMB', 'UNISON']);
  });

  it('reads whole numbers from inputs, blank as none', () => {
    expect(toCount('')).toBeNull();
    expect(toCount('12')).toBe(12);
    expect(toCount(7)).toBe(7);
    expect(toCount('abc')).toBeNull();
  });
});
