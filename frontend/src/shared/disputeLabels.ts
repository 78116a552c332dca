import i18next from 'i18next';
import {
  ALL_STATUSES,
  type BallotKind,
  type DemandStatus,
  type DisputePart,
  type DisputeStatus,
  type EventKind,
  type FundEntryKind,
} from '../api/disputeTypes';
import { translatedLabels } from '../lib/labels';

export const DISPUTE_STATUS_LABELS = translatedLabels<DisputeStatus>({
  brewing: () => i18next.t('Brewing'),
  formal_dispute: () => i18next.t('Formal dispute'),
  balloting: () => i18next.t('Balloting'),
  action: () => i18next.t('Action'),
  won: () => i18next.t('Settled: won'),
  lost: () => i18next.t('Settled: lost'),
  settled: () => i18next.t('Settled'),
  dropped: () => i18next.t('Dropped'),
});

export const DISPUTE_STATUS_COLORS: Record<DisputeStatus, string> = {
  brewing: 'gray',
  formal_dispute: 'blue',
  balloting: 'violet',
  action: 'red',
  won: 'teal',
  lost: 'red',
  settled: 'cyan',
  dropped: 'gray',
};

export { ACTIVE_STATUSES, ALL_STATUSES, CLOSED_STATUSES } from '../api/disputeTypes';

export function isDisputeStatus(value: unknown): value is DisputeStatus {
  return typeof value === 'string' && (ALL_STATUSES as readonly string[]).includes(value);
}

export const DEMAND_STATUS_LABELS = translatedLabels<DemandStatus>({
  pending: () => i18next.t('Pending'),
  won: () => i18next.t('Won'),
  lost: () => i18next.t('Lost'),
  dropped: () => i18next.t('Dropped'),
});

export const DEMAND_STATUS_COLORS: Record<DemandStatus, string> = {
  pending: 'gray',
  won: 'teal',
  lost: 'red',
  dropped: 'gray',
};

export const EVENT_KIND_LABELS = translatedLabels<EventKind>({
  meeting: () => i18next.t('Meeting'),
  grievance: () => i18next.t('Grievance'),
  negotiation: () => i18next.t('Negotiation'),
  ballot: () => i18next.t('Ballot'),
  strike_day: () => i18next.t('Strike day'),
  other: () => i18next.t('Other'),
});

export const PART_LABELS = translatedLabels<DisputePart>({
  rep: () => i18next.t('Rep'),
  striker: () => i18next.t('Striker'),
  supporter: () => i18next.t('Supporter'),
});

export const BALLOT_KIND_LABELS = translatedLabels<BallotKind>({
  statutory: () => i18next.t('Statutory ballot'),
  indicative: () => i18next.t('Indicative ballot'),
});

export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

export const FUND_ENTRY_KIND_LABELS = translatedLabels<FundEntryKind>({
  opening_balance: () => i18next.t('Raised before the ledger'),
  donation: () => i18next.t('Donation'),
  collection: () => i18next.t('Collection'),
  levy: () => i18next.t('Levy'),
  solidarity_collection: () => i18next.t('Solidarity action collection'),
  strike_pay: () => i18next.t('Strike pay'),
  hardship: () => i18next.t('Hardship payment'),
  costs: () => i18next.t('Costs'),
});
