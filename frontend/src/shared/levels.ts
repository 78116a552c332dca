import i18next from 'i18next';
import type { AssessmentScale, MembershipStatus } from '../api/contacts';
import { translatedLabels } from '../lib/labels';

export const LEVELS = [1, 2, 3, 4, 5] as const;
export type Level = (typeof LEVELS)[number];

const DEFAULT_LABELS = translatedLabels<Level | 'unassessed'>({
  1: () => i18next.t('Leader'),
  2: () => i18next.t('Supporter'),
  3: () => i18next.t('Undecided'),
  4: () => i18next.t('Not interested'),
  5: () => i18next.t('Hostile'),
  unassessed: () => i18next.t('Unassessed'),
});

/**
 * Colours of the assessment levels, dark green (leaders) through yellow
 * (undecided) to red (hostile), each with a text colour that reads at least
 * 4.5:1 on it (WCAG AA).
 */
export const LEVEL_STYLE: Record<Level | 'unassessed', { bg: string; fg: string }> = {
  1: { bg: 'var(--mantine-color-teal-9)', fg: 'var(--mantine-color-white)' },
  2: { bg: 'var(--mantine-color-teal-3)', fg: 'var(--mantine-color-black)' },
  3: { bg: 'var(--mantine-color-yellow-3)', fg: 'var(--mantine-color-black)' },
  4: { bg: 'var(--mantine-color-orange-4)', fg: 'var(--mantine-color-black)' },
  5: { bg: 'var(--mantine-color-red-9)', fg: 'var(--mantine-color-white)' },
  unassessed: { bg: 'var(--mantine-color-gray-3)', fg: 'var(--mantine-color-black)' },
};

export function levelKey(level: number | null): Level | 'unassessed' {
  if (level === null || level < 1 || level > 5) return 'unassessed';
  return level as Level;
}

// The server's own default for each label, in English: a group that has not chosen
// its words reads them in its reader's language. A label the group wrote is its own
// and shown as written.
/* eslint-disable no-restricted-syntax -- the server's stored defaults, compared with, never shown */
const SERVER_DEFAULTS: Record<Level | 'unassessed', string> = {
  1: 'Leader',
  2: 'Supporter',
  3: 'Undecided',
  4: 'Not interested',
  5: 'Hostile',
  unassessed: 'Unassessed',
};
/* eslint-enable no-restricted-syntax */

function groupWords(label: string | undefined, key: Level | 'unassessed'): string {
  return label === undefined || label === SERVER_DEFAULTS[key] ? DEFAULT_LABELS[key] : label;
}

export function levelLabel(scale: AssessmentScale | undefined, level: number | null): string {
  if (level === null) return groupWords(scale?.label_unassessed, 'unassessed');
  if (level < 1 || level > 5) return String(level);
  const key = level as Level;
  return groupWords(scale?.[`label_${key}`], key);
}

/** "2 · Supporter": the number stays visible because labels are per group. */
export function levelText(scale: AssessmentScale | undefined, level: number | null): string {
  return level === null ? levelLabel(scale, null) : `${level} · ${levelLabel(scale, level)}`;
}

export const MEMBERSHIP_LABELS = translatedLabels<MembershipStatus>({
  member: () => i18next.t('Union member'),
  non_member: () => i18next.t('Not a member'),
  lapsed: () => i18next.t('Lapsed member'),
  unknown: () => i18next.t('Membership unknown'),
});

export const CHANNEL_LABELS = translatedLabels({
  in_person: () => i18next.t('In person'),
  phone: () => i18next.t('Phone'),
  message: () => i18next.t('Message'),
  meeting: () => i18next.t('Meeting'),
  other: () => i18next.t('Other'),
});
