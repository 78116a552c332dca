import type { AssessmentScale, MembershipStatus } from '../api/contacts';

export const LEVELS = [1, 2, 3, 4, 5] as const;
export type Level = (typeof LEVELS)[number];

const DEFAULT_LABELS: Record<Level | 'unassessed', string> = {
  1: 'Leader',
  2: 'Supporter',
  3: 'Undecided',
  4: 'Not interested',
  5: 'Hostile',
  unassessed: 'Unassessed',
};

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

export function levelLabel(scale: AssessmentScale | undefined, level: number | null): string {
  if (level === null) return scale?.label_unassessed ?? DEFAULT_LABELS.unassessed;
  if (level < 1 || level > 5) return String(level);
  const key = level as Level;
  return scale?.[`label_${key}`] ?? DEFAULT_LABELS[key];
}

/** "2 · Supporter": the number stays visible because labels are per group. */
export function levelText(scale: AssessmentScale | undefined, level: number | null): string {
  return level === null ? levelLabel(scale, null) : `${level} · ${levelLabel(scale, level)}`;
}

export const MEMBERSHIP_LABELS: Record<MembershipStatus, string> = {
  member: 'Union member',
  non_member: 'Not a member',
  lapsed: 'Lapsed member',
  unknown: 'Membership unknown',
};

export const CHANNEL_LABELS = {
  in_person: 'In person',
  phone: 'Phone',
  message: 'Message',
  meeting: 'Meeting',
  other: 'Other',
} as const;
