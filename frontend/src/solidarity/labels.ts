import type { ActionKind } from '../api/solidarity';

export type { ActionCreate, ActionKind, ActionUpdate, SolidarityAction } from '../api/solidarity';

export const ACTION_KIND_LABELS: Record<ActionKind, string> = {
  picket_visit: 'Picket-line visit',
  donation: 'Donation',
  collection: 'Collection',
  motion_passed: 'Motion passed',
  demonstration: 'Demonstration',
  petition: 'Petition',
  online_action: 'Online action',
  other: 'Other',
};

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

export const ACTION_KINDS = Object.keys(ACTION_KIND_LABELS) as ActionKind[];

export function isActionKind(value: unknown): value is ActionKind {
  return typeof value === 'string' && (ACTION_KINDS as string[]).includes(value);
}
