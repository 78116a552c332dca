import i18next from 'i18next';
import type { MotionStatus } from '../../api/meetings';
import { translatedLabels } from '../../lib/labels';

export const MOTION_STATUS_LABELS = translatedLabels<MotionStatus>({
  tabled: () => i18next.t('Tabled'),
  amended: () => i18next.t('Amended'),
  carried: () => i18next.t('Carried'),
  fell: () => i18next.t('Fell'),
  withdrawn: () => i18next.t('Withdrawn'),
  remitted: () => i18next.t('Remitted'),
});

// Filled badges: white text on these shades keeps AA contrast.
export const MOTION_STATUS_COLORS: Record<MotionStatus, string> = {
  tabled: 'gray.8',
  amended: 'violet.9',
  carried: 'teal.9',
  fell: 'red.9',
  withdrawn: 'gray.8',
  remitted: 'grape.9',
};
