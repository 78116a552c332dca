import { ALL_STATUSES, type BallotKind, type DemandStatus, type DisputePart, type DisputeStatus, type EventKind } from '../api/disputeTypes';

export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  brewing: 'Brewing',
  formal_dispute: 'Formal dispute',
  balloting: 'Balloting',
  action: 'Action',
  won: 'Settled: won',
  lost: 'Settled: lost',
  settled: 'Settled',
  dropped: 'Dropped',
};

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

export const DEMAND_STATUS_LABELS: Record<DemandStatus, string> = {
  pending: 'Pending',
  won: 'Won',
  lost: 'Lost',
  dropped: 'Dropped',
};

export const DEMAND_STATUS_COLORS: Record<DemandStatus, string> = {
  pending: 'gray',
  won: 'teal',
  lost: 'red',
  dropped: 'gray',
};

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  meeting: 'Meeting',
  grievance: 'Grievance',
  negotiation: 'Negotiation',
  ballot: 'Ballot',
  strike_day: 'Strike day',
  other: 'Other',
};

export const PART_LABELS: Record<DisputePart, string> = {
  rep: 'Rep',
  striker: 'Striker',
  supporter: 'Supporter',
};

export const BALLOT_KIND_LABELS: Record<BallotKind, string> = {
  statutory: 'Statutory ballot',
  indicative: 'Indicative ballot',
};

export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}
