import i18next from 'i18next';
import { toCount } from '../shared/forms';
import { validateCount } from '../shared/NumberInputs';
import type { BallotKind } from '../api/disputeTypes';
import { formatCount, formatDay } from '../lib/format';
import { today } from '../lib/days';

export type Count = number | string;

export interface BallotValues {
  kind: BallotKind;
  opens_on: string;
  closes_on: string;
  entitled_to_vote: Count;
  votes_cast: Count;
  yes_votes: Count;
  no_votes: Count;
  spoilt: Count;
  important_public_service: boolean;
  employer_agreed_longer_mandate: boolean;
  employer_agreed_shorter_notice: boolean;
  notes: string;
}

/** The figures that are the result, known only once the ballot has closed. */
export const RESULT_FIGURES = ['votes_cast', 'yes_votes', 'no_votes', 'spoilt'] as const;

function countError(value: Count): string | null {
  return validateCount(value);
}

/** The same checks the API makes, each next to the field to fix. */
export function ballotErrors(
  values: BallotValues,
  now: Date = new Date(),
): Partial<Record<keyof BallotValues, string>> {
  const errors: Partial<Record<keyof BallotValues, string>> = {};
  if (values.opens_on === '') errors.opens_on = i18next.t('Choose the day the ballot opens');
  if (values.closes_on === '') errors.closes_on = i18next.t('Choose the day the ballot closes');
  if (values.opens_on !== '' && values.closes_on !== '' && values.closes_on < values.opens_on) {
    errors.closes_on = i18next.t('The ballot cannot close before it opens');
  }
  for (const field of ['entitled_to_vote', 'votes_cast', 'yes_votes', 'no_votes', 'spoilt'] as const) {
    const error = countError(values[field]);
    if (error) errors[field] = error;
  }
  if (Object.keys(errors).some((key) => key !== 'opens_on' && key !== 'closes_on')) return errors;
  if (values.closes_on !== '' && values.closes_on > today(now)) {
    // A result typed before the ballot closes would read as a verdict before anyone voted.
    for (const field of RESULT_FIGURES) {
      if (toCount(values[field]) !== null) {
        errors[field] = i18next.t('Enter the result once voting has closed on {day}', {
          day: formatDay(values.closes_on),
        });
      }
    }
    if (RESULT_FIGURES.some((field) => errors[field] !== undefined)) return errors;
  }
  const entitled = toCount(values.entitled_to_vote);
  const cast = toCount(values.votes_cast);
  const parts = [toCount(values.yes_votes), toCount(values.no_votes), toCount(values.spoilt)];
  const given = parts.filter((n): n is number => n !== null);
  const sum = given.reduce((a, b) => a + b, 0);
  if (entitled !== null && cast !== null && cast > entitled) {
    errors.votes_cast = i18next.t('More votes cast than people entitled to vote');
  } else if (cast !== null && given.length === 3 && sum !== cast) {
    errors.votes_cast = i18next.t('Yes + no + spoilt make {sum}, not {cast}', {
      sum: formatCount(sum),
      cast: formatCount(cast),
    });
  } else if (cast !== null && sum > cast) {
    errors.votes_cast = i18next.t('Fewer votes cast than the yes, no and spoilt votes given');
  } else if (entitled !== null && sum > entitled) {
    errors.entitled_to_vote = i18next.t('Fewer entitled to vote than the yes, no and spoilt votes given');
  }
  return errors;
}
