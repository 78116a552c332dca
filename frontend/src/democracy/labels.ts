import i18next from 'i18next';
import type { Majority, VoteMethod, VoteStatus, VoteSubject } from '../api/democracy';
import { translatedLabels } from '../lib/labels';

export const SUBJECT_LABELS = translatedLabels<VoteSubject>({
  motion: () => i18next.t('Motion'),
  amendment: () => i18next.t('Amendment'),
  question: () => i18next.t('Question'),
  election: () => i18next.t('Election'),
});

export const METHOD_LABELS = translatedLabels<VoteMethod>({
  for_against_abstain: () => i18next.t('For, against or abstain'),
  choose_one: () => i18next.t('Choose one'),
  ranked: () => i18next.t('Ranked choice'),
});

export const MAJORITY_LABELS = translatedLabels<Majority>({
  simple: () => i18next.t('Simple majority'),
  two_thirds: () => i18next.t('Two thirds'),
});

export const STATUS_LABELS = translatedLabels<VoteStatus>({
  draft: () => i18next.t('Not open yet'),
  open: () => i18next.t('Open'),
  closed: () => i18next.t('Closed'),
});

export const STATUS_COLORS: Record<VoteStatus, string> = { draft: 'gray', open: 'teal.9', closed: 'indigo.9' };

const OUTCOME_LABELS = translatedLabels({
  carried: () => i18next.t('Carried'),
  fell: () => i18next.t('Fell'),
  elected: () => i18next.t('Elected'),
  no_quorum: () => i18next.t('Not quorate'),
  no_majority: () => i18next.t('No majority'),
  tied: () => i18next.t('Tied'),
});

export function outcomeLabel(outcome: string): string {
  return (OUTCOME_LABELS as Record<string, string>)[outcome] ?? outcome;
}

const FIXED_OPTIONS = translatedLabels({
  for: () => i18next.t('For'),
  against: () => i18next.t('Against'),
  abstain: () => i18next.t('Abstain'),
});

/** A for/against/abstain vote's options are the app's words; the others are the group's. */
export function optionLabel(method: VoteMethod, option: string): string {
  if (method !== 'for_against_abstain') return option;
  return (FIXED_OPTIONS as Record<string, string>)[option] ?? option;
}
