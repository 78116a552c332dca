import i18next from 'i18next';
import type { NominationStatus, PetitionStatus, TermEnd } from '../../api/offices';
import { translatedLabels } from '../../lib/labels';

export const TERM_END_LABELS = translatedLabels<TermEnd>({
  term_over: () => i18next.t('Term over'),
  replaced: () => i18next.t('Replaced at an election'),
  recalled: () => i18next.t('Recalled'),
  stood_down: () => i18next.t('Stood down'),
});

export const NOMINATION_STATUS_LABELS = translatedLabels<NominationStatus>({
  open: () => i18next.t('Nominated'),
  standing: () => i18next.t('Standing in the election'),
  elected: () => i18next.t('Elected'),
  not_elected: () => i18next.t('Not elected'),
});

export const PETITION_STATUS_LABELS = translatedLabels<PetitionStatus>({
  collecting: () => i18next.t('Collecting signatures'),
  voting: () => i18next.t('Recall vote open'),
  carried: () => i18next.t('Recalled'),
  failed: () => i18next.t('Recall fell'),
  lapsed: () => i18next.t('Lapsed: the holder stood down'),
});

export const PETITION_STATUS_COLORS: Record<PetitionStatus, string> = {
  collecting: 'indigo.9',
  voting: 'teal.9',
  carried: 'red.9',
  failed: 'gray',
  lapsed: 'grape.9',
};
