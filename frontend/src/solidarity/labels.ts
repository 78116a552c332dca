import i18next from 'i18next';
import type { ActionKind } from '../api/solidarity';

export type { ActionCreate, ActionKind, ActionUpdate, SolidarityAction } from '../api/solidarity';

export function actionKindLabel(kind: ActionKind): string {
  switch (kind) {
    case 'picket_visit':
      return i18next.t('Picket-line visit');
    case 'donation':
      return i18next.t('Donation');
    case 'collection':
      return i18next.t('Collection');
    case 'motion_passed':
      return i18next.t('Motion passed');
    case 'demonstration':
      return i18next.t('Demonstration');
    case 'petition':
      return i18next.t('Petition');
    case 'online_action':
      return i18next.t('Online action');
    case 'other':
      return i18next.t('Other');
  }
}

export const ACTION_KIND_COLORS: Record<ActionKind, string> = {
  picket_visit: 'red',
  donation: 'teal',
  collection: 'cyan',
  motion_passed: 'blue',
  demonstration: 'grape',
  petition: 'indigo',
  online_action: 'blue',
  other: 'gray',
};

export const ACTION_KINDS = Object.keys(ACTION_KIND_COLORS) as ActionKind[];

export function isActionKind(value: unknown): value is ActionKind {
  return typeof value === 'string' && (ACTION_KINDS as string[]).includes(value);
}
